"""Publication dates as written on pages and in feeds -> ``datetime.date``."""

from __future__ import annotations

import datetime as dt
import email.utils
import re

_ISO_DATE = re.compile(r"(\d{4})-(\d{2})-(\d{2})")


def parse_date(value: str | None) -> dt.date | None:
    """ISO 8601 (any time part ignored) or RFC 2822; None when unreadable."""
    if not value:
        return None
    value = value.strip()
    match = _ISO_DATE.match(value)
    if match:
        try:
            return dt.date(*(int(g) for g in match.groups()))
        except ValueError:
            return None
    try:
        parsed = email.utils.parsedate_to_datetime(value)
    except (TypeError, ValueError, IndexError):
        return None
    return parsed.date() if parsed else None


_MONTHS = {
    "jan": 1, "feb": 2, "mar": 3, "apr": 4, "may": 5, "jun": 6,
    "jul": 7, "aug": 8, "sep": 9, "oct": 10, "nov": 11, "dec": 12,
}
_MONTH = r"(?P<month>Jan(?:uary)?|Feb(?:ruary)?|Mar(?:ch)?|Apr(?:il)?|May|June?|July?|Aug(?:ust)?|Sep(?:t(?:ember)?)?|Oct(?:ober)?|Nov(?:ember)?|Dec(?:ember)?)\.?"
_DAY = r"(?P<day>\d{1,2})(?:st|nd|rd|th)?"
_YEAR = r"(?P<year>(?:19|20)\d{2})"
_WRITTEN_DATES = (
    re.compile(rf"\b{_MONTH}\s+{_DAY},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(rf"\b{_DAY}\s+{_MONTH},?\s+{_YEAR}\b", re.IGNORECASE),
    re.compile(r"\b(?P<year>(?:19|20)\d{2})-(?P<month>\d{1,2})-(?P<day>\d{1,2})(?!\d)"),
)


def find_written_date(text: str) -> tuple[dt.date, tuple[int, int]] | None:
    """The first date written out in a line ("September 3, 2024", "3 Sept.
    2024", "2024-09-03") and where it stands; None when there is none."""
    for pattern in _WRITTEN_DATES:
        for match in pattern.finditer(text):
            month = match.group("month")
            month_number = int(month) if month.isdigit() else _MONTHS[month[:3].lower()]
            try:
                return dt.date(int(match.group("year")), month_number, int(match.group("day"))), match.span()
            except ValueError:
                continue
    return None
