"""Saved searches: the list of them, and what each found in a run."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from sclerodex.output.hits import render_text
from sclerodex.output.fitting import wrap
from sclerodex.textutil import strip_unsafe

if TYPE_CHECKING:  # the saved searches' module opens the index; printing needs none of it
    from sclerodex.search.saved import Watch


def watch_dict(watch: Watch) -> dict:
    """A watch as JSON shows it (without what it has reported)."""
    record = asdict(watch)
    del record["reported"]
    record["tags"] = list(watch.tags)
    record["reported_sections"] = len(watch.reported)
    return record


def watches_list_text(watches, width: int | None = None) -> str:
    return "\n".join(
        line
        for watch in watches
        for line in wrap(
            f"{strip_unsafe(watch.label())}  ({len(watch.reported)} sections reported so far)",
            width, " " * 5, first=f"{watch.number:>3}  ", shorten_long=True,
        )
    )


def watches_list_json(watches) -> str:
    return json.dumps([watch_dict(watch) for watch in watches], ensure_ascii=False, indent=2)


def watches_text(reports, color: bool = False) -> str:
    """Each saved search's new hits under a header naming it."""
    blocks = []
    for report in reports:
        found = report.result.total
        header = (
            f"== saved search {report.watch.number}: {strip_unsafe(report.watch.label())} — "
            f"{found} new matching section{'s' if found != 1 else ''} =="
        )
        blocks.append(header + "\n" + render_text(report.result, color=color))
    return "\n\n".join(blocks)
