"""Small, local corrections to Whoosh 2.7 internals that cost us real time.

Applied once, on import of the index layer.  Each fix leaves results exactly
as they were; tests (tests/test_parallel_ingest.py) compare indexes built
with and without our speed-ups.
"""

from whoosh.codec import whoosh3

_original_cached_reader = whoosh3.W3PerDocReader._cached_reader
_MISSING = object()


def _cached_reader_remembering_absence(self, fieldname, column):
    """Whoosh caches a field's length-column reader but not the fact that a
    field has none (ID and KEYWORD fields), so every posting of such a field
    asked the filesystem again (one stat per posting while committing: about
    an eighth of ingest time).  Remember absence too."""
    absent = self.__dict__.setdefault("_sclerodex_absent_columns", set())
    if fieldname in absent:
        return None
    reader = _original_cached_reader(self, fieldname, column)
    if reader is None:
        absent.add(fieldname)
    return reader


def apply() -> None:
    if whoosh3.W3PerDocReader._cached_reader is not _cached_reader_remembering_absence:
        whoosh3.W3PerDocReader._cached_reader = _cached_reader_remembering_absence


apply()
