"""Domain exceptions, raised by the library and translated once by the CLI."""


class SclerodexError(Exception):
    """Base class: every expected failure the user can act on."""


class UnusableSource(SclerodexError):
    """A source cannot be turned into an article (binary, empty, no text...)."""


class SourceGone(UnusableSource):
    """The server says the page is gone for good (HTTP 404 or 410); other
    failures to fetch (timeouts, 5xx, DNS) may pass, and are plain
    UnusableSource."""


class IndexMissing(SclerodexError):
    """There is no index (or an empty one) where one was expected."""


class IndexLocked(SclerodexError):
    """Another process holds the index's write lock."""


class IndexIncompatible(SclerodexError):
    """The index was written by an incompatible schema version."""


class QueryError(SclerodexError):
    """The query cannot be read or run."""


class IndexWriteError(SclerodexError):
    """The index cannot be written (disk full, read-only folder, ...); what
    was committed before is intact."""


class IndexDamaged(SclerodexError):
    """Files of the index are missing or corrupt."""


class NothingRemembered(SclerodexError):
    """``update`` was asked for, but no source was ever ingested."""


class NothingMatched(SclerodexError):
    """A name given to a command matches nothing: exit 1, like grep."""

    exit_code = 1


class NoSuchWatch(NothingMatched):
    """A saved search named by a number that does not exist."""
