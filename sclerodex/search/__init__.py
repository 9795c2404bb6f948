"""Search stage: query parsing, ranking and passages (printing is sclerodex.output's)."""

from sclerodex.index import whoosh_fixes  # noqa: E402,F401  (before anything imports Whoosh)
