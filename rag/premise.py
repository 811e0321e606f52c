"""False premises: where a question states a value that the evidence gives differently.

"Why is the 17-year-old accused?" against "A 16-year-old swimmer ... has denied
doping", or "Why was she stopped by French customs officers?" against "she was stopped by
Spanish customs officers". Four general shapes are checked, each anchored so that only a
value of the same kind, said of the same thing, counts as a contrast:

- a number before the same word ("17-year-old" / "16-year-old", "two-year lease" / "five-year lease");
- a nationality before the same noun run ("French customs officers" / "Spanish customs officers");
- a month, weekday or year, when the passage gives another and the documents never the asked one;
- the opposite side of the same thing ("below the waterline" / "above the waterline").

A contrast is reported only if the documents never use the question's own value in that
place: "the French customs officers" is no false premise in an article that also has them.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from core.lexicon import CARDINAL_WORDS, MONTH_NAMES, NUMBER_WORDS, SIDES, STOPWORDS, WEEKDAYS, YEAR, both_ways
from core.text import stem

_COUNTS = sorted(CARDINAL_WORDS, key=len, reverse=True)
_NUMBER = r"\d+(?:[.,]\d+)*|" + "|".join(_COUNTS)
_NUMBERED = re.compile(rf"\b(?P<num>{_NUMBER})[- ](?P<head>[a-z]+(?:-[a-z]+)*)\b", re.I)
# Nationality and origin adjectives by their shape: Spanish, Italian, Chinese, Icelandic, Israeli.
_DEMONYM = r"[A-Z][a-z]+(?:an|ese|ish|ic|i)"
_MODIFIED = re.compile(rf"\b(?P<mod>{_DEMONYM})\s+(?P<run>[a-z][\w-]*(?:\s+[a-z][\w-]*){{0,2}})")
_CALENDAR = [  # a month (with its day and year), a weekday, a year
    re.compile(rf"\b(?:\d{{1,2}} )?(?:{'|'.join(MONTH_NAMES)})(?: \d{{1,2}})?(?:,? \d{{4}})?\b"),
    re.compile(rf"\b(?:{'|'.join(WEEKDAYS)})\b"),
    re.compile(rf"\b{YEAR}\b"),
]


# Opposite sides of the same thing: "holed below the waterline" / "above the waterline". Not before/after:
# "before the meeting" may be another event than "after the meeting".
_OPPOSITE = both_ways(SIDES)
_POSITIONED = re.compile(rf"\b(?P<pos>{'|'.join(_OPPOSITE)})\s+(?:of\s+)?(?P<run>(?:the|an?|its|his|her|their)\s+"
                         r"[a-z][\w-]*(?:\s+[a-z][\w-]*){0,2})", re.I)


@dataclass(frozen=True)
class Contrast:
    asked: str  # as the question says it: "17-year-old"
    said: str  # as the passage says it, verbatim: "16-year-old"
    start: int  # offsets of `said` in the passage
    end: int
    unsaid: bool = False  # the documents never say `asked` of `said` (a role: "the club's treasurer")


def _value(number: str) -> str:
    return NUMBER_WORDS.get(number.lower(), number.replace(",", ""))


def _noun_run(run: str) -> str:
    """The leading content words of a run, up to the first stopword or verb-like word."""
    kept = []
    for word in run.split():
        if word.lower() in STOPWORDS or word.lower().endswith("ed"):
            break
        kept.append(word)
    return " ".join(kept)


def premise_contrasts(question: str, passage: str, document: str) -> list[Contrast]:
    """Values the question states that the passage gives differently; `document` is the passage's
    whole document, which must never use the question's value there."""
    found: list[Contrast] = []
    for asked in _NUMBERED.finditer(question):
        head = stem(asked.group("head"))
        thing = re.match(r"\s+([a-z][\w-]*)", question[asked.end():])  # "two-year lease": of a lease
        said_of = rf"\s+{re.escape(thing.group(1))}\b" if thing and thing.group(1) not in STOPWORDS else r"\b"
        same = rf"\b{re.escape(asked.group('num'))}[- ]{re.escape(asked.group('head'))}{said_of}"
        if re.search(same, document, re.I):
            continue
        for said in _NUMBERED.finditer(passage):
            if stem(said.group("head")) == head and _value(said.group("num")) != _value(asked.group("num")):
                found.append(Contrast(asked.group(), said.group(), said.start(), said.end()))
                break
    for asked in _MODIFIED.finditer(question):
        run = _noun_run(asked.group("run"))
        if not run or re.search(rf"\b{asked.group('mod')}\s+{re.escape(run)}\b", document):
            continue
        said = re.search(rf"\b(?P<mod>{_DEMONYM})\s+{re.escape(run)}\b", passage)
        if said and said.group("mod") != asked.group("mod"):
            found.append(Contrast(f"{asked.group('mod')} {run}", said.group(), said.start(), said.end()))
    for asked in _POSITIONED.finditer(question):
        run = _noun_run(asked.group("run").split(None, 1)[1]).split()
        for size in range(len(run), 0, -1):  # "upstream of the dam flood": "the dam" is the thing
            place = rf"\s+(?:of\s+)?(?:the|an?|its|his|her|their)\s+{re.escape(' '.join(run[:size]))}\b"
            said = re.search(rf"\b{_OPPOSITE[asked.group('pos').lower()]}{place}", passage, re.I)
            if said:
                written = re.match(rf"\w+{place}", question[asked.start():], re.I)  # "below the waterline"
                if written and not re.search(rf"\b{asked.group('pos')}{place}", document, re.I):
                    found.append(Contrast(written.group(), said.group(), said.start(), said.end()))
                break
    for pattern, asked_value in absent_dates(question, document):
        said = pattern.search(passage)
        if said:
            found.append(Contrast(asked_value, said.group(), said.start(), said.end()))
    return found + role_contrasts(question, passage, document)


def first_contrast(question: str, passage: str, document: str, roles: bool = True) -> Contrast | None:
    """The first value the question states that the passage gives differently (`roles`: a role
    the documents never give the person counts too)."""
    found = [c for c in premise_contrasts(question, passage, document) if roles or not c.unsaid]
    return found[0] if found else None


def absent_dates(question: str, document: str) -> list[tuple[re.Pattern[str], str]]:
    """The kinds of date (month, weekday, year) the question gives and the document never uses,
    each with the question's value: "Why did the bridge close in May?" in an article without May."""
    absent = []
    for pattern in _CALENDAR:
        asked_values = [m.group() for m in pattern.finditer(question)]
        if asked_values and not any(re.search(rf"\b{_calendar_word(v)}\b", document) for v in asked_values):
            absent.append((pattern, asked_values[0]))
    return absent


def _calendar_word(value: str) -> str:
    """The month, weekday or year of a date phrase: "11 March 2025" -> "March"."""
    word = re.search(rf"{'|'.join(MONTH_NAMES + WEEKDAYS)}|\d{{4}}", value)
    return word.group() if word else value


def correction(contrast: Contrast) -> str:
    if contrast.unsaid:
        return f"The article does not call {contrast.said} “{contrast.asked}”."
    return f"The article says “{contrast.said}”, not “{contrast.asked}”."


# A role the question gives a named person: "Tom Hale, the club's treasurer," or "the club's
# treasurer Tom Hale" (a full name after the role, so "the report Monday" is no role).
_FULL_NAME = r"[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+"
_ROLE_AFTER = re.compile(rf"(?P<name>{_FULL_NAME}),\s+(?P<role>(?:the|an?|(?-i:[A-Z])[\w’'-]*['’]s)\s+"
                         r"(?:[a-z][\w’'-]*\s+){0,2}?(?P<head>[a-z][\w-]+))\s*,")
_ROLE_BEFORE = re.compile(rf"(?P<role>(?:(?:the|[A-Za-z][\w’'-]*['’]s)\s+)+(?:[a-z][\w-]+\s+)?(?P<head>[a-z][\w-]+))"
                          rf"\s+(?P<name>{_FULL_NAME})")

_AUXILIARY = re.compile(r"\b(?:do|does|did|will|would|can|could|should|shall|may|might|must|has|have|had)\s+$", re.I)
_NEXT_VERB = re.compile(r"\s+(?!(?:to|in|on|at|for|from|with|by|of|about|over|after|before|the|a|an|and|or)\b)[a-z]")


def _verb_before_name(question: str, asked: re.Match[str]) -> bool:
    """ "How much did the club pay Tom Hale?": after "did", "the club" is who did it and "pay"
    the verb, unless a verb follows the name ("Why did the club's treasurer Tom Hale resign?")."""
    return bool(_AUXILIARY.search(question[:asked.start()])) and not _NEXT_VERB.match(question[asked.end():])


def role_contrasts(question: str, passage: str, document: str) -> list[Contrast]:
    """Roles the question gives a person that no sentence of the document naming them gives:
    "Why did the club's treasurer Tom Hale resign?" where no sentence names Hale with
    "treasurer". The contrast points at the name in the passage, which must name them."""
    found = []
    for pattern in (_ROLE_AFTER, _ROLE_BEFORE):
        for asked in pattern.finditer(question):
            head, names = stem(asked.group("head")), asked.group("name").split()
            if asked.group("head").lower() in STOPWORDS or _verb_before_name(question, asked):
                continue
            sentences = re.split(r"(?<=[.!?”\"])\s+", document)  # only for a question that gives a role
            naming = [s for s in sentences if re.search(rf"\b{re.escape(names[-1])}\b", s)]
            if not naming or any(head in {stem(w) for w in re.findall(r"[\w’'-]+", s)} for s in naming):
                continue  # a person the documents never name, or a role they do give them
            said = re.search(rf"(?:\b[A-Z][\w’'-]+\s+)*\b{re.escape(names[-1])}\b", passage)
            if said:
                found.append(Contrast(asked.group("role"), said.group(), said.start(), said.end(), unsaid=True))
    return found
