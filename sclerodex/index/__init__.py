"""Index stage: the records' documents, writing articles, locking, catalog,
check and rebuild.  Whoosh itself is reached through sclerodex.whoosh_engine."""

import sclerodex.whoosh_engine  # noqa: F401  (Whoosh imported lightly, before a module here imports it)
