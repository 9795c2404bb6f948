"""The records a search returns.  Plain data: rendering happens at the edge.

A hit's article and section are read from the index's stored fields, so their
records live with that mapping (index/documents.py)."""

from __future__ import annotations

from dataclasses import dataclass, field

from sclerodex.index.documents import ArticleInfo, SectionInfo
from sclerodex.search.synonyms import Expansion


@dataclass(frozen=True)
class Passage:
    """A sentence-bounded fragment of a section; ``highlights`` are
    (start, end) character offsets of matched terms in ``text``."""

    text: str
    highlights: tuple[tuple[int, int], ...]


@dataclass(frozen=True)
class Hit:
    """One matching section with its passages and its source's disclaimer;
    ``label`` is "title › heading path" with the query's words marked."""

    article: ArticleInfo
    section: SectionInfo
    score: float
    passages: tuple[Passage, ...]
    disclaimer: str
    label: Passage | None = None


@dataclass(frozen=True)
class SearchResult:
    """A whole answer: the hits, and each distinct disclaimer among them once.

    ``did_you_mean`` is a corrected query that was not run because it finds
    fewer sections than the query as typed (a corrected ``-word``); ``expanded`` the synonyms that were added and matched;
    ``any_term_fallback`` is True when a query-language query found nothing
    with all its terms and the hits match any of them instead; ``notices``
    says what else was changed (a wildcard cut to its most common words).
    ``corrected`` is the corrected query that was run instead of the query
    as typed; when the query as typed found something too, ``replaced``
    names the typed words it corrected (no section holds them); ``missing`` the words, as typed, that no
    section holds; ``truncated`` is True when the query was cut at one of
    its limits (length, a word's length, number of words) and ``cuts`` says
    each cut in a line.  When filters removed every match, ``unfiltered_total``
    counts the matches without them and ``emptied_by`` names each condition
    that alone leaves none.  ``held_back`` counts the matches that ranked
    among the hits shown but were left out because their article already
    had ``per_article`` sections shown (None: no such limit).  ``unspelt``:
    the words that look misspelt and were not looked up (a search asked
    without spelling, as ``browse`` runs one while a word is being typed).
    ``passages_for`` N: only the first N hits were given their passages
    (a search asked so); None: every hit was.
    """

    query: str
    total: int
    hits: tuple[Hit, ...]
    disclaimers: tuple[str, ...]
    did_you_mean: str | None = None
    expanded: tuple[Expansion, ...] = field(default=())
    any_term_fallback: bool = False
    notices: tuple[str, ...] = field(default=())
    corrected: str | None = None
    replaced: tuple[str, ...] = field(default=())
    missing: tuple[str, ...] = field(default=())
    truncated: bool = False
    cuts: tuple[str, ...] = field(default=())
    unfiltered_total: int | None = None
    emptied_by: tuple[str, ...] = field(default=())
    held_back: int = 0
    per_article: int | None = None
    unspelt: tuple[str, ...] = field(default=())
    passages_for: int | None = None
