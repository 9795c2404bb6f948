"""The remembered sources, as ``sources`` lists them."""

from __future__ import annotations

import dataclasses
import json

from sclerodex.output.fitting import wrap
from sclerodex.textutil import strip_unsafe


def sources_text(sources, width: int | None = None) -> str:
    lines = []
    for source in sources:
        name = "the bundled samples" if source.kind == "samples" else source.source
        read = f"last read {source.last_read}: {source.articles} article{'s' if source.articles != 1 else ''}"
        if source.skipped:
            read += f", {source.skipped} skipped"
        if source.problem:
            read += f"; failed: {source.problem}"
        lines += wrap(strip_unsafe(name), width, " " * 8, first=f"{source.kind:<8}", shorten_long=True)
        lines += wrap(strip_unsafe(read), width, " " * 8)
    return "\n".join(lines)


def sources_json(sources) -> str:
    return json.dumps([dataclasses.asdict(source) for source in sources], ensure_ascii=False, indent=2)
