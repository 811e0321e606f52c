"""The citation marker of the answer contract: "[n]" after a statement points at citations[n - 1].

Written by `marker` and `cite`, read by `cited_ids` (or `MARKER`), dropped by `without_markers` (or
`strip_markers`, the answer as a reader says it); the prompts, the verifier, the chat UI, the chat
export, the feedback export and the eval all use these.
"""

from __future__ import annotations

import re

MARKER = re.compile(r"\[(\d+)\]")
_SPACED_MARKER = re.compile(r"\s*\[(\d+)\]")
_END = re.compile(r"([.!?…][\"'”’)\]]*)$")


def marker(n: int) -> str:
    """The marker that points at citation n: "[1]"."""
    return f"[{n}]"


def cite(sentence: str, *ids: int) -> str:
    """Put the markers inside the sentence's final punctuation: "... a month [1]." """
    markers = "".join(marker(n) for n in ids)
    if not markers:
        return sentence
    match = _END.search(sentence)
    if match:
        return f"{sentence[:match.start()]} {markers}{match.group(1)}"
    return f"{sentence} {markers}"


def cited_ids(text: str) -> list[int]:
    """The ids of the markers in a text, in order."""
    return [int(n) for n in MARKER.findall(text)]


def has_marker(text: str) -> bool:
    return bool(MARKER.search(text))


def without_markers(text: str, spaced: bool = False) -> str:
    """The text with its markers removed (`spaced`: with the blank before each one)."""
    return (_SPACED_MARKER if spaced else MARKER).sub("", text)


def strip_markers(answer: str) -> str:
    """The answer as a reader says it: without its [n] markers, whitespace collapsed."""
    return " ".join(without_markers(answer, spaced=True).split())
