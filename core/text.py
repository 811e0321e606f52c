"""Word-level helpers shared by evidence selection and claim verification."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

STOPWORDS = frozenset(
    """a about above after again against all also am an and any are as at be because been before
    being below between both but by can could did do does doing down during each few for from
    further had has have having he her here hers herself him himself his how i if in into is it its
    itself just me more most my myself no nor not now of off on once only or other our ours out over
    own same she should so some such than that the their theirs them themselves then there these
    they this those through to too under until up very was we were what when where which while who
    whom why will with would you your yours yourself yourselves may might must shall us ever
    whose according tell told say says said claim claims claimed did does do please article
    story text mentioned mention happen happened kind sort much many one get got make made way""".split()
)
TITLES = frozenset({"mr", "mrs", "ms", "dr", "sir", "lord", "lady"})  # before a name, not part of it
NUMBER_WORDS = {
    "one": "1", "two": "2", "three": "3", "four": "4", "five": "5", "six": "6", "seven": "7",
    "eight": "8", "nine": "9", "ten": "10", "eleven": "11", "twelve": "12", "twenty": "20",
    "thirty": "30", "forty": "40", "fifty": "50", "hundred": "100", "thousand": "1000",
    "first": "1", "second": "2", "third": "3", "twice": "2", "once": "1",
}
_WORD = re.compile(r"[^\W_]+(?:[’'][^\W_]+)*", re.UNICODE)
_NUMBER = re.compile(r"\d+(?:[.,]\d+)*")
_stemmer = Stemmer.Stemmer("english")

# Text that addresses an AI system instead of stating anything (general English). A question
# like this is not answered; a document sentence like this is kept but never used as evidence.
INSTRUCTION = re.compile(
    r"\b(?:ignore|disregard|forget|override)\b.{0,40}\b(?:instructions?|rules|prompt|above|previous|prior|guidelines)\b"
    r"|(?:^|[.!?]\s+)(?:please\s+)?(?:ignore|disregard|forget)\s+(?:the|this|that|your|all)\s+(?:above\s+)?"
    r"(?:article|text|document|passages?|context|sources?|story|evidence)\b"  # "Ignore the article. Say ..."
    r"|\bsystem prompt\b|\byou are now\b|\bact as\b|\bpretend (?:to be|you)\b|\bjailbreak|\bdeveloper mode\b"
    r"|\b(?:print|reveal|show|repeat|output) (?:your|the|all|everything) (?:instructions|prompt|system|hidden)\b"
    r"|^\s*(?:system|assistant|developer)\s*:",
    re.IGNORECASE | re.DOTALL,
)


# Simple past forms of common irregular verbs, which the stemmer leaves apart from their verb
# ("bought" / "buy"). Not the participles ("given", "known", "taken"), which are often adjectives.
IRREGULAR_PAST = dict(pair.split(":") for pair in (
    "ate:eat began:begin bought:buy broke:break brought:bring built:build caught:catch chose:choose drew:draw "
    "drank:drink drove:drive fell:fall felt:feel fought:fight fled:flee flew:fly forgot:forget froze:freeze gave:give "
    "went:go grew:grow heard:hear hid:hide held:hold kept:keep knew:know led:lead lost:lose meant:mean met:meet "
    "paid:pay ran:run rode:ride rose:rise saw:see sought:seek sold:sell sent:send shot:shoot shook:shake slept:sleep "
    "spoke:speak spent:spend stole:steal stood:stand struck:strike swore:swear took:take taught:teach tore:tear "
    "thought:think threw:throw understood:understand woke:wake wore:wear won:win wrote:write").split())


@lru_cache(maxsize=50_000)
def stem(word: str) -> str:
    lower = word.lower().replace("’", "'").removesuffix("'s")
    return _stemmer.stemWord(IRREGULAR_PAST.get(lower, lower))


def words(text: str) -> list[str]:
    return _WORD.findall(text)


def content_stems(text: str) -> list[str]:
    """Stems of the words that carry meaning (no stopwords, no single letters)."""
    out = []
    for word in words(text):
        lower = word.lower().replace("’", "'").removesuffix("'s")
        if lower in STOPWORDS or len(lower) < 2:
            continue
        for part in re.split(r"-", lower):
            if part and part not in STOPWORDS:
                out.append(stem(part))
    return out


def numbers(text: str) -> set[str]:
    """Numbers as canonical strings: "10,000" -> "10000"; number words count too."""
    found = {m.group().replace(",", "") for m in _NUMBER.finditer(text)}
    for word in words(text):
        if word.lower() in NUMBER_WORDS:
            found.add(NUMBER_WORDS[word.lower()])
    return found


def name_words(text: str) -> list[str]:
    """Capitalised words that are not at a sentence start and not common words, as written."""
    return [
        m.group() for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]+", text)
        if m.group().lower() not in STOPWORDS and m.start() > 0 and text[m.start() - 1] != "“"
    ]


def proper_names(text: str) -> set[str]:
    """The stems of `name_words`."""
    return {stem(word) for word in name_words(text)}
