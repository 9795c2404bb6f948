"""What an ingest or update run may do: the knobs the CLI's options set."""

from __future__ import annotations

from dataclasses import dataclass

from sclerodex.index.commits import COMMIT_SECONDS, DEFAULT_BATCH
from sclerodex.ingest.fetch import DEFAULT_TIMEOUT
from sclerodex.ingest.limits import DEFAULT_MAX_BYTES


@dataclass(frozen=True)
class IngestOptions:
    force: bool = False  # re-read and rewrite everything
    prune: bool = False  # remove articles whose file is gone, under the folders given
    wait: float = 0.0  # seconds to wait for another writer
    batch_size: int = DEFAULT_BATCH
    # Also commit after this many seconds of work (None: only every batch_size).
    commit_seconds: float | None = COMMIT_SECONDS
    max_bytes: int = DEFAULT_MAX_BYTES
    timeout: float = DEFAULT_TIMEOUT
    # Processes that read and parse files.  More than one starts workers
    # with "spawn", which re-imports the caller's main module: call from under
    # ``if __name__ == "__main__":`` (the CLI uses one per core).
    jobs: int = 1
