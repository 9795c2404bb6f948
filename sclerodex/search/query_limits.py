"""How much of a query is read: a pasted page or a stuck key stays fast.

A query is cut three ways before it is planned, in this order, and each cut
is said (one plain line, quoting at most ~80 characters):

- each word (letters and digits, joined by ``-``, ``.``, ``/`` or an
  apostrophe: ``IL-6``, ``2.5``, ``Raynaud's``) to its first
  ``MAX_WORD_CHARS`` characters: no word of any language is longer, and the
  speller's work grows with a word's length (brackets, quotes and other
  signs around a word are not part of it, and are never cut);
- to its first ``MAX_QUERY_WORDS`` words (runs of letters and digits, as the
  analyser reads them, operators included): a question is a dozen words; fifty
  keep a pasted sentence or two;
- to its first ``MAX_QUERY_CHARS`` characters (brackets and signs are not
  words: a wall of them is cut here).

So whatever is typed, the search looks at most at 50 words of at most 100
characters each.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from sclerodex.errors import QueryError
from sclerodex.textutil import clean_text

MAX_QUERY_CHARS = 2000
MAX_WORD_CHARS = 100
MAX_QUERY_WORDS = 50
# Added to a refusal of a query that was cut.
LIMITS_SAID = (
    f"a query is read up to its first {MAX_QUERY_WORDS} words, "
    f"each of at most {MAX_WORD_CHARS} characters, and {MAX_QUERY_CHARS:,} characters in all"
)

_LONG_WORD = re.compile(r"\w+(?:[-./'’]\w+)*")
_WORD = re.compile(r"\w+")
# How much of one cut word a message quotes.
_QUOTED_WORD_CHARS = 24
_WORDS_NAMED = 3


@dataclass(frozen=True)
class CutQuery:
    """The query as it will be searched, one message per cut made, and the
    query as typed (cleaned, not cut)."""

    text: str
    cuts: tuple[str, ...] = ()
    typed: str = ""


def shortened(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters for a message, with "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str, limit: int = 80) -> str:
    """``text`` in quotes for a message, cut to about ``limit`` characters."""
    return repr(shortened(text, limit))


def cut_query(text: str) -> CutQuery:
    """``text`` (already cleaned) within the limits, with what was cut."""
    cuts = []
    long_words = [m.group() for m in _LONG_WORD.finditer(text) if len(m.group()) > MAX_WORD_CHARS]
    if long_words:
        text = _LONG_WORD.sub(lambda m: m.group()[:MAX_WORD_CHARS], text)
        named = ", ".join(f"'{shortened(w, _QUOTED_WORD_CHARS)}' ({len(w):,} characters)" for w in long_words[:_WORDS_NAMED])
        more = f" and {len(long_words) - _WORDS_NAMED} more" if len(long_words) > _WORDS_NAMED else ""
        which = "A word was" if len(long_words) == 1 else f"{len(long_words)} words were"
        cuts.append(f"{which} cut to {MAX_WORD_CHARS} characters: {named}{more}.")
    words = list(_WORD.finditer(text))
    if len(words) > MAX_QUERY_WORDS:
        end = words[MAX_QUERY_WORDS - 1].end()
        left_out = text[end:].strip()
        cuts.append(
            f"The query was cut to its first {MAX_QUERY_WORDS} words (it has {len(words)}); "
            f"left out: '{shortened(left_out, 40)}'."
        )
        text = text[:end]
    if len(text) > MAX_QUERY_CHARS:
        cuts.append(f"The query was cut to its first {MAX_QUERY_CHARS:,} characters (it has {len(text):,}).")
        text = text[:MAX_QUERY_CHARS]
    return CutQuery(text, tuple(cuts))


def searchable_query(text: str) -> CutQuery:
    """``text`` as it will be searched: cleaned (one line, safe characters)
    and cut to the limits; QueryError when nothing is left."""
    typed = clean_text(text)
    cut = cut_query(typed)
    searched = cut.text.strip()  # a cut may end on a space
    if not searched:
        raise QueryError("empty query: give one or more words to search for")
    return CutQuery(searched, cut.cuts, typed)
