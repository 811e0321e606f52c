"""Rule-based sentence splitting that keeps exact character offsets."""

from __future__ import annotations

import re

# Abbreviations after which a full stop does not end a sentence (lower case, no dot).
ABBREVIATIONS = frozenset(
    "mr mrs ms dr prof st jr sr gen col lt sgt capt cmdr adm rev hon gov sen rep pres "
    "inc ltd co corp plc no nos vs etc approx dept est fig vol jan feb mar apr jun jul aug "
    "sep sept oct nov dec mt ft ave blvd e.g i.e u.s u.k u.n a.m p.m ph.d".split()
)

# A candidate end: terminal punctuation, optional closing quotes/brackets, then space and
# something that can open a sentence (capital, digit, opening quote or bracket).
_BOUNDARY = re.compile(r"[.!?…]+[\"'”’)\]]*(?=\s+[\"“‘'(\[]?[A-Z0-9])")


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans `(start, end)` in `text`, shifted by `offset`; white space trimmed."""
    spans = []
    start = 0
    for match in _BOUNDARY.finditer(text):
        end = match.end()
        before = text[start:match.start() + 1]
        word = re.search(r"([A-Za-z][A-Za-z.]*)\.$", before)
        if word and text[match.start()] == ".":
            token = word.group(1).lower().rstrip(".")
            if token in ABBREVIATIONS or (len(token) == 1 and token.isalpha()):
                continue
        spans.append((start, end))
        start = end
    spans.append((start, len(text)))
    result = []
    for s, e in spans:
        chunk = text[s:e]
        lead = len(chunk) - len(chunk.lstrip())
        trail = len(chunk.rstrip())
        if chunk.strip():
            result.append((offset + s + lead, offset + s + trail))
    return result
