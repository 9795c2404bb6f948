"""Worker processes that inherit nothing and die with their parent.

Workers are started fresh (``spawn``), so they inherit no file descriptor of
the parent (above all, not the index's write lock).  On Linux each worker
also asks the kernel to kill it when its parent dies, so killing the main
process (``kill PID`` or ``kill -9``) leaves nothing behind.  Ctrl-C is the
parent's to handle: workers ignore it.  Used by the parsing workers
(ingest/pool.py), the segment builder (whoosh_engine/segment_builder.py)
and the end-of-run merge (whoosh_engine/merging.py).
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from concurrent.futures import ProcessPoolExecutor

_PR_SET_PDEATHSIG = 1


def _die_with_parent(parent: int) -> None:
    """Worker start-up: be killed when the parent dies, and if it died while
    this worker was starting, go now."""
    if sys.platform.startswith("linux"):
        try:
            ctypes.CDLL("libc.so.6", use_errno=True).prctl(_PR_SET_PDEATHSIG, signal.SIGKILL)
        except OSError:
            pass
    if os.getppid() != parent:
        os._exit(0)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl-C is the parent's to handle


def start_workers(count: int) -> ProcessPoolExecutor:
    context = multiprocessing.get_context("spawn")
    return ProcessPoolExecutor(
        max_workers=count, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
    )


def stop_at_once(pool: ProcessPoolExecutor) -> None:
    """Stop the workers at once and drop the work queued for them."""
    terminate = getattr(pool, "terminate_workers", None)  # Python 3.14 and later
    if terminate is not None:
        terminate()
    else:
        for process in list((getattr(pool, "_processes", None) or {}).values()):
            process.terminate()
    # The executor's own thread sees its workers gone and ends at once; waiting
    # for it keeps Python's exit from waking it through a pipe it has closed.
    pool.shutdown(wait=True, cancel_futures=True)
