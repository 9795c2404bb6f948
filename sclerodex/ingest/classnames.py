"""What an element's class names and id say about it: chrome, a comment
thread, a sidebar, or likely the article."""

from __future__ import annotations

import re
from functools import lru_cache

from sclerodex.ingest.selectors import (
    MAYBE_CLASS,
    NEGATIVE_CLASS,
    POSITIVE_CLASS,
    UNLIKELY_CLASS,
    UNLIKELY_INSIDE_WORDS,
)

_POSITIVE_FACTOR = 1.5
_NEGATIVE_FACTOR = 0.4
_NON_WORD = re.compile(r"[^a-z0-9]+")
_CAMEL_BREAK = re.compile(r"(?<=[a-z0-9])(?=[A-Z])")


def class_words(element) -> set[str]:
    """The lowercase words of an element's class names and id."""
    value = f"{element.get('class') or ''} {element.get('id') or ''}".lower()
    return set(_NON_WORD.split(value)) - {""}


def class_factor(element) -> float:
    """How much a block's class/id words make it likelier the article."""
    words = class_words(element)
    factor = 1.0
    if words & NEGATIVE_CLASS:
        factor *= _NEGATIVE_FACTOR
    if words & POSITIVE_CLASS:
        factor *= _POSITIVE_FACTOR
    return factor


def names_unlikely(element) -> bool:
    """Whether a class name or id names a comment thread, sidebar, menu...:
    its first or last word does ("sidebar-wrapper", "post-comments"), not a
    word in the middle, which names a layout ("one-sidebar-right")."""
    classes, ident = element.get("class"), element.get("id")
    if not classes and not ident:
        return False
    return _unlikely_names(f"{classes or ''} {ident or ''}")


@lru_cache(maxsize=4096)
def _unlikely_names(names: str) -> bool:
    first_and_last: set[str] = set()
    every: set[str] = set()
    for name in names.split():
        # camelCase names count as words too: "commentWrapper", "userComments".
        parts = [part for part in _NON_WORD.split(_CAMEL_BREAK.sub(" ", name).lower()) if part]
        if parts:
            first_and_last.update((parts[0], parts[-1]))
            every.update(parts)
    if any(marker in part for part in every for marker in UNLIKELY_INSIDE_WORDS):
        return True
    return bool(first_and_last & UNLIKELY_CLASS) and not every & MAYBE_CLASS
