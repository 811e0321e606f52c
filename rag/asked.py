"""What kind of answer a question asks for: an age, a time, a count, "the name of the village" ...

`answer_kind` reads the question's shape only ("How old ...", "In what year ...", "Who runs
...?"); whether a sentence holds an answer of that kind is rag/kinds.py.
"""

from __future__ import annotations

import re

from core.lexicon import CLAUSE_WORDS, DETERMINERS, IRREGULAR_PAST, MORE_PAST, TITLE

WH_LEAD = r"^\W*(?:(?:and|but|so|then)\s+)?(?:since\s+|until\s+|from\s+)?"
# A noun after "the name of": its first run of lower-case words, "the Alpine village where" -> village.
_NAME_OF = re.compile(r"\bnames? (?:or [a-z]+ )?of\b(?P<rest>[^?]*)", re.I)
_NAME_OWNED = re.compile(r"\b(?P<rest>[a-z][\w-]*)['’]s (?:full |first |last |real )?names?\b")  # "the teacher's name"
_WHO_IS_THE = re.compile(r"^\s*who (?:is|was|are|were) (?P<rest>(?:the|an?|[A-Z][\w-]*['’]s) [^?]*)", re.I)
WHO_IS_NAMED = re.compile(rf"^\W*(?:and\s+)?who\s+(?:is|was)\s+(?:{TITLE}\.?\s+)?(?!{TITLE}\b)"
                          r"(?-i:[A-Z][\w’'.-]*)(?:\s+(?-i:[A-Z][\w’'.-]*))*\W*$", re.I)
_MONEY_ASKED = re.compile(r"\bhow much\b(?!\s+[a-z]+\s+(?:did|does|do|was|is|were|has|have|had|will|would)\b)"
                          # (not "how much time did")
                          r".*\b(?:cost|costs|pay|paid|earn|earned|charge|charged|spend|spent|worth|raise|raised"
                          r"|receive|received|get|got|win|won|take home|took home|award|awarded|make|made)\b"
                          r"|\b(?:salary|price|cost|fee|budget|fine|wage|value|prize money|payout|bonus"
                          r"|compensation)\b", re.I)
# Asked by a phrase, in this order: the first that matches names the kind.
_PHRASED = [
    ("money", _MONEY_ASKED),
    ("year", re.compile(r"\b(?:what|which) year\b", re.I)),
    ("weekday", re.compile(r"\bday of the week\b", re.I)),
    ("language", re.compile(r"\b(?:what|which) languages?\b", re.I)),
]
_KIND_OF = re.compile(r"\b(?:what|which) (?:kind|type|sort|form)s? of (?P<rest>[^?]+)", re.I)
_QUANTITY = re.compile(r"\bhow (?P<kind>many|much|long|far|tall|high|deep|wide|big|large|often)\b"
                       r"|\bwhat (?P<share>percentage|percent|proportion|share|fraction)\b"
                       r"|\bwhat (?P<distance>distance)\b|\bwhat (?:number|amount|sum)\b", re.I)
_HOW = {"long": "duration", "far": "distance", "tall": "height", "high": "height", "deep": "depth", "wide": "width",
        "often": "often"}
_AGE_OR_TIME = [
    ("age", re.compile(r"\bhow old\b|\bage\b|\baged\b", re.I)),
    ("time", re.compile(rf"{WH_LEAD}when\b|\b(?:what|which) (?:years?|dates?|times?|days?|months?)\b", re.I)),
]
# "When"/"where" ask for a time or place only as the question word, not in "what was she told when ..."
_PERSON_OR_PLACE = [
    ("person", re.compile(r"^\s*(?:who|whom|whose)\b|\bwho (?:is|was|are|were|runs|leads|founded)\b", re.I)),
    ("place", re.compile(rf"{WH_LEAD}where\b|\b(?:which|what) (?:country|countries|city|cities|towns?|regions?"
                         r"|villages?|provinces?|places?|states?)\b", re.I)),
]
# "Where does she live?", "In which town does he reside?": where someone lives, after "home in",
# "lives in", "based in", not any place the sentence names.
_HOME_ASKED = re.compile(r"\b(?:lives?|lived|living|resides?|resided|residing|based|(?:his|her|their|its)\s+home)\b",
                         re.I)
_OBJECTS = frozenset("him them us me".split())


def answer_kind(question: str) -> str | None:
    """What kind of thing the question asks for, or None for "what", "why" and "how" questions."""
    for pattern in (_NAME_OF, _NAME_OWNED, _WHO_IS_THE):
        found = pattern.search(question)
        head = head_noun(found.group("rest")) if found else None
        if head:
            return f"name:{head}"
    if WHO_IS_NAMED.match(question):
        return None  # "Who is Ann Lee?" asks what she is, which may name nobody else
    for kind, asks in _PHRASED:
        if asks.search(question):
            return kind
    kind_of = _KIND_OF.search(question)
    head = head_noun(kind_of.group("rest")) if kind_of else None
    if head:
        return f"kind:{head}"
    if re.search(r"\bhow many times\b", question, re.I):
        return "often"
    return _asked_by_word(question)


def _asked_by_word(question: str) -> str | None:
    """The kinds a question word asks for: "how old", "when", "how many", "who", "where"."""
    for kind, asks in _AGE_OR_TIME:
        if asks.search(question):
            return kind
    quantity = _QUANTITY.search(question)
    if quantity:
        if quantity.group("distance"):
            return "distance"
        return _HOW.get((quantity.group("kind") or "").lower(), "share" if quantity.group("share") else "count")
    for kind, asks in _PERSON_OR_PLACE:
        if asks.search(question):
            if kind == "place" and re.search(r"\bfrom(?:\s+originally)?\W*$", question, re.I):
                return "origin"
            return "home" if kind == "place" and _HOME_ASKED.search(question) else kind
    return None


def head_noun(phrase: str) -> str | None:
    """The last word of the first run of lower-case content words: "the Alpine village where" -> village."""
    run = noun_phrase(phrase)
    return run[-1] if run else None


def noun_phrase(phrase: str) -> list[str]:
    """The first run of lower-case content words: "the Alpine border station where" -> border, station."""
    run: list[str] = []
    for word in re.findall(r"[\w’'-]+", phrase):
        if word[0].isupper() or word.lower().endswith(("'s", "’s")) or word.lower() in DETERMINERS | _OBJECTS:
            if len(run) > 1 and _verb_like(run[-1]):
                run.pop()  # "Which Spanish club bought Ann Lee", "which team won the": a verb and its object
            if run:
                break
            continue
        if word.lower() in CLAUSE_WORDS:
            break
        run.append(word.lower())
    return run


def _verb_like(word: str) -> bool:
    """A past tense or a present "-s" form: "bought", "reported", "runs" (a guess without a parser)."""
    return (word in IRREGULAR_PAST or word in MORE_PAST or word.endswith("ed")
            or (word.endswith("s") and not word.endswith("ss")))
