"""The one door to Whoosh: storage (index generations), the schema and its
analyser, BM25F's field-word query and matcher, bulk scoring over Whoosh's
postings, the store (store.py), and for search the session on an open index
(session.py), the query language read into sclerodex's query trees and the
trees compiled into Whoosh's queries (queries.py), filters as queries
(restrictions.py) and the bounds on wildcards (expansions.py).

Every use of Whoosh's private internals is in w3_internals.py, behind one
gate (``FAST_PATHS``: Whoosh 2.7.5 and no ``SCLERODEX_FAST_PATHS=0``); off,
the engine uses Whoosh's public API only (docs/architecture.md).

The rest of sclerodex speaks records (index/documents.py) and query trees
(sclerodex/querytree.py) and imports Whoosh only through this package.  A
second engine would be a sibling package (``sclerodex/<name>_engine/``)
offering what sclerodex/engine.py writes down: a store, a search session, a
query language and bulk scoring.
"""

from sclerodex.whoosh_engine import w3_internals  # noqa: F401  (imports Whoosh lightly, before anything of this package imports it)
