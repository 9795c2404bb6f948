"""A commit's articles written into their segments by child processes.

The process that owns the index decides what a commit writes (deletions,
unchanged articles, source and ledger records); writing the articles'
sections into a segment -- the postings, stored fields and lengths -- was
most of its work, and while it wrote, the parsing workers waited.  Here two
children (children.py: no inherited lock, die with their parent) write that
segment in two halves while the parent goes on queuing the next batch; the
parent's commit then lists them beside its own (store.py's ``commit``), so the
commit is still one table of contents, all or nothing.  A segment written
but never listed (the run was killed) is deleted by the next commit.

Writing a segment for another writer's commit has no public Whoosh API
(w3_internals.finalize_segment): without FAST_PATHS there are no children
(:func:`available` is false) and the parent adds the articles itself.
"""

from __future__ import annotations

import pickle
from concurrent.futures import Future

from sclerodex.children import start_workers, stop_at_once
from sclerodex.whoosh_engine import w3_internals


def available() -> bool:
    """Whether a commit's articles may be written by the children (FAST_PATHS)."""
    return w3_internals.FAST_PATHS


class SegmentBuilder:
    """Two children that write segments, started when first needed: a
    commit's articles are split between them, in order, and written at once."""

    def __init__(self):
        self._workers = None

    def start(self, folder: str, articles: list[bytes]) -> list[Future]:
        """Have the ``articles`` (each ``packed``: its documents and their
        analysis) written into new segments of the index generation in
        ``folder``: the first half into one, the rest into another (one
        segment when they are few).  The futures give the segments, in
        order, written but not committed."""
        if self._workers is None:
            self._workers = start_workers(BUILDERS)
        parts = BUILDERS if len(articles) >= BUILDERS * MIN_ARTICLES_PER_SEGMENT else 1
        size = -(-len(articles) // parts)
        return [
            self._workers.submit(build_segment, folder, articles[start : start + size])
            for start in range(0, len(articles), size)
        ]

    def close(self) -> None:
        if self._workers is not None:
            self._workers.shutdown(wait=True)
            self._workers = None

    def stop_at_once(self) -> None:
        """Stop the children and drop what they were writing (Ctrl-C, an error)."""
        if self._workers is not None:
            stop_at_once(self._workers)
            self._workers = None


# Children writing a commit's segments at once: the parsing workers and these
# share the cores; with one, the ingest waited for it (one core's worth of
# writing against two of parsing).
BUILDERS = 2
MIN_ARTICLES_PER_SEGMENT = 100


def packed(documents: list[dict], analysis) -> bytes:
    """An article's documents (fields each, as preanalysis.add_document
    takes them) and the analysis of their texts (a PackedAnalysis, or
    None), for ``start``: pickled here, they wait for the child in a
    fraction of the memory, and the child unpacks one article at a time."""
    return pickle.dumps((documents, analysis), protocol=pickle.HIGHEST_PROTOCOL)


def build_segment(folder: str, articles: list[bytes]):
    """In the child: a new segment holding the ``packed`` articles, not committed."""
    from pathlib import Path

    from sclerodex.whoosh_engine.bulk_writing import uncommitted_segment_writer
    from sclerodex.whoosh_engine.preanalysis import accepts_analysed, add_documents
    from sclerodex.whoosh_engine.storage import open_generation
    from sclerodex.whoosh_engine.term_pool import TermPool

    writer = uncommitted_segment_writer(open_generation(Path(folder)))
    writer.pool = TermPool()  # written a term at a time (bulk_writing.py)
    analysed = accepts_analysed(writer.schema)
    for number, article in enumerate(articles):
        documents, analysis = pickle.loads(article)
        articles[number] = None  # unpacked: let it go
        add_documents(writer, documents, analysis if analysed else None)
    # Not writer.commit(): the parent's commit lists the segment.
    return w3_internals.finalize_segment(writer)
