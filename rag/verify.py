"""Claim verification: is each statement of an answer backed by the passages it cites?

A claim is `supported` when its numbers and names occur in the cited passages and its
content words are covered (or it is a close paraphrase by embedding similarity);
`reported` when it is backed but rests on what the passage only attributes to someone; otherwise
`unsupported`.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from core.citations import cited_ids, without_markers
from core.lexicon import ATTRIBUTION_WORDS
from core.record import Claim
from core.text import content_stems, numbers, proper_names
from index.attribution import label_sentence
from index.sentences import split_sentences
from rag.kinds import answer_spans
from rag.premise import Contrast, correction
from rag.question import Question
from rag.thresholds import MIN_COVERAGE, MIN_PARAPHRASE_SIMILARITY

_ATTRIBUTION_WORDS = frozenset(content_stems(ATTRIBUTION_WORDS))


@dataclass
class Passage:
    """A cited sentence with its factuality label and the context used to check names."""

    id: int
    text: str
    context: str  # the paragraph around it
    label: str  # asserted | reported
    speaker: str | None = None
    cue: str | None = None
    caveat: str | None = None
    frame: tuple[tuple[int, int], ...] = ()  # of a reported passage, the spans the article asserts

    def asserted_text(self) -> str:
        """The part of the passage the article states in its own voice."""
        if self.label != "reported":
            return self.text
        return " ".join(self.text[start:end] for start, end in self.frame)


def split_claims(answer: str) -> list[tuple[str, list[int]]]:
    """Sentences of an answer with the citation ids they carry; markers removed from the text."""
    claims = []
    for start, end in split_sentences(answer):
        sentence = answer[start:end]
        ids = cited_ids(sentence)
        text = without_markers(sentence, spaced=True).strip()
        if re.search(r"\w", text):
            claims.append((text, ids))
    return claims


def reported_note(passages: list[Passage]) -> str:
    """One sentence for a reader: who says so, and any caveat the article attaches."""
    source = next((p for p in passages if p.label == "reported"), passages[0])
    if source.speaker and source.speaker[:1].isupper():
        note = f"This is {source.speaker}'s account, as the article reports it; the article does not confirm it."
    elif source.speaker:
        note = f"The article attributes this to {source.speaker}; it does not confirm it."
    else:
        note = f"The article reports this ('{source.cue}'); it does not confirm it." if source.cue else (
            "The article reports this as someone's account; it does not confirm it.")
    if source.caveat:
        note = note[:-1] + f", and it says: \"{source.caveat}\""
    return note


Similarity = Callable[[str, str], float]


def wrong_speaker(text: str, cited: list[Passage]) -> str | None:
    """The speaker a claim names ("The government said ...") if the passages do not make them the source."""
    said = label_sentence(text)
    if said.label != "reported" or not said.speaker or said.speaker.split()[-1].lower() in _PRONOUNS:
        return None
    sources = " ".join(f"{p.asserted_text()} {p.speaker or ''}" for p in cited)
    known = set(content_stems(sources))
    return None if all(t in known for t in content_stems(said.speaker)) else said.speaker


_PRONOUNS = frozenset("he she they we i it".split())
_QUOTED = re.compile(r"[“\"]([^”\"]{3,})[”\"]")


def _plain(text: str) -> str:
    """Lower case, one kind of apostrophe, single spaces: for comparing quotations."""
    return " ".join(text.lower().replace("’", "'").replace("‘", "'").split())


def check_claim(text: str, cited: list[Passage], similarity: Similarity | None = None) -> tuple[bool, str]:
    """Whether `cited` backs `text`, and if not, a reason naming what is missing."""
    if not cited:
        return False, "It cites no passage."
    evidence = " ".join(p.text for p in cited)
    context = " ".join(p.context for p in cited) + " " + " ".join(p.speaker or "" for p in cited)
    misquoted = [q for q in _QUOTED.findall(text) if _plain(q) not in _plain(evidence)]
    if misquoted:
        return False, f"The cited passage does not say \u201c{misquoted[0]}\u201d in those words."
    missing_numbers = numbers(text) - numbers(evidence)
    if missing_numbers:
        return False, f"The cited passage does not give {', '.join(sorted(missing_numbers))}."
    missing_names = proper_names(text) - set(content_stems(context)) - proper_names(context)
    if missing_names:
        return False, "The cited passage does not mention " + ", ".join(sorted(missing_names)) + "."
    speaker = wrong_speaker(text, cited)
    if speaker:
        return False, f"The cited passage does not attribute this to {speaker}."
    terms = [t for t in content_stems(text) if t not in _ATTRIBUTION_WORDS]
    if not terms and not numbers(text):
        return False, "It states nothing the passage could back."
    if not terms:
        return True, ""
    have = set(content_stems(evidence)) | (proper_names(text) & (set(content_stems(context)) | proper_names(context)))
    coverage = sum(t in have for t in terms) / len(terms)
    if coverage >= MIN_COVERAGE:
        return True, ""
    if similarity is not None and max(similarity(text, p.text) for p in cited) >= MIN_PARAPHRASE_SIMILARITY:
        return True, ""
    absent = [w for w in dict.fromkeys(content_stems(text)) if w not in have and w not in _ATTRIBUTION_WORDS]
    return False, "The cited passage does not say this (" + ", ".join(absent[:4]) + ")."


def rests_on_report(text: str, cited: list[Passage], question: Question | None = None) -> bool:
    """Whether a backed claim depends on what a cited passage only reports.

    What the claim adds to the question must all be in the article's own voice: in an
    asserted passage, or in the frame of a reported one ("the 41-year-old" of "the
    41-year-old claims he swam the lake"). A claim that adds nothing the frame holds is reported.
    """
    if not any(p.label == "reported" for p in cited):
        return False
    if any(answered_in_frame(text, p, question) for p in cited):
        return False
    asked = set(question.stems) if question else set()
    adds = [t for t in content_stems(text) if t not in asked and t not in _ATTRIBUTION_WORDS]
    own = set(content_stems(" ".join(p.asserted_text() for p in cited)))
    return not adds or any(t not in own for t in adds)


def answered_in_frame(text: str, passage: Passage, question: Question | None) -> bool:
    """A quoted reported sentence whose answer to the question the article states itself.

    "How old is he?" is answered by "the 41-year-old" in "the 41-year-old claims he swam the lake":
    his age is the article's, the swim his account. Of several candidates, the one
    nearest a word of the question is the answer.
    """
    quoted = " ".join(text.split()) == " ".join(passage.text.split())
    if not question or not question.text or passage.label != "reported" or not quoted:
        return False
    wanted = question.kind
    if wanted is None and question.asks_which_one:
        wanted = "place"  # "Which university ...?": the names the question does not give, as for "where"
    if wanted is None or question.for_the_account:
        return False  # "does he claim ..." asks for the account
    spans = answer_spans(wanted, passage.text, question)
    if not spans:
        return False
    asked = set(question.stems)
    places = (asked - question.names) or asked  # "operations" places the answer better than "Ukraine"
    anchors = [m.start() for m in re.finditer(r"[\w’'-]+", passage.text) if set(content_stems(m.group())) & places]
    if anchors:  # of several, the one next to what the question names: "trained her since she was nine"
        spans = [min(spans, key=lambda span: min(abs(span[0] - at) for at in anchors))]
    holding = [next(((a, b) for a, b in passage.frame if a <= start and end <= b), None) for start, end in spans]
    if None in holding:
        return False
    speaker = (passage.speaker or "").split()[-1:] or [""]
    # The speaker's own clause always has names in it ("X's lawyer in Leeds, Y, told reporters that"):
    # for "who" the answer must come from another part of the frame ("in a video released by Z,").
    return wanted != "person" or not any(speaker[0] and speaker[0] in passage.text[a:b] for a, b in holding)


def verify_claims(answer: str, passages: dict[int, Passage], similarity: Similarity | None = None,
                  question: Question | None = None) -> list[Claim]:
    """One Claim per answer sentence with its status and, where needed, a note."""
    claims = []
    for text, ids in split_claims(answer):
        cited = [passages[i] for i in ids if i in passages]
        backed, reason = check_claim(text, cited, similarity)
        if not backed:  # re-cite: another of the passages given may back it
            for passage in passages.values():
                if passage not in cited and check_claim(text, [passage], similarity)[0]:
                    backed, cited, ids = True, [passage], [passage.id]
                    break
        if not backed:
            claims.append(Claim(text=text, status="unsupported", citations=ids,
                                note="The article does not say this. " + reason))
        elif rests_on_report(text, cited, question):
            claims.append(Claim(text=text, status="reported", citations=ids,
                                note=reported_note([p for p in cited])))
        else:
            claims.append(Claim(text=text, status="supported", citations=ids))
    return claims


Acceptance = Callable[[Question, str, list[Claim], str], bool]  # (question, draft, its claims, best passage)


def verified(question: Question, written: str, extractive: str, passages: dict[int, Passage],
             similarity: Similarity, accepts: Acceptance) -> list[Claim]:
    """Stage 6, verify: the claims of the draft, or of the extractive answer where the draft's
    claims do not pass `accepts` (the draft policy, rag/draft.py)."""
    claims = verify_claims(written, passages, similarity, question)
    if written != extractive and not accepts(question, written, claims, passages[1].text):
        claims = verify_claims(extractive, passages, similarity, question)
    return claims


def corrected(claims: list[Claim], contrast: Contrast | None, first: Passage, premise_only: bool) -> list[Claim]:
    """A false premise is corrected first, in the article's words; a passage cited only to
    correct the premise ("Ann Lee" named, for a role she is not given) answers nothing itself."""
    if premise_only:
        claims = [c for c in claims if c.citations != [1]]
    if contrast is None:
        return claims
    # The correction is the passage's own words, so backed by construction; reported if they
    # sit in what the passage only attributes to someone.
    asserted = first.label != "reported" or any(a <= contrast.start and contrast.end <= b for a, b in first.frame)
    if asserted:
        fix = Claim(text=correction(contrast), status="supported", citations=[first.id])
    else:
        fix = Claim(text=correction(contrast), status="reported", citations=[first.id], note=reported_note([first]))
    return [fix, *claims]
