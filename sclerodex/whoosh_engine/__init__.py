"""The one door to Whoosh: storage (index generations), the schema and its
analyser, the fixes to Whoosh 2.7, BM25F's field-word query and matcher,
bulk scoring over Whoosh's postings, and for search the session on an open
index (session.py), the query trees (queries.py), filters as queries
(restrictions.py) and the bounds on wildcards (expansions.py).

The rest of sclerodex speaks records (index/documents.py) and query plans
(search/query.py) and imports Whoosh only through this package.  A second
engine would be a sibling package (``sclerodex/<name>_engine/``) offering the
same: open an index by generation, a session answering a search's questions,
query builders, and document number -> score for a plan's queries.
"""

from sclerodex.whoosh_engine.fixes import import_whoosh_lightly

import_whoosh_lightly()  # before anything of this package imports Whoosh
