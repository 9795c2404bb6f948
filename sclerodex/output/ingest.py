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
    lines.extend(f"  back:    {strip_unsafe(title)} (removed before; named here)" for _, title in summary.restored)
    for status, title in changed[:NEW_TITLES_SHOWN]:
        lines.append(f"  {status + ':':<9}{strip_unsafe(title)}")
    if len(changed) > NEW_TITLES_SHOWN:
        lines.append(f"  and {len(changed) - NEW_TITLES_SHOWN} more: sclerodex list --new")
    return "\n".join(lines)


def ingest_details(summary) -> list[str]:
    """What ``--verbose`` adds on stderr: the duplicates, the failed items
    held back for their backoff, and everything still failing."""
    lines = [
        f"duplicate of {strip_unsafe(original)}: {strip_unsafe(article_id)} ({strip_unsafe(title)})"
        for article_id, original, title in summary.duplicates
    ]
    lines += [f"held back until {when}: {strip_unsafe(key)} (failed 3 times or more)" for key, when in summary.held_back]
    lines += [
        f"still failing since {failing.since} ({failing.attempts} tries): {strip_unsafe(failing.key)}: "
        f"{strip_unsafe(failing.reason)}"
        for failing in summary.still_failing
    ]
    return lines


def failing_dict(failing) -> dict:
    return {
        "source": failing.key,
        "via": failing.via,
        "reason": failing.reason,
        "since": failing.since,
        "last_tried": failing.last_tried,
        "attempts": failing.attempts,
    }


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
                "excluded": summary.excluded,
                "duplicates": len(summary.duplicates),
                "held_back": len(summary.held_back),
                "line": summary.line(),
            },
            "run": summary.run,
            "new_articles": [{"id": i, "title": t} for i, t in summary.new_articles],
            "updated_articles": [{"id": i, "title": t} for i, t in summary.updated_articles],
            "skipped": [{"source": s, "reason": r} for s, r in summary.skipped],
            "failed": list(summary.failed),
            "restored_articles": [{"id": i, "title": t} for i, t in summary.restored],
            "duplicates": [{"id": i, "duplicate_of": o, "title": t} for i, o, t in summary.duplicates],
            "gone": list(summary.gone),
            "held_back": [{"source": k, "until": w} for k, w in summary.held_back],
            "still_failing": [failing_dict(f) for f in summary.still_failing],
            **(watch_reports_dicts(check) if check is not None else {"watches": [], "watch_failures": []}),
        },
        ensure_ascii=False,
        indent=2,
    )
