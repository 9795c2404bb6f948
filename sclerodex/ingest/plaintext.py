"""Plain-text exports -> Article.

The format (see the seed article): no title line, the introduction first,
headings as short lines of their own without final punctuation, each followed
by paragraph lines, and a ``***`` line before the site's disclaimer.  Optional
header lines (``Title:``, ``URL:``, ``Author:``, ``Date:``, ``Tags:``, ``Site:``)
at the very top win over anything derived.
"""

from __future__ import annotations

import re

from sclerodex.errors import UnusableSource
from sclerodex.ingest.authors import clean_authors
from sclerodex.ingest.dates import parse_date
from sclerodex.ingest.disclaimer import looks_like_disclaimer, site_named_in
from sclerodex.ingest.records import Article, Section
from sclerodex.ingest.sections import bounded_sections
from sclerodex.textutil import clean_lines

_HEADER = re.compile(r"^(title|url|author|date|published|tags|site)\s*:\s*(.+)$", re.IGNORECASE)
_BODY_END = re.compile(r"^(\*\s*){3,}$")
_FINAL_PUNCTUATION = tuple(".!?:;,…\"”’'")
_HEADING_MAX_WORDS = 14
_HEADING_MAX_CHARS = 120
_SUBJECT_VERBS = re.compile(r"\s(?:is|are|was|were|has|have|can|may|refers to|describes)\s")


def is_heading_candidate(line: str) -> bool:
    """Short, capitalised, no final punctuation: shaped like a heading."""
    words = line.split()
    return (
        0 < len(words) <= _HEADING_MAX_WORDS
        and len(line) <= _HEADING_MAX_CHARS
        and (line[0].isupper() or line[0].isdigit())
        and not line.endswith(_FINAL_PUNCTUATION)
        and any(ch.isalpha() for ch in line)
    )


def is_paragraph(line: str) -> bool:
    """Shaped like running text: a sentence end, or longer than any heading."""
    return line.endswith(_FINAL_PUNCTUATION) or len(line.split()) > _HEADING_MAX_WORDS


def find_headings(lines: list[str]) -> set[int]:
    """Indexes of heading lines.

    A heading must be followed by a paragraph; so a short last paragraph of a
    section (followed by a heading or by nothing) is never taken for one.
    """
    headings = set()
    for i, line in enumerate(lines[:-1]):
        if is_heading_candidate(line) and is_paragraph(lines[i + 1]):
            headings.add(i)
    return headings


def derive_title(intro: list[str], headings: list[str]) -> str:
    """A readable title naming the subject, for exports that have none.

    The subject is what the first sentence is about ("Imuran (azathioprine)
    is an oral tablet..." -> "Imuran (azathioprine)"); failing that, the first
    heading, failing that the opening words.
    """
    first = intro[0] if intro else ""
    match = _SUBJECT_VERBS.search(first)
    if match and 0 < len(first[: match.start()].split()) <= 8:
        return first[: match.start()].strip()
    if headings:
        return headings[0]
    words = first.split()
    return " ".join(words[:10]) + ("…" if len(words) > 10 else "")


def parse_plaintext(text: str, source: str) -> Article:
    lines = clean_lines(text.splitlines())
    header: dict[str, str] = {}
    while lines and (match := _HEADER.match(lines[0])):
        header[match.group(1).lower()] = match.group(2).strip()
        lines.pop(0)

    body, disclaimer = _split_disclaimer(lines)
    if not body:
        raise UnusableSource("no article text")
    heading_at = find_headings(body)

    sections: list[Section] = []
    heading: str | None = None
    paragraphs: list[str] = []

    def close_section() -> None:
        if paragraphs:
            path = (heading,) if heading else ()
            sections.append(Section(len(sections), heading, path, "\n".join(paragraphs)))

    for i, line in enumerate(body):
        if i in heading_at:
            close_section()
            heading, paragraphs = line, []
        else:
            paragraphs.append(line)
    close_section()

    intro = [] if 0 in heading_at else body[: min(heading_at, default=len(body))]
    title = header.get("title") or derive_title(intro, [body[i] for i in sorted(heading_at)])
    url = header.get("url")
    return Article(
        id=url or source,
        source=source,
        url=url,
        site=header.get("site") or site_named_in(disclaimer),
        title=title,
        authors=clean_authors(header.get("author")),
        published=parse_date(header.get("date") or header.get("published")),
        tags=tuple(t.strip() for t in header.get("tags", "").split(",") if t.strip()),
        disclaimer=disclaimer,
        sections=tuple(bounded_sections(sections)),
    )


def _split_disclaimer(lines: list[str]) -> tuple[list[str], str | None]:
    """Body lines before ``***``, and the disclaimer after it.

    Without a ``***`` line, trailing paragraphs worded as a disclaimer are
    still taken out of the body.
    """
    for i, line in enumerate(lines):
        if _BODY_END.match(line):
            return lines[:i], " ".join(lines[i + 1:]) or None
    tail: list[str] = []
    while lines and looks_like_disclaimer(lines[-1]):
        tail.insert(0, lines.pop())
    return lines, " ".join(tail) or None
