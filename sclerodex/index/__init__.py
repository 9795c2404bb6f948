"""Index stage: the records' documents, writing articles, locking, catalog,
check and rebuild.  The index is read and written through the store API of
sclerodex/engine.py, which sclerodex.whoosh_engine implements."""

import sclerodex.whoosh_engine  # noqa: F401  (Whoosh imported lightly, before a module here imports it)
