"""sclerodex: terminal full-text search for health-news articles.

The package is a one-way pipeline: ``ingest`` turns sources into ``Article``
records, ``index`` writes them to a Whoosh index, ``search`` queries it and
builds highlighted passages; ``cli`` only parses options and prints.

What a program needs is importable from here::

    from sclerodex import ingest_paths, search
    summary = ingest_paths(Path("my-index"), ["articles/"])
    result = search(Path("my-index"), "nintedanib lung", limit=5)

Each name is imported when first used, so ``import sclerodex`` (and the
``sclerodex search`` command) loads nothing it does not need.
"""

from __future__ import annotations

import importlib

__version__ = "0.1.0"

# name -> the module that defines it
_PUBLIC = {
    # ingesting and keeping up
    "ingest_paths": "sclerodex.sync.driver",
    "update_sources": "sclerodex.sync.driver",
    "IngestOptions": "sclerodex.sync.options",
    "list_remembered": "sclerodex.index.remembered",
    "forget_source": "sclerodex.sync.names",
    # searching
    "search": "sclerodex.search",  # the package, called: search/__init__.py
    "Filters": "sclerodex.search.filters",
    "date_bound": "sclerodex.search.filters",
    # articles
    "show_article": "sclerodex.index.catalog",
    "list_articles": "sclerodex.index.catalog",
    "remove_articles": "sclerodex.index.catalog",
    "changed_articles": "sclerodex.index.catalog",
    "index_stats": "sclerodex.index.catalog",
    "rebuild_index": "sclerodex.index.maintenance",
    # saved searches
    "add_watch": "sclerodex.search.saved",
    "list_watches": "sclerodex.search.saved",
    "remove_watch": "sclerodex.search.saved",
    "check_watches": "sclerodex.search.saved",
    # records and errors
    "Article": "sclerodex.ingest.records",
    "Section": "sclerodex.ingest.records",
    "SclerodexError": "sclerodex.errors",
}

__all__ = ["__version__", *_PUBLIC]


def __getattr__(name: str):
    module = _PUBLIC.get(name)
    if module is None:
        raise AttributeError(f"module 'sclerodex' has no attribute {name!r}")
    imported = importlib.import_module(module)
    value = imported if module == f"{__name__}.{name}" else getattr(imported, name)
    globals()[name] = value  # once imported, a plain attribute
    return value


def __dir__() -> list[str]:
    return sorted(set(globals()) | set(_PUBLIC))
