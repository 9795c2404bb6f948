"""Small, local corrections to Whoosh 2.7 internals that cost us real time.

Applied once, on import of the index layer.  Each fix leaves results exactly
as they were; tests (tests/test_parallel_ingest.py) compare indexes built
with and without our speed-ups.
"""

import sys
import types


def _import_whoosh_without_an_http_client() -> None:
    """whoosh.compat imports urllib.request (and with it http.client: about
    25 ms, a tenth of a search) only to re-export ``urlretrieve``, which
    Whoosh never calls for us.  Let it import a stand-in that fetches the real
    function if it ever is called, then take the stand-in away, so the rest of
    the process imports the real module as usual."""
    if "whoosh.compat" in sys.modules or "urllib.request" in sys.modules:
        return
    stand_in = types.ModuleType("urllib.request")

    def urlretrieve(*args, **kwargs):
        import importlib

        return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)

    stand_in.urlretrieve = urlretrieve
    sys.modules["urllib.request"] = stand_in
    try:
        import whoosh.compat  # noqa: F401
    finally:
        if sys.modules.get("urllib.request") is stand_in:
            del sys.modules["urllib.request"]


_import_whoosh_without_an_http_client()

from whoosh.codec import whoosh3  # noqa: E402

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
