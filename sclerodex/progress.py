"""A one-line progress bar for long ingests (count, rate, ETA) on a terminal,
with a spinner of its own while a batch is being committed.

The line is fitted to the terminal's width at every redraw (a resized
window too): the bar narrows, then the rate and ETA go, so the line never
wraps (a wrapped line would leave a new line on every refresh).  Narrower
than 20 columns, it falls back to one plain line every few seconds.
"""

from __future__ import annotations

import os
import threading
import time
from typing import TextIO

_SPINNER = "|/-\\"

_WIDTH = 24  # the bar's most
_NARROWEST = 20  # below this many columns: a plain line now and then
_PLAIN_EVERY = 5.0  # seconds between plain lines


def _columns(stream) -> int:
    """The width of the terminal ``stream`` writes to ($COLUMNS first)."""
    try:
        return int(os.environ["COLUMNS"])
    except (KeyError, ValueError):
        pass
    try:
        return os.get_terminal_size(stream.fileno()).columns or 80  # 0: a terminal that does not say
    except (AttributeError, OSError, ValueError):
        return 80


def fitted(done: int, total: int, tails: list[str], columns: int) -> str:
    """``[###---] done/total`` and the first of ``tails`` (most to least
    said) that leaves room for a bar of 5, in ``columns - 1`` characters
    (the last column would make some terminals wrap)."""
    room = columns - 1
    count = f" {done}/{total}"
    for tail in [*tails, ""]:
        width = min(_WIDTH, room - 2 - len(count) - len(tail))
        if width >= 5:
            filled = int(width * done / total) if total else width
            return f"[{'#' * filled}{'-' * (width - filled)}]{count}{tail}"
    return (count.strip() + (tails[-1] if tails else ""))[:room]


class ProgressBar:
    """Redraws one line on ``stream``; call :meth:`update` then :meth:`close`."""

    def __init__(self, stream: TextIO, min_interval: float = 0.1):
        self.stream = stream
        self.min_interval = min_interval
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False
        self.done = self.total = 0
        self._spinning: threading.Event | None = None
        self._spinner: threading.Thread | None = None

    def update(self, done: int, total: int) -> None:
        self.done, self.total = done, total
        now = time.monotonic()
        if done < total and now - self.last_draw < self.min_interval:
            return
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        remaining = (total - done) / rate if rate > 0 else 0
        columns = _columns(self.stream)
        if columns < _NARROWEST:
            if done < total and self.last_draw and now - self.last_draw < _PLAIN_EVERY:
                return
            self.last_draw = now
            self.stream.write(f"{done}/{total} ETA {_clock(remaining)}\n")
            self.stream.flush()
            return
        self.last_draw = now
        tails = [f"  {rate:.1f}/s  ETA {_clock(remaining)}", f"  ETA {_clock(remaining)}"]
        self.stream.write("\r" + fitted(done, total, tails, columns) + "\x1b[K")
        self.stream.flush()
        self.drawn = True

    def committing(self, articles: int | None) -> None:
        """Show the commit stage ("writing 5,000 articles...") with a spinner
        redrawn by a thread while the commit runs; None: the commit ended."""
        if articles is None:
            if self._spinner is not None:
                self._spinning.set()
                self._spinner.join()
                self._spinner = None
            return
        what = f"writing {articles:,} article{'s' if articles != 1 else ''}" if articles else "writing"
        self._spinning = threading.Event()
        self._spinner = threading.Thread(target=self._spin, args=(what, self._spinning), daemon=True)
        self._spinner.start()

    def _spin(self, what: str, stop: threading.Event) -> None:
        turn = 0
        while True:
            columns = _columns(self.stream)
            if columns >= _NARROWEST:
                spinner = _SPINNER[turn % 4]
                line = fitted(self.done, self.total, [f"  {what}... {spinner}", f"  {spinner}"], columns)
                self.stream.write("\r" + line + "\x1b[K")
                self.stream.flush()
                self.drawn = True
            turn += 1
            if stop.wait(0.1):
                return

    def close(self) -> None:
        self.committing(None)
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
