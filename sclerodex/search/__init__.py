"""Search stage: query parsing, ranking, passages and rendering."""

import sclerodex.whoosh_engine  # noqa: F401  (Whoosh imported lightly, before a module here imports it)
