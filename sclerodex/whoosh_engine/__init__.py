"""The one door to Whoosh: storage (index generations), the schema and its
analyser, BM25F's field-word query and matcher, bulk scoring over Whoosh's
postings, and for search the session on an open index (session.py), the
query trees (queries.py), filters as queries (restrictions.py) and the
bounds on wildcards (expansions.py).

Every use of Whoosh's private internals is in w3_internals.py, behind one
gate (``FAST_PATHS``: Whoosh 2.7.5 and no ``SCLERODEX_FAST_PATHS=0``); off,
the engine uses Whoosh's public API only (docs/architecture.md).

The rest of sclerodex speaks records (index/documents.py) and query plans
(search/query.py) and imports Whoosh only through this package.  A second
engine would be a sibling package (``sclerodex/<name>_engine/``) offering the
same: open an index by generation, a session answering a search's questions,
query builders, and document number -> score for a plan's queries.
"""

from sclerodex.whoosh_engine import w3_internals  # noqa: F401  (imports Whoosh lightly, before anything of this package imports it)
