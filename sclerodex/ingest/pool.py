"""Parsing on every core while the index writer writes.

Workers are started fresh (``spawn``), so they inherit no file descriptor of
the parent (above all, not the index's write lock), and they never open the
index.  On Linux each worker also asks the kernel to kill it when its parent
dies, so killing the main process (``kill PID`` or ``kill -9``) leaves nothing
behind.
"""

from __future__ import annotations

import ctypes
import multiprocessing
import os
import signal
import sys
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future, ProcessPoolExecutor

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


def default_jobs() -> int:
    return max(1, len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else (os.cpu_count() or 1))


def map_in_order(
    function: Callable, argument_lists: Iterable[tuple], jobs: int, chunk: int = 16, window: int = 8
) -> Iterator:
    """``function(*args)`` for each args, results in input order.

    With ``jobs`` > 1, calls go to worker processes ``chunk`` at a time (one
    round trip per chunk, not per call), and at most ``window`` chunks run
    ahead of the consumer, so memory stays bounded however many files there
    are.
    """
    if jobs <= 1:
        for args in argument_lists:
            yield function(*args)
        return
    context = multiprocessing.get_context("spawn")
    pool = ProcessPoolExecutor(
        max_workers=jobs, mp_context=context, initializer=_die_with_parent, initargs=(os.getpid(),)
    )
    try:
        pending: deque[Future] = deque()
        for batch in _batches(argument_lists, chunk):
            pending.append(pool.submit(_call_each, function, batch))
            if len(pending) >= window:
                yield from pending.popleft().result()
        while pending:
            yield from pending.popleft().result()
    except BaseException:
        # Ctrl-C, an error, or the caller closing this generator early: the
        # workers' remaining files are not wanted, so stop them now instead
        # of waiting for files that may take long to parse.
        _terminate(pool)
        raise
    pool.shutdown(wait=True)


def _terminate(pool: ProcessPoolExecutor) -> None:
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


def _batches(items: Iterable, size: int) -> Iterator[list]:
    batch = []
    for item in items:
        batch.append(item)
        if len(batch) == size:
            yield batch
            batch = []
    if batch:
        yield batch


def _call_each(function: Callable, batch: list[tuple]) -> list:
    return [function(*args) for args in batch]
