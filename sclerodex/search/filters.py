"""Narrowing a search: dates, tags and site.

A date filter keeps dated articles only (an undated article cannot be said to
be "since" anything).  Dates may be given as YYYY, YYYY-MM or YYYY-MM-DD:
``since`` starts at the first day they name, ``until`` ends at the last; or
as a time ago (``7d``, ``2w``, ``6m``, ``1y``, ``today``, ``yesterday``),
which names one day.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sclerodex.errors import QueryError
from sclerodex.textutil import folded_label

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")
_RELATIVE = re.compile(r"(\d{1,4})\s*([dwmy])")
_UNITS = {"d": "days", "w": "weeks", "m": "months", "y": "years"}
DATE_FORMS = "YYYY-MM-DD, YYYY-MM, YYYY, or a time ago: 7d, 2w, 6m, 1y, today, yesterday"


def date_bound(text: str, end: bool = False, today: dt.date | None = None) -> dt.date:
    """The first (or, with ``end``, last) day named by YYYY[-MM[-DD]], or
    the day a time ago names: ``7d`` (days), ``2w`` (weeks), ``6m``
    (calendar months), ``1y`` (years), ``today``, ``yesterday`` -- counted
    back from ``today`` (the local date), so a saved search that keeps
    "7d" always means the last seven days."""
    wanted = text.strip().casefold()
    relative = _relative_day(wanted, today or dt.date.today())
    if relative is not None:
        return relative
    found = _DATE.fullmatch(wanted)
    if not found:
        raise QueryError(f"cannot read the date {_shown(text)}: use {DATE_FORMS}")
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return dt.date(year, month, day)
    except ValueError:
        raise QueryError(f"cannot read the date {_shown(text)}: no such day") from None


def added_since_day(text: str) -> dt.date:
    """The first day ``--added-since`` names: added-on times are UTC, so
    "today" or "7d" count back from today's UTC date."""
    return date_bound(text, today=dt.datetime.now(dt.timezone.utc).date())


def _relative_day(text: str, today: dt.date) -> dt.date | None:
    """The day ``text`` names counted back from ``today``; None when it is
    not a relative form."""
    if text == "today":
        return today
    if text == "yesterday":
        return today - dt.timedelta(days=1)
    found = _RELATIVE.fullmatch(text)
    if not found:
        return None
    count, unit = int(found.group(1)), found.group(2)
    if unit in "dw":
        return today - dt.timedelta(days=count * (7 if unit == "w" else 1))
    months = count * (12 if unit == "y" else 1)
    year, month = divmod(today.year * 12 + today.month - 1 - months, 12)
    if year < 1:
        raise QueryError(f"cannot read the date {text!r}: that is before the year 1")
    month += 1
    return dt.date(year, month, min(today.day, calendar.monthrange(year, month)[1]))


def _shown(text: str) -> str:
    shown = text if len(text) <= 40 else text[:39] + "…"
    return repr(shown)


@dataclass(frozen=True)
class Filters:
    """Which sections may be shown; all conditions must hold.

    ``articles``: only sections of these article ids (``search --new``,
    saved searches); ``exclude``: never these section doc ids (what a saved
    search has already reported).
    """

    since: dt.date | None = None
    until: dt.date | None = None
    tags: tuple[str, ...] = ()
    site: str | None = None
    articles: frozenset[str] | None = None
    exclude: frozenset[str] = frozenset()

    def site_domain(self) -> str | None:
        """The domain ``site`` names ("sclerodermanews.com", without
        "www."), None when it names a site by its name."""
        wanted = (self.site or "").strip().casefold()
        return wanted.removeprefix("www.") if _DOMAIN.fullmatch(wanted) else None

    def names_site(self, name: str) -> bool:
        """Whether ``site`` names the site called ``name``: by its name, whatever
        the case ("scleroderma news" finds "Scleroderma News"), by words of
        it ("bbc" finds "BBC News", "scleroderma" finds "Scleroderma News"),
        or by a domain whose first label is the name written without spaces."""
        domain = self.site_domain()
        if domain:
            return name.casefold() == domain or _squashed(name) == domain.split(".")[0]
        return _runs_within(_words(self.site or ""), _words(name))

    def on_site_domain(self, article_id: str) -> bool:
        """Whether the article's URL is on the domain ``site`` names, or under
        it; or, for one word, whether it is a part of the host name ("bbc"
        finds www.bbc.co.uk, "sclerodermanews" sclerodermanews.com)."""
        domain = self.site_domain()
        host = urlsplit(article_id).hostname if "://" in article_id else None
        if not host:
            return False
        if domain:
            return host == domain or host.endswith("." + domain)
        wanted = _words(self.site or "")
        return len(wanted) == 1 and wanted[0] in re.split(r"[.-]", host)

    def conditions(self) -> list[tuple[str, Filters]]:
        """Each condition alone, with how a message names it."""
        found = []
        if self.since or self.until:
            label = " ".join(f"{word} {day}" for word, day in (("since", self.since), ("until", self.until)) if day)
            found.append((label, Filters(since=self.since, until=self.until)))
        found += [(f"tag {tag!r}", Filters(tags=(tag,))) for tag in self.tags]
        if self.site:
            found.append((f"site {self.site!r}", Filters(site=self.site)))
        return found


NO_FILTERS = Filters()


_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}")


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", folded_label(text))


def _runs_within(wanted: list[str], words: list[str]) -> bool:
    """Whether ``wanted`` (one word or more) is a run of ``words``."""
    n = len(wanted)
    return n > 0 and any(words[i : i + n] == wanted for i in range(len(words) - n + 1))


def _squashed(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())
