"""Bounds on sections, shared by every format.

A section longer than MAX_SECTION_CHARS (a page of a million paragraphs with
no headings) is cut into consecutive parts at paragraph boundaries (or, for a
single giant paragraph, at spaces), each keeping the heading and path, so that
no search ever has to tokenise megabytes to build one passage.
"""

from __future__ import annotations

from sclerodex.ingest.records import Section

MAX_SECTION_CHARS = 100_000
# A "heading" longer than this is not one; it is read as text.
MAX_HEADING_CHARS = 200


def bounded_sections(sections: list[Section]) -> list[Section]:
    """The sections with long ones split, numbered 0.. in order."""
    out: list[Section] = []
    for section in sections:
        for text in _parts(section.text):
            out.append(Section(len(out), section.heading, section.path, text))
    return out


def _parts(text: str) -> list[str]:
    if len(text) <= MAX_SECTION_CHARS:
        return [text]
    parts: list[str] = []
    current: list[str] = []
    size = 0
    for paragraph in _pieces(text.split("\n")):
        if current and size + len(paragraph) + 1 > MAX_SECTION_CHARS:
            parts.append("\n".join(current))
            current, size = [], 0
        current.append(paragraph)
        size += len(paragraph) + 1
    if current:
        parts.append("\n".join(current))
    return parts


def _pieces(paragraphs: list[str]):
    """Paragraphs, with any longer than the limit cut at spaces."""
    for paragraph in paragraphs:
        while len(paragraph) > MAX_SECTION_CHARS:
            cut = paragraph.rfind(" ", 0, MAX_SECTION_CHARS)
            cut = cut if cut > 0 else MAX_SECTION_CHARS
            yield paragraph[:cut]
            paragraph = paragraph[cut:].lstrip()
        if paragraph:
            yield paragraph
