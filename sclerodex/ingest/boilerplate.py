"""Inside the article: lines that are page furniture even without a telling
class name, and the byline and dateline a page writes as paragraphs.

Works on the article as a flat list of blocks (headings and text lines), after
the region was found and the tagged chrome removed.  What it drops: share
bars, photo credits, tag lists, newsletter and cookie notices, "related" and
"you may like" blocks, author boxes, comment threads, and an ``<h1>`` that
repeats the title.  What it keeps aside: the byline's author and the
dateline's date, for when the page's head names none.
"""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass

from sclerodex.ingest.blocks import Block
from sclerodex.ingest.dates import find_written_date
from sclerodex.ingest.selectors import (
    BOILERPLATE_LINE,
    BYLINE,
    COMMENTS_HEADING,
    DATELINE_PREFIX,
    FURNITURE_HEADING,
    LEFTOVER_EDGE,
    LEFTOVER_LINE,
    POST_FOOTER,
    SHARE_WORDS,
    SIGNATURE,
)

# Bylines and datelines are looked for among the article's first blocks.
_BYLINE_WINDOW = 6
_BYLINE_MAX_WORDS = 16
# A post's footer byline is looked for among its last blocks.
_FOOTER_WINDOW = 3
_LINE_MAX_WORDS = 40
# No leftover label is longer than this.
_LEFTOVER_MAX_CHARS = 80
_WORD = re.compile(r"[\w']+")


@dataclass(frozen=True)
class Byline:
    """What the article's own byline and dateline say."""

    author: str | None = None
    published: dt.date | None = None


def clean_blocks(blocks: list[Block], title: str | None) -> tuple[list[Block], Byline]:
    """The article's blocks without furniture, and its byline."""
    blocks = _without_leftovers(blocks)
    blocks = _without_title(blocks, title)
    blocks = _before_comments(blocks)
    blocks = _without_furniture_sections(blocks)
    blocks, byline = _take_byline(blocks)
    return [b for b in blocks if b.level or not _is_furniture_line(b.text)], byline


def _without_leftovers(blocks: list[Block]) -> list[Block]:
    """Without the furniture's labels ("Continue reading the main story",
    "Start Quote", "Advertisement"), as lines, headings, or at a line's edge."""
    kept = []
    for block in blocks:
        if len(block.text) <= _LEFTOVER_MAX_CHARS and LEFTOVER_LINE.match(block.text):
            continue
        lowered = block.text[:40].lower() + block.text[-40:].lower()
        if "quote" not in lowered and "main story" not in lowered:
            kept.append(block)  # the edge pattern cannot match: not worth running
            continue
        text = LEFTOVER_EDGE.sub("", block.text).strip()
        if text and not LEFTOVER_LINE.match(text):
            kept.append(block if text == block.text else Block(block.level, text))
    return kept


def _same_text(a: str, b: str) -> bool:
    return _WORD.findall(a.casefold()) == _WORD.findall(b.casefold())


def _without_title(blocks: list[Block], title: str | None) -> list[Block]:
    """A heading that repeats the article's title is not a section, and a
    first line that repeats it is not body text."""
    if not title:
        return blocks
    return [b for i, b in enumerate(blocks) if not ((b.level or i == 0) and _same_text(b.text, title))]


def _before_comments(blocks: list[Block]) -> list[Block]:
    """Everything from a comments heading ("12 Comments", "Leave a Reply") on
    is the thread, not the article.  A line worded so counts too once most of
    the text stands before it (near the top it is a dateline's "Leave a comment")."""
    total = sum(len(b.text) for b in blocks if b.level == 0)
    before = 0
    for i, block in enumerate(blocks):
        if before and COMMENTS_HEADING.match(block.text) and (block.level or before >= total / 2):
            return blocks[:i]
        if block.level == 0:
            before += len(block.text)
    return blocks


def _without_furniture_sections(blocks: list[Block]) -> list[Block]:
    """A "Related articles", "You may also like" or "About the author" heading
    and what stands under it, up to the next heading of its level or higher."""
    kept: list[Block] = []
    dropping_level = 0
    for block in blocks:
        if block.level and dropping_level and block.level <= dropping_level:
            dropping_level = 0
        if dropping_level:
            continue
        if block.level and FURNITURE_HEADING.match(block.text):
            dropping_level = block.level
            continue
        kept.append(block)
    return kept


def _take_byline(blocks: list[Block]) -> tuple[list[Block], Byline]:
    """Bylines ("By Jane Doe — May 1, 2024") and datelines ("Posted on May 1,
    2024") among the first blocks become the byline, not body text; so does
    a signature ("Post written by Leo Babauta."), wherever it stands, and a
    post's footer ("Posted by Ree on October 3, 2012 | Permalink") among
    the last blocks."""
    author: str | None = None
    published: dt.date | None = None
    kept: list[Block] = []
    last = len(blocks) - _FOOTER_WINDOW
    for i, block in enumerate(blocks):
        if (signature := SIGNATURE.match(block.text)) is not None:
            author = author or _author_name(signature.group("rest"))  # "Post written by Leo Babauta."
            continue
        if i >= max(last, _BYLINE_WINDOW) and not block.level and len(block.text.split()) <= _BYLINE_MAX_WORDS \
                and (footer := POST_FOOTER.match(block.text)) is not None:
            # "Posted by Ree on October 3, 2012 · Permalink · 12 Comments" under the post
            author = author or _author_name(footer.group("rest"))
            continue
        words = block.text.split()
        if i >= _BYLINE_WINDOW or block.level or len(words) > _BYLINE_MAX_WORDS:
            kept.append(block)
            continue
        match = BYLINE.match(block.text)
        found = find_written_date(block.text)
        if match:
            author = author or _author_name(match.group("rest"))
            published = published or (found[0] if found else None)
        elif found is not None and _is_dateline(block.text, found[1]):
            published = published or found[0]
        else:
            kept.append(block)
    return kept, Byline(author, published)


def _author_name(rest: str) -> str | None:
    """'Jane Doe — May 1, 2024' -> 'Jane Doe'; 'Jane Doe and John Roe | Staff' -> 'Jane Doe and John Roe'."""
    name = re.split(r"\s+[|·•—–-]\s+|,\s+(?=\w+\s+\d)|\s+(?:on|updated|published|posted)\s+", rest, maxsplit=1)[0]
    name = name.strip(" ,.|·•—–-")
    return name if name and len(name.split()) <= 8 else None


def _is_dateline(text: str, date_span: tuple[int, int]) -> bool:
    """A line that is a date, maybe with 'Posted on', a time and a word or
    three ("· Leave a comment"); not a sentence that mentions a date."""
    if re.search(r"(?<![ap]\.m)[.!?]\s*$", text, re.IGNORECASE):
        return False
    rest = DATELINE_PREFIX.sub("", text[: date_span[0]]) + " " + text[date_span[1]:]
    rest = re.sub(r"\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?|\b(?:at|ET|EST|EDT|GMT|UTC|BST)\b", " ", rest, flags=re.IGNORECASE)
    return len(_WORD.findall(rest)) <= 3


def _is_furniture_line(text: str) -> bool:
    words = _WORD.findall(text.casefold())
    if not words or len(words) > _LINE_MAX_WORDS:
        return False
    if len(words) <= 12 and all(word in SHARE_WORDS for word in words):
        return True
    return bool(BOILERPLATE_LINE.search(text))
