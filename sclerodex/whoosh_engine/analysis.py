"""How text becomes index terms: the same analyser for documents and queries.

Words are lower-cased, accents folded (Sjögren = Sjogren), a short list of
English function words dropped and the rest stemmed (Porter), so "scarring"
finds "scar".  Numbers and one-letter words are kept ("type 2", "T cells"
mean something in medicine); a possessive "'s" is not a word.

Compounds -- letters and digits joined by "-", "/" or "." inside a word, as
in IL-6, COVID-19, anti-Scl-70, SSc-ILD, 5-year -- are kept whole as well as
split (:class:`CompoundFilter`, after Elasticsearch's word_delimiter_graph
with preserve_original and catenate): "IL-6" is indexed as ``il-6``, its
parts ``il`` and ``6`` on consecutive positions (so "IL 6" still matches it
as a phrase), and its parts joined, ``il6`` (so "IL6" finds "IL-6" and back).
Greek letters are spelled out (TNF-α = TNF-alpha = TNFα).  A decimal number
("2.5") stays one word.
A field's length counts a compound as its parts only (the text fields'
format, schema.WordPositions, reads ``token.compound``).

Each searchable field also keeps its words unstemmed (Whoosh's spelling
subfield, ``spell_<field>``): the vocabulary that "Did you mean" suggests from.
"""

from __future__ import annotations

import re

from whoosh.analysis import CharsetFilter, Filter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

from sclerodex.querytree import Unit

# Words and numbers, with the "-", "/" or "." that joins two of them inside a
# compound ("IL-6", "anti-Scl-70", "2.5", "e.g").  The "s" of a possessive
# ("Raynaud's", also with a typographic apostrophe) is skipped, a lone "s"
# elsewhere is not.
TOKEN_PATTERN = r"(?!(?<=['’])[sS]\b)\w+(?:[-/.‐‑]\w+)*"

# Function words that carry no topic (Lucene's English list and a few
# more).  Deliberately short: "may" (the month), "can", "will" and the like
# still match when asked for.
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have if in into is it its no not
    of on or such that the their then there these they this to was were which with""".split()
)

# Where a compound splits; the hyphen-like dashes count as "-".
_JOINERS = re.compile(r"[-/.‐‑]")
_DECIMAL = re.compile(r"\d+(?:\.\d+)+")
# A compound with more parts than this (a URL, a file name) is indexed whole,
# as its parts and joined whole, without the joined runs of its parts.
MAX_RUN_PARTS = 4

GREEK = {
    "α": "alpha", "β": "beta", "γ": "gamma", "δ": "delta", "ε": "epsilon", "ζ": "zeta", "η": "eta",
    "θ": "theta", "ι": "iota", "κ": "kappa", "λ": "lambda", "μ": "mu", "µ": "mu", "ν": "nu", "ξ": "xi",
    "ο": "omicron", "π": "pi", "ρ": "rho", "σ": "sigma", "ς": "sigma", "τ": "tau", "υ": "upsilon",
    "φ": "phi", "χ": "chi", "ψ": "psi", "ω": "omega",
}
_GREEK_LETTER = re.compile("[" + "".join(GREEK) + "]")
_ALL_GREEK = re.compile(r"[\u0370-\u03ff\u1f00-\u1fffµ]+")

# What a token of the analyser is, in ``token.compound``.
WORD, WHOLE, JOINED, PART = None, "whole", "joined", "part"


def spelled_greek(word: str) -> str:
    """Greek letters in a word of Latin letters or digits spelled out
    (``tnfα`` -> ``tnfalpha``, ``α`` -> ``alpha``); a Greek word is left
    alone."""
    if not _GREEK_LETTER.search(word) or (len(word) > 1 and _ALL_GREEK.fullmatch(word)):
        return word
    return _GREEK_LETTER.sub(lambda m: GREEK[m.group()], word)


def compound_parts(text: str) -> list[str]:
    """The parts of a (lower-cased) token: one for a plain word or a decimal
    number, several for a compound; Greek letters spelled."""
    if _DECIMAL.fullmatch(text):
        return [text]
    return [spelled_greek(part) for part in _JOINERS.split(text) if part]


class CompoundFilter(Filter):
    """A compound token as its whole, its joined parts and its parts.

    The whole (separators as "-") and every joined run of two or more parts
    take the position of the run's first part; the parts take one position
    each, and the words after the compound move up to follow its last part,
    so a phrase of the parts, or of the words around them, matches.  Each
    token says what it is in ``token.compound`` (WORD, WHOLE, JOINED, PART);
    the query side reads that to search a compound as one unit.

    With ``mode="query"`` (Whoosh's query-language parser, which makes a
    phrase of a word's tokens in their order) a compound gives its parts
    only: ``"5-year survival"`` is the phrase 5 year survival.
    """

    def __eq__(self, other):
        return other is not None and self.__class__ is other.__class__

    def __call__(self, tokens):
        shift = 0
        for t in tokens:
            parts = compound_parts(t.text)
            if t.positions:
                t.pos += shift
            if len(parts) == 1:
                t.text = parts[0]
                t.compound = WORD
                yield t
                continue
            first = t.pos if t.positions else None
            if t.mode != "query":
                t.compound = WHOLE
                t.text = "-".join(parts)
                yield t
                size = len(parts)
                runs = [(0, size)]  # all the parts joined first
                if size <= MAX_RUN_PARTS:
                    runs += [(i, j) for i in range(size) for j in range(i + 2, size + 1) if (i, j) != (0, size)]
                for i, j in runs:
                    t.compound = JOINED
                    t.text = "".join(parts[i:j])
                    if t.positions:
                        t.pos = first + i
                    yield t
            for i, part in enumerate(parts):
                t.compound = PART
                t.text = part
                if t.positions:
                    t.pos = first + i
                yield t
            shift += len(parts) - 1


def text_analyzer():
    """The analyser of every searchable text field."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | CompoundFilter()
        | StemFilter(cachesize=100_000)
    )


def units(analyzer, text: str, **options) -> list[Unit]:
    """The words of ``text`` in order, a compound as one :class:`Unit`
    (``options`` as for the analyser, e.g. ``no_morph=True``)."""
    found: list[Unit] = []
    current: dict | None = None
    for t in analyzer(text, chars=True, **options):
        kind = getattr(t, "compound", WORD)
        if kind in (WORD, WHOLE):
            if current:
                found.append(_unit(current))
            current = {"start": t.startchar, "end": t.endchar, "whole": t.text, "parts": [], "joined": None}
            if kind == WORD:
                current["parts"].append(t.text)
        elif kind == JOINED:
            if current["joined"] is None:  # the first is all the parts joined
                current["joined"] = t.text
        elif current is not None:
            current["parts"].append(t.text)
    if current:
        found.append(_unit(current))
    return found


def _unit(d: dict) -> Unit:
    return Unit(d["start"], d["end"], d["whole"], tuple(d["parts"]), d["joined"] if len(d["parts"]) > 1 else None)


def flat_terms(analyzer, text: str) -> tuple[str, ...]:
    """The terms of ``text`` one after another, each compound as its parts:
    the words a phrase of ``text`` must find in order."""
    return tuple(part for unit in units(analyzer, text) for part in unit.parts)
