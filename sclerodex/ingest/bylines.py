"""Byline elements: where a page writes who wrote the article and when.

Templates mark them with a class: ``byline``, ``author``, ``post-meta``,
``entry-meta``, ``meta-author``...  Inside the article they are read (the
name, and the date from a ``<time>`` or as written) and then removed, before
the furniture is stripped: stripping first would throw a byline with a
furniture-like class or a link-heavy text away unread.  Elsewhere on the page
(a header above the body) they are only read.  A comment's author block is
never a byline, nor is a long "about the author" box.
"""

from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterator
from dataclasses import dataclass

import lxml.etree

from sclerodex.ingest.blocks import drop_element
from sclerodex.ingest.classnames import class_words
from sclerodex.ingest.dates import find_written_date, parse_date
from sclerodex.textutil import clean_text

# Class/id words of a byline element.
BYLINE_WORDS = frozenset({
    "byline", "bylines", "author", "authors", "authorname", "byauthor", "postedby", "postauthor",
    "entryauthor", "writer", "contributor", "contributors",
})
# "meta" names a byline next to one of these ("post-meta", "entry-meta").
META_OWNERS = frozenset({"post", "entry", "article", "story", "postmeta", "entrymeta"})
# ...but not with one of these: a comment's author, an author's bio or photo.
NOT_BYLINE_WORDS = frozenset({
    "comment", "comments", "commentauthor", "bio", "box", "about", "avatar", "photo", "img", "image",
    "description", "widget", "archive", "list", "info", "profile", "social", "follow", "links",
    "overlay", "dropdown", "form", "reply", "respond", "footer",
})
# Class words of a picture's frame.
PICTURE_WORDS = frozenset({"photo", "photos", "caption", "credit", "credits", "gallery", "figure"})
_MAX_CHARS = 200
_MAX_WORDS = 25
_BIO = re.compile(r"\b(?:is|was|has\s+been)\s+(?:a|an|the)\s+[a-z]|\bI\s+(?:am|write|live)\b|\bI'm\b")
_ELEMENTS = lxml.etree.Element


@dataclass(frozen=True)
class BylineText:
    """What one byline element says: its text (the author in it, uncleaned)
    and its date."""

    text: str
    published: dt.date | None
    # Whether it stands before the article's first paragraph of prose (a
    # byline further down may be a teaser's, in a "more posts" list).
    leads: bool = True


def is_byline(element) -> bool:
    words = class_words(element)
    if not words or words & (NOT_BYLINE_WORDS | PICTURE_WORDS) or any("comment" in w for w in words):
        return False
    if not (words & BYLINE_WORDS or ("meta" in words and words & META_OWNERS)):
        return False
    return not _credits_a_picture(element)


def _credits_a_picture(element) -> bool:
    """A photo's credit ("Matt Slocum / AP" in a <cite> under the image)."""
    for depth, ancestor in enumerate(element.iterancestors()):
        if depth > 3:
            break
        if ancestor.tag in ("figure", "figcaption", "cite") or class_words(ancestor) & PICTURE_WORDS:
            return True
    return False


def read_byline(element) -> BylineText | None:
    """The byline an element holds, or None when it is too long to be one."""
    text = clean_text(" ".join(element.itertext()))
    if not text or len(text) > _MAX_CHARS or len(text.split()) > _MAX_WORDS or _BIO.search(text):
        return None  # an author's box with a bio, not a byline
    published = None
    for time in element.iter("time"):
        if (published := parse_date(time.get("datetime"))) is not None:
            break
    if published is None and (found := find_written_date(text)) is not None:
        published = found[0]
    return BylineText(text, published)


def take_bylines(roots: list) -> list[BylineText]:
    """The bylines inside the article's elements, in document order, each
    removed from the article once read."""
    found: list[BylineText] = []
    doomed: list = []
    first_prose = next((p.sourceline for root in roots for p in _FIRST_PROSE(root)), None)
    for root in roots:
        for element in _CLASSED_INSIDE(root):
            if any(d in element.iterancestors() for d in doomed[-3:]):
                continue  # inside a byline already taken
            if is_byline(element) and (byline := read_byline(element)) is not None:
                leads = first_prose is None or element.sourceline is None or element.sourceline <= first_prose
                found.append(BylineText(byline.text, byline.published, leads))
                doomed.append(element)
    for element in doomed:
        drop_element(element)
    return found


def page_bylines(doc) -> Iterator[BylineText]:
    """The bylines anywhere on the page, outside comment threads (read, not
    removed), one at a time: the reader stops at the first that names someone."""
    for element in _CLASSED(doc):
        if is_byline(element) and not _in_comments(element) and (byline := read_byline(element)) is not None:
            yield byline


# Elements with a class or id first: the predicate is then evaluated on few.
_MAYBE_BYLINE = (
    "[@class or @id][contains(@class, 'yline') or contains(@class, 'uthor') or contains(@class, 'meta')"
    " or contains(@class, 'riter') or contains(@class, 'ontributor') or contains(@id, 'yline')"
    " or contains(@id, 'uthor')]"
)
_CLASSED = lxml.etree.XPath("//*" + _MAYBE_BYLINE)
_CLASSED_INSIDE = lxml.etree.XPath(".//*" + _MAYBE_BYLINE)
_FIRST_PROSE = lxml.etree.XPath("(.//p[string-length(normalize-space(.)) > 150])[1]")


def _in_comments(element) -> bool:
    for ancestor in element.iterancestors():
        if any("comment" in word for word in class_words(ancestor)):
            return True
    return False
