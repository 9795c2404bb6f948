"""One writer at a time, across processes.

An ingest commits in many batches, so Whoosh's own per-commit lock is not
enough: a whole run holds this lock.  It is an ``flock`` on a file in the
index folder, so the kernel releases it when the holder dies, however it dies
(kill -9 included), and no stale lock is ever left behind.  Searches never
take it.
"""

from __future__ import annotations

import fcntl
import os
import time
from collections.abc import Callable
from pathlib import Path

from sclerodex.errors import IndexLocked, IndexWriteError

LOCK_FILE = "write.lock"
_POLL_SECONDS = 0.1


class IndexLock:
    """Hold the index's write lock; wait up to ``wait`` seconds for it."""

    def __init__(self, index_dir: Path, wait: float = 0.0, on_wait: Callable[[float], None] | None = None):
        self.path = Path(index_dir) / LOCK_FILE
        self.wait = wait
        self.on_wait = on_wait
        self.fd: int | None = None

    def acquire(self) -> None:
        try:
            self.path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(self.path, os.O_CREAT | os.O_RDWR | os.O_CLOEXEC, 0o644)
        except OSError as problem:
            raise IndexWriteError(f"cannot write to the index at {self.path.parent}: {problem.strerror or problem}") from None
        deadline = time.monotonic() + self.wait
        told = False
        while True:
            try:
                fcntl.flock(fd, fcntl.LOCK_EX | fcntl.LOCK_NB)
                self.fd = fd
                return
            except BlockingIOError:
                if time.monotonic() >= deadline:
                    os.close(fd)
                    raise IndexLocked(
                        "another sclerodex process is writing to the index"
                        + (f" (waited {self.wait:g}s)" if self.wait else "")
                        + "; try again later or pass --wait SECONDS"
                    ) from None
                if not told and self.on_wait:
                    self.on_wait(self.wait)
                    told = True
                time.sleep(_POLL_SECONDS)

    def release(self) -> None:
        if self.fd is not None:
            fcntl.flock(self.fd, fcntl.LOCK_UN)
            os.close(self.fd)
            self.fd = None

    def __enter__(self) -> IndexLock:
        self.acquire()
        return self

    def __exit__(self, *exc) -> None:
        self.release()
