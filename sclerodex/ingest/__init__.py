"""Ingest stage: sources (files, folders, pages) -> ``Article`` records.

Nothing here imports Whoosh.  Import the submodules you need directly
(``sclerodex.ingest.sources``, ``...records``): this package's ``__init__``
stays empty so that the search path never pays for the HTML parser.
"""
