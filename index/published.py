"""When an article was published, from its page: a dateline, a "Published 7 March 2023" line, or a page's
metadata. The relative dates of its sentences ("last Friday") are resolved against it (rag/relative_dates.py).

Only a full date counts (day, month and year): "in 2014" or "on 3 March" dates an event, not the page.
Looked for where pages put it: HTML metadata, the lines before the article's first paragraph (the cleaner
keeps them as page chrome), and a dateline opening that paragraph ("LONDON, 7 March 2023 -"). A line that
says "Published" or "Posted" wins over a plain date, and both over one that says "Updated".
"""

from __future__ import annotations

import re
from datetime import date

from index.clean import Block

_MONTH = (r"(?:Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sept?(?:ember)?"
          r"|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?")
_FULL_DATE = re.compile(
    rf"\b(?:\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH},?\s+\d{{4}}"  # 7 March 2023
    rf"|{_MONTH}\s+\d{{1,2}}(?:st|nd|rd|th)?,?\s+\d{{4}}"  # March 7, 2023
    r"|\d{4}-\d{2}-\d{2})(?!\d)",  # 2023-03-07
    re.IGNORECASE,
)
# <meta property="article:published_time" content="2023-03-07T09:00:00Z">, itemprop="datePublished" ...
_META = re.compile(
    r"<(?:meta|time)\b[^>]*?(?:published_time|datePublished|pubdate|publish-date|\bdate\b)[^>]*?"
    r"(?:content|datetime)\s*=\s*[\"'](?P<iso>\d{4}-\d{2}-\d{2})",
    re.IGNORECASE,
)
_TIME_TAG = re.compile(r"<time\b[^>]*?datetime\s*=\s*[\"'](?P<iso>\d{4}-\d{2}-\d{2})", re.IGNORECASE)
_PUBLISHED = re.compile(r"\b(?:published|posted|first published|dated?)\b", re.IGNORECASE)
_UPDATED = re.compile(r"\b(?:updated|modified|edited)\b", re.IGNORECASE)
_DATELINE = re.compile(rf"^\s*(?:[A-Z][\w.'’ -]{{0,40}},\s*)?(?P<date>{_FULL_DATE.pattern})\s*(?:\([^)]*\)\s*)?[-–—:]",
                       re.IGNORECASE)
HEADER_LINES = 12  # chrome lines before the first paragraph that may hold the date


def publication_date(text: str, blocks: list[Block]) -> str | None:
    """The article's publication date as ISO 8601 ("2023-03-07"), or None when the page does not give one."""
    meta = _META.search(text) or _TIME_TAG.search(text)
    if meta and _valid(meta["iso"]):
        return meta["iso"]
    first_body = next((i for i, block in enumerate(blocks) if block.kind == "body"), len(blocks))
    found: list[tuple[int, str]] = []  # (rank: 0 published, 1 plain, 2 updated; ISO date)
    for block in blocks[max(0, first_body - HEADER_LINES):first_body]:
        found += [(_rank(block.text), iso) for iso in map(parse_full_date, _FULL_DATE.findall(block.text)) if iso]
    if first_body < len(blocks):
        dateline = _DATELINE.match(blocks[first_body].text)
        iso = parse_full_date(dateline["date"]) if dateline else None
        if iso:
            found.append((1, iso))
    return min(found, key=lambda item: item[0])[1] if found else None


def _rank(line: str) -> int:
    if _PUBLISHED.search(line):
        return 0
    return 2 if _UPDATED.search(line) else 1


def parse_full_date(written: str) -> str | None:
    """"7 March 2023", "March 7th, 2023" or "2023-03-07" as ISO 8601; None if it is no real date."""
    import dateparser  # only for documents that give a date

    parsed = dateparser.parse(written, languages=["en"], settings={"REQUIRE_PARTS": ["day", "month", "year"]})
    return parsed.date().isoformat() if parsed else None


def _valid(iso: str) -> bool:
    try:
        date.fromisoformat(iso)
    except ValueError:
        return False
    return True
