"""The figures of ``index stats``."""

from __future__ import annotations

import dataclasses
import json

from sclerodex.index.catalog import IndexStats
from sclerodex.textutil import strip_unsafe

# Sites and tags listed by text mode, most common first, unless --all.
TOP = 20


def stats_text(stats: IndexStats, show_all: bool = False) -> str:
    lines = [
        f"index:       {stats.path}",
        f"articles:    {stats.articles}",
        f"sections:    {stats.sections}",
        f"size:        {_size(stats.size_bytes)}",
        f"last update: {stats.last_update or 'never'}",
    ]
    lines += _counted("sites", stats.sites, show_all)
    lines += _counted("tags", stats.tags, show_all)
    return "\n".join(lines)


def _counted(what: str, counts: dict[str, int], show_all: bool) -> list[str]:
    """A heading and one line per name (articles, name), the first TOP
    unless ``show_all``, then how many more there are."""
    shown = list(counts.items()) if show_all else list(counts.items())[:TOP]
    heading = f"{what} ({len(counts)}):" if len(shown) < len(counts) else f"{what}:"
    lines = [heading] + [f"  {count:>6}  {strip_unsafe(name)}" for name, count in shown]
    if len(shown) < len(counts):
        lines.append(f"  ... and {len(counts) - len(shown)} more {what} (index stats --all lists every one)")
    return lines


def stats_json(stats: IndexStats) -> str:
    return json.dumps(dataclasses.asdict(stats), ensure_ascii=False, indent=2)


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"
