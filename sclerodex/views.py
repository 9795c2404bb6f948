"""Text and JSON views of articles, article lists and index statistics."""

from __future__ import annotations

import dataclasses
import json
import textwrap

from sclerodex.index.catalog import ArticleSummary, IndexStats
from sclerodex.ingest.records import Article
from sclerodex.textutil import strip_unsafe


def article_text(article: Article, width: int = 100) -> str:
    lines = [strip_unsafe(article.title), "=" * min(width, len(article.title))]
    for label, value in (
        ("id", article.id),
        ("url", article.url),
        ("source", article.source),
        ("site", article.site),
        ("author", article.author),
        ("published", article.published.isoformat() if article.published else None),
        ("tags", ", ".join(article.tags) or None),
    ):
        if value:
            lines.append(f"{label + ':':<11}{strip_unsafe(value)}")
    for section in article.sections:
        lines += ["", "## " + strip_unsafe(" › ".join(section.path) if section.path else "Introduction")]
        for paragraph in section.text.split("\n"):
            lines += textwrap.wrap(strip_unsafe(paragraph), width=width) or [""]
    lines += ["", "---"]
    lines += textwrap.wrap(strip_unsafe(article.disclaimer or "(this article carries no disclaimer of its own)"), width=width)
    return "\n".join(lines)


def article_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=2)


def list_text(rows: list[ArticleSummary]) -> str:
    return "\n".join(
        f"{row.published or '----------'}  {strip_unsafe(row.title)}\n            {strip_unsafe(row.id)}"
        + (f"\n            {strip_unsafe(row.source)}" if row.source != row.id else "")
        for row in rows
    )


def list_json(rows: list[ArticleSummary]) -> str:
    return json.dumps([dataclasses.asdict(row) for row in rows], ensure_ascii=False, indent=2)


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


# --- ingest and update ---------------------------------------------------------

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


def watches_text(reports, color: bool = False) -> str:
    """Each saved search's new hits under a header naming it."""
    from sclerodex.search.render import render_text

    blocks = []
    for report in reports:
        found = report.result.total
        header = (
            f"== saved search {report.watch.number}: {strip_unsafe(report.watch.label())} — "
            f"{found} new matching section{'s' if found != 1 else ''} =="
        )
        blocks.append(header + "\n" + render_text(report.result, color=color))
    return "\n\n".join(blocks)


def ingest_json(summary, reports) -> str:
    from sclerodex.search.render import result_dict
    from sclerodex.search.saved import watch_dict

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
            "watches": [{"watch": watch_dict(r.watch), **result_dict(r.result)} for r in reports],
        },
        ensure_ascii=False,
        indent=2,
    )


# --- remembered sources and saved searches ------------------------------------


def sources_text(sources) -> str:
    lines = []
    for source in sources:
        name = "the bundled samples" if source.kind == "samples" else source.source
        read = f"last read {source.last_read}: {source.articles} article{'s' if source.articles != 1 else ''}"
        if source.skipped:
            read += f", {source.skipped} skipped"
        if source.problem:
            read += f"; failed: {source.problem}"
        lines.append(f"{source.kind:<8}{strip_unsafe(name)}\n        {strip_unsafe(read)}")
    return "\n".join(lines)


def sources_json(sources) -> str:
    return json.dumps([dataclasses.asdict(source) for source in sources], ensure_ascii=False, indent=2)


def watches_list_text(watches) -> str:
    return "\n".join(
        f"{watch.number:>3}  {strip_unsafe(watch.label())}  ({len(watch.reported)} sections reported so far)"
        for watch in watches
    )


def watches_list_json(watches) -> str:
    from sclerodex.search.saved import watch_dict

    return json.dumps([watch_dict(watch) for watch in watches], ensure_ascii=False, indent=2)
