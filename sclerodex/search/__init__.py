"""Search stage: query parsing, ranking, passages and rendering."""

from sclerodex.index import whoosh_fixes  # noqa: E402,F401  (before anything imports Whoosh)
