"""The shapes of a question: what kind of answer it asks for (an age, a time, a count, "the name
of the village" ...), and the patterns the `Question`'s properties read (rag/question.py).

Only the question is read here; whether a sentence holds an answer of that kind is rag/kinds.py.
"""

from __future__ import annotations

import re

from core.lexicon import (
    ACCOUNT_ASKED,
    CLAUSE_WORDS,
    DETERMINERS,
    IRREGULAR_PAST,
    MORE_PAST,
    ORDINAL_WORDS,
    QUESTION_LEAD,
    TITLE,
)

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

# --- the shapes the Question's properties read (rag/question.py) ---
# Deaths and injuries: a count of either is never a count of anything else, nor of the other.
CASUALTIES = (
    re.compile(r"\b(?:die[ds]?|dying|dead|deaths?|kill(?:ed|s|ing)?|fatal(?:ities|ly)?|lives|bodies)\b", re.I),
    re.compile(r"\b(?:injur(?:ed|y|ies|ing)|wounded|hurt)\b", re.I),
)
PER_TIME = r"(?:per|a|an|each|every)\s+(?:second|minute|hour|day|night|week|month|year|decade)\b"
# "What did the council say ...": the speaker of a question about what was said.
SPEAKER_ASKED = re.compile(rf"{QUESTION_LEAD}(?:what|how)\s+(?:did|does|do|has|have|had)\s+(?P<np>.+?)\s+"
                           rf"{ACCOUNT_ASKED}\b",
                           re.I)
ACCORDING_TO = re.compile(r"\baccording to (?P<np>[^?,]+?)\s*\W*$", re.I)
# "Which station ...", "What dose of ...", "What kind of group ...": the thing asked about.
FOCUS_ASKED = re.compile(rf"{QUESTION_LEAD}(?:(?:in|on|at|from|to|near|for|by|with|of|into|over)\s+)?"
                          r"(?:which\s+(?:(?:kind|type|sort|form)s?\s+of\s+)?(?P<np>[^?]+)"
                          r"|what\s+(?:kind|type|sort|form)s?\s+of\s+(?P<kind>[^?]+)"
                          r"|what\s+(?P<noun>[a-z]+)\s+of\b)", re.I)
# "the third round", "the men's third", "the last", "third-place"; not "the ship last passed" nor
# "the firm first told" (adverbs)
ORDINAL = re.compile(rf"\bthe (?:(?:[a-z]+['’]s )?(?P<n>(?!last|final){ORDINAL_WORDS}|\d+(?:st|nd|rd|th))"
                      rf"|(?P<l>last|final))\b|\b(?P<m>{ORDINAL_WORDS}|\d+(?:st|nd|rd|th))-", re.I)
AUX_FIRST = rf"(?i:{QUESTION_LEAD}(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|should))"
YES_NO = re.compile(rf"{AUX_FIRST}\b")
WH = r"(?:what|why|how(?:\s+(?:long|much|many|often|far|old))?|when|where|who|whom|whether|if)"
WH_FIRST = re.compile(rf"{QUESTION_LEAD}(?:(?:in|on|at|for|from|to|by|with)\s+)?(?P<wh>{WH})\b", re.I)
COUNTED = re.compile(r"\bhow many\s+(?:more\s+|fewer\s+|other\s+)?(?P<noun>[a-z][\w-]*)", re.I)
RATE_ASKED = re.compile(rf"\b{PER_TIME}|\b(?:daily|weekly|monthly|yearly|annually|hourly|rate)\b", re.I)
CLOCK_ASKED = re.compile(r"\bwhat time\b(?!\s+of\s+(?:the\s+)?(?:year|month|season|week))", re.I)
ASKS_WHEN = re.compile(rf"{WH_LEAD}when\b", re.I)
TIME_BOUND = re.compile(rf"{QUESTION_LEAD}(?P<prep>since|until|till|before|after)\s+(?:when|what|which)\b", re.I)
# "Why ...?" and the other ways of asking for a cause: "What caused ...?", "What led to ...?",
# "How come ...?", "For what reason ...?", "What was the reason for ...?"
ASKS_WHY = re.compile(rf"{QUESTION_LEAD}(?:why|how\s+come|for\s+what\s+reasons?|what\s+(?:caused|causes|"
                       r"led\s+to|leads\s+to|lay\s+behind|prompted|triggered)"
                       r"|what\s+(?:was|were|is|are)\s+the\s+(?:reasons?|causes?)|what\s+(?:reasons?|causes?))\b", re.I)
# "Does he claim ...", "When does she say she sent it?": the asker wants the account itself.
# "Where did he say that?" asks where it was said.
ASKS_FOR_THE_ACCOUNT = re.compile(r"\b(?:claim|claims|claimed|allege|alleges|alleged|according to|reportedly|"
                                   r"believed?|thought to|supposedly|purportedly)\b"
                                   r"|\b(?:say|says|said|tell|tells|told)\b(?!\s+(?:that|it|so|this)\s*\?)\s+\w", re.I)
SECOND_PART = re.compile(r",?\s+and\s+(?=(?:(?:in|on|at|from|to|for|by|with|since|until)\s+)?"
                          r"(?:what|when|where|who|whom|whose|which|how|why)\b)", re.I)


FULL_NAME = re.compile(r"(?<!^)(?<![.?!] )\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+")  # not the first word


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
