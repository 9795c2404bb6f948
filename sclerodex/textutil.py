"""Text normalisation shared by every stage.

Every text field that reaches the index goes through :func:`clean_text`, so no
article can carry terminal escape sequences, bidi overrides or stray control
characters to the screen, and whitespace is always single spaces.
"""

import re
import unicodedata

# C0 controls (bar tab/newline, turned into spaces below), DEL, C1 controls,
# lone surrogates, zero-width and bidi formatting characters.  ZWJ (U+200D) is
# kept: emoji sequences need it and it cannot reorder or recolour anything.
_UNSAFE = re.compile(
    "[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f"
    "\ud800-\udfff"
    "\u061c\u200b\u200c\u200e\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\ufff9-\ufffb]"
)
_SPACES = re.compile(r"\s+")


def strip_unsafe(text: str) -> str:
    """Remove control, bidi and zero-width characters; keep everything else."""
    return _UNSAFE.sub("", text)


def clean_text(text: str) -> str:
    """One paragraph: NFC, safe characters only, whitespace runs -> one space."""
    text = unicodedata.normalize("NFC", strip_unsafe(text))
    return _SPACES.sub(" ", text).strip()


def clean_lines(lines) -> list[str]:
    """Clean each line and drop the ones left empty."""
    cleaned = (clean_text(line) for line in lines)
    return [line for line in cleaned if line]


# Quotes and apostrophes of every shape are dropped, dashes and underscores
# are spaces: "Raynaud’s phenomenon", "raynaud's phenomenon" and
# "Raynauds-phenomenon" are one label.
_LABEL_FOLDS = str.maketrans(
    {**{c: None for c in "'’‘‛`´ʼ\"“”„‟«»‹›"}, **{c: " " for c in "-‐‑‒–—―−_"}}
)


def folded_label(text: str) -> str:
    """A tag or site name as labels compare: case, quotes, apostrophes and
    dashes folded, spaces collapsed."""
    return " ".join(unicodedata.normalize("NFC", text).casefold().translate(_LABEL_FOLDS).split())
