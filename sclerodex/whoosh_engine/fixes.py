"""Small, local corrections to Whoosh 2.7 that cost us real time.

Two, each leaving results exactly as they were (tests/test_whoosh_fixes.py
shows what each changes):

- ``import_whoosh_lightly``: this package imports Whoosh through it (its
  ``__init__``), so Whoosh's needless heavy imports are never made;
- ``apply``: the length-column fix, applied by storage.open_generation when
  sclerodex opens an index, not on import: a process that never opens one
  runs Whoosh's own method.  (It replaces a method of Whoosh's class, so
  once applied it holds for the whole process.)
"""

import functools
import importlib
import sys
import types


def _stand_in(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def import_whoosh_lightly() -> None:
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


def apply() -> None:
    """Remember absent length columns (see cached_reader_remembering_absence)."""
    from whoosh.codec import whoosh3

    global whoosh_cached_reader
    if whoosh_cached_reader is None:
        whoosh_cached_reader = whoosh3.W3PerDocReader._cached_reader
    whoosh3.W3PerDocReader._cached_reader = cached_reader_remembering_absence


whoosh_cached_reader = None  # Whoosh's own method, once apply() has replaced it


def cached_reader_remembering_absence(self, fieldname, column):
    """Whoosh caches a field's length-column reader but not the fact that a
    field has none (ID and KEYWORD fields), so every posting of such a field
    asked the filesystem again (one stat per posting while committing: about
    an eighth of ingest time).  Remember absence too."""
    absent = self.__dict__.setdefault("_sclerodex_absent_columns", set())
    if fieldname in absent:
        return None
    reader = whoosh_cached_reader(self, fieldname, column)
    if reader is None:
        absent.add(fieldname)
    return reader
