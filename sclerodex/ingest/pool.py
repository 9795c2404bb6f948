"""Parsing on every core while the index writer writes.

The workers (children.py) inherit no file descriptor of the parent (above
all, not the index's write lock), never open the index, and die with the
main process.
"""

from __future__ import annotations

import os
from collections import deque
from collections.abc import Callable, Iterable, Iterator
from concurrent.futures import Future

from sclerodex.children import start_workers, stop_at_once


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
    pool = start_workers(jobs)
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
        stop_at_once(pool)
        raise
    pool.shutdown(wait=True)


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
