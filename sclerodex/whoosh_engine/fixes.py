"""Small, local corrections to Whoosh 2.7 internals that cost us real time.

Applied once, on import of the index layer.  Each fix leaves results exactly
as they were; tests (tests/test_parallel_ingest.py) compare indexes built
with and without our speed-ups.
"""

import functools
import importlib
import sys
import types


def _stand_in(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def _import_whoosh_lightly() -> None:
    """Import Whoosh without two heavy imports it makes for nothing we use.

    whoosh.compat imports urllib.request (and with it http.client: about
    25 ms, a tenth of a search) only to re-export ``urlretrieve``; and
    whoosh.reading takes ``cached_property`` from the package of that name,
    which imports asyncio (24-74 ms); whoosh.query imports the English
    morphology tables (8 ms of regular expressions) for a query type we never
    build.  They are given stand-ins while Whoosh is imported (the standard
    library's ``functools.cached_property`` does the same job on Whoosh's
    plain classes; the others load the real module on first use), then taken
    away, so the rest of the process imports the real modules as usual.
    """
    if "whoosh" in sys.modules:
        return

    def urlretrieve(*args, **kwargs):
        return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)

    def variations(word):
        return importlib.import_module("whoosh.lang.morph_en").variations(word)

    stand_ins = {
        "urllib.request": _stand_in("urllib.request", urlretrieve=urlretrieve),
        "whoosh.lang.morph_en": _stand_in("whoosh.lang.morph_en", variations=variations),
        "cached_property": _stand_in("cached_property", cached_property=functools.cached_property),
    }
    for name, module in stand_ins.items():
        sys.modules.setdefault(name, module)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.reading  # noqa: F401
        import whoosh.query  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


_import_whoosh_lightly()

from whoosh.codec import whoosh3  # noqa: E402

_original_cached_reader = whoosh3.W3PerDocReader._cached_reader


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
