"""The remembered sources, as ``sources`` lists them."""

from __future__ import annotations

import dataclasses
import json

from sclerodex.output.fitting import wrap
from sclerodex.textutil import strip_unsafe


def sources_text(sources, width: int | None = None, failing: dict | None = None) -> str:
    """Each source, what its last reading gave, and what of it is still
    failing (``failing``: index/failing.py's records by the source they
    were read through), wrapped to ``width``."""
    lines = []
    for source in sources:
        name = "the bundled samples" if source.kind == "samples" else source.source
        read = f"last read {source.last_read}: {source.articles} article{'s' if source.articles != 1 else ''}"
        if source.skipped:
            read += f", {source.skipped} skipped"
        if source.excluded:
            read += f", {source.excluded} excluded (removed)"
        if source.problem:
            read += f"; failed: {source.problem}"
        lines += wrap(strip_unsafe(name), width, " " * 8, first=f"{source.kind:<8}", shorten_long=True)
        lines += wrap(strip_unsafe(read), width, " " * 8)
        for item in (failing or {}).get(source.source, []):
            still = f"still failing since {item.since} ({item.attempts} tries): {item.key}: {item.reason}"
            lines += wrap(strip_unsafe(still), width, " " * 8)
    return "\n".join(lines)


def sources_json(sources, failing: dict | None = None) -> str:
    from sclerodex.output.ingest import failing_dict

    return json.dumps(
        [
            {**dataclasses.asdict(source), "failing": [failing_dict(f) for f in (failing or {}).get(source.source, [])]}
            for source in sources
        ],
        ensure_ascii=False,
        indent=2,
    )
