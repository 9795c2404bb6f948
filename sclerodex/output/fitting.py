"""Text that fits a terminal's width: wrapped at spaces, never cut mid-word.

A word too long for its line (a URL, a long drug name) is shortened in the
middle with ``…`` where the exact text is not needed (labels, URLs shown as
a reminder of where a hit is), or given a line of its own where every
character counts (a disclaimer, an article's body).  Colour codes take no
room.  ``width`` None means no terminal: one line, as given.
"""

from __future__ import annotations

import re

ELLIPSIS = "…"
MIN_WIDTH = 20  # narrower than this, lines are wrapped to 20 and the terminal folds them

_ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def visible_len(text: str) -> int:
    return len(_ESCAPE.sub("", text))


def shortened(text: str, room: int) -> str:
    """``text`` in at most ``room`` characters: its start and end around an
    ellipsis (colour codes are dropped from a shortened word)."""
    plain = _ESCAPE.sub("", text)
    if len(plain) <= room:
        return text
    if room <= 1:
        return ELLIPSIS[:room]
    head = (room - 1 + 1) // 2
    tail = room - 1 - head
    return plain[:head] + ELLIPSIS + (plain[-tail:] if tail else "")


def wrap(
    text: str, width: int | None, indent: str = "", first: str | None = None, shorten_long: bool = False
) -> list[str]:
    """``text`` in lines of at most ``width`` visible characters, the first
    after ``first`` (default ``indent``), the others after ``indent``.  A
    word longer than a line is shortened with ``…`` when ``shorten_long``,
    else put on a line of its own, whole."""
    first = indent if first is None else first
    if width is None:
        return [first + text]
    lines: list[str] = []
    line: list[str] = []
    lead = first
    used = 0
    for word in text.split(" "):
        room = max(MIN_WIDTH, width) - visible_len(lead)
        size = visible_len(word)
        if line and used + 1 + size > room:
            lines.append(lead + " ".join(line))
            line, used, lead = [], 0, indent
            room = max(MIN_WIDTH, width) - visible_len(lead)
        if size > room and shorten_long:
            word, size = shortened(word, room), min(size, room)
        used += size + (1 if line else 0)
        line.append(word)
    lines.append(lead + " ".join(line))
    return lines


def fit_line(text: str, width: int | None) -> str:
    """One line shortened with ``…`` to ``width`` (untouched when None)."""
    return text if width is None else shortened(text, max(MIN_WIDTH, width))
