"""After the best passage is chosen: a second passage for what it lacks, and the holder of a role.

Both run on a reading whatever made it (postprocessors, in llama-index's terms).
"""

from __future__ import annotations

import re

from llama_index.core.schema import TextNode

from core.lexicon import TYPE_NOUNS
from core.text import content_stems, numbers, stem, words
from rag import thresholds as th
from rag.corpus import Corpus
from rag.premise import role_contrasts
from rag.question import Question
from rag.rank import Scored, WordMatcher, by_place
from rag.read import Reading

_REASON = re.compile(r"\b(?:because|since|as a result|due to|owing to|thanks to|after|following|amid|so that"
                     r"|in order to|reasons?|caused|led to|prompted|blamed|for fear|to avoid|to escape)\b", re.I)
_TYPE_STEMS = frozenset(stem(w) for w in TYPE_NOUNS)


def second_passage(question: Question, best: Scored, ranked: list[Scored], corpus: Corpus,
                   words_close: WordMatcher) -> Scored | None:
    """A second passage only for what the question asks and the first lacks; the names the
    question gives are not that ("How old is Ann Lee?" needs no sentence naming her).
    The sentence that continues the best one is tried first, then the runners-up."""
    following = corpus.next_sentence.get(best.candidate.node.node_id)
    have = set(content_stems(best.candidate.text)) | question.names
    missing = [t for t in question.stems if t not in have]
    continued = _continues(question, best, missing, following, ranked, words_close)
    if continued is None and following is not None and question.why and not _REASON.search(best.candidate.text):
        # "Why was the prize withheld?": "That prize has now been withheld." gives no reason;
        # the sentence after it may ("The federation said it had received a complaint ...").
        continued = by_place(following, ranked)
    if continued is not None:
        return continued
    if best.typed == 1 and question.kind:
        # It holds the kind of answer asked for: a runner-up sharing another word of the question
        # ("landfill" of "When did the Mill Lane landfill close?") would add context, not answer.
        return None
    for other in ranked[1:4]:
        if other.candidate.meta["doc_id"] != best.candidate.meta["doc_id"]:
            continue  # one answer, one article: a second passage from another would mix them
        adds = [t for t in missing if t in set(content_stems(other.candidate.text))]
        if adds and other.typed > 0 and other.score >= best.score - th.RUNNER_UP_MARGIN:  # and it holds what is asked
            return other
    return None


def _continues(question: Question, best: Scored, missing: list[str], following: TextNode | None,
               ranked: list[Scored], words_close: WordMatcher) -> Scored | None:
    """The sentence after the best one, if it gives in meaning what the question asks and
    the best lacks: "He was arrested in 2019." + "Details were never published, although
    neighbours say it was vandalism." for "What crime was he arrested for?" (crime ~
    vandalism).

    Not for a number the best lacks (a premise to correct, not to look for), nor for the
    type word of a kind of answer the best already holds ("date" once it gives one).
    """
    # "old" of "How old ...?" asks for the kind too: an age the best already gives
    asked_kind = _TYPE_STEMS | question.how_words if best.typed == 1 else set()
    unsaid = {t for t in missing if t not in asked_kind and not numbers(t)}
    scored = next((s for s in ranked if s.candidate.node is following), None) if following else None
    if not unsaid or scored is None:
        return None
    asked = " ".join(w for w in words(question.text) if stem(w) in unsaid)
    return scored if words_close.coverage(asked, scored.candidate.text) >= th.FOLLOWING_COVERAGE else None


def with_role_holder(question: Question, reading: Reading, corpus: Corpus) -> Reading:
    """For a question that gives someone a role the article never gives them ("Why was Ann
    Lee, the mayor, in Leeds?"), a passage naming them comes first, to correct it from."""
    if not reading.answerable:
        return reading
    doc = reading.evidence[0].candidate.meta["doc_id"]
    document = corpus.documents.get(doc, "")
    unbound = role_contrasts(question.text, document, document)
    if not unbound or role_contrasts(question.text, reading.evidence[0].candidate.text, document):
        return reading
    name = re.compile(rf"\b{re.escape(unbound[0].said.split()[-1])}\b")
    naming = next((s for s in reading.closest if name.search(s.candidate.text)), None) or next(
        (by_place(n, []) for n in corpus.in_order.get(doc, []) if name.search(n.get_content())), None)
    if naming is None:
        return reading
    return Reading(True, [naming, reading.evidence[0]], reading.closest, premise_only=True)
