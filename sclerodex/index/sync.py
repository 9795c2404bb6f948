"""Bringing the index up to date with a set of sources."""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from pathlib import Path

from sclerodex.index.writer import DEFAULT_BATCH, ArticleWriter, WriteSummary
from sclerodex.ingest.sources import DEFAULT_MAX_BYTES, SourceResult, read_sources


def ingest_paths(
    index_dir: Path,
    paths: Iterable[str | os.PathLike],
    *,
    batch_size: int = DEFAULT_BATCH,
    max_bytes: int = DEFAULT_MAX_BYTES,
    on_result: Callable[[SourceResult], None] | None = None,
) -> WriteSummary:
    """Read every file under ``paths`` and write its article to the index.

    A source that cannot be used is recorded in ``summary.skipped`` and the
    batch goes on; ``on_result`` sees each source as it is read.
    """
    with ArticleWriter(index_dir, batch_size) as writer:
        for result in read_sources(paths, max_bytes):
            if on_result:
                on_result(result)
            if result.article is not None:
                writer.add(result.article)
            else:
                writer.skip(result.source, result.reason or "unusable")
    return writer.summary
