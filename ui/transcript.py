"""A chat as a file: Markdown with each citation as a footnote, or JSON (the list of answer records).

Pure functions of the answer records, shared by the chat's download buttons and POST /api/export.
In Markdown, answer n's citation [k] becomes the footnote [^n-k], which holds the quote and where it
is: `[^1-2]: "quote" (doc_id, characters start–end)`.
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence

from core.citations import MARKER
from core.record import AnswerRecord, Citation

# Characters that format inline text; no text here starts a line, so "#", "-" and "1." need no escape.
_MARKDOWN_SPECIAL = re.compile(r"([\\`*_\[\]<>|~])")
STATUS_WORDS = {"reported": "reported", "unsupported": "not in the article"}


def _escaped_piece(text: str) -> str:
    """A piece of a line as literal Markdown: specials backslash-escaped, whitespace collapsed but kept at
    either end, so pieces join as the text did."""
    return _MARKDOWN_SPECIAL.sub(r"\\\1", re.sub(r"\s+", " ", text))


def escape_markdown(text: str) -> str:
    """`text` as literal Markdown on one line: special characters backslash-escaped, whitespace collapsed."""
    return _escaped_piece(text).strip()


def code_span(text: str) -> str:
    """`text` as inline code (a doc id reads as itself), or escaped if it holds a backtick."""
    return f"`{text}`" if "`" not in text else escape_markdown(text)


def footnote_label(turn: int, citation_id: int) -> str:
    return f"[^{turn}-{citation_id}]"


def footnote(turn: int, citation: Citation) -> str:
    """`[^turn-id]: "quote" (doc_id, characters start–end)`: the quote verbatim but on one line."""
    return (f'{footnote_label(turn, citation.id)}: "{escape_markdown(citation.quote)}" '
            f"({code_span(citation.doc_id)}, characters {citation.start}–{citation.end})")


def answer_markdown(record: AnswerRecord, turn: int) -> str:
    """The answer's text, escaped, with each [k] of a known citation as its footnote reference, set right
    after the word before it ("Group [1]." -> "Group[^1-1].")."""
    known = {citation.id for citation in record.citations}
    pieces: list[str] = []
    cursor = 0
    for match in MARKER.finditer(record.answer):
        pieces.append(_escaped_piece(record.answer[cursor:match.start()]))
        cited = int(match[1])
        if cited in known:
            pieces[-1] = pieces[-1].rstrip()
            pieces.append(footnote_label(turn, cited))
        else:
            pieces.append(_escaped_piece(match[0]))
        cursor = match.end()
    pieces.append(_escaped_piece(record.answer[cursor:]))
    return "".join(pieces).strip()


def turn_markdown(record: AnswerRecord, turn: int) -> str:
    """One question and its answer: notes on claims the article does not state as fact, the passages the
    answer does not point at (a refusal's closest ones), then the footnotes."""
    lines = [f"**Q{turn}:** {escape_markdown(record.question)}", "", f"**A{turn}:** {answer_markdown(record, turn)}"]
    notes = [f"- *{STATUS_WORDS[c.status]}*: {escape_markdown(c.note or c.text)}"
             for c in record.claims if c.status in STATUS_WORDS]
    if notes:
        lines += ["", *notes]
    pointed = {int(n) for n in MARKER.findall(record.answer)}
    others = [c for c in record.citations if c.id not in pointed]
    if others:
        heading = "Passages" if record.answerable else "Closest passages"
        lines += ["", f"{heading}: " + " ".join(footnote_label(turn, c.id) for c in others)]
    if record.citations:
        lines += ["", *(footnote(turn, c) for c in record.citations)]
    return "\n".join(lines)


def chat_markdown(records: Sequence[AnswerRecord], title: str = "Chat") -> str:
    """The whole chat, oldest answer first, as one Markdown document."""
    if not records:
        return f"# {escape_markdown(title)}\n\nNo answers yet.\n"
    turns = [turn_markdown(record, turn) for turn, record in enumerate(records, start=1)]
    return f"# {escape_markdown(title)}\n\n" + "\n\n---\n\n".join(turns) + "\n"


def chat_json(records: Sequence[AnswerRecord]) -> str:
    """The chat as a JSON list of answer records (docs/answer-contract.md)."""
    return json.dumps([record.model_dump(mode="json") for record in records], indent=2, ensure_ascii=False) + "\n"
