"""Narrowing a search: dates, tags and site.

A date filter keeps dated articles only (an undated article cannot be said to
be "since" anything).  Dates may be given as YYYY, YYYY-MM or YYYY-MM-DD:
``since`` starts at the first day they name, ``until`` ends at the last.
"""

from __future__ import annotations

import calendar
import datetime as dt
import re
from dataclasses import dataclass
from urllib.parse import urlsplit

from sclerodex.errors import QueryError

_DATE = re.compile(r"(\d{4})(?:-(\d{1,2})(?:-(\d{1,2}))?)?")


def date_bound(text: str, end: bool = False) -> dt.date:
    """The first (or, with ``end``, last) day named by YYYY[-MM[-DD]]."""
    found = _DATE.fullmatch(text.strip())
    if not found:
        raise QueryError(f"cannot read the date {text!r}: use YYYY-MM-DD, YYYY-MM or YYYY")
    year, month, day = (int(part) if part else None for part in found.groups())
    try:
        if month is None:
            return dt.date(year, 12, 31) if end else dt.date(year, 1, 1)
        if day is None:
            return dt.date(year, month, calendar.monthrange(year, month)[1] if end else 1)
        return dt.date(year, month, day)
    except ValueError:
        raise QueryError(f"cannot read the date {text!r}: no such day") from None


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
        the case ("scleroderma news" finds "Scleroderma News"), or by a domain
        whose first label is the name written without spaces."""
        domain = self.site_domain()
        label = domain.split(".")[0] if domain else None
        return name.casefold() == (self.site or "").strip().casefold() or bool(label) and _squashed(name) == label

    def on_site_domain(self, article_id: str) -> bool:
        """Whether the article's URL is on the domain ``site`` names, or under it."""
        domain = self.site_domain()
        host = urlsplit(article_id).hostname if domain and "://" in article_id else None
        return bool(host) and (host == domain or host.endswith("." + domain))

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


def _squashed(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())
