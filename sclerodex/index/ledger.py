"""Small records the index keeps beside its articles: remembered sources,
the run log, saved searches, removed articles kept out and what is still
failing.

Each is one document of the store with only stored fields (``doc_id``, ``kind``,
``record`` as JSON), like the source records of manifest.py: no new field, so
an index written before them needs no rebuild, searches never match them, and
they are written in the same commits as the articles they describe.  Their
documents are built and read in documents.py.
"""

from __future__ import annotations

REMEMBERED = "remembered"  # a source given to ingest (remembered.py)
RUN = "run"  # one ingest or update run (runs.py)
WATCH = "watch"  # a saved search (search/saved.py)
EXCLUDED = "excluded"  # an article removed by 'sclerodex remove', kept out (exclusions.py)
FAILING = "failing"  # a feed item, page or file that could not be read (failing.py)
KINDS = (REMEMBERED, RUN, WATCH, EXCLUDED, FAILING)


def ledger_doc_id(kind: str, key: str) -> str:
    return f"{kind}:{key}"
