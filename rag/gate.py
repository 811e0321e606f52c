"""The gate of the rule-based reader: does the best passage answer the question, and if not, why not.

Each check has a name; the first that fails is the reason the answer is "The article does not
say", and the record carries it as `refused_by` ("read:cosine_floor"; rag/read.py, REASONS).
"""

from __future__ import annotations

import re
from collections.abc import Container

from core.lexicon import MONTH, ORDINAL_WORDS, STOPWORDS, TYPE_NOUNS
from core.text import content_stems, stem, words
from rag import thresholds as th
from rag.asked import WH, noun_phrase
from rag.kinds import YEAR_OR_CLOCK
from rag.names import names_new
from rag.question import Question
from rag.rank import Scored, WordMatcher

# A narrow kind of answer found (a language, a weekday, "the name of the X") is itself
# evidence, so it needs less exact word overlap besides (not less by meaning: with
# "the firefighters' radios" that let a night guard's Portuguese through).
_NARROW_KINDS = frozenset({"language", "weekday", "name", "kind", "origin", "home", "height", "depth", "width", "age",
                           "money"})


def refusal(question: Question, best: Scored, paragraph: str, words_close: WordMatcher,
            own: float | None = None) -> str | None:
    """The name of the first check the best passage fails, or None if it answers.

    `own`: a closeness that stands in for its cosine: to the question alone, where it was
    retrieved with more, or of its closest clause.
    """
    kind = question.kind
    narrow = best.typed == 1 and ((kind or "").partition(":")[0] in _NARROW_KINDS or question.clock)
    # "Who is Ann Lee?" is short beside any sentence: one that says what she is answers it.
    described = best.typed == 1 and kind is None
    cosine = best.candidate.cosine
    floor = th.NARROW_CONTEXT_FLOOR if narrow else th.CONTEXT_FLOOR
    close = best.context_coverage >= floor or cosine >= th.CLOSE_COSINE
    text = best.candidate.text
    checks = (
        ("no_kind", lambda: best.typed > 0),
        ("cosine_floor", lambda: max(cosine, own or 0.0) >= th.COSINE_FLOOR or described),
        # word-by-word meaning overlap stands in for exact paragraph coverage ("residents" for "locals")
        ("overlap", lambda: close or words_close.coverage(question.text, paragraph) >= th.WORD_MATCH_COVERAGE),
        ("another_one", lambda: not names_another_one(question, paragraph)),
        ("unnamed", lambda: not leaves_unnamed(question, text)),
    )
    return next((name for name, passes in checks if not passes()), None)


def named_but_absent(question: Question, known: Container[str]) -> str | None:
    """What the question is about, if the documents never use the word: "the government" in
    "What did the government say?", "station" in "Which station processed him?", or a full
    name they never mention.

    `known` holds the stems the documents use.
    """
    for run in question.full_names:
        if not any(stem(w) in known for w in run.split()):
            return run  # "Vladislav Klyushin": a full name the documents never mention
    speaker = question.speaker_named
    if speaker and not re.fullmatch(r"(?:he|she|they|it|we|you|i|him|her|them)", speaker.strip(), re.I):
        absent = [t for t in content_stems(speaker) if t not in known]
        if absent:
            return speaker
    found = question.focus
    phrase = noun_phrase(found.group("np") or found.group("kind") or found.group("noun")) if found else []
    if phrase and phrase[-1] in TYPE_NOUNS:
        return None
    return next((w for w in phrase if not w.endswith(("ed", "ing")) and w not in STOPWORDS and stem(w) not in known),
                None)  # not "other" of "Which other labs ...?": no document has a stopword among its stems


def leaves_unnamed(question: Question, sentence: str) -> bool:
    """ "Which X ...?" where the sentence speaks of the X without saying which: "the opening
    she played" answers no "Which opening did she play?". A new name, an ordinal or a numeral
    next to the X says which ("in the seventh round", "the Rio Chinchao river", "Gate 3")."""
    phrase = question.which_phrase
    head = phrase[-1] if phrase else None
    if not head or head in TYPE_NOUNS:
        return False
    named = {stem(w) for w in phrase}
    for run in re.finditer(r"\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+", sentence):  # "the Toronto Stock Exchange"
        if {stem(w) for w in run.group().split()} & named:
            return False
    tokens = list(re.finditer(r"[\w’'-]+", sentence))
    target = stem(head)
    spots = [i for i, t in enumerate(tokens) if content_stems(t.group())[:1] == [target]]
    if not spots:
        return False  # the sentence may name it another way ("the FDA" for "which regulator")
    if any(tokens[j].group().lower() in _NONE for i in spots for j in range(max(0, i - 2), i)):
        return False  # "no other laboratory has ...": which ones? none
    names = set(names_new(sentence, question))
    marks = {i for i, t in enumerate(tokens) if re.fullmatch(rf"\d[\d.,]*(?:st|nd|rd|th)?|{ORDINAL_WORDS}", t.group(),
                                                             re.I) and not _dated_number(tokens, i)}
    return not any(j in names or j in marks for i in spots for j in range(max(0, i - 3), i + 5))


_NONE = frozenset({"no", "none", "neither", "nor"})


def _dated_number(tokens: list[re.Match[str]], i: int) -> bool:
    """ "on 2 April", "April 2", "in 2019": a date, which says when, not which one."""
    near = [tokens[j].group() for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    return bool(YEAR_OR_CLOCK.match(tokens[i].group())) or any(re.fullmatch(MONTH, w) for w in near)


def names_another_one(question: Question, context: str) -> bool:
    """The question picks out one of a series that the passage's paragraph never names:
    "the third-place finisher" against a paragraph about first and second place."""
    have = {w.lower() for w in words(context)} | {w.lower().split("-")[0] for w in words(context) if "-" in w}
    return bool(question.ordinals - have)


_NOT_KNOWN = (r"(?:unclear|unknown|not known|not clear|uncertain|not yet known"
              r"|(?:has|have|had|did|does|do) not (?:yet )?(?:said|say|disclosed?|revealed?|explained?|specified"
              r"|specify|confirmed?)|(?:declined|refused) to (?:say|disclose|reveal|explain))")
_UNKNOWN = re.compile(  # "Why he left is unclear", "... have not said what it showed", "It was unclear for how long"
    rf"\b(?P<wh>{WH})\b(?P<rest>[^,.;:–—]*?)\s+(?:is|was|remains|remained)\s+(?:still\s+)?{_NOT_KNOWN}\b"
    rf"|\b{_NOT_KNOWN}\s+(?:for\s+|as\s+to\s+)?(?P<wh2>{WH})\b(?P<rest2>[^,.;:–—]*)",
    re.I,
)


def says_it_is_not_known(question: Question, sentence: str) -> bool:
    """The sentence says that what the question asks is not known: "What did it show?" against
    "the organisers have not said what it showed"; "How much longer?" against "It was unclear
    for how long." Only for the question's own question word, and what follows it must share a
    word with the question or be no more than a pronoun."""
    wh = question.wh
    if wh is None:
        return False
    terms = set(question.stems)
    for found in _UNKNOWN.finditer(sentence):
        said = " ".join((found.group("wh") or found.group("wh2")).lower().replace("if", "whether").split())
        rest = content_stems(found.group("rest") or found.group("rest2") or "")
        if said == wh and (not rest or terms & set(rest)):
            return True
    return False
