"""A one-line progress bar for long ingests (count, rate, ETA) on a terminal."""

from __future__ import annotations

import time
from typing import TextIO

_WIDTH = 24


class ProgressBar:
    """Redraws one line on ``stream``; call :meth:`update` then :meth:`close`."""

    def __init__(self, stream: TextIO, min_interval: float = 0.1):
        self.stream = stream
        self.min_interval = min_interval
        self.started = time.monotonic()
        self.last_draw = 0.0
        self.drawn = False

    def update(self, done: int, total: int) -> None:
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

    def close(self) -> None:
        if self.drawn:
            self.stream.write("\r\x1b[K")
            self.stream.flush()


def _clock(seconds: float) -> str:
    seconds = int(seconds)
    return f"{seconds // 3600}:{seconds // 60 % 60:02d}:{seconds % 60:02d}"
