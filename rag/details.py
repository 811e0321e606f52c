"""The specifics a question states (names and numbers), and whether a passage gives them.

A question that gives a year, a number or a name is about that one: "What did the 2021 review
warn?" is not answered by a passage about the 2022 review, nor "How old is Ann Berg?" by one
about Tom Hale. The learned reader reads meaning and misses one changed detail; this check
reads the detail itself.

Names are the question's capitalised runs (core/text.py `name_runs`), numbers its figures and
number words. spaCy's entities were tried in their place and found the same on corpus dev (49
near misses caught against 49, 17 answerable questions lost against 18), at a cost of more
than a second to load in each new process, so the cheaper reading stays.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.lexicon import NUMBER_WORDS, STOPWORDS, TITLE_WORDS
from core.text import name_runs, stem

_WORD = re.compile(r"\d+(?:[.,]\d+)*|[\w’'-]+")  # "1,200" is one word
# Number words too loose to be a detail: "one of the", "the first time", "a second look".
_LOOSE = frozenset({"one", "first", "second", "once"})


@dataclass(frozen=True)
class Detail:
    """One specific the question states, with the forms a passage may give it in (any one will
    do: "Berg" gives "Ann Berg", "1200" gives "1,200", "3" gives "three")."""

    text: str
    forms: frozenset[str]
    number: bool = False  # a number, not a name


def _number(word: str) -> str | None:
    """A number's value as digits ("1,200" -> "1200", "seven" -> "7", "9th" -> "9"), else None."""
    plain = word.lower().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", plain):
        return plain
    if re.fullmatch(r"\d+(?:st|nd|rd|th|s)", plain):  # "9th", "1700s"
        return re.sub(r"\D+$", "", plain)
    return NUMBER_WORDS.get(plain)


def details(question: str) -> list[Detail]:
    """The names and numbers a question states, each with the forms that give it."""
    found = []
    for run in name_runs(question):
        forms = frozenset(stem(w) for w in _WORD.findall(run) if w.lower() not in STOPWORDS | TITLE_WORDS)
        if forms:
            found.append(Detail(run, forms))
    for word in _WORD.findall(question):
        value = _number(word)
        if value is not None and word.lower() not in _LOOSE:
            found.append(Detail(word, frozenset({value}), number=True))
    return found


def given(text: str) -> frozenset[str]:
    """The forms a passage gives: its words' stems and its numbers' values ("second-degree" gives
    "second" and 2 as well)."""
    tokens = _WORD.findall(text)
    tokens += [part for token in tokens if "-" in token for part in token.split("-")]
    return frozenset(stem(w) for w in tokens) | frozenset(v for v in map(_number, tokens) if v is not None)


def lacking(asked: list[Detail] | tuple[Detail, ...], passage: str) -> list[Detail]:
    """The details the question states that the passage does not give, in the question's order."""
    if not asked:
        return []
    have = given(passage)
    return [d for d in asked if not d.forms & have]


def missing(asked: list[Detail] | tuple[Detail, ...], passage: str) -> Detail | None:
    """The first detail the question states that the passage does not give, or None."""
    return next(iter(lacking(asked, passage)), None)
