"""What a source is, decided in one place: which files a folder walk reads
(by suffix), which content types a fetch accepts, and whether bytes are a
feed and text an HTML page (sniffed from the content, never from the name,
since saved pages and exports are often misnamed).  Readers ask; none decides
for itself."""

from __future__ import annotations

import re

# Files a folder walk reads; a file named on the command line is read whatever its suffix.
ARTICLE_SUFFIXES = (".html", ".htm", ".xhtml", ".txt", ".text")

# Content types a fetched page or feed may have (also the Accept header).
ACCEPTED_TYPES = (
    "text/html",
    "application/xhtml+xml",
    "text/plain",
    "application/rss+xml",
    "application/atom+xml",
    "application/rdf+xml",
    "application/xml",
    "text/xml",
)

_FEED_ROOT = re.compile(rb"<(rss|feed|rdf:RDF)[\s>]", re.I)
_HTML_ROOT = re.compile(rb"<(html|body|head)[\s>]", re.I)
_HTML_START = ("<!doctype html", "<html", "<head", "<body", "<article", "<meta", "<!--")
_HTML_TAG = re.compile(r"<(html|body|article|div|p|h[1-6])[\s>]")


def is_article_file(name: str) -> bool:
    """A file a folder walk reads: an article suffix, and not hidden."""
    return name.lower().endswith(ARTICLE_SUFFIXES) and not name.startswith(".")


def looks_like_feed(data: bytes) -> bool:
    """An XML document whose root is rss, feed or rdf:RDF (not an HTML page)."""
    head = data[:65536]
    if not head.lstrip(b"\xef\xbb\xbf \t\r\n").startswith(b"<"):
        return False
    feed = _FEED_ROOT.search(head)
    html = _HTML_ROOT.search(head)
    return bool(feed) and (html is None or html.start() > feed.start())


def looks_like_html(text: str) -> bool:
    """Does the decoded document open like an HTML page?  (Else it is read
    as a plain-text export.)"""
    head = text.lstrip()[:2048].lower()
    return head.startswith(_HTML_START) or bool(_HTML_TAG.search(head))
