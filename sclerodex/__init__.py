"""sclerodex: terminal full-text search for health-news articles.

The package is a one-way pipeline: ``ingest`` turns sources into ``Article``
records, ``index`` writes them to a Whoosh index, ``search`` queries it and
builds highlighted passages; ``cli`` only parses options and prints.
"""

__version__ = "0.1.0"
