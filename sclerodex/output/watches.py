"""Saved searches: the list of them, and what each found in a run."""

from __future__ import annotations

import json
from dataclasses import asdict
from typing import TYPE_CHECKING

from sclerodex.output.fitting import wrap
from sclerodex.output.hits import render_text, result_dict
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


def watches_text(reports, color: bool = False, new: bool = True) -> str:
    """Each saved search's (``new``) hits under a header naming it; the
    reports without hits are left out."""
    blocks = []
    for report in reports:
        if report.result is None:
            continue
        found = report.result.total
        header = (
            f"== saved search {report.watch.number}: {strip_unsafe(report.watch.label())} — "
            f"{found}{' new' if new else ''} matching section{'s' if found != 1 else ''} =="
        )
        blocks.append(header + "\n" + render_text(report.result, color=color))
    return "\n\n".join(blocks)


def watch_failure_line(failure) -> str:
    """The stderr line of a saved search that could not run."""
    return f"Error: saved search {failure.watch.number} was not run: {strip_unsafe(failure.reason)}"


def watch_notices(check) -> list[str]:
    """Stderr lines for what the saved searches could not check."""
    lines = []
    for report in check.reports:
        runs = report.unchecked_runs
        if runs:
            span = f"run {runs[0]}" if len(runs) == 1 else f"runs {runs[0]} to {runs[-1]}"
            lines.append(
                f"saved search {report.watch.number}: the articles of {span} were not checked "
                f"(the run log keeps the last 20 runs); 'sclerodex watch run {report.watch.number}' searches them all"
            )
    return lines


def watch_reports_dicts(check) -> dict:
    """The saved searches' part of the JSON of ``update`` and ``watch run``."""
    return {
        "watches": [{"watch": watch_dict(r.watch), **result_dict(r.result)} for r in check.matched()],
        "watch_failures": [
            {"number": f.watch.number, "query": f.watch.query, "reason": f.reason} for f in check.failures
        ],
    }


def watch_run_json(check) -> str:
    return json.dumps(watch_reports_dicts(check), ensure_ascii=False, indent=2)
