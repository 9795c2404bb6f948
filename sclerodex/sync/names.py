"""The names sources are remembered under (index/remembered.py): a URL as
given, a path resolved, and the bundled samples as ``SAMPLES_SOURCE`` so that
``update`` reads them from wherever the package is installed now.  Naming a
source is the driver's business: the index only stores the names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sclerodex.index.remembered import RememberedSource, forget_remembered
from sclerodex.ingest.fetch import is_url

SAMPLES_SOURCE = "sclerodex:samples"


def normalise_source(spec: str) -> str:
    """The name a source is remembered under: URLs as given, paths resolved."""
    if spec == SAMPLES_SOURCE or is_url(spec):
        return spec
    return str(Path(spec).expanduser().resolve())


def forget_source(
    index_dir: Path, name: str, wait: float = 0.0, on_wait: Callable[[float], None] | None = None
) -> RememberedSource | None:
    """Stop remembering ``name``, as given or as an absolute path (its
    articles stay); None if it was not remembered."""
    return forget_remembered(index_dir, (name, normalise_source(name)), wait, on_wait)
