"""What ``ingest`` and ``update`` print at the end of a run: the summary
line, the new and changed titles, and the saved searches' new hits."""

from __future__ import annotations

import json

from sclerodex.output.watches import watch_reports_dicts
from sclerodex.textutil import strip_unsafe

NEW_TITLES_SHOWN = 10


def ingest_text(summary) -> str:
    """The summary line, then the new and changed articles' titles (the first
    ten; ``list --new`` shows them all)."""
    lines = [summary.line()]
    changed = [("new", t) for _, t in summary.new_articles] + [("updated", t) for _, t in summary.updated_articles]
    for status, title in changed[:NEW_TITLES_SHOWN]:
        lines.append(f"  {status + ':':<9}{strip_unsafe(title)}")
    if len(changed) > NEW_TITLES_SHOWN:
        lines.append(f"  and {len(changed) - NEW_TITLES_SHOWN} more: sclerodex list --new")
    return "\n".join(lines)


def ingest_json(summary, check=None) -> str:
    """``check``: the saved searches' WatchCheck (None: they did not run)."""
    return json.dumps(
        {
            "summary": {
                "new": summary.new,
                "updated": summary.updated,
                "unchanged": summary.unchanged,
                "removed": summary.removed,
                "skipped": len(summary.skipped) + len(summary.known_skips),
                "line": summary.line(),
            },
            "run": summary.run,
            "new_articles": [{"id": i, "title": t} for i, t in summary.new_articles],
            "updated_articles": [{"id": i, "title": t} for i, t in summary.updated_articles],
            "skipped": [{"source": s, "reason": r} for s, r in summary.skipped],
            "failed": list(summary.failed),
            **(watch_reports_dicts(check) if check is not None else {"watches": [], "watch_failures": []}),
        },
        ensure_ascii=False,
        indent=2,
    )
