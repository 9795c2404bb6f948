"""Articles: one whole (``show``) and the list of them (``list``)."""

from __future__ import annotations

import dataclasses
import json
import textwrap

from sclerodex.index.catalog import ArticleSummary
from sclerodex.ingest.records import Article
from sclerodex.textutil import strip_unsafe


def article_text(article: Article, width: int = 100) -> str:
    lines = [strip_unsafe(article.title), "=" * min(width, len(article.title))]
    for label, value in (
        ("id", article.id),
        ("url", article.url),
        ("source", article.source),
        ("site", article.site),
        ("authors" if len(article.authors) > 1 else "author", "; ".join(article.authors) or None),
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


def removed_text(removals) -> str:
    """What ``remove`` removed: each article named, or the count under a
    folder or site (how they stay out: ``removed_note``)."""
    lines = []
    for removal in removals:
        if removal.under:
            count = len(removal.ids)
            lines.append(f"removed {count} article{'s' if count != 1 else ''} under {strip_unsafe(removal.key)}")
        else:
            lines.extend(f"removed {strip_unsafe(article_id)}" for article_id in removal.ids)
    return "\n".join(lines)


def removed_note(removals) -> str:
    """How removed articles stay out, and which removed folder or site is
    still read by ``update`` (its articles then count as excluded)."""
    total = sum(len(removal.ids) for removal in removals)
    lines = [
        f"{'it stays' if total == 1 else 'they stay'} out of later updates; "
        "name its file or URL to 'sclerodex ingest' to bring one back"
    ]
    lines += [
        f"{strip_unsafe(r.remembered)} is still a remembered source: "
        f"'sclerodex sources remove {strip_unsafe(r.remembered)}' stops reading it"
        for r in removals
        if r.remembered
    ]
    return "\n".join(lines)
