"""Split a page into blocks and tell article text from page chrome, keeping offsets.

Rules are about the shape of a line, never about one site's strings: prose ends in
terminal punctuation and has enough words; navigation, captions, headings, credits,
timestamps and teasers under a related-links heading do not or are marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from html.parser import HTMLParser

MIN_PROSE_WORDS = 8  # shorter lines count as prose only between two long paragraphs
LONG_PROSE_WORDS = 12
MIN_TAIL_WORDS = 5  # a sentence after the last long paragraph is the article's if it has this many words
MAX_CAPTION_WORDS = 30  # a longer line next to a photo credit is taken for prose

_TERMINAL = re.compile(r"[.!?…][\"'”’)\]]*$")
_WORD = re.compile(r"[^\W_]+(?:['’-][^\W_]+)*")
_CREDIT = re.compile(
    r"^(?:(?:image|photo|picture|video|illustration|graphic)s?\s*(?:source|credit|by)?\s*[:,]"
    r"|(?:credit|courtesy|source)s?\s*:|©|\(c\)\s|copyright\b)",
    re.IGNORECASE,
)
_TIMESTAMP = re.compile(
    r"^(?:[•·*-]\s*)?(?:published|updated|posted|last updated|first published)\b"
    r"|^\d+\s+(?:seconds?|minutes?|mins?|hours?|days?|weeks?|months?)\s+ago\b",
    re.IGNORECASE,
)
_RELATED_HEADING = re.compile(
    r"\b(?:related|you may also like|you might also like|more (?:from|on|stories|like this|news)"
    r"|read more|recommended|most read|most popular|trending|top stories|latest (?:news|stories)"
    r"|see also|further reading|also in)\b",
    re.IGNORECASE,
)
_REFERENCES = re.compile(r"(?:\s?\[[^\[\]\n]{1,25}\])+$")  # "[3]", "[note 2]", "[citation needed]" at the end
_SENTENCE_END = re.compile(r"[^\W\d_]{2}[.!?][\"'”’)]*\s+[\"“‘(]?[A-Z0-9]")  # "…in Leeds. The…", not "U.S. Senate"
_TRUNCATED = re.compile(r"(?:\.\.\.|…)\s*$")
_MARKDOWN_CHROME = re.compile(r"^(?:#{1,6}\s|!\[|\[[^\]]*\]\([^)]*\)|[-*+]\s+\[|\*[^*]+\*$|_[^_]+_$|>\s*$|---+$|\|)")

HTML_CHROME_TAGS = frozenset(
    {"script", "style", "nav", "header", "footer", "aside", "figure", "figcaption", "button",
     "form", "noscript", "title", "head", "svg", "select", "label", "menu", "template", "iframe"}
)
HTML_BLOCK_TAGS = frozenset(
    {"p", "div", "h1", "h2", "h3", "h4", "h5", "h6", "li", "ul", "ol", "blockquote", "td", "th",
     "tr", "table", "section", "article", "main", "br", "hr", "dd", "dt", "pre", "body", "html"}
    | HTML_CHROME_TAGS
)
HTML_HEADINGS = frozenset({"h1", "h2", "h3", "h4", "h5", "h6"})


@dataclass(frozen=True)
class Block:
    """A paragraph-sized span of the source. `text == source[start:end]`."""

    start: int
    end: int
    text: str
    kind: str  # "body" or "chrome"
    reason: str  # why: "prose", "short", "no-terminal", "credit", "teaser", ...
    heading: bool = False


def word_count(text: str) -> int:
    return len(_WORD.findall(text))


def _line_spans(source: str) -> list[tuple[int, int]]:
    """Non-blank lines as (start, end) with surrounding white space trimmed."""
    spans = []
    for match in re.finditer(r"[^\n]+", source):
        line = match.group()
        stripped = line.strip()
        if not stripped:
            continue
        start = match.start() + (len(line) - len(line.lstrip()))
        spans.append((start, start + len(stripped)))
    return spans


class _HtmlSegments(HTMLParser):
    """Collects text nodes with raw offsets, grouped into blocks by block-level tags."""

    def __init__(self, source: str) -> None:
        super().__init__(convert_charrefs=False)
        self.source = source
        self.line_starts = [0] + [m.end() for m in re.finditer("\n", source)]
        self.stack: list[str] = []
        self.blocks: list[tuple[list[tuple[int, int]], bool, bool]] = []  # segments, chrome, heading
        self.current: list[tuple[int, int]] = []

    def _offset(self) -> int:
        line, col = self.getpos()
        return self.line_starts[line - 1] + col

    def _flush(self) -> None:
        if self.current:
            chrome = any(tag in HTML_CHROME_TAGS for tag in self.stack)
            heading = any(tag in HTML_HEADINGS for tag in self.stack)
            self.blocks.append((self.current, chrome, heading))
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in HTML_BLOCK_TAGS:
            self._flush()
        if tag not in {"br", "hr", "img", "meta", "link", "input"}:
            self.stack.append(tag)

    def handle_endtag(self, tag: str) -> None:
        if tag in HTML_BLOCK_TAGS:
            self._flush()
        if tag in self.stack:
            while self.stack and self.stack.pop() != tag:
                pass

    def handle_data(self, data: str) -> None:
        start = self._offset()
        stripped = data.strip()
        if stripped:
            lead = len(data) - len(data.lstrip())
            self.current.append((start + lead, start + lead + len(stripped)))

    def handle_entityref(self, name: str) -> None:
        self._flush_entity()

    def handle_charref(self, name: str) -> None:
        self._flush_entity()

    def _flush_entity(self) -> None:
        # An entity breaks verbatim text: what follows starts a new segment of the block.
        self.current.append((-1, -1))


def _html_spans(source: str) -> list[tuple[int, int, bool, bool]]:
    """(start, end, forced_chrome, heading) for each verbatim run of text in an HTML page."""
    parser = _HtmlSegments(source)
    parser.feed(source)
    parser.close()
    parser._flush()
    spans = []
    for segments, chrome, heading in parser.blocks:
        runs: list[list[tuple[int, int]]] = [[]]
        for seg in segments:
            if seg == (-1, -1):
                runs.append([])
            else:
                runs[-1].append(seg)
        for run in runs:
            if not run:
                continue
            start, end = run[0][0], run[-1][1]
            if "<" in source[start:end]:  # inline tags: keep each text node on its own
                spans.extend((s, e, chrome, heading) for s, e in run)
            else:
                spans.append((start, end, chrome, heading))
    return spans


def _ends_like_prose(text: str) -> bool:
    """Terminal punctuation, ignoring reference marks after it; or a long line that ends in a
    colon before a list, or that holds two sentences or more whatever its last character."""
    core = _REFERENCES.sub("", text).rstrip()
    if _TERMINAL.search(core):
        return True
    return word_count(core) >= LONG_PROSE_WORDS and (core.endswith(":") or len(_SENTENCE_END.findall(core)) >= 2)


def _closing_sentence(text: str) -> bool:
    """A short paragraph after the body that is still the article: a sentence of a few words."""
    return word_count(text) >= MIN_TAIL_WORDS and bool(re.search(r"[.!?][\"'”’)]*$", text.strip()))


def _shape(text: str, markdown: bool) -> str | None:
    """Why a single line is chrome by its shape alone, or None if it may be prose."""
    caption_sized = word_count(text) <= MAX_CAPTION_WORDS  # a long paragraph may begin "Published in 1921, ..."
    if caption_sized and _CREDIT.search(text):
        return "credit"
    if caption_sized and _TIMESTAMP.search(text):
        return "timestamp"
    if markdown and _MARKDOWN_CHROME.search(text):
        return "markup"
    if _TRUNCATED.search(text):
        return "teaser"
    if not _ends_like_prose(text):
        return "no-terminal"
    return None


def split_blocks(source: str, fmt: str) -> list[Block]:
    """Classify every paragraph of `source` (fmt: "txt", "md" or "html") as body or chrome."""
    if fmt == "html":
        raw = _html_spans(source)
    else:
        raw = [(s, e, False, fmt == "md" and source[s:e].startswith("#")) for s, e in _line_spans(source)]

    first: list[tuple[int, int, str | None, bool]] = []
    for start, end, forced, heading in raw:
        text = source[start:end]
        reason = "tag" if forced else _shape(text, markdown=fmt == "md")
        if heading and reason is None:
            reason = "heading"
        first.append((start, end, reason, heading or reason == "no-terminal"))

    if fmt != "html":  # a line directly above or below a credit ("Photo: AFP") is its caption
        for i, (start, end, reason, heading_like) in enumerate(first):
            credit_next_to = [
                j for j in (i - 1, i + 1)
                if 0 <= j < len(first) and first[j][2] == "credit"
                and source[min(end, first[j][1]):max(start, first[j][0])].count("\n") == 1
            ]
            if reason is None and credit_next_to and word_count(source[start:end]) <= MAX_CAPTION_WORDS:
                first[i] = (start, end, "caption", heading_like)

    long_idx = [
        i for i, (s, e, reason, _) in enumerate(first)
        if reason is None and word_count(source[s:e]) >= LONG_PROSE_WORDS
    ]
    related_at = len(first)
    if long_idx:
        for i in range(long_idx[0] + 1, len(first)):
            s, e, reason, heading_like = first[i]
            if heading_like and word_count(source[s:e]) <= 8 and _RELATED_HEADING.search(source[s:e]):
                related_at = i
                break
    body_long = [i for i in long_idx if i < related_at]
    lo, hi = (body_long[0], body_long[-1]) if body_long else (len(first), -1)
    # News often ends on short sentences ("The sale is expected to be completed in March."): prose
    # that follows the last long paragraph directly is still the article, up to the first chrome.
    while hi + 1 < related_at and first[hi + 1][2] is None and _closing_sentence(source[slice(*first[hi + 1][:2])]):
        hi += 1

    if len(first) == 1 and first[0][2] != "tag":  # a document of one paragraph is that paragraph
        start, end, _, heading_like = first[0]
        return [Block(start, end, source[start:end], "body", "only-paragraph", heading=False)]
    blocks = []
    for i, (start, end, reason, heading_like) in enumerate(first):
        text = source[start:end]
        if reason is None and i >= related_at:
            reason = "related"
        elif reason is None and not lo <= i <= hi:
            reason = "outside-body"
        elif reason is None and word_count(text) < MIN_PROSE_WORDS and not lo < i < hi:
            reason = "short"
        kind = "body" if reason is None else "chrome"
        blocks.append(Block(start, end, text, kind, reason or "prose", heading=heading_like))
    return blocks


def title_of(blocks: list[Block]) -> str | None:
    """The first heading-like chrome line of four or more words before the body: the headline."""
    for block in blocks:
        if block.kind == "body":
            break
        headline_like = block.reason in {"no-terminal", "heading", "markup", "tag"}
        if block.heading and headline_like and word_count(block.text) >= 4:
            return block.text.lstrip("# ").strip()
    return None
