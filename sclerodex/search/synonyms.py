"""Domain synonyms: drug brand <-> generic names and the field's abbreviations.

They live in a data file (``sclerodex/data/synonyms.toml``), not in code.  Every
name is read with the index's analyser, so a query matches an entry whatever
its case, accents, plural or possessive; the longest entry wins where entries
overlap ("SSc-ILD" before "SSc").
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path

from sclerodex.errors import SclerodexError
from sclerodex.whoosh_engine.analysis import flat_terms, units

SYNONYMS_FILE = Path(__file__).resolve().parent.parent / "data" / "synonyms.toml"


@dataclass(frozen=True)
class Expansion:
    """A name added to a query, and why: ``azathioprine (generic of Imuran)``."""

    added: str
    reason: str
    tokens: tuple[str, ...]

    def label(self) -> str:
        return f"{self.added} ({self.reason})"


@dataclass(frozen=True)
class SynonymMatch:
    """Query tokens ``start:end`` name an entry that adds ``expansions``."""

    start: int
    end: int
    expansions: tuple[Expansion, ...]


class Synonyms:
    """Analysed names -> the expansions they bring."""

    def __init__(self, table: dict[tuple[str, ...], tuple[Expansion, ...]]):
        self.table = table
        self.longest = max((len(key) for key in table), default=0)

    @classmethod
    def load(cls, analyzer, path: Path = SYNONYMS_FILE) -> Synonyms:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as problem:
            raise SclerodexError(f"cannot read the synonyms file {path}: {problem}") from None
        table: dict[tuple[str, ...], list[Expansion]] = {}

        def add(typed: str, added: str, reason: str) -> None:
            # Found as the query's words are read (a compound is one word,
            # "SSc-ILD"); added as a phrase of its words' parts.
            key = tuple(unit.whole for unit in units(analyzer, typed))
            typed_parts, tokens = flat_terms(analyzer, typed), flat_terms(analyzer, added)
            # A name inside the other ("CREST" / "CREST syndrome") adds nothing.
            if key and tokens and not (set(typed_parts) <= set(tokens) or set(tokens) <= set(typed_parts)):
                found = table.setdefault(key, [])
                if all(e.tokens != tokens for e in found):
                    found.append(Expansion(added, reason, tokens))

        for generic, brands in data.get("drugs", {}).items():
            for brand in brands:
                add(brand, generic, f"generic of {brand}")
                add(generic, brand, f"brand of {generic}")
                for other in brands:
                    if other != brand:
                        add(brand, other, f"brand of {generic}")
        for short, long_forms in data.get("abbreviations", {}).items():
            for long_form in long_forms:
                add(short, long_form, f"expansion of {short}")
                add(long_form, short, f"abbreviation of {long_form}")
        return cls({key: tuple(found) for key, found in table.items()})

    def find(self, tokens: Sequence[str]) -> list[SynonymMatch]:
        """Entries named in ``tokens``, longest first, not overlapping."""
        matches, i = [], 0
        while i < len(tokens):
            for size in range(min(self.longest, len(tokens) - i), 0, -1):
                found = self.table.get(tuple(tokens[i : i + size]))
                if found:
                    matches.append(SynonymMatch(i, i + size, found))
                    i += size
                    break
            else:
                i += 1
        return matches

    def exact(self, tokens: Sequence[str]) -> tuple[Expansion, ...]:
        """The expansions of a whole word or phrase (query-language mode)."""
        return self.table.get(tuple(tokens), ())


NO_SYNONYMS = Synonyms({})
