"""HTML for the chat messages, the sources panel and the article viewer.

Every piece of text from a question, an answer or a document goes through `html.escape`
before it is placed in markup; only the tags built here are real HTML.

Citation links look like `<a class="cite-link turn-T" href="#cite-N">[N]</a>`: the chat
sanitizer keeps `class` and `href` (it drops `data-*`), and ui/assets.py reads both.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from html import escape, unescape

from core.citations import MARKER, marker
from core.record import AnswerRecord, Citation, Claim
from index.clean import HTML_BLOCK_TAGS
from rag.read import REASONS
from rag.relative_dates import describe
from ui.accounts import accounts_html
from ui.documents import Article, Spans

_TAG = re.compile(r"</?([A-Za-z][\w-]*)[^>]*>|<!--.*?-->", re.S)  # markup between two paragraphs of an HTML page
_ENTITY = re.compile(r"&(?:#\d+|#x[0-9a-fA-F]+|\w+);?")
FULL_TEXT_LIMIT = 50_000  # longer articles show windows around the cited spans
WINDOW = 1_500  # characters of context either side of a cited span in a long article

SOURCES_PLACEHOLDER = (
    '<div class="rag-sources rag-empty">Ask a question: the passages the answer cites appear here.</div>'
)
ARTICLE_PLACEHOLDER = (
    '<div class="rag-article rag-empty">The article opens here, with the cited passages highlighted.</div>'
)


def cite_link(turn: int, n: int) -> str:
    return f'<a class="cite-link turn-{turn}" href="#cite-{n}" title="Show passage {n}">{marker(n)}</a>'


def _link_markers(escaped: str, turn: int, known: set[int]) -> str:
    """Turn [n] markers of already-escaped text into citation links."""
    return MARKER.sub(lambda m: cite_link(turn, int(m[1])) if int(m[1]) in known else m[0], escaped)


def user_message(question: str, limit: int) -> str:
    shown = question if len(question) <= limit else question[:limit] + " …"
    return f'<div class="rag-question-text">{escape(shown)}</div>'


def streaming_message(partial: str) -> str:
    return f'<div class="rag-answer rag-streaming">{escape(partial)}<span class="rag-cursor">▌</span></div>'


def error_message(message: str) -> str:
    return f'<div class="rag-reply rag-error">⚠ {escape(message)}</div>'


def badge(status: str) -> str:
    """A claim's status as a badge: supported, reported, not in the article."""
    label = "not in the article" if status == "unsupported" else status
    return f'<span class="rag-badge badge-{status}">{label}</span>'


def _claim_item(claim: Claim, turn: int, known: set[int], show_text: bool) -> str:
    if claim.status == "reported":
        note = claim.note or "The article attributes this to someone; it does not confirm it."
    else:
        note = claim.note or ""
    links = " ".join(cite_link(turn, n) for n in claim.citations if n in known)
    text = f'<span class="rag-claim-text">{escape(_shorten(claim.text, 140))}</span> ' if show_text else ""
    note_html = f'<span class="rag-note"> — {escape(note)}</span>' if note else ""
    return (
        f'<li class="rag-claim claim-{claim.status}">{badge(claim.status)}'
        f"{note_html} {text}{links}</li>"
    )


def _shorten(text: str, limit: int) -> str:
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"


def duration(ms: float) -> str:
    """1234.5 -> "1.2 s"; 24.0 -> "24 ms"."""
    return f"{ms:.0f} ms" if ms < 1000 else f"{ms / 1000:.1f} s"


def answer_message(record: AnswerRecord, turn: int, names: Mapping[str, str] | None = None) -> str:
    """The finished answer: text with citation links, one badge per claim (or who says what, where the
    passages give several accounts), the document it was asked of, the time taken. `names`: {doc_id: the
    name the page gives it} of the documents it cites or was asked of."""
    names = names or {}
    known = {c.id for c in record.citations}
    parts = [f'<div class="rag-answer">{_link_markers(escape(record.answer), turn, known)}</div>']
    if record.short_answer:
        parts.insert(0, f'<div class="rag-short">In short: <strong>{escape(record.short_answer)}</strong></div>')
    why = REASONS.get((record.refused_by or "").partition(":")[2])
    if why:
        parts.append(f'<div class="rag-why">Why: {escape(why)}.</div>')
    if record.accounts:
        parts.append(accounts_html(record, lambda n: cite_link(turn, n) if n in known else "", badge, names))
    elif record.claims:
        show_text = len(record.claims) > 1
        items = "".join(_claim_item(c, turn, known, show_text) for c in record.claims)
        parts.append(f'<ul class="rag-claims">{items}</ul>')
    elif not record.answerable and record.citations:
        links = " ".join(cite_link(turn, c.id) for c in record.citations)
        parts.append(f'<div class="rag-closest">Closest passages: {links}</div>')
    if record.notice:
        parts.append(f'<div class="rag-notice">{escape(record.notice)}</div>')
    total = record.timings_ms.get("total")
    timing = f"answered in {duration(total)} · " if total is not None else ""
    if record.scope:
        asked_of = _shorten(names.get(record.scope, record.scope), 90)
        parts.append(f'<div class="rag-scope">Asked of {escape(asked_of)}</div>')
    parts.append(f'<div class="rag-meta">{timing}{escape(record.backend)}</div>')
    return f'<div class="rag-reply">{"".join(parts)}</div>'


def _source_item(citation: Citation, turn: int, document: str) -> str:
    """One cited passage, headed by the document it comes from (`document`: its title or file name)."""
    label = f" · {escape(citation.label)}" if citation.label else ""
    return (
        f'<li id="source-{citation.id}" class="source-item"><div class="source-head">{cite_link(turn, citation.id)}'
        f'<span class="source-doc" title="{escape(citation.doc_id)}">{escape(_shorten(document, 90))}</span></div>'
        f'<div class="source-meta">characters {citation.start}–{citation.end}{label} · score {citation.score:.2f}</div>'
        f'<blockquote class="rag-quote">{escape(citation.quote)}</blockquote>{_dates(citation)}</li>'
    )


def _dates(citation: Citation) -> str:
    """Its relative dates as the article's date makes them: "last Friday → Fri 3 March 2023, from ..."."""
    lines = "".join(f'<li class="source-date">{escape(describe(d))}</li>' for d in citation.dates)
    return f'<ul class="source-dates">{lines}</ul>' if lines else ""


def _also_retrieved(passages: list[Citation], names: Mapping[str, str]) -> str:
    """The passages retrieved but not cited, folded away, each naming its document."""
    if not passages:
        return ""
    items = "".join(
        f'<li class="retrieved-item"><span class="retrieved-doc" title="{escape(c.doc_id)}">'
        f'{escape(_shorten(names.get(c.doc_id, c.doc_id), 90))}</span>'
        f'<blockquote class="retrieved-quote">{escape(c.quote)}</blockquote>{_dates(c)}</li>'
        for c in passages
    )
    return (f'<details class="also-retrieved"><summary>Also retrieved ({len(passages)}), not cited</summary>'
            f'<ul class="rag-retrieved-list">{items}</ul></details>')


def document_name(citation: Citation, articles: Mapping[str, Article]) -> str:
    """What the page calls a citation's document: its title, else its file name, else its id."""
    article = articles.get(citation.source or "")
    return article.name if article is not None and article.name else citation.doc_id


def sources_panel(record: AnswerRecord | None, turn: int, articles: Mapping[str, Article] | None = None,
                  names: Mapping[str, str] | None = None) -> str:
    """The cited passages, verbatim, each naming its document, then the other retrieved passages folded
    away; for an unanswerable question, the closest passages. `articles` is what
    `ui.documents.cited_articles` gives for the record's citations; `names`: {doc_id: name} of the others."""
    if record is None:
        return SOURCES_PLACEHOLDER
    if record.answerable:
        heading, intro = "Sources", ""
    else:
        heading = "Closest passages"
        intro = '<p class="rag-intro">The article does not answer this; these passages come closest.</p>'
    items = "".join(_source_item(c, turn, document_name(c, articles or {})) for c in record.citations)
    body = f'<ol class="rag-source-list">{items}</ol>' if items else '<p class="rag-intro">No passages found.</p>'
    return (
        f'<div class="rag-sources" data-turn="{turn}"><h3>{heading}</h3>'
        f'<p class="rag-asked">Q: {escape(record.question)}</p>{intro}{body}'
        f'{_also_retrieved(record.retrieved, names or {})}</div>'
    )


def _spans(text: str, citations: list[Citation]) -> list[tuple[int, int, int]]:
    """(start, end, n) of the citations whose quote is really at [start, end), sorted, not overlapping."""
    spans: list[tuple[int, int, int]] = []
    cursor = 0
    for c in sorted(citations, key=lambda c: (c.start, c.end)):
        if text[c.start:c.end] != c.quote:
            continue  # the file changed since it was indexed: do not mark the wrong words
        start = max(c.start, cursor)
        spans.append((start, max(start, c.end), c.id))
        cursor = max(cursor, c.end)
    return spans


def _windows(length: int, spans: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """Merged [start, end) ranges of a long text to show: each span with WINDOW chars around it."""
    if length <= FULL_TEXT_LIMIT:
        return [(0, length)]
    ranges: list[tuple[int, int]] = []
    for start, end, _ in spans:
        lo, hi = max(0, start - WINDOW), min(length, end + WINDOW)
        if ranges and lo <= ranges[-1][1]:
            ranges[-1] = (ranges[-1][0], max(ranges[-1][1], hi))
        else:
            ranges.append((lo, hi))
    return ranges or [(0, min(length, FULL_TEXT_LIMIT))]


def _paragraphs(length: int, body: Spans, spans: list[tuple[int, int, int]]) -> list[tuple[int, int]]:
    """The ranges of the text to show: the body paragraphs (the whole text when none are known) and any
    cited span outside them, so a citation is always shown; sorted, overlaps merged."""
    if not body:
        return [(0, length)]
    merged: list[tuple[int, int]] = []
    for start, end in sorted([*body, *((start, end) for start, end, _ in spans)]):
        if merged and start <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], end))
        else:
            merged.append((start, end))
    return merged


def _joiner(gap: str) -> str:
    """What stands between two shown paragraphs, given the source text between them: a paragraph break;
    but where an entity split one HTML paragraph ("Q &amp; A"), the entity as a reader sees it."""
    tags = [m[1].lower() for m in _TAG.finditer(gap) if m[1]]
    rest = _ENTITY.sub("", _TAG.sub("", gap))
    if "\n" in gap or rest.strip() or any(tag in HTML_BLOCK_TAGS for tag in tags):
        return "\n\n"
    return escape(re.sub(r"\s+", " ", unescape(_TAG.sub("", gap))))


def _marked(text: str, start: int, end: int, spans: list[tuple[int, int, int]]) -> str:
    """text[start:end], escaped, with the cited spans inside it wrapped in <mark id="cite-N">."""
    out: list[str] = []
    cursor = start
    for span_start, span_end, n in spans:
        if span_start < start or span_end > end:
            continue
        out.append(escape(text[cursor:span_start]))
        out.append(f'<mark id="cite-{n}" class="cite-mark">{escape(text[span_start:span_end])}</mark>')
        cursor = span_end
    out.append(escape(text[cursor:end]))
    return "".join(out)


def highlighted_text(text: str, citations: list[Citation], body: Spans = ()) -> str:
    """The escaped text with each cited span wrapped in <mark id="cite-N">. Given `body`, the paragraphs the
    cleaner kept, only they are shown (no page chrome), joined by paragraph breaks; offsets still index `text`."""
    spans = _spans(text, citations)
    paragraphs = _paragraphs(len(text), body, spans)
    windows = _windows(len(text), spans)
    out: list[str] = []
    for w_start, w_end in windows:
        if w_start > 0:
            out.append('<span class="rag-gap">…</span>\n')
        previous: int | None = None
        for start, end in paragraphs:
            start, end = max(start, w_start), min(end, w_end)
            if start >= end:
                continue
            if previous is not None:
                out.append(_joiner(text[previous:start]))
            out.append(_marked(text, start, end, spans))
            previous = end
    if windows[-1][1] < len(text):
        out.append('\n<span class="rag-gap">…</span>')
    return "".join(out)


def article_panel(record: AnswerRecord | None, turn: int, articles: dict[str, Article]) -> str:
    """Each cited document, with the cited spans marked."""
    if record is None or not record.citations:
        return ARTICLE_PLACEHOLDER
    sections = []
    for source, article in articles.items():
        cited = [c for c in record.citations if c.source == source]
        title = escape(article.name or article.doc_id)
        if article.text is None:
            body = '<p class="rag-intro">This article cannot be read now (moved, changed or removed).</p>'
        else:
            body = f'<div class="rag-article-body">{highlighted_text(article.text, cited, article.body)}</div>'
        sections.append(f'<section class="rag-doc"><div class="rag-doc-title">{title}</div>{body}</section>')
    return f'<div class="rag-article" data-turn="{turn}"><h3>Article</h3>{"".join(sections)}</div>'
