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

from whoosh import query as wq

from sclerodex.errors import QueryError
from sclerodex.whoosh_engine.schema import SECTION

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

    def query(self, searcher, sections_known: bool = False) -> wq.Query | None:
        """The Whoosh filter: every condition given, plus "sections only"
        unless the caller knows its query finds nothing else; None when
        nothing needs filtering."""
        parts: list[wq.Query] = [] if sections_known else [wq.Term("kind", SECTION)]
        if self.since or self.until:
            start = dt.datetime.combine(self.since, dt.time()) if self.since else None
            end = dt.datetime.combine(self.until, dt.time.max) if self.until else None
            if start and end and start > end:
                raise QueryError(f"--since {self.since} is after --until {self.until}")
            parts.append(wq.DateRange("published", start, end))
        for tag in self.tags:
            parts.append(wq.Term("tags", tag.strip().lower()))
        if self.site:
            parts.append(_site_query(searcher, self.site))
        if self.articles is not None:
            # No article has the empty id: an empty set lets nothing through.
            ids = sorted(self.articles) or [""]
            parts.append(wq.Or([wq.Term("article_id", article_id) for article_id in ids]))
        if self.exclude:
            parts.append(wq.Not(wq.Or([wq.Term("doc_id", doc_id) for doc_id in sorted(self.exclude)])))
        if not parts:
            return None
        return wq.And(parts) if len(parts) > 1 else parts[0]


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


def _site_query(searcher, site: str) -> wq.Query:
    """A site by its name, whatever the case ("scleroderma news" finds
    "Scleroderma News"), or by its domain: "sclerodermanews.com" (with or
    without "www.") finds the site of that name written without spaces, and
    every article whose URL is on that domain or under it."""
    wanted = site.strip().casefold()
    domain = wanted.removeprefix("www.") if _DOMAIN.fullmatch(wanted) else None
    label = domain.split(".")[0] if domain else None
    parts: list[wq.Query] = [
        wq.Term("site", _text(name))
        for name in searcher.lexicon("site")
        if _text(name).casefold() == wanted or label and _squashed(_text(name)) == label
    ]
    if domain:
        parts += [
            wq.Term("article_id", _text(ident))
            for ident in searcher.lexicon("article_id")
            if _on_domain(_text(ident), domain)
        ]
    if not parts:
        return wq.Term("site", site.strip())
    return wq.Or(parts) if len(parts) > 1 else parts[0]


_DOMAIN = re.compile(r"(?:[a-z0-9-]+\.)+[a-z]{2,}")


def _squashed(name: str) -> str:
    return "".join(c for c in name.casefold() if c.isalnum())


def _on_domain(article_id: str, domain: str) -> bool:
    host = urlsplit(article_id).hostname if "://" in article_id else None
    return bool(host) and (host == domain or host.endswith("." + domain))


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value
