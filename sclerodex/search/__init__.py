"""Search stage: query parsing, ranking and passages (printing is sclerodex.output's)."""

import sclerodex.whoosh_engine  # noqa: F401  (Whoosh imported lightly, before a module here imports it)
