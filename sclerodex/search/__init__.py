"""Search stage: query parsing, ranking, passages and rendering."""

from sclerodex.whoosh_engine import fixes  # noqa: E402,F401  (before anything imports Whoosh)
