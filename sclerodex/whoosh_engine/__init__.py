"""The one door to Whoosh: storage (index generations), the schema and its
analyser, the fixes to Whoosh 2.7, BM25F's field-word query and matcher, and
bulk scoring over Whoosh's postings.

The rest of sclerodex speaks records (index/documents.py) and query plans
(search/query.py) and reaches Whoosh's internals only through this package.
A second engine would be a sibling package (``sclerodex/<name>_engine/``)
offering the same: open an index by generation, a schema's documents, and
document number -> score for a plan's queries.
"""

from sclerodex.whoosh_engine.fixes import import_whoosh_lightly

import_whoosh_lightly()  # before anything of this package imports Whoosh
