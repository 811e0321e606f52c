"""Word-level helpers: words, stems, numbers and names of a text (the word lists are core/lexicon.py)."""

from __future__ import annotations

import re
from functools import lru_cache

import Stemmer

from core.lexicon import IRREGULAR_PAST, NUMBER_WORDS, STOPWORDS

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


def _name_matches(text: str) -> list[re.Match[str]]:
    return [
        m for m in re.finditer(r"(?<![.!?]\s)(?<!^)\b[A-Z][\w’'-]+", text)
        if m.group().lower() not in STOPWORDS and m.start() > 0 and text[m.start() - 1] != "“"
    ]


def name_words(text: str) -> list[str]:
    """Capitalised words that are not at a sentence start and not common words, as written."""
    return [m.group() for m in _name_matches(text)]


def name_runs(text: str) -> list[str]:
    """`name_words` joined where only spaces part them: "Ann Berg", "Elm Street"."""
    runs: list[list[re.Match[str]]] = []
    for m in _name_matches(text):
        if runs and text[runs[-1][-1].end():m.start()].isspace():
            runs[-1].append(m)
        else:
            runs.append([m])
    return [text[run[0].start():run[-1].end()] for run in runs]


def proper_names(text: str) -> set[str]:
    """The stems of `name_words`."""
    return {stem(word) for word in name_words(text)}
