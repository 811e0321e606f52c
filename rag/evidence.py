"""Evidence selection: rerank retrieved sentences for a question and decide if it is answerable.

Features are general: dense similarity, how much of the question's (IDF-weighted) content
the sentence and its paragraph cover, and whether the sentence holds the kind of thing
the question asks for (a number, a date, an age, a name, a place).
"""

from __future__ import annotations

import math
import re
import threading
from collections.abc import Callable, Container, KeysView
from dataclasses import dataclass
from typing import TYPE_CHECKING

import numpy as np

from core.text import IRREGULAR_PAST, STOPWORDS, TITLES, content_stems, name_words, proper_names, stem, words

if TYPE_CHECKING:
    from rag.retrieve import Candidate

_MONTHS = r"(?:January|February|March|April|May|June|July|August|September|October|November|December|Jan|Feb|Mar|Apr|Jun|Jul|Aug|Sep|Sept|Oct|Nov|Dec)"
_DAYS = r"(?:Monday|Tuesday|Wednesday|Thursday|Friday|Saturday|Sunday)"
_NUMBER = (r"\d+(?:[.,]\d+)*|\b(?:one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|fifteen|twenty|"
           r"thirty|forty|fifty|hundreds?|thousands?|millions?|billions?|dozens?|several|few|a couple|once|twice|thrice)\b")
_LANGUAGES = (r"(?:English|French|German|Spanish|Portuguese|Italian|Dutch|Russian|Ukrainian|Polish|Czech|Greek|Turkish|"
              r"Arabic|Hebrew|Persian|Farsi|Urdu|Hindi|Bengali|Chinese|Mandarin|Cantonese|Japanese|Korean|Vietnamese|"
              r"Thai|Indonesian|Malay|Swahili|Swedish|Norwegian|Danish|Finnish|Hungarian|Romanian|Serbian|Croatian|"
              r"Slovene|Slovenian|Bulgarian|Latin|Quechua|sign language)")
_YEAR_OR_CLOCK = re.compile(r"^(?:1[89]|20)\d\d$|^\d{1,2}\s*(?:am|pm)$|^\d{1,2}:\d\d$", re.I)
_TIME_UNITS = r"(?:seconds?|minutes?|hours?|days?|nights?|weeks?|months?|years?|decades?|centuries)"
_DISTANCE_UNITS = r"(?:metres?|meters?|kilometres?|kilometers?|km|(?:nautical )?miles?|feet|foot|yards?|m)"
_LENGTH_UNITS = rf"(?:{_TIME_UNITS}|{_DISTANCE_UNITS}|pages?|words?|lines?|chapters?|episodes?)"  # "how long"
# A noun after "the name of": its first run of lower-case words, "the Alpine village where" -> village.
_NAME_OF = re.compile(r"\bnames? (?:or [a-z]+ )?of\b(?P<rest>[^?]*)", re.I)
_NAME_OWNED = re.compile(r"\b(?P<rest>[a-z][\w-]*)['’]s (?:full |first |last |real )?names?\b")  # "the teacher's name"
_QUANTITY = re.compile(r"\bhow (?P<kind>many|much|long|far|tall|high|deep|wide|big|large|often)\b|\bwhat (?P<share>percentage|percent|proportion|share|fraction)\b"
                       r"|\bwhat (?P<distance>distance)\b|\bwhat (?:number|amount|sum)\b", re.I)
_WHO_IS_NAMED = re.compile(r"^\W*(?:and\s+)?who\s+(?:is|was)\s+(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?!(?:Mr|Mrs|Ms|Dr)\b)(?-i:[A-Z][\w’'.-]*)"
                           r"(?:\s+(?-i:[A-Z][\w’'.-]*))*\W*$", re.I)
_WHO_IS_THE = re.compile(r"^\s*who (?:is|was|are|were) (?P<rest>(?:the|an?|[A-Z][\w-]*['’]s) [^?]*)", re.I)
_MONEY_ASKED = re.compile(r"\bhow much\b(?!\s+[a-z]+\s+(?:did|does|do|was|is|were|has|have|had|will|would)\b)"  # not "how much time did"
                          r".*\b(?:cost|costs|pay|paid|earn|earned|charge|charged|spend|spent|worth|raise|raised|receive|"
                          r"received|get|got|win|won|take home|took home|award|awarded|make|made)\b"
                          r"|\b(?:salary|price|cost|fee|budget|fine|wage|value|prize money|payout|bonus|compensation)\b", re.I)
_CURRENCY_WORDS = r"pounds?|dollars?|euros?|roubles?|rubles?|yen|francs?|kron[ae]r?|krone|rupees?|pesos?|cents?|pence"
_CURRENCY = re.compile(rf"[£$€¥₽]|\b(?:{_CURRENCY_WORDS}|[A-Z]{{3}} ?\d)\b|\d\s*(?:million|billion|thousand|bn|m)\b", re.I)
_CALENDAR = re.compile(rf"^(?:{_MONTHS}|{_DAYS})$")
_MONEY_BEFORE = re.compile(r"[£$€¥₽]\s*$|\b[A-Z]{3} ?$")  # "$10,000", "EUR 500": a sum, not a count
_MONEY_AFTER = re.compile(rf"^(?:\s*(?:million|billion|thousand|bn|m))?\s*(?:{_CURRENCY_WORDS}|soles)\b", re.I)
# "When"/"where" ask for a time or place only as the question word, not in "what was she told when ..."
_ORIGIN_WORDS = frozenset("from native born grew raised home hometown hails".split())
# "Where does she live?", "In which town does he reside?": where someone lives, after "home in",
# "lives in", "based in", not any place the sentence names.
_HOME_ASKED = re.compile(r"\b(?:lives?|lived|living|resides?|resided|residing|based|(?:his|her|their|its)\s+home)\b", re.I)
_HOME_WORDS = frozenset("home homes lives live lived living resides reside resident based settled".split())
_LEADING = r"^\W*(?:(?:and|but|so|then)\s+)?(?:since\s+|until\s+|from\s+)?"
_QUESTION_KINDS: list[tuple[str, re.Pattern[str]]] = [
    ("age", re.compile(r"\bhow old\b|\bage\b|\baged\b", re.I)),
    ("time", re.compile(rf"{_LEADING}when\b|\b(?:what|which) (?:years?|dates?|times?|days?|months?)\b", re.I)),
    ("person", re.compile(r"^\s*(?:who|whom|whose)\b|\bwho (?:is|was|are|were|runs|leads|founded)\b", re.I)),
    ("place", re.compile(rf"{_LEADING}where\b|\b(?:which|what) (?:country|countries|city|cities|towns?|regions?|villages?|provinces?|places?|states?)\b", re.I)),
]
_HOLDS = {
    "age": re.compile(r"\b\d+[- ]year[- ]old\b(?!s)|\baged? \d+|\b\d+ years old\b|\bage of \d+"
                      r"|\bat \d{1,2}\b(?!\s*(?:am|pm|[:.]\d|%|per))"  # "became a master at 14"
                      r"|[A-Z][\w’'-]+, \d{1,3},"),  # "Claire Dumont, 41, worked ..."
    "time": re.compile(rf"\b(?:1[89]|20)\d\d\b|\b(?-i:{_MONTHS}|{_DAYS})\b|\b\d{{1,2}}(?:[.:]\d\d)?\s*(?:am|pm)\b|\b\d{{1,2}}:\d\d\b|\bago\b"
                       r"|\b(?:earlier|later|yesterday|today|tonight|morning|evening|night)\b"
                       r"|\b(?:next|last|this|coming|past)\s+(?:week|weekend|month|year|decade|season|spring|summer|autumn|winter)\b"
                       rf"|\bwithin (?:the next |about |around )?(?:{_NUMBER}|a|an) {_TIME_UNITS}\b",
                       re.I),
    "duration": re.compile(rf"(?:{_NUMBER}|\ba|\ban)[- ]{_LENGTH_UNITS}\b(?![- ]olds?\b)"  # "30-year-olds": an age
                           rf"|(?:{_NUMBER})\s+(?:\w+\s+)?{_LENGTH_UNITS}\b(?![- ]olds?\b)"
                           rf"|\bsince (?:(?:he|she|they|I|we) (?:was|were) (?:{_NUMBER})\b|(?:1[89]|20)\d\d\b|(?-i:{_MONTHS})\b)", re.I),
    "distance": re.compile(rf"(?:{_NUMBER})[- ]?{_DISTANCE_UNITS}\b", re.I),
    # "how tall": a length that is a height ("40 metres high", "a 40-metre-tall tower", "a height of 40m")
    "height": re.compile(rf"(?:{_NUMBER})[- ]?{_DISTANCE_UNITS}[- ](?:high|tall|in height)\b"
                         rf"|\b(?:height|altitude) of (?:about |around |some |nearly |almost |over |more than )?(?:{_NUMBER})", re.I),
    "depth": re.compile(rf"(?:{_NUMBER})[- ]?{_DISTANCE_UNITS}[- ](?:deep|in depth|down)\b"
                        rf"|\bdepth of (?:about |around |some |nearly |almost |over |more than )?(?:{_NUMBER})", re.I),
    "width": re.compile(rf"(?:{_NUMBER})[- ]?{_DISTANCE_UNITS}[- ](?:wide|across|in width)\b"
                        rf"|\bwidth of (?:about |around |some |nearly |almost |over |more than )?(?:{_NUMBER})", re.I),
    "often": re.compile(rf"(?:{_NUMBER}) (?:times|occasions)\b|\b(?:times|daily|weekly|monthly|yearly|annually|every|once|twice|always|never|regularly)\b", re.I),
    "share": re.compile(r"%|\bper ?cent\b|\b(?:half|third|quarter|majority|minority)\b", re.I),
    "year": re.compile(r"\b(?:1[5-9]|20)\d\d\b"),
    "weekday": re.compile(rf"\b{_DAYS}\b"),
    "language": re.compile(  # a language as used: "in broken English", "speaks Quechua", "Spanish-speaking"
        rf"\b(?:in|speaks?|spoke|speaking|fluent|broken|native)\s+(?:(?:broken|fluent|halting|basic|perfect|native)\s+)?"
        rf"{_LANGUAGES}\b|\b{_LANGUAGES}(?:-speaking| speakers?| language)\b"),
}


def asks_who_is_named(question: str) -> bool:
    """ "Who is Ann Lee?": asks what a named person is."""
    return bool(_WHO_IS_NAMED.match(question))


def answer_type(question: str) -> str | None:
    """What kind of thing the question asks for, or None for "what", "why" and "how" questions."""
    for pattern in (_NAME_OF, _NAME_OWNED, _WHO_IS_THE):
        found = pattern.search(question)
        head = _head_noun(found.group("rest")) if found else None
        if head:
            return f"name:{head}"
    if _WHO_IS_NAMED.match(question):
        return None  # "Who is Ann Lee?" asks what she is, which may name nobody else
    if _MONEY_ASKED.search(question):
        return "money"
    if re.search(r"\b(?:what|which) year\b", question, re.I):
        return "year"
    if re.search(r"\bday of the week\b", question, re.I):
        return "weekday"
    if re.search(r"\b(?:what|which) languages?\b", question, re.I):
        return "language"
    kind_of = re.search(r"\b(?:what|which) (?:kind|type|sort|form)s? of (?P<rest>[^?]+)", question, re.I)
    head = _head_noun(kind_of.group("rest")) if kind_of else None
    if head:
        return f"kind:{head}"
    if re.search(r"\bhow many times\b", question, re.I):
        return "often"
    for kind, asks in _QUESTION_KINDS[:2]:
        if asks.search(question):
            return kind
    quantity = _QUANTITY.search(question)
    if quantity:
        kind = (quantity.group("kind") or "").lower()
        if quantity.group("distance"):
            return "distance"
        return {"long": "duration", "far": "distance", "tall": "height", "high": "height", "deep": "depth",
                "wide": "width", "often": "often"}.get(
            kind, "share" if quantity.group("share") else "count")
    for kind, asks in _QUESTION_KINDS[2:]:
        if asks.search(question):
            if kind == "place" and re.search(r"\bfrom(?:\s+originally)?\W*$", question, re.I):
                return "origin"
            return "home" if kind == "place" and _HOME_ASKED.search(question) else kind
    return None


def _head_noun(phrase: str) -> str | None:
    """The last word of the first run of lower-case content words: "the Alpine village where" -> village."""
    run = _noun_phrase(phrase)
    return run[-1] if run else None


def _noun_phrase(phrase: str) -> list[str]:
    """The first run of lower-case content words: "the Alpine border station where" -> border, station."""
    run: list[str] = []
    for word in re.findall(r"[\w’'-]+", phrase):
        if word[0].isupper() or word.lower().endswith(("'s", "’s")) or word.lower() in _DETERMINERS | _OBJECTS:
            if len(run) > 1 and _verb_like(run[-1]):
                run.pop()  # "Which Spanish club bought Ann Lee", "which team won the": a verb and its object
            if run:
                break
            continue
        if word.lower() in _CLAUSE_WORDS:
            break
        run.append(word.lower())
    return run


# Irregular past forms besides those stems join to their verb (regular ones end in "-ed"), to
# tell a verb after a noun: these are verbs there, though "found" or "left" may be other words.
_MORE_PAST = frozenset(
    "beat became bent bit bled blew burnt came clung cost crept cut dealt dug fed found flung forbade forgave got "
    "hung hit hurt laid leant left lent let lay lit made put quit read rang said sang sank sat set shone showed shut "
    "slid spun split spread sprang stuck stung swept swam told wove wound".split())
_OBJECTS = frozenset("him them us me".split())


def _verb_like(word: str) -> bool:
    """A past tense or a present "-s" form: "bought", "reported", "runs" (a guess without a parser)."""
    return (word in IRREGULAR_PAST or word in _MORE_PAST or word.endswith("ed")
            or (word.endswith("s") and not word.endswith("ss")))


_DETERMINERS = frozenset("the a an his her their its this that these those my our your".split())
_CLAUSE_WORDS = frozenset("who whom whose which that where when what why how in on at to for from with by of and or "
                          "did does do was were is are has have had he she it they we you i".split())


def holds_answer(wanted: str, sentence: str, question: str) -> bool:
    """The sentence holds a thing of the asked kind that the question does not already give."""
    asked = question.lower()
    if wanted.startswith("name:"):
        return _names_near(wanted.removeprefix("name:"), sentence, asked)
    if wanted.startswith("kind:"):  # "what kind of organisation": the sentence must name one
        head = content_stems(wanted.removeprefix("kind:"))[:1]
        return bool(head) and head[0] in content_stems(sentence)
    if wanted in {"person", "place"}:
        return bool(_new_names(sentence, question))
    return bool(answer_spans(wanted, sentence, question))


def answer_spans(wanted: str, sentence: str, question: str) -> list[tuple[int, int]]:
    """Where the sentence gives a quantity or time of the asked kind: (start, end) offsets.

    For a person or place, the names the question does not give; for "the name of X", the
    names next to X.
    """
    asked = question.lower()
    if wanted.startswith("name:"):
        return _name_spans_near(wanted.removeprefix("name:"), sentence, asked)
    if wanted in {"person", "place", "origin", "home"}:
        tokens = list(re.finditer(r"[\w’'-]+", sentence))
        names = _new_names(sentence, question)
        if wanted == "origin":  # "Which city is she from?": a place after "from", "born in", "home in"
            names = [j for j in names if any(_says_origin(tokens, i) for i in range(max(0, j - 8), j))]
        if wanted == "home":  # "Where does she live?": a place after "home in", "lives in", "based in"
            names = [j for j in names if any(tokens[i].group().lower() in _HOME_WORDS for i in range(max(0, j - 4), j))]
        return [tokens[j].span() for j in names]
    if wanted == "money":
        return [m.span() for m in _CURRENCY.finditer(sentence)]
    if wanted == "count":
        if any(kind.search(question) and not kind.search(sentence) for kind in _CASUALTIES):
            return []  # "How many died?" is not answered by "tested on 1,240 patients" or "40 were hurt"
        rate_asked = _RATE_ASKED.search(question)
        counted = re.search(r"\bhow many\b", question, re.I)  # things, not a sum ("How big was the prize?")
        time_asked = (not counted  # "How much notice?": "20 minutes"
                      or re.search(rf"\bhow many\s+(?:more\s+|fewer\s+)?{_TIME_UNITS}", question, re.I))
        unit = _COUNTED.search(question)
        unit = _MEASURE.fullmatch(unit.group("noun")) if unit else None  # "How many litres ...?"
        return [m.span() for m in re.finditer(_NUMBER, sentence, re.I)
                if not _YEAR_OR_CLOCK.match(m.group()) and m.group().lower() not in asked
                and not (_NAMED_BEFORE.search(sentence[:m.start()]) and sentence[m.end():].startswith(","))  # "Ann Lee, 72,"
                and not (unit and not _in_unit(sentence[m.end():], unit.group("unit")))
                and not re.match(r"\s*(?:%|per ?cent|am\b|pm\b|:\d)", sentence[m.end():], re.I)
                and (rate_asked or not _RATE.match(sentence[m.end():]))
                and (time_asked or not _SPAN_OF_TIME.match(sentence[m.end():]))
                and not _counts_others(sentence[m.end():], question)
                and not (counted and (_MONEY_BEFORE.search(sentence[:m.start()]) or _MONEY_AFTER.match(sentence[m.end():])))
                and not (counted and _measured(sentence[m.end():], asked))]
    if wanted in _HOLDS:
        spans = [m.span() for m in _HOLDS[wanted].finditer(sentence) if m.group().lower() not in asked]
        if wanted == "height":  # "How high is the summit?": "the 2,140-metre summit", "a 40-metre tower"
            spans += [m.span(1) for m in _SIZED.finditer(sentence) if set(content_stems(m.group("noun"))) & set(content_stems(question))]
        if wanted == "age":  # "How old is Tom Hale?" is not answered by "19-year-old Ann Lee"
            spans = [(a, b) for a, b in spans if not _age_of_another(sentence, a, b, question)]
        if wanted == "time" and _ASKS_WHEN.match(question):  # "When ...?" may be answered by a clause
            spans += [m.span() for m in _TIME_CLAUSE.finditer(sentence)]
        if wanted == "time" and _DATES_ASKED.search(question):  # "Over which dates ...?": more than one day
            days = [m.span() for m in re.finditer(rf"\b{_DAY_OF_MONTH}\b", sentence) if not m.group().isdigit()]
            spans = [m.span() for m in _DATE_RANGE.finditer(sentence)] or (days if len(days) > 1 else [])
        if wanted == "time" and _CLOCK_ASKED.search(question):  # "At what time ...?": a time of day, not a date
            spans = [(a, b) for a, b in spans if _CLOCK.fullmatch(sentence[a:b])]
        bound = _TIME_BOUND.match(question) if wanted == "time" else None
        if bound:  # "Until what date ...?": a time after "until", not any date the sentence gives
            prep = re.compile(rf"\b{bound.group('prep')}\s+(?:[\w’'-]+\s+){{0,4}}$", re.I)
            spans = [(a, b) for a, b in spans if prep.search(sentence[:a])]
        return spans
    return []


_DATES_ASKED = re.compile(r"\b(?:which|what) dates\b", re.I)
_DAY_OF_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+(?-i:{_MONTHS}))?"
_DATE_RANGE = re.compile(rf"\b(?:from|between)\s+{_DAY_OF_MONTH}\s+(?:to|until|till|and)\s+{_DAY_OF_MONTH}"
                         rf"|\b{_DAY_OF_MONTH}\s*[-–]\s*{_DAY_OF_MONTH}", re.I)
_SIZED = re.compile(rf"\b((?:{_NUMBER})-(?:metres?|meters?|foot|feet|ft|m))\s+(?P<noun>[\w’'-]+(?:\s+[\w’'-]+)?)", re.I)


def asks_clock_time(question: str) -> bool:
    """ "At what time ...?": a time of day, a narrow kind of answer."""
    return bool(_CLOCK_ASKED.search(question))


def _age_of_another(sentence: str, start: int, end: int, question: str) -> bool:
    """The age at sentence[start:end] is given for a person the question does not name: "Ann
    Lee, 52," or "the 19-year-old striker Ann Lee" where the question asks about Tom Hale. False
    when the question names nobody ("How old is he?") or the age names nobody."""
    asked = {w for w in name_words(question) if w not in TITLES}
    if not asked:
        return False
    owner = (re.match(r"(?P<name>[A-Z][\w’'-]+), \d", sentence[start:end])  # "Ann Lee, 52,"
             or re.search(r"(?P<name>[A-Z][\w’'-]+),\s+(?:an?|the)\s+$", sentence[:start]))  # "Ann Lee, a 52-year-old"
    if owner is None:  # "19-year-old academy graduate Ann Lee": the name that follows, in the same phrase
        owner = re.match(r"(?P<words>(?:\s+[a-z][\w’'-]*){0,3})\s+(?P<name>[A-Z][\w’'-]+)", sentence[end:])
        if owner and set(owner.group("words").split()) & _CLAUSE_WORDS:
            owner = None  # "a 52-year-old from Leeds": a place, not whose age
    return owner is not None and owner.group("name") not in asked


# A number per unit of time is a rate, not a count: "12 new members a month" does not say how
# many there are in all, unless the question asks for a rate ("How many per week?").
_PER_TIME = r"(?:per|a|an|each|every)\s+(?:second|minute|hour|day|night|week|month|year|decade)\b"
_RATE = re.compile(rf"^[\s–-]*(?:(?!(?:who|which|that|was|were|is|are|had|has|have)\b)[\w’'-]+\s+){{0,3}}?{_PER_TIME}",
                   re.I)  # not "11 hikers who spent a night"
# "eight weeks", "a 41-year-old": a stretch of time or an age, a count only of time units.
_SPAN_OF_TIME = re.compile(rf"^[\s-]*(?:[a-z]+\s+)?{_TIME_UNITS}\b", re.I)
_MEASURE = re.compile(rf"^[\s-]*(?P<unit>{_DISTANCE_UNITS}|kg|kilos?|kilograms?|tonnes?|tons?|litres?|liters?|"
                      r"gallons?|hectares?|acres?|degrees?)\b", re.I)


def _measured(after: str, asked: str) -> bool:
    """ "86 miles of road", "40 tonnes": a measure, which counts no people or things, unless the
    question asks in that unit ("How many miles ...?")."""
    unit = _MEASURE.match(after)
    return bool(unit) and stem(unit.group("unit")) not in {stem(w) for w in words(asked)}


def _in_unit(after: str, unit: str) -> bool:
    """ "1,200 litres" for "How many litres ...?"; a number in another unit, or of things, is not."""
    found = _MEASURE.match(after)
    return bool(found) and stem(found.group("unit")) == stem(unit)


_NAMED_BEFORE = re.compile(r"\b[A-Z][\w’'-]+,\s*$")  # "Ann Lee, 72, said": her age, not a count
_RATE_ASKED = re.compile(rf"\b{_PER_TIME}|\b(?:daily|weekly|monthly|yearly|annually|hourly|rate)\b", re.I)


_PARTITIVE = re.compile(r"^\s+of\s+(?:the|his|her|their|its|these|those|our|my)\s+((?:[\w’'-]+\s+){0,2}[\w’'-]+)", re.I)


def _counts_others(after: str, question: str) -> bool:
    """ "two of the three bridges" counts some of the bridges: it answers "How many of the
    bridges?" or "How many bridges?", not a question about anything else."""
    found = _PARTITIVE.match(after)
    return bool(found) and not set(content_stems(found.group(1))) & set(content_stems(question))


# Deaths and injuries: a count of either is never a count of anything else, nor of the other.
_CASUALTIES = [
    re.compile(r"\b(?:die[ds]?|dying|dead|deaths?|kill(?:ed|s|ing)?|fatal(?:ities|ly)?|lives|bodies)\b", re.I),
    re.compile(r"\b(?:injur(?:ed|y|ies|ing)|wounded|hurt)\b", re.I),
]


# A clause that places an event in time: "only after the water had reached the square". It
# answers "When did they get it?", not "At what time ...?" or "On which date ...?".
_TIME_CLAUSE = re.compile(r"\b(?:after|before|until|once|as soon as)\s+(?:the|an?|his|her|their|its|he|she|they|it|we)\s+"
                          r"(?:[\w’'-]+\s+){0,3}?(?:had|has|was|were|is|are|did|[a-z]+ed)\b", re.I)
_CLOCK_ASKED = re.compile(r"\bwhat time\b(?!\s+of\s+(?:the\s+)?(?:year|month|season|week))", re.I)
_CLOCK = re.compile(r"\d{1,2}(?:[.:]\d\d)?\s*(?:am|pm)|\d{1,2}:\d\d|midnight|noon|midday|dawn|dusk|morning|evening|"
                    r"night|tonight|afternoon", re.I)
_ASKS_WHEN = re.compile(rf"{_LEADING}when\b", re.I)
_TIME_BOUND = re.compile(r"^\W*(?:(?:and|but|so)\s+)?(?P<prep>since|until|till|before|after)\s+(?:when|what|which)\b", re.I)


def _says_origin(tokens: list[re.Match[str]], i: int) -> bool:
    """Token i introduces where someone is from: "born", "native", "from" but not after a verb of
    leaving ("escaped from the prison", "fled from the city" say where they left, not their home)."""
    word = tokens[i].group().lower()
    if word not in _ORIGIN_WORDS:
        return False
    before = tokens[i - 1].group().lower() if i > 0 else ""
    return word != "from" or before not in _LEAVING


_LEAVING = frozenset("deserted desert deserting escaped escape escaping fled flee fleeing defected defect withdrew "
                     "withdrawn retreated departed returned return returning ran run away back out".split())


def _new_names(sentence: str, question: str) -> list[int]:
    """Token positions of capitalised words that name something the question does not.

    Not the first word, a month or a weekday, nor the other half of a name the question
    gives ("Anika" of "Anika Roth" when the question says "Roth").
    """
    tokens = re.findall(r"[\w’'-]+", sentence)
    asked = {w.lower() for w in re.findall(r"[\w’'-]+", question)}
    asked_names = {w for w in re.findall(r"[\w’'-]+", question) if w[0].isupper()}  # not "university" of "Leeds University"

    def named(j: int) -> bool:
        return 0 <= j < len(tokens) and tokens[j][0].isupper() and j > 0

    return [
        j for j in range(1, len(tokens))
        if named(j) and tokens[j].lower() not in asked and not _CALENDAR.match(tokens[j])
        and not any(named(k) and tokens[k] in asked_names for k in (j - 1, j + 1))
    ]


def _name_near_asked(sentence: str, question: str, window: int = 8) -> bool:
    """A new name within `window` words of a word the question asks with ("arrested by Leeds
    police officers" for "Who arrested her?"), or the sentence has none of those words."""
    tokens = re.findall(r"[\w’'-]+", sentence)
    asked = set(content_stems(question)) - proper_names(question)
    spots = [i for i, t in enumerate(tokens) if set(content_stems(t)) & asked]
    if not spots:
        return False
    return any(abs(i - j) <= window for i in spots for j in _new_names(sentence, question))


def _agent_of_asked(sentence: str, question: str) -> bool:
    """The sentence gives, unnamed, who did what the question asks ("the dam is run by a private
    operator" for "Who runs the dam?") or, for "Who ... to?", whom it went to: a word the
    question asks with, then "by a ..." or "to ..."."""
    asked = set(content_stems(question)) - proper_names(question)
    # "Who did she send it to?" asks for whom it went to: "leaked documents to regulators"
    # (after "to", a determiner, a name or a plural noun: "to regulators", not "to stay")
    to = re.search(r"\bto\W*$|^\W*to\s+whom\b", question, re.I)
    whom = (r"to\s+(?:(?:an?|the|its|their|his|her)\s+[a-z]|[A-Z]|[a-z]+s\b)" if to
            else r"by\s+(?:an?|the|its|their|his|her)\s+[a-z]")
    for agent in re.finditer(rf"\b((?:[\w’'-]+\s+)?[\w’'-]+)\s+{whom}", sentence):
        if set(content_stems(agent.group(1))) & asked:  # "is run by a", "was quickly run by the"
            return True
    return False


def _names_near(head: str, sentence: str, asked: str, before: int = 2, after: int = 4) -> bool:
    """A name the question does not give, next to the thing it names: "the village of X", "X village"."""
    return bool(_name_spans_near(head, sentence, asked, before, after))


_PLACE_PREPOSITIONS = frozenset("from in at to near into across outside inside".split())


def _name_spans_near(head: str, sentence: str, asked: str, before: int = 2, after: int = 4) -> list[tuple[int, int]]:
    """Offsets of the names next to `head` that the question does not give."""
    tokens = list(re.finditer(r"[\w’'-]+", sentence))
    target = content_stems(head)[:1]
    spots = [i for i, token in enumerate(tokens) if target and content_stems(token.group())[:1] == target]
    names = set(_new_names(sentence, asked))

    def placed(j: int) -> bool:  # "a teacher from Leeds", "a unit from the Baltic states": where, not a name
        while j - 1 in names and not sentence[tokens[j - 1].end():tokens[j].start()].strip():  # "New York"
            j -= 1
        if j > 1 and tokens[j - 1].group().lower() == "the":
            j -= 1
        return j > 0 and tokens[j - 1].group().lower() in _PLACE_PREPOSITIONS

    near = sorted({j for i in spots for j in range(max(0, i - before), min(len(tokens), i + after + 1))
                   if j in names and not placed(j)})
    if near:
        return [tokens[j].span() for j in near]
    appositive = re.finditer(rf"([A-Z][\w’'-]+),\s+(?:the|an?|his|her|their|its|[\w’'-]+['’]s)\s+"
                             rf"(?:[\w’'-]+\s+){{0,2}}{re.escape(head)}", sentence)
    return [m.span(1) for m in appositive if m.group(1).lower() not in asked]  # "Tom Hale, the club's treasurer"


# "What did the council say ...": the speaker of a question about what was said.
_SPEAKER_ASKED = re.compile(r"^\W*(?:(?:and|but|so)\s+)?(?:what|how)\s+(?:did|does|do|has|have|had)\s+(?P<np>.+?)\s+"
                            r"(?:say|said|claim|tell|told|state|announce|report|write|argue|think|believe|describe)\b",
                            re.I)
# "Which station ...", "What dose of ...", "What kind of group ...": the thing asked about.
_FOCUS_ASKED = re.compile(r"^\W*(?:(?:and|but|so)\s+)?(?:(?:in|on|at|from|to|near|for|by|with|of|into|over)\s+)?"
                          r"(?:which\s+(?:(?:kind|type|sort|form)s?\s+of\s+)?(?P<np>[^?]+)"
                          r"|what\s+(?:kind|type|sort|form)s?\s+of\s+(?P<kind>[^?]+)"
                          r"|what\s+(?P<noun>[a-z]+)\s+of\b)", re.I)
TYPE_NOUNS = frozenset(  # words that name the kind of answer asked for ("which year"), not a thing to find
    "year years date dates time times day days month months hour age country countries city cities town towns "
    "place places region province village state number amount percentage proportion share name names "
    "is was are were did does do has have had happened happens".split()
)


def asks_which_one(question: str) -> bool:
    """ "Which university ...?", "At which hospital ...?": asks for something the answer names."""
    found = _FOCUS_ASKED.search(question)
    return bool(found and found.group("np"))


def names_an_entity(sentence: str, question: str) -> bool:
    """The sentence names something of several capitalised words that the question does not:
    "the US Food and Drug Administration", not "French" or "Friday"."""
    return any(
        not set(content_stems(m.group())) & set(content_stems(question)) and len(content_stems(m.group())) >= 2
        for m in re.finditer(r"(?<!^)\b[A-Z][\w’'-]+(?:\s+(?:of|and|for|the|de)?\s*[A-Z][\w’'-]+)+", sentence)
    )


def named_but_absent(question: str, known: Container[str]) -> str | None:
    """What the question is about, if the documents never use the word: "the government" in
    "What did the government say?", "station" in "Which station processed him?", or a full
    name they never mention.

    `known` holds the stems the documents use.
    """
    for run in re.finditer(r"(?<!^)(?<![.?!] )\b[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)+", question):
        if not any(stem(w) in known for w in run.group().split()):
            return run.group()  # "Vladislav Klyushin": a full name the documents never mention
    found = _SPEAKER_ASKED.search(question)
    speaker = found.group("np") if found else ""
    if speaker and not re.fullmatch(r"(?:he|she|they|it|we|you|i|him|her|them)", speaker.strip(), re.I):
        absent = [t for t in content_stems(speaker) if t not in known]
        if absent:
            return speaker
    found = _FOCUS_ASKED.search(question)
    phrase = _noun_phrase(found.group("np") or found.group("kind") or found.group("noun")) if found else []
    if phrase and phrase[-1] in TYPE_NOUNS:
        return None
    return next((w for w in phrase if not w.endswith(("ed", "ing")) and w not in STOPWORDS and stem(w) not in known),
                None)  # not "other" of "Which other labs ...?": no document has a stopword among its stems


_ACCORDING_TO = re.compile(r"\baccording to (?P<np>[^?,]+?)\s*\W*$", re.I)
_ACCOUNT_BONUS = 0.15


def speaker_asked(question: str) -> set[str] | None:
    """Whose account the question asks for: stems of the speaker ("What did the coach say ...?",
    "..., according to her lawyer?"), an empty set for a pronoun, None if it asks for no account."""
    found = _SPEAKER_ASKED.search(question) or _ACCORDING_TO.search(question)
    if not found:
        return None
    # "Ann Lee's lawyer" asks for the lawyer's account, not hers: what follows the last owner
    speaker = re.split(r"[\w-]+['’]s?\s", found.group("np"))[-1]
    return set(content_stems(speaker))


def _said_by(meta: dict, speaker: set[str]) -> bool:
    """The sentence reports what that speaker says (any speaker, for a pronoun)."""
    if meta.get("label") != "reported":
        return False
    return not speaker or bool(speaker & set(content_stems(meta.get("speaker") or "")))


_ORDINAL_WORDS = r"(?:first|second|third|fourth|fifth|sixth|seventh|eighth|ninth|tenth|last|final)"
# "the third round", "the men's third", "the last", "third-place"; not "the ship last passed" nor "the firm
# first told" (adverbs)
_ORDINAL = re.compile(rf"\bthe (?:(?:[a-z]+['’]s )?(?P<n>(?!last|final){_ORDINAL_WORDS}|\d+(?:st|nd|rd|th))|(?P<l>last|final))\b"
                      rf"|\b(?P<m>{_ORDINAL_WORDS}|\d+(?:st|nd|rd|th))-", re.I)


def leaves_unnamed(question: str, sentence: str) -> bool:
    """ "Which X ...?" where the sentence speaks of the X without saying which: "the opening
    she played" answers no "Which opening did she play?". A new name, an ordinal or a numeral
    next to the X says which ("in the seventh round", "the Rio Chinchao river", "Gate 3")."""
    found = _FOCUS_ASKED.search(question)
    phrase = _noun_phrase(found.group("np")) if found and found.group("np") else []
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
    names = set(_new_names(sentence, question))
    marks = {i for i, t in enumerate(tokens) if re.fullmatch(rf"\d[\d.,]*(?:st|nd|rd|th)?|{_ORDINAL_WORDS}", t.group(), re.I)
             and not _dated_number(tokens, i)}
    return not any(j in names or j in marks for i in spots for j in range(max(0, i - 3), i + 5))


_NONE = frozenset({"no", "none", "neither", "nor"})


def _dated_number(tokens: list[re.Match[str]], i: int) -> bool:
    """ "on 2 April", "April 2", "in 2019": a date, which says when, not which one."""
    near = [tokens[j].group() for j in (i - 1, i + 1) if 0 <= j < len(tokens)]
    return bool(_YEAR_OR_CLOCK.match(tokens[i].group())) or any(re.fullmatch(_MONTHS, w) for w in near)


def names_another_one(question: str, context: str) -> bool:
    """The question picks out one of a series that the passage's paragraph never names:
    "the third-place finisher" against a paragraph about first and second place."""
    asked = {(m.group("n") or m.group("l") or m.group("m")).lower() for m in _ORDINAL.finditer(question)}
    have = {w.lower() for w in words(context)} | {w.lower().split("-")[0] for w in words(context) if "-" in w}
    return bool(asked - have)


_AUX_FIRST = r"^\W*(?i:(?:(?:and|but|so)\s+)?(?:is|are|was|were|did|does|do|has|have|had|will|would|can|could|should))"
_YES_NO = re.compile(rf"{_AUX_FIRST}\b")


def asks_about_an_absent_event(question: str, passage: str) -> bool:
    """A yes/no question whose event ("approved", "charged", "receiving") the passage never names.

    "Was the application approved?" is not answered by a passage that says it is pending.
    """
    if not _YES_NO.search(question):
        return False
    events = [w for w in words(question) if len(w) > 4 and w[0].islower() and w.lower().endswith(("ed", "ing"))]
    have = set(content_stems(passage))
    return any(term not in have for term in content_stems(" ".join(events)))


_YES_NO_SUBJECT = re.compile(rf"{_AUX_FIRST}\s+(?P<name>[A-Z][\w’'-]+(?:\s+[A-Z][\w’'-]+)*)")
_PERSONAL = re.compile(r"\b(?:he|she|they|him|her|them|his|hers|their)\b", re.I)


def asks_about_someone_absent(question: str, passage: str) -> bool:
    """A yes/no question about a named subject ("Did Ann Lee fight at X?") that the passage
    neither names nor refers to with a pronoun."""
    found = _YES_NO_SUBJECT.search(question)
    if not found:
        return False
    named = set(content_stems(found.group("name")))
    return not named & set(content_stems(passage)) and not _PERSONAL.search(passage)


_WH = r"(?:what|why|how(?:\s+(?:long|much|many|often|far|old))?|when|where|who|whom|whether|if)"
_NOT_KNOWN = (r"(?:unclear|unknown|not known|not clear|uncertain|not yet known"
              r"|(?:has|have|had|did|does|do) not (?:yet )?(?:said|say|disclosed?|revealed?|explained?|specified|specify|confirmed?)"
              r"|(?:declined|refused) to (?:say|disclose|reveal|explain))")
_UNKNOWN = re.compile(  # "Why he left is unclear", "... have not said what it showed", "It was unclear for how long"
    rf"\b(?P<wh>{_WH})\b(?P<rest>[^,.;:–—]*?)\s+(?:is|was|remains|remained)\s+(?:still\s+)?{_NOT_KNOWN}\b"
    rf"|\b{_NOT_KNOWN}\s+(?:for\s+|as\s+to\s+)?(?P<wh2>{_WH})\b(?P<rest2>[^,.;:–—]*)",
    re.I,
)


def says_it_is_not_known(question: str, sentence: str) -> bool:
    """The sentence says that what the question asks is not known: "What did it show?" against
    "the organisers have not said what it showed"; "How much longer?" against "It was unclear
    for how long." Only for the question's own question word, and what follows it must share a
    word with the question or be no more than a pronoun."""
    asked = re.match(rf"^\W*(?:(?:and|but|so)\s+)?(?:(?:in|on|at|for|from|to|by|with)\s+)?(?P<wh>{_WH})\b", question, re.I)
    wh = asked.group("wh").lower() if asked else ("whether" if _YES_NO.search(question) else None)
    if wh == "how much" and re.search(r"\bhow much (?:longer|more time)\b", question, re.I):
        wh = "how long"
    if wh is None:
        return False
    wh = " ".join(wh.split())
    terms = set(content_stems(question))
    for found in _UNKNOWN.finditer(sentence):
        said = " ".join((found.group("wh") or found.group("wh2")).lower().replace("if", "whether").split())
        rest = content_stems(found.group("rest") or found.group("rest2") or "")
        if said == wh and (not rest or terms & set(rest)):
            return True
    return False


_PREPOSITIONS = frozenset("for to with by from against about of on in at like unlike after before over under "
                          "without behind beside near toward towards into onto".split())
_OPENERS = "(?:" + "|".join(w.title() for w in sorted(_PREPOSITIONS | {"as", "and", "but", "so", "the", "when",
                                                                          "while", "if", "then"})) + ")"
_REPORTING = frozenset("claiming claimed claims claim saying said says alleging alleged insisting insisted that "
                       "calling called".split())


def _describes(sentence: str, name: list[str]) -> bool:
    """The sentence says what the named person is: "Ann Lee, a teacher," "Ann Lee, 52,", "Ann Lee,
    who", "teacher Ann Lee", "Her coach, Ann Lee,", "Ann Lee is a ...". """
    run = (rf"(?:(?:Mr|Mrs|Ms|Dr)\.?\s+)?(?:(?!{_OPENERS}\b)[A-Z][\w’'-]+\s+)*"  # "Ann" before "Lee", not "For"
           rf"(?:(?:{'|'.join(re.escape(w) for w in name)})\b\s*)+")
    for found in re.finditer(rf"{run}(?P<after>,?[^,]{{0,20}})", sentence):
        after = found.group("after")
        previous = re.search(r"([A-Za-z][\w-]*)(,?)\s*$", sentence[:found.start()])
        before = previous.group(1).lower() if previous else ""
        if before in _PREPOSITIONS:
            continue  # "For Ann Lee, the inquiry is overdue": not an apposition
        if re.match(r"\s*,\s+(?:\d{1,3}\b|(?:an?|the|his|her|their|its|who|which|[A-Z][\w’'-]*['’]s)\s)", after):
            return True  # "Ann Lee, a teacher", "Ann Lee, 52,", "said Ann Lee, who"
        if before in _REPORTING:
            continue  # "claiming Ann Lee is a spy": someone's claim, not what she is
        if (re.match(r"\s*(?:is|was|has been|had been|became)\s+(?:an?|the|one)\s", after)
                or (previous and previous.group(1).islower() and before not in STOPWORDS
                    and not before.endswith(("ed", "ing")))):
            return True  # "Ann Lee is a", "teacher Ann Lee", "coach, Ann Lee"
    return False


_COUNTED = re.compile(r"\bhow many\s+(?:more\s+|fewer\s+|other\s+)?(?P<noun>[a-z][\w-]*)", re.I)


def _counts_asked(sentence: str, question: str, counted: re.Match[str]) -> bool:
    """A number in the sentence counts a word of the noun phrase the question counts: "14
    grandmasters" for "How many grandmasters played?", within three words ("14 visiting
    grandmasters"), "three such norms" for "How many grandmaster norms ...?"."""
    nouns = {stem(w) for w in _noun_phrase(question[counted.start("noun"):])}  # "grandmaster norms"
    people = bool(nouns & _PEOPLE)  # "a population of about 48,000" counts people
    return any(nouns & {stem(w) for w in _counted_words(sentence[end:])}
               or (people and _POPULATION.search(sentence[:start]))
               for start, end in answer_spans("count", sentence, question))


_PEOPLE = frozenset(stem(w) for w in "people residents inhabitants locals citizens islanders villagers".split())
_POPULATION = re.compile(r"\bpopulation of (?:about |around |some |nearly |almost |over |more than |roughly |just )?"
                         r"(?:under |over )?$", re.I)


def _counted_words(after: str) -> list[str]:
    """Up to three words after a number, to the first clause word: "visiting grandmasters" of
    "14 visiting grandmasters"; none of "71, who has lived" (an age, then a clause)."""
    found = []
    for word in re.findall(r"[\w’'-]+|[,;:]", after)[:3]:
        if word in ",;:" or word.lower() in _CLAUSE_WORDS:
            break
        found.append(word)
    return found


# Verbs that say little about which sentence answers: "Where did he go next?"
_LIGHT_VERBS = frozenset(stem(w) for w in "go goes going gone went come comes coming came".split())


@dataclass
class Scored:
    candidate: Candidate
    coverage: float  # share of the question's IDF weight found in the sentence
    context_coverage: float  # ... in the sentence's paragraph
    typed: float  # 1 if it holds what the question asks for, 0 if not, 0.5 if nothing is asked
    score: float


class EvidenceSelector:
    """Holds corpus statistics (IDF of stems); scores candidates for one question at a time."""

    def __init__(self, sentences: list[str]) -> None:
        df: dict[str, int] = {}
        for text in sentences:
            for term in set(content_stems(text)):
                df[term] = df.get(term, 0) + 1
        self.n = max(1, len(sentences))
        self.idf = {term: math.log(1 + self.n / count) for term, count in df.items()}
        self.unknown_idf = math.log(1 + self.n) + 1.0  # a word the corpus never uses
        self.sentences = sentences
        self.aliases: dict[str, set[str]] = {}

    def named_as(self, role: set[str]) -> set[str]:
        """Stems of the names the documents give next to a role: {"lawyer"} -> {"tom", "hale"}
        from "Ann Lee's lawyer in Leeds, Tom Hale, said"; the role itself included."""
        key = " ".join(sorted(role))
        if key not in self.aliases:
            found = set(role)
            for text in self.sentences:
                if not any(r in text.lower() for r in role):  # stems are prefixes: a quick first look
                    continue
                for m in re.finditer(r"\b((?:[\w’'-]+\s+){0,3}[\w’'-]+),\s+((?:[A-Z][\w’'-]+\s+)*[A-Z][\w’'-]+),", text):
                    if set(content_stems(m.group(1))) & role:  # "lawyer in Leeds, Tom Hale,"
                        found |= set(content_stems(m.group(2)))
            self.aliases[key] = found
        return self.aliases[key]

    @property
    def known(self) -> KeysView[str]:
        """The stems the documents use (a view: no copy per question)."""
        return self.idf.keys()

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def coverage(self, terms: list[str], text: str) -> float:
        if not terms:
            return 0.0
        have = set(content_stems(text))
        total = sum(self.weight(t) for t in set(terms))
        return sum(self.weight(t) for t in set(terms) if t in have) / total

    def rank(self, question: str, candidates: list[Candidate], paragraphs: dict[str, str],
             about: list[str] | None = None) -> list[Scored]:
        """Candidates, best first. `paragraphs` maps node id to the text of its paragraph; `about`
        adds stems the question stands for with a pronoun."""
        terms = [t for t in content_stems(question) if t not in _LIGHT_VERBS]
        around = terms + list(about or [])  # the paragraph names whom a pronoun stands for; the sentence may not
        wanted = answer_type(question)
        speaker = speaker_asked(question)
        counted = _COUNTED.search(question) if wanted == "count" else None
        who_named = [w for w in name_words(question) if w.lower() not in TITLES] if _WHO_IS_NAMED.match(question) else []
        # Where some sentences count the very noun asked about ("14 grandmasters"), a number
        # before another noun is not the answer; with none, it may be a synonym ("30 troops").
        direct = {c.node.node_id for c in candidates if counted and _counts_asked(c.text, question, counted)}
        scored = []
        for cand in candidates:
            cov = self.coverage(terms, cand.text)
            ctx = self.coverage(around, paragraphs.get(cand.node.node_id, cand.text))
            typed = 0.5 if wanted is None else float(holds_answer(wanted, cand.text, question))
            if wanted == "person" and typed and not _name_near_asked(cand.text, question):
                typed = 0.5  # names, but none next to what the question asks about
            if wanted == "person" and not typed and _agent_of_asked(cand.text, question):
                typed = 0.5  # "run by a private operator": who, though unnamed
            if who_named and _describes(cand.text, who_named):
                typed = 1.0  # "Who is Ann Lee?": "Ann Lee, a teacher from Leeds," says what she is
            if wanted == "count" and typed and direct and cand.node.node_id not in direct:
                typed = 0.0  # "How many grandmasters?": "three such norms" counts something else
            score = 0.45 * cand.focus + 0.1 * cov + 0.3 * ctx + 0.15 * typed
            if speaker is not None and _said_by(cand.meta, self.named_as(speaker) if speaker else speaker):
                score += _ACCOUNT_BONUS  # "What did the coach say ...?": the coach's account
            scored.append(Scored(cand, cov, ctx, typed, score))
        scored.sort(key=lambda s: s.score, reverse=True)
        return scored


class WordMatcher:
    """Word-by-word meaning overlap: "residents" finds "locals", "phone" finds "call".

    Each word is embedded on its own with the sentence model (cached), and a question word
    the text lacks counts with its best cosine to a word of the text, if that is at least
    `floor`. Used where exact stems miss a paraphrase; too noisy to rank by (measured).
    """

    def __init__(self, encode: Callable[[list[str]], np.ndarray], weight: Callable[[str], float],
                 floor: float = 0.5) -> None:
        self.encode, self.weight, self.floor = encode, weight, floor
        self.vectors: dict[str, np.ndarray] = {}
        self.lock = threading.Lock()

    def _vectors(self, items: list[str]) -> np.ndarray:
        with self.lock:
            new = [w for w in dict.fromkeys(items) if w not in self.vectors]
            if new:
                self.vectors.update(zip(new, self.encode(new)))
            return np.stack([self.vectors[w] for w in items])

    def coverage(self, question: str, text: str) -> float:
        """Share of the question's IDF weight that the text holds, exactly or by a close word."""
        asked, have = _meaning_words(question), _meaning_words(text)
        if not asked or not have:
            return 0.0
        stems = {stem(w) for w in have}
        closest = (self._vectors(asked) @ self._vectors(have).T).max(axis=1)
        total = got = 0.0
        for word, best in zip(asked, closest):
            weight = self.weight(stem(word))
            total += weight
            got += weight if stem(word) in stems else weight * float(best) if best >= self.floor else 0.0
        return got / total


def _meaning_words(text: str) -> list[str]:
    """Lower-cased content words, each once."""
    found = [w.lower().replace("’", "'").removesuffix("'s") for w in words(text)]
    return list(dict.fromkeys(w for w in found if w not in STOPWORDS and len(w) > 1))
