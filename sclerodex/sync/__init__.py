"""The ingest driver: feeds files, folders, pages and feeds through
``sclerodex.ingest`` into the index's writer, reading only what is new or
changed.  It sits between the stages (ingest -> sync -> index), so that
``sclerodex.index`` needs nothing of ingest but its records.

Import the submodules directly (``sclerodex.sync.driver``): this ``__init__``
stays empty so that the parsing workers (``prepare``) never import Whoosh.
"""
