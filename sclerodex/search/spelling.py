""""Did you mean": close words from the index's own unstemmed vocabulary.

A typed word is checked only when no section holds it and it is not a common
English word (``data/english-words.txt``, from SCOWL): "azathiprine" ->
"azathioprine", but *know*, *failing* or *safe* are never "corrected", even
in an index that lacks them.  The vocabulary is the ``spell_*`` subfields
(words lower-cased and accent-folded, not stemmed), so every suggestion is a
word some section really contains; the searcher still checks that the
corrected query finds more than the query as typed before using it.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sclerodex.whoosh_engine.queries import SEARCH_FIELDS

SPELLING_FIELDS = tuple(f"spell_{name}" for name in SEARCH_FIELDS)
MIN_WORD_CHARS = 4
MAX_WORDS = 40
ENGLISH_WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "english-words.txt"
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT"}


@dataclass(frozen=True)
class Word:
    """A word of the query as typed (``start:end`` in the text), and its
    vocabulary form."""

    start: int
    end: int
    form: str


def typed_words(text: str, analyzer) -> list[Word]:
    """The query's words that are words to search for: not operators, not
    field names, not wildcards."""
    words = []
    for token in analyzer(text, chars=True, no_morph=True):
        if getattr(token, "compound", None) is not None:
            continue  # a compound (IL-6) is not spelt as a word: its parts share its place in the text
        before, after = text[token.startchar - 1 : token.startchar], text[token.endchar : token.endchar + 1]
        typed = text[token.startchar : token.endchar]
        if typed in _OPERATORS or after == ":" or "*" in (before, after):
            continue
        words.append(Word(token.startchar, token.endchar, token.text))
    return words


@cache
def english_words() -> frozenset[str]:
    """Common English words, lower-case (read once, on the first unknown word)."""
    return frozenset(ENGLISH_WORDS_FILE.read_text(encoding="utf-8").split())


class Speller:
    """Finds corrections in the vocabulary of an open index (a session)."""

    def __init__(self, session):
        self.session = session
        self._fields = [name for name in SPELLING_FIELDS if session.has_field(name)]
        # Headings repeat words of the text; looking through titles and
        # bodies finds the same candidates in two thirds of the time.
        self._candidate_fields = [name for name in self._fields if name != "spell_heading"]

    def frequency(self, word: str) -> int:
        """Sections (counted per field) whose text holds ``word``."""
        return sum(self.session.doc_frequency(name, word) for name in self._fields)

    def correction(self, word: str) -> str | None:
        """The best close word for ``word`` when ``word`` looks misspelt:
        no section holds it and it is not an English word."""
        if len(word) < MIN_WORD_CHARS or not word.isalpha() or self.frequency(word):
            return None
        if word in english_words():
            return None
        # Two letters off for a long word; one for a short one.
        maxdist = 2 if len(word) > 5 else 1
        candidates = set()
        for name in self._candidate_fields:
            candidates.update(self.session.words_within(name, word, maxdist, prefix=1))
        candidates.discard(word)
        ranked = sorted((edit_distance(word, c), -self.frequency(c), c) for c in candidates)
        return next((c for distance, _, c in ranked if distance <= maxdist), None)

    def suggest(self, text: str, analyzer) -> str | None:
        """``text`` with each suspect word replaced by its correction, or None
        (looking at the first MAX_WORDS words: a pasted paragraph stays fast)."""
        out, position, changed = [], 0, False
        for word in typed_words(text, analyzer)[:MAX_WORDS]:
            better = self.correction(word.form)
            if better:
                out += [text[position : word.start], _keep_case(text[word.start : word.end], better)]
                position, changed = word.end, True
        if not changed:
            return None
        out.append(text[position:])
        return "".join(out)


def edit_distance(a: str, b: str) -> int:
    """Damerau-Levenshtein distance (adjacent transpositions count as one)."""
    previous2, previous = None, list(range(len(b) + 1))
    for i, ca in enumerate(a, 1):
        current = [i]
        for j, cb in enumerate(b, 1):
            cost = min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (ca != cb))
            if previous2 is not None and i > 1 and j > 1 and ca == b[j - 2] and a[i - 2] == cb:
                cost = min(cost, previous2[j - 2] + 1)
            current.append(cost)
        previous2, previous = previous, current
    return previous[-1]


def _keep_case(typed: str, better: str) -> str:
    if typed.isupper() and len(typed) > 1:
        return better.upper()
    if typed[:1].isupper():
        return better[:1].upper() + better[1:]
    return better
