"""Ctrl-C during a long run: the first one stops the run cleanly, a second
one stops the process at once, without a traceback.

The first interrupt raises KeyboardInterrupt as usual: the worker processes
are terminated (pool.py) and the writer commits the articles already parsed
and queued, as many as it can commit in about ``KEEP_SECONDS`` (the others
are read again by the next run), then raises :class:`IngestInterrupted`, which
says how many articles the run kept.  Should a second one come while that
happens, the process exits 130 on the spot: the index is then as a kill
would leave it, which it is built to survive (every commit before is kept;
the next run cleans up).
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager

# Longest an interrupted ingest may spend committing what it has parsed (so
# that, stopping the workers and exiting included, it stops within about 2 s).
KEEP_SECONDS = 1.5


class IngestInterrupted(KeyboardInterrupt):
    """Ctrl-C stopped an ingest once the writer had kept what it could:
    ``kept`` articles written by the run (new or updated, committed);
    ``problem`` says which of the articles parsed were not committed, and
    why (None when every one was)."""

    def __init__(self, kept: int, problem: str | None = None):
        super().__init__(kept, problem)
        self.kept, self.problem = kept, problem


@contextmanager
def stop_at_second_interrupt(message: str):
    """Handle SIGINT as the module doc says while the block runs (from the
    main thread only, where Python delivers signals)."""
    if threading.current_thread() is not threading.main_thread():
        yield
        return

    def again(signum, frame) -> None:
        os.write(2, ("\n" + message + "\n").encode())
        os._exit(130)

    interrupted = []

    def first(signum, frame) -> None:
        signal.signal(signal.SIGINT, again)
        interrupted.append(signum)
        raise KeyboardInterrupt

    previous = signal.signal(signal.SIGINT, first)
    try:
        yield
    finally:
        if not interrupted:  # after one, a second must still stop at once
            signal.signal(signal.SIGINT, previous)
