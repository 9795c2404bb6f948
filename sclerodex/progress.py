"""A one-line progress bar for long ingests (count, rate, ETA) on a terminal,
with a spinner of its own while a batch is being committed."""

from __future__ import annotations

import threading
import time
from typing import TextIO

_SPINNER = "|/-\\"

_WIDTH = 24


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
        self.last_draw = now
        elapsed = max(now - self.started, 1e-6)
        rate = done / elapsed
        remaining = (total - done) / rate if rate > 0 else 0
        filled = int(_WIDTH * done / total) if total else _WIDTH
        bar = "#" * filled + "-" * (_WIDTH - filled)
        self.stream.write(f"\r[{bar}] {done}/{total}  {rate:6.1f}/s  ETA {_clock(remaining)} ")
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
            filled = int(_WIDTH * self.done / self.total) if self.total else 0
            bar = "#" * filled + "-" * (_WIDTH - filled)
            self.stream.write(f"\r[{bar}] {self.done}/{self.total}  {what}... {_SPINNER[turn % 4]}\x1b[K")
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
