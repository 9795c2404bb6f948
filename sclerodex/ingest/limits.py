"""Size limits on what is read, shared by files and fetched pages."""

from sclerodex.errors import UnusableSource

DEFAULT_MAX_MB = 50
DEFAULT_MAX_BYTES = DEFAULT_MAX_MB * 1024 * 1024


def too_large(max_bytes: int) -> UnusableSource:
    return UnusableSource(f"larger than the {max_bytes / (1024 * 1024):g} MB limit (see --max-size)")
