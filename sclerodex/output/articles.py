"""Articles: one whole (``show``) and the list of them (``list``)."""

from __future__ import annotations

import dataclasses
import json

from sclerodex.index.catalog import ArticleSummary
from sclerodex.ingest.records import Article
from sclerodex.output.fitting import wrap
from sclerodex.textutil import strip_unsafe


def article_text(article: Article, width: int | None = None) -> str:
    """The whole article; given a width (a terminal's), every line fits it:
    the title and headings wrap at spaces, names too long for their line are
    shortened with ``…``, body and disclaimer wrap and lose nothing.  Without
    a width (piped), each paragraph stays on one line."""
    title = " ".join(strip_unsafe(article.title).split())
    lines = wrap(title, width, shorten_long=True)
    lines.append("=" * min(max(map(len, lines)), width or len(title)))
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
            lines += wrap(strip_unsafe(value), width, " " * 11, first=f"{label + ':':<11}", shorten_long=True)
    for section in article.sections:
        heading = strip_unsafe(" › ".join(section.path) if section.path else "Introduction")
        lines += [""] + wrap(" ".join(heading.split()), width, "   ", first="## ", shorten_long=True)
        for paragraph in section.text.split("\n"):
            lines += _paragraph(strip_unsafe(paragraph), width)
    lines += ["", "---"]
    lines += _paragraph(strip_unsafe(article.disclaimer or "(this article carries no disclaimer of its own)"), width)
    return "\n".join(lines)


def _paragraph(text: str, width: int | None) -> list[str]:
    words = " ".join(text.split())
    return wrap(words, width) if words else [""]


def article_json(article: Article) -> str:
    return json.dumps(article.to_dict(), ensure_ascii=False, indent=2)


def list_text(rows: list[ArticleSummary], width: int | None = None) -> str:
    """Date and title, then the id (and the source when it differs), each
    fitted to ``width`` when given."""
    blocks = []
    for row in rows:
        lines = wrap(" ".join(strip_unsafe(row.title).split()), width, " " * 12,
                     first=f"{row.published or '----------'}  ", shorten_long=True)
        lines += wrap(strip_unsafe(row.id), width, " " * 12, shorten_long=True)
        if row.source != row.id:
            lines += wrap(strip_unsafe(row.source), width, " " * 12, shorten_long=True)
        blocks.append("\n".join(lines))
    return "\n".join(blocks)


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
