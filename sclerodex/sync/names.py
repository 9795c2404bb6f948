"""The names sources are remembered under (index/remembered.py): a URL as
given, a path resolved, and the bundled samples as ``SAMPLES_SOURCE`` so that
``update`` reads them from wherever the package is installed now.  Naming,
remembering (run.py) and forgetting a source are the driver's business: the
index only keeps the names."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from sclerodex.index.ledger import REMEMBERED, ledger_doc_id
from sclerodex.index.remembered import RememberedSource, find_remembered
from sclerodex.index.writer import ArticleWriter
from sclerodex.ingest.fetch import is_url
from sclerodex.whoosh_engine.storage import reading

SAMPLES_SOURCE = "sclerodex:samples"


def normalise_source(spec: str) -> str:
    """The name a source is remembered under: URLs as given, paths resolved."""
    if spec == SAMPLES_SOURCE or is_url(spec):
        return spec
    return str(Path(spec).expanduser().resolve())


def forget_source(
    index_dir: Path, name: str, wait: float = 0.0, on_wait: Callable[[float], None] | None = None
) -> RememberedSource | None:
    """Stop remembering ``name``, as given or as an absolute path; None if it
    was not remembered.  Its articles stay (``ingest --prune`` on its folder,
    or ``remove``, takes them out)."""
    with ArticleWriter(index_dir, wait=wait, on_wait=on_wait, create=False) as writer:
        with reading(index_dir), writer.store.reader() as reader:
            found = find_remembered(reader, (name, normalise_source(name)))
        if found is not None:
            writer.drop_ledger(ledger_doc_id(REMEMBERED, found.source))
    return found
