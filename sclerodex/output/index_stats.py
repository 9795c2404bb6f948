"""The figures of ``index stats``."""

from __future__ import annotations

import dataclasses
import json

from sclerodex.index.catalog import IndexStats
from sclerodex.textutil import strip_unsafe


def stats_text(stats: IndexStats) -> str:
    lines = [
        f"index:       {stats.path}",
        f"articles:    {stats.articles}",
        f"sections:    {stats.sections}",
        f"size:        {_size(stats.size_bytes)}",
        f"last update: {stats.last_update or 'never'}",
        "sites:",
    ]
    lines += [f"  {count:>6}  {strip_unsafe(site)}" for site, count in stats.sites.items()]
    lines.append("tags:")
    lines += [f"  {count:>6}  {strip_unsafe(tag)}" for tag, count in stats.tags.items()]
    return "\n".join(lines)


def stats_json(stats: IndexStats) -> str:
    return json.dumps(dataclasses.asdict(stats), ensure_ascii=False, indent=2)


def _size(size: int) -> str:
    for unit in ("B", "KB", "MB", "GB"):
        if size < 1024 or unit == "GB":
            return f"{size:.0f} {unit}" if unit == "B" else f"{size:.1f} {unit}"
        size /= 1024
    return f"{size} B"
