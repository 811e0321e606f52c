"""Whether a sentence holds an answer of the kind a question asks for, and where.

An age, a date, a weekday, a count (not a year or a clock time, nor a rate or a stretch of time
unless asked), a duration or length with its unit, a sum of money, a language in use, a person
or place name the question does not give. The kind itself comes from the question
(`Question.kind`, rag/asked.py); each kind is one entry of `_SPANS` or `_HOLDS`.
"""

from __future__ import annotations

import re
from collections.abc import Callable

from core.lexicon import (
    CLAUSE_WORDS,
    CURRENCY_WORDS,
    DISTANCE_UNITS,
    LANGUAGES,
    LENGTH_UNITS,
    MONTH,
    NUMBER,
    TIME_UNITS,
    WEEKDAY,
    YEAR,
)
from core.text import content_stems, stem
from rag.asked import PER_TIME
from rag.names import name_spans_near, names_new
from rag.question import Question

Spans = list[tuple[int, int]]
_BOUND = r"(?:about |around |some |nearly |almost |over |more than )?"
_HOLDS = {
    "age": re.compile(r"\b\d+[- ]year[- ]old\b(?!s)|\baged? \d+|\b\d+ years old\b|\bage of \d+"
                      r"|\bat \d{1,2}\b(?!\s*(?:am|pm|[:.]\d|%|per))"  # "became a master at 14"
                      r"|[A-Z][\w’'-]+, \d{1,3},"),  # "Claire Dumont, 41, worked ..."
    "time": re.compile(rf"\b{YEAR}\b|\b(?-i:{MONTH}|{WEEKDAY})\b|\b\d{{1,2}}(?:[.:]\d\d)?\s*(?:am|pm)\b"
                       r"|\b\d{1,2}:\d\d\b|\bago\b|\b(?:earlier|later|yesterday|today|tonight|morning|evening|night)\b"
                       r"|\b(?:next|last|this|coming|past)\s+(?:week|weekend|month|year|decade|season|spring|summer"
                       r"|autumn|winter)\b"
                       rf"|\bwithin (?:the next |about |around )?(?:{NUMBER}|a|an) {TIME_UNITS}\b", re.I),
    "duration": re.compile(rf"(?:{NUMBER}|\ba|\ban)[- ]{LENGTH_UNITS}\b(?![- ]olds?\b)"  # "30-year-olds": an age
                           rf"|(?:{NUMBER})\s+(?:\w+\s+)?{LENGTH_UNITS}\b(?![- ]olds?\b)"
                           rf"|\bsince (?:(?:he|she|they|I|we) (?:was|were) (?:{NUMBER})\b|{YEAR}\b|(?-i:{MONTH})\b)",
                           re.I),
    "distance": re.compile(rf"(?:{NUMBER})[- ]?{DISTANCE_UNITS}\b", re.I),
    # "how tall": a length that is a height ("40 metres high", "a 40-metre-tall tower", "a height of 40m")
    "height": re.compile(rf"(?:{NUMBER})[- ]?{DISTANCE_UNITS}[- ](?:high|tall|in height)\b"
                         rf"|\b(?:height|altitude) of {_BOUND}(?:{NUMBER})", re.I),
    "depth": re.compile(rf"(?:{NUMBER})[- ]?{DISTANCE_UNITS}[- ](?:deep|in depth|down)\b"
                        rf"|\bdepth of {_BOUND}(?:{NUMBER})", re.I),
    "width": re.compile(rf"(?:{NUMBER})[- ]?{DISTANCE_UNITS}[- ](?:wide|across|in width)\b"
                        rf"|\bwidth of {_BOUND}(?:{NUMBER})", re.I),
    "often": re.compile(rf"(?:{NUMBER}) (?:times|occasions)\b|\b(?:times|daily|weekly|monthly|yearly|annually|every"
                        r"|once|twice|always|never|regularly)\b", re.I),
    "share": re.compile(r"%|\bper ?cent\b|\b(?:half|third|quarter|majority|minority)\b", re.I),
    "year": re.compile(rf"\b{YEAR}\b"),
    "weekday": re.compile(rf"\b{WEEKDAY}\b"),
    "language": re.compile(  # a language as used: "in broken English", "speaks Quechua", "Spanish-speaking"
        r"\b(?:in|speaks?|spoke|speaking|fluent|broken|native)\s+"
        rf"(?:(?:broken|fluent|halting|basic|perfect|native)\s+)?{LANGUAGES}\b"
        rf"|\b{LANGUAGES}(?:-speaking| speakers?| language)\b"),
}
_CURRENCY = re.compile(rf"[£$€¥₽]|\b(?:{CURRENCY_WORDS}|[A-Z]{{3}} ?\d)\b|\d\s*(?:million|billion|thousand|bn|m)\b",
                       re.I)
_MONEY_BEFORE = re.compile(r"[£$€¥₽]\s*$|\b[A-Z]{3} ?$")  # "$10,000", "EUR 500": a sum, not a count
_MONEY_AFTER = re.compile(rf"^(?:\s*(?:million|billion|thousand|bn|m))?\s*(?:{CURRENCY_WORDS}|soles)\b", re.I)
YEAR_OR_CLOCK = re.compile(rf"^{YEAR}$|^\d{{1,2}}\s*(?:am|pm)$|^\d{{1,2}}:\d\d$", re.I)
_ORIGIN_WORDS = frozenset("from native born grew raised home hometown hails".split())
_HOME_WORDS = frozenset("home homes lives live lived living resides reside resident based settled".split())
_LEAVING = frozenset("deserted desert deserting escaped escape escaping fled flee fleeing defected defect withdrew "
                     "withdrawn retreated departed returned return returning ran run away back out".split())
# A number per unit of time is a rate, not a count: "12 new members a month" does not say how
# many there are in all, unless the question asks for a rate ("How many per week?").
_RATE = re.compile(rf"^[\s–-]*(?:(?!(?:who|which|that|was|were|is|are|had|has|have)\b)[\w’'-]+\s+){{0,3}}?{PER_TIME}",
                   re.I)  # not "11 hikers who spent a night"
# "eight weeks", "a 41-year-old": a stretch of time or an age, a count only of time units.
_SPAN_OF_TIME = re.compile(rf"^[\s-]*(?:[a-z]+\s+)?{TIME_UNITS}\b", re.I)
_MEASURE = re.compile(rf"^[\s-]*(?P<unit>{DISTANCE_UNITS}|kg|kilos?|kilograms?|tonnes?|tons?|litres?|liters?|"
                      r"gallons?|hectares?|acres?|degrees?)\b", re.I)
_NAMED_BEFORE = re.compile(r"\b[A-Z][\w’'-]+,\s*$")  # "Ann Lee, 72, said": her age, not a count
_PARTITIVE = re.compile(r"^\s+of\s+(?:the|his|her|their|its|these|those|our|my)\s+((?:[\w’'-]+\s+){0,2}[\w’'-]+)", re.I)
# A clause that places an event in time: "only after the water had reached the square". It
# answers "When did they get it?", not "At what time ...?" or "On which date ...?".
_TIME_CLAUSE = re.compile(r"\b(?:after|before|until|once|as soon as)\s+(?:the|an?|his|her|their|its|he|she|they|it|we)"
                          r"\s+(?:[\w’'-]+\s+){0,3}?(?:had|has|was|were|is|are|did|[a-z]+ed)\b", re.I)
_CLOCK = re.compile(r"\d{1,2}(?:[.:]\d\d)?\s*(?:am|pm)|\d{1,2}:\d\d|midnight|noon|midday|dawn|dusk|morning|evening|"
                    r"night|tonight|afternoon", re.I)
_DAY_OF_MONTH = rf"\d{{1,2}}(?:st|nd|rd|th)?(?:\s+(?-i:{MONTH}))?"
_DATE_RANGE = re.compile(rf"\b(?:from|between)\s+{_DAY_OF_MONTH}\s+(?:to|until|till|and)\s+{_DAY_OF_MONTH}"
                         rf"|\b{_DAY_OF_MONTH}\s*[-–]\s*{_DAY_OF_MONTH}", re.I)
_SIZED = re.compile(rf"\b((?:{NUMBER})-(?:metres?|meters?|foot|feet|ft|m))\s+(?P<noun>[\w’'-]+(?:\s+[\w’'-]+)?)", re.I)
_PEOPLE = frozenset(stem(w) for w in "people residents inhabitants locals citizens islanders villagers".split())
_POPULATION = re.compile(r"\bpopulation of (?:about |around |some |nearly |almost |over |more than |roughly |just )?"
                         r"(?:under |over )?$", re.I)


def holds(kind: str, sentence: str, question: Question) -> bool:
    """The sentence holds a thing of the asked kind that the question does not already give."""
    if kind.startswith("name:"):
        return bool(name_spans_near(kind.removeprefix("name:"), sentence, question))
    if kind.startswith("kind:"):  # "what kind of organisation": the sentence must name one
        head = content_stems(kind.removeprefix("kind:"))[:1]
        return bool(head) and head[0] in content_stems(sentence)
    if kind in {"person", "place"}:
        return bool(names_new(sentence, question))
    return bool(answer_spans(kind, sentence, question))


def answer_spans(kind: str, sentence: str, question: Question) -> Spans:
    """Where the sentence gives a thing of the asked kind: (start, end) offsets.

    For a person or place, the names the question does not give; for "the name of X", the
    names next to X.
    """
    if kind.startswith("name:"):
        return name_spans_near(kind.removeprefix("name:"), sentence, question)
    if kind in _SPANS:
        return _SPANS[kind](kind, sentence, question)
    if kind in _HOLDS:
        spans = [m.span() for m in _HOLDS[kind].finditer(sentence) if m.group().lower() not in question.lower]
        return _NARROWED.get(kind, lambda s, q, spans: spans)(sentence, question, spans)
    return []


def _place_spans(kind: str, sentence: str, question: Question) -> Spans:
    tokens = list(re.finditer(r"[\w’'-]+", sentence))
    names = names_new(sentence, question)
    if kind == "origin":  # "Which city is she from?": a place after "from", "born in", "home in"
        names = [j for j in names if any(_says_origin(tokens, i) for i in range(max(0, j - 8), j))]
    if kind == "home":  # "Where does she live?": a place after "home in", "lives in", "based in"
        names = [j for j in names if any(tokens[i].group().lower() in _HOME_WORDS for i in range(max(0, j - 4), j))]
    return [tokens[j].span() for j in names]


def _money_spans(kind: str, sentence: str, question: Question) -> Spans:
    return [m.span() for m in _CURRENCY.finditer(sentence)]


def _count_spans(kind: str, sentence: str, question: Question) -> Spans:
    if any(not asked.search(sentence) for asked in question.casualties):
        return []  # "How many died?" is not answered by "tested on 1,240 patients" or "40 were hurt"
    noun = question.counted
    unit = _MEASURE.fullmatch(noun.group("noun")) if noun else None  # "How many litres ...?"
    return [m.span() for m in re.finditer(NUMBER, sentence, re.I)
            if _counts(sentence, m, question, unit.group("unit") if unit else None)]


def _counts(sentence: str, number: re.Match[str], question: Question, unit: str | None) -> bool:
    """Whether this number in the sentence is a count of what the question asks about."""
    before, after = sentence[:number.start()], sentence[number.end():]
    things = question.counts_things
    return (not YEAR_OR_CLOCK.match(number.group()) and number.group().lower() not in question.lower
            and not (_NAMED_BEFORE.search(before) and after.startswith(","))  # "Ann Lee, 72,"
            and not (unit and not _in_unit(after, unit))
            and not re.match(r"\s*(?:%|per ?cent|am\b|pm\b|:\d)", after, re.I)
            and (question.rate_asked or not _RATE.match(after))
            and (question.time_may_count or not _SPAN_OF_TIME.match(after))
            and not _counts_others(after, question)
            and not (things and (_MONEY_BEFORE.search(before) or _MONEY_AFTER.match(after)))
            and not (things and _measured(after, question)))


_SPANS: dict[str, Callable[[str, str, Question], Spans]] = {
    "person": _place_spans, "place": _place_spans, "origin": _place_spans, "home": _place_spans,
    "money": _money_spans, "count": _count_spans,
}


def _height(sentence: str, question: Question, spans: Spans) -> Spans:
    """ "How high is the summit?": also "the 2,140-metre summit", "a 40-metre tower"."""
    return spans + [m.span(1) for m in _SIZED.finditer(sentence)
                    if set(content_stems(m.group("noun"))) & set(question.stems)]


def _age(sentence: str, question: Question, spans: Spans) -> Spans:
    """ "How old is Tom Hale?" is not answered by "19-year-old Ann Lee"."""
    return [(a, b) for a, b in spans if not _age_of_another(sentence, a, b, question)]


def _time(sentence: str, question: Question, spans: Spans) -> Spans:
    if question.when:  # "When ...?" may be answered by a clause
        spans += [m.span() for m in _TIME_CLAUSE.finditer(sentence)]
    if question.dates:  # "Over which dates ...?": more than one day
        days = [m.span() for m in re.finditer(rf"\b{_DAY_OF_MONTH}\b", sentence) if not m.group().isdigit()]
        spans = [m.span() for m in _DATE_RANGE.finditer(sentence)] or (days if len(days) > 1 else [])
    if question.clock:  # "At what time ...?": a time of day, not a date
        spans = [(a, b) for a, b in spans if _CLOCK.fullmatch(sentence[a:b])]
    if question.time_bound:  # "Until what date ...?": a time after "until", not any date the sentence gives
        prep = re.compile(rf"\b{question.time_bound}\s+(?:[\w’'-]+\s+){{0,4}}$", re.I)
        spans = [(a, b) for a, b in spans if prep.search(sentence[:a])]
    return spans


_NARROWED: dict[str, Callable[[str, Question, Spans], Spans]] = {"height": _height, "age": _age, "time": _time}


def _age_of_another(sentence: str, start: int, end: int, question: Question) -> bool:
    """The age at sentence[start:end] is given for a person the question does not name: "Ann
    Lee, 52," or "the 19-year-old striker Ann Lee" where the question asks about Tom Hale. False
    when the question names nobody ("How old is he?") or the age names nobody."""
    asked = question.people_named
    if not asked:
        return False
    owner = (re.match(r"(?P<name>[A-Z][\w’'-]+), \d", sentence[start:end])  # "Ann Lee, 52,"
             or re.search(r"(?P<name>[A-Z][\w’'-]+),\s+(?:an?|the)\s+$", sentence[:start]))  # "Ann Lee, a 52-year-old"
    if owner is None:  # "19-year-old academy graduate Ann Lee": the name that follows, in the same phrase
        owner = re.match(r"(?P<words>(?:\s+[a-z][\w’'-]*){0,3})\s+(?P<name>[A-Z][\w’'-]+)", sentence[end:])
        if owner and set(owner.group("words").split()) & CLAUSE_WORDS:
            owner = None  # "a 52-year-old from Leeds": a place, not whose age
    return owner is not None and owner.group("name") not in asked


def _measured(after: str, question: Question) -> bool:
    """ "86 miles of road", "40 tonnes": a measure, which counts no people or things, unless the
    question asks in that unit ("How many miles ...?")."""
    unit = _MEASURE.match(after)
    return bool(unit) and stem(unit.group("unit")) not in question.word_stems


def _in_unit(after: str, unit: str) -> bool:
    """ "1,200 litres" for "How many litres ...?"; a number in another unit, or of things, is not."""
    found = _MEASURE.match(after)
    return bool(found) and stem(found.group("unit")) == stem(unit)


def _counts_others(after: str, question: Question) -> bool:
    """ "two of the three bridges" counts some of the bridges: it answers "How many of the
    bridges?" or "How many bridges?", not a question about anything else."""
    found = _PARTITIVE.match(after)
    return bool(found) and not set(content_stems(found.group(1))) & set(question.stems)


def _says_origin(tokens: list[re.Match[str]], i: int) -> bool:
    """Token i introduces where someone is from: "born", "native", "from" but not after a verb of
    leaving ("escaped from the prison", "fled from the city" say where they left, not their home)."""
    word = tokens[i].group().lower()
    if word not in _ORIGIN_WORDS:
        return False
    before = tokens[i - 1].group().lower() if i > 0 else ""
    return word != "from" or before not in _LEAVING


def counts_asked(sentence: str, question: Question) -> bool:
    """A number in the sentence counts a word of the noun phrase the question counts: "14
    grandmasters" for "How many grandmasters played?", within three words ("14 visiting
    grandmasters"), "three such norms" for "How many grandmaster norms ...?"."""
    nouns = question.counted_nouns  # "grandmaster norms"
    people = bool(nouns & _PEOPLE)  # "a population of about 48,000" counts people
    return any(nouns & {stem(w) for w in _counted_words(sentence[end:])}
               or (people and _POPULATION.search(sentence[:start]))
               for start, end in answer_spans("count", sentence, question))


def _counted_words(after: str) -> list[str]:
    """Up to three words after a number, to the first clause word: "visiting grandmasters" of
    "14 visiting grandmasters"; none of "71, who has lived" (an age, then a clause)."""
    found = []
    for word in re.findall(r"[\w’'-]+|[,;:]", after)[:3]:
        if word in ",;:" or word.lower() in CLAUSE_WORDS:
            break
        found.append(word)
    return found
