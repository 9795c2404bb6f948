"""Ctrl-C during a long run: the first one stops the run cleanly, a second
one stops the process at once, without a traceback.

The first interrupt raises KeyboardInterrupt as usual: the batch in progress
is rolled back and the worker processes are terminated (pool.py).  Should a
second one come while that happens, the process exits 130 on the spot: the
index is then as a kill would leave it, which it is built to survive (every
commit before is kept; the next run cleans up).
"""

from __future__ import annotations

import os
import signal
import threading
from contextlib import contextmanager


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
