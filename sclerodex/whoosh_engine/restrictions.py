"""A search's filters as a Whoosh query over the stored fields.

``search/filters.py`` says what may be shown (dates, tags, site, articles,
sections already reported); this module finds those documents in Whoosh:
date ranges on the ``published`` column, terms of the ``tags``, ``site``,
``article_id`` and ``doc_id`` fields.  A site may be named by its name or its
domain; which lexicon entries it names is the filter's own decision
(``filters.names_site`` and ``filters.on_site_domain``).
"""

from __future__ import annotations

import datetime as dt

from whoosh import query as wq

from sclerodex.errors import QueryError
from sclerodex.textutil import folded_label
from sclerodex.whoosh_engine.queries import as_text
from sclerodex.whoosh_engine.schema import SECTION


def restriction(searcher, filters, sections_known: bool = False) -> wq.Query | None:
    """The Whoosh query of every condition of ``filters``, plus "sections
    only" unless the caller knows its query finds nothing else; None when
    nothing needs filtering."""
    parts: list[wq.Query] = [] if sections_known else [wq.Term("kind", SECTION)]
    if filters.since or filters.until:
        start = dt.datetime.combine(filters.since, dt.time()) if filters.since else None
        end = dt.datetime.combine(filters.until, dt.time.max) if filters.until else None
        if start and end and start > end:
            raise QueryError(f"--since {filters.since} is after --until {filters.until}")
        parts.append(wq.DateRange("published", start, end))
    for tag in filters.tags:
        parts.append(_tag(searcher, tag))
    if filters.site:
        parts.append(_site(searcher, filters))
    if filters.articles is not None:
        # No article has the empty id: an empty set lets nothing through.
        ids = sorted(filters.articles) or [""]
        parts.append(wq.Or([wq.Term("article_id", article_id) for article_id in ids]))
    if filters.exclude:
        parts.append(wq.Not(wq.Or([wq.Term("doc_id", doc_id) for doc_id in sorted(filters.exclude)])))
    if not parts:
        return None
    return wq.And(parts) if len(parts) > 1 else parts[0]


def _tag(searcher, tag: str) -> wq.Query:
    """Every stored tag that is ``tag`` with case, quotes, apostrophes and
    dashes folded ("raynaud's" finds "Raynaud’s")."""
    wanted = folded_label(tag)
    names = [name for name in map(as_text, searcher.lexicon("tags")) if folded_label(name) == wanted]
    if not names:
        return wq.Term("tags", tag.strip().lower())
    return wq.Or([wq.Term("tags", name) for name in names]) if len(names) > 1 else wq.Term("tags", names[0])


def _site(searcher, filters) -> wq.Query:
    parts: list[wq.Query] = [
        wq.Term("site", name) for name in map(as_text, searcher.lexicon("site")) if filters.names_site(name)
    ]
    if filters.site_domain() or not parts:
        # A domain, or a word no site name holds: look for it in the articles' host names.
        parts += [
            wq.Term("article_id", ident)
            for ident in map(as_text, searcher.lexicon("article_id"))
            if filters.on_site_domain(ident)
        ]
    if not parts:
        return wq.Term("site", filters.site.strip())
    return wq.Or(parts) if len(parts) > 1 else parts[0]

