"""Stage 5, draft: the model writes an answer from the evidence, or the evidence is the answer.

The extractive answer is the cited evidence sentences themselves. A model's draft streams out
as it is written, and is kept only if `accepts` it once its claims are verified (stage 6).
"""

from __future__ import annotations

import re
from collections.abc import Generator
from dataclasses import dataclass

from core.citations import cite, has_marker
from core.errors import BackendUnavailable
from core.lexicon import STOPWORDS
from core.record import Claim
from core.text import content_stems, stem
from rag import thresholds as th
from rag.kinds import holds
from rag.llm import Generator as Model
from rag.prompts import NOT_FOUND
from rag.question import Question
from rag.timing import Timer
from rag.verify import Passage

# "The passage is: ...", "Answer: ...": a preamble small models put before the answer
_PREAMBLE = re.compile(r"^(?:(?:the )?(?:passage|answer|article) (?:is|says)|answer)\s*:\s*", re.I)


@dataclass
class Draft:
    text: str  # the answer to verify: the model's draft if it gave a usable one, else `extractive`
    extractive: str  # the evidence sentences, cited
    notice: str | None = None  # why the model gave none (it failed)


def draft(model: Model | None, question: Question, passages: dict[int, Passage],
          timer: Timer) -> Generator[str, None, Draft]:
    """Streams the model's draft as it is written (if a model may answer), then returns the Draft.

    The tiny embedded models (`strict`) are not asked when the answer needs two passages.
    """
    extractive = " ".join(cite(p.text, n) for n, p in passages.items())
    if model is None or (model.strict and len(passages) > 1):
        return Draft(extractive, extractive)
    written, notice = "", None
    with timer.stage("generate"):
        try:
            for piece in model.stream(question.text, [(n, p.text) for n, p in passages.items()]):
                written += piece
                yield piece
        except BackendUnavailable as exc:
            notice = f"{exc}. Showing the extractive answer instead."
    written = tidy(written)
    if written and NOT_FOUND.lower() not in written.lower():
        return Draft(written, extractive, notice)
    return Draft(extractive, extractive, notice)


def tidy(written: str) -> str:
    """One to three sentences; a draft with no marker cites the first passage."""
    written = " ".join(written.replace("<|im_end|>", "").split())
    written = _PREAMBLE.sub("", written)
    if written and not has_marker(written):
        written = written.rstrip(".") + " [1]."
    return written


def accepts(question: Question, written: str, claims: list[Claim], best: str, strict: bool) -> bool:
    """A model's draft is shown only if every claim is backed by the best passage, it adds
    something the question did not already say, and it holds what the question asks for.

    From a strict (tiny) model it must also not be a copy of the passage, which the
    extractive answer gives verbatim, every word it adds must be in the passage, it must
    keep the passage's words that the question asks with, and its words must come in the
    passage's order: tiny models recombine the right words into a
    wrong statement ("X sailed across the lake to Geneva" from "after trying to
    reach Geneva, X sailed north and crossed the lake").
    """
    if not claims or any(c.status == "unsupported" or c.citations != [1] for c in claims):
        return False
    novel = set(content_stems(written)) - set(question.stems)
    if not novel:
        return False
    if strict:
        grounded = set(content_stems(best))
        if novel - grounded or len(content_stems(written)) >= th.COPY_SHARE * len(content_stems(best)):
            return False
        if not in_passage_order(written, best) or not keeps_what_is_asked(written, best, question):
            return False
    return question.kind is None or holds(question.kind, written, question)


def in_passage_order(written: str, passage: str) -> bool:
    """Whether the draft's content words that the passage has occur in the passage in the same order."""
    positions: dict[str, list[int]] = {}
    for i, term in enumerate(content_stems(passage)):
        positions.setdefault(term, []).append(i)
    last = -1
    for term in content_stems(written):
        if term not in positions:
            continue
        later = [i for i in positions[term] if i > last]
        if not later:
            return False
        last = later[0]
    return True


def keeps_what_is_asked(written: str, passage: str, question: Question) -> bool:
    """Whether the draft keeps the passage's words that the question asks with (its names aside).

    The answer sits next to them: from "After trying twice to reach Geneva, she sailed north",
    "She sailed north" drops the answer to "Where did she try twice to go?".
    """
    kept = set(content_stems(written))
    asked = question.plain_stems & set(content_stems(passage))
    return asked <= kept and set(_object_of_asked(question, passage)) <= kept


def _object_of_asked(question: Question, passage: str) -> list[str]:
    """ "What did he say the firm had suspended?": the stems of what follows "suspended" in the
    passage ("had suspended all high-level trips" -> high, level, trip), which is the answer."""
    verb = question.verb_asked
    if verb is None:
        return []
    tokens = re.findall(r"[\w’'-]+|[,.;:!?]", passage)
    for i, token in enumerate(tokens):
        if stem(token) != verb:
            continue
        found: list[str] = []
        for word in tokens[i + 1:i + 6]:
            if not word[0].isalnum() or (word.lower() in STOPWORDS and found):
                break
            found += content_stems(word)
            if len(found) >= 3:
                break
        return found
    return []
