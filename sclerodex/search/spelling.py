""""Did you mean": close words from the index's own unstemmed vocabulary.

A typed word is checked only when no section holds it (as the search reads
it: "raynauds" is held where "Raynaud's" is) and it is not a common English
word (``data/english-words.txt``, from SCOWL): "azathiprine" ->
"azathioprine", but *know*, *failing* or *safe* are never "corrected", even
in an index that lacks them, and a word sections hold never is.  Each such
word is corrected whatever the other words of the query find ("nintedanb
lung" -> "nintedanib lung").  The vocabulary is the ``spell_*`` subfields
(words lower-cased and accent-folded, not stemmed), so every suggestion is a
word some section really contains.

Candidates share the word's first letter (a Levenshtein automaton walks the
sorted vocabulary from there: walking all of it costs six times as much),
or start with a sound-alike of it ("fenomenon" -> "phenomenon").  At most
``MAX_LOOKUPS`` words of ``MAX_SPELL_CHARS`` characters or fewer are looked
up, so a pasted paragraph of unknown words stays fast.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import cache
from pathlib import Path

from sclerodex.querytree import SEARCH_FIELDS

SPELLING_FIELDS = tuple(f"spell_{name}" for name in SEARCH_FIELDS)
MIN_WORD_CHARS = 4
# Longer than any English or drug word; the automaton grows with the word.
MAX_SPELL_CHARS = 40
MAX_LOOKUPS = 5
# How a word may start when its first letter was written as it sounds.
SOUND_ALIKE = {"f": ("ph",), "ph": ("f",), "k": ("c", "ch"), "c": ("k", "s"), "s": ("c", "ps"), "z": ("x",),
               "n": ("pn",), "r": ("rh",), "t": ("th",), "th": ("t",)}
ENGLISH_WORDS_FILE = Path(__file__).resolve().parent.parent / "data" / "english-words.txt"
_OPERATORS = {"AND", "OR", "NOT", "ANDNOT"}


@dataclass(frozen=True)
class Word:
    """A word of the query as typed (``start:end`` in the text), its
    vocabulary form and its index term (stemmed)."""

    start: int
    end: int
    form: str
    term: str = ""


def typed_words(text: str, analyzer) -> list[Word]:
    """The query's words that are words to search for: not operators, not
    field names, not wildcards."""
    stems = {t.startchar: t.text for t in analyzer(text, chars=True)}
    words = []
    for token in analyzer(text, chars=True, no_morph=True):
        if getattr(token, "compound", None) is not None:
            continue  # a compound (IL-6) is not spelt as a word: its parts share its place in the text
        before, after = text[token.startchar - 1 : token.startchar], text[token.endchar : token.endchar + 1]
        typed = text[token.startchar : token.endchar]
        if typed in _OPERATORS or after == ":" or "*" in (before, after):
            continue
        words.append(Word(token.startchar, token.endchar, token.text, stems.get(token.startchar, token.text)))
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
        self.unchecked = 0  # suspect words suggest() did not look up (over MAX_LOOKUPS)
        self.replaced: tuple[str, ...] = ()  # the words, as typed, suggest() corrected

    def frequency(self, word: str) -> int:
        """Sections (counted per field) whose text holds ``word``."""
        return sum(self.session.doc_frequency(name, word) for name in self._fields)

    def held(self, word: Word) -> bool:
        """Whether some section holds ``word`` as the search reads it (its
        stemmed term) or as typed (its unstemmed form)."""
        return not self.session.missing([(word.form, word.term or word.form)]) or bool(self.frequency(word.form))

    def suspect(self, word: Word) -> bool:
        """Whether ``word`` may be misspelt: a word of letters no section
        holds that is not an English word."""
        form = word.form
        if not MIN_WORD_CHARS <= len(form) <= MAX_SPELL_CHARS or not form.isalpha():
            return False
        return form not in english_words() and not self.held(word)

    def correction(self, word: str) -> str | None:
        """The best close word for ``word`` when ``word`` looks misspelt:
        no section holds it and it is not an English word."""
        if not self.suspect(Word(0, len(word), word, word)):
            return None
        return self._closest(word)

    def _closest(self, word: str) -> str | None:
        # Two letters off for a long word; one for a short one.
        maxdist = 2 if len(word) > 5 else 1
        candidates = self._within(word, maxdist)
        if not candidates:
            for start, instead in SOUND_ALIKE.items():
                if word.startswith(start):
                    for other in instead:
                        candidates |= self._within(other + word[len(start) :], maxdist, len(other))
        candidates.discard(word)
        ranked = sorted((edit_distance(word, c), -self.frequency(c), c) for c in candidates)
        return next((c for distance, _, c in ranked if distance <= maxdist), None)

    def _within(self, word: str, maxdist: int, prefix: int = 1) -> set[str]:
        found: set[str] = set()
        for name in self._candidate_fields:
            found.update(self.session.words_within(name, word, maxdist, prefix=prefix))
        return found

    def suggest(self, text: str, analyzer) -> str | None:
        """``text`` with each suspect word replaced by its correction, or
        None (looking up at most MAX_LOOKUPS suspect words: a pasted
        paragraph stays fast)."""
        out, position, changed = [], 0, False
        suspects = [w for w in typed_words(text, analyzer) if self.suspect(w)]
        forms = list(dict.fromkeys(w.form for w in suspects))
        self.unchecked = max(0, len(forms) - MAX_LOOKUPS)
        corrections = {form: self._closest(form) for form in forms[:MAX_LOOKUPS]}
        self.replaced = ()
        for word in suspects:
            better = corrections.get(word.form)
            if better:
                self.replaced += (text[word.start : word.end],)
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
