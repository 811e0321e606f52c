"""Who says what: an answer's statements grouped by whose account they are, when the cited passages give
several (claims an article attributes to different people, or documents telling of the same thing).

The speaker of a `reported` claim is the one the attribution labels give its passage (index/attribution.py:
"Tom Hale", "police", "the 26-year-old"); a `supported` claim is the article's own voice. Each group
carries what the article says about checking that account (its caveat), so a reader sees "he says ...",
"police say ...", "the article says it cannot be verified" side by side. Claims from several documents
are accounts of one thing only where the documents' claims share a word the question does not give:
the leads of two unrelated stories ("What are the main points?") are not two accounts.
"""

from __future__ import annotations

from core.record import Account, AnswerRecord, Citation, Claim
from core.text import content_stems
from index.attribution import is_group

ARTICLE = "the article"  # the speaker of what an article states in its own voice
UNNAMED = "unnamed sources"  # of a claim the article reports without saying whose it is ("reportedly")
_PLURAL = frozenset({"they", "we", "people", "staff", "press", "public"})  # beside the group nouns of attribution


def group_accounts(record: AnswerRecord) -> list[Account]:
    """The record's claims grouped by speaker, in the order they first speak; none unless there are
    several accounts: two speakers or more in one document, one of them not the article, or two
    documents or more telling of the same thing."""
    by_id = {citation.id: citation for citation in record.citations}
    groups: dict[tuple[str, str], Account] = {}
    for claim in record.claims:
        cited = [by_id[n] for n in claim.citations if n in by_id]
        if claim.status == "unsupported" or not cited:
            continue  # nobody's account: the article does not say it
        speaker, caveat, source = _voice(claim, cited)
        key = (speaker.casefold(), source.doc_id if speaker == ARTICLE else "")
        account = groups.setdefault(key, Account(speaker=speaker, caveat=caveat))
        account.claims.append(claim.text)
        account.citations += [n for n in claim.citations if n not in account.citations]
        account.doc_ids += [c.doc_id for c in cited if c.doc_id not in account.doc_ids]
        account.caveat = account.caveat or caveat
    accounts = list(groups.values())
    documents = {doc for account in accounts for doc in account.doc_ids}
    if len(documents) >= 2:
        return accounts if _same_subject(record, by_id) else []
    return accounts if len(accounts) >= 2 and any(a.speaker != ARTICLE for a in accounts) else []


def _same_subject(record: AnswerRecord, by_id: dict[int, Citation]) -> bool:
    """Whether the claims of every cited document share a content word that the question does not give."""
    words: dict[str, set[str]] = {}
    for claim in record.claims:
        for doc_id in {by_id[n].doc_id for n in claim.citations if n in by_id}:
            words.setdefault(doc_id, set()).update(content_stems(claim.text))
    shared = set.intersection(*words.values()) if words else set()
    return bool(shared - set(content_stems(record.question)))


def _voice(claim: Claim, cited: list[Citation]) -> tuple[str, str | None, Citation]:
    """(speaker, caveat, the passage it rests on) of one backed claim."""
    if claim.status == "reported":
        source = next((c for c in cited if c.label == "reported"), cited[0])
        return (source.speaker or UNNAMED), source.caveat, source
    return ARTICLE, None, cited[0]


def says(speaker: str) -> str:
    """"Tom Hale says", "police say", "officials say": the verb that agrees with the speaker."""
    last = speaker.split()[-1] if speaker.split() else speaker
    plural = (last.lower() in _PLURAL or is_group(last)
              or (last.islower() and last.endswith("s") and not last.endswith("ss")))
    return f"{speaker} {'say' if plural else 'says'}"
