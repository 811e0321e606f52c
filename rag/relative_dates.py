"""Relative dates in a quote ("last Friday", "yesterday", "two weeks ago"), resolved with dateparser against
the publication date of its article (index/published.py): what "last Friday" meant on the day it was written.

A bare weekday on the article's own weekday ("on Tuesday" in a Tuesday's paper) is that day; dateparser,
asked for a past date, would give the week before. A weekday that a date follows ("Friday 3 March") is
no relative date.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from functools import lru_cache

from core.record import ResolvedDate

_WEEKDAYS = ("Monday", "Tuesday", "Wednesday", "Thursday", "Friday", "Saturday", "Sunday")
_COUNT = r"(?:\d{1,2}|an?|one|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|a\s+few|several)"
_MONTHS = "January|February|March|April|May|June|July|August|September|October|November|December"
_RELATIVE = re.compile(
    r"\b(?:yesterday|today|tomorrow"
    rf"|(?:(?:last|this|next|on)\s+)?(?:{'|'.join(_WEEKDAYS)})\b(?!,?\s*(?:\d|(?:{_MONTHS})\b))"  # not "Friday 3 March"
    rf"|{_COUNT}\s+(?:days?|weeks?|months?|years?)\s+ago"
    r"|(?:last|next)\s+(?:week|month|year))\b",
    re.IGNORECASE,
)
_LEADING_ON = re.compile(r"^on\s+", re.IGNORECASE)


def relative_dates(text: str, offset: int, published: str) -> list[ResolvedDate]:
    """The relative dates in `text` (which starts at `offset` of its file), resolved against `published`
    (ISO 8601); none when the publication date is not a date."""
    try:
        base = date.fromisoformat(published)
    except ValueError:
        return []
    resolved = []
    for match in _RELATIVE.finditer(text):
        written = _LEADING_ON.sub("", match.group())
        start = match.start() + (len(match.group()) - len(written))
        day = resolve(written, base)
        if day is not None:
            resolved.append(ResolvedDate(text=written, start=offset + start, end=offset + match.end(),
                                         date=day.isoformat(), basis=base.isoformat()))
    return resolved


def resolve(written: str, base: date) -> date | None:
    """The date `written` ("last Friday") meant on `base`, the day it was published."""
    if written.capitalize() in _WEEKDAYS and _WEEKDAYS.index(written.capitalize()) == base.weekday():
        return base
    return _parse(written.lower(), base)


@lru_cache(maxsize=1024)
def _parse(written: str, base: date) -> date | None:
    import dateparser  # loaded only for articles that give a publication date

    settings = {"RELATIVE_BASE": datetime(base.year, base.month, base.day, 12), "PREFER_DATES_FROM": "past"}
    parsed = dateparser.parse(written, languages=["en"], settings=settings)  # type: ignore[arg-type]
    return parsed.date() if parsed else None


def describe(resolved: ResolvedDate) -> str:
    """"last Friday → Fri 3 March 2023, from the article's date 7 March 2023"."""
    day, basis = date.fromisoformat(resolved.date), date.fromisoformat(resolved.basis)
    return f"{resolved.text} → {day:%a} {long_date(day)}, from the article's date {long_date(basis)}"


def long_date(day: date) -> str:
    return f"{day.day} {day:%B %Y}"
