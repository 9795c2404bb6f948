"""What ``index/``, ``sync/`` and ``search/`` ask of a search engine: the interface, written down.

sclerodex keeps its index in an engine package; today ``whoosh_engine/`` is
the only one (its classes: ``whoosh_engine/store.py`` for the store,
``whoosh_engine/session.py`` and ``whoosh_engine/queries.py`` for a search).  Another engine
would be a sibling package offering what this module describes, and the
layers above would not change: they call the methods below and never an
engine's own objects.  This module imports nothing of any engine and nothing
of ``index/``, ``search/`` or ``sync/``, so both sides can name it.

**The store** holds *documents*: flat dicts of field -> value, one per
section, one per article (its record), one per source read and one per
ledger record (index/documents.py builds and reads every one).  Documents
are found by *terms*: a field and one exact value.  The fields indexed as
terms (whole values, not analysed) are ``doc_id`` (unique: what an upsert
replaces), ``kind``, ``article_id``, ``source``, ``site`` and ``source_of``;
``title``, ``heading`` and ``body`` are searched as words (the search
session's business, below); ``tags`` (each tag a term), ``published`` (a
date, sortable) and ``ordinal`` (a number) are indexed for the search's
filters and order; the rest are stored only.

A store is written in *commits*: what a writer upserts, adds and deletes is
seen by readers only once it commits, all of it at once, and a writer that
fails or is cancelled leaves the store as its last commit left it.  A store
is made of *segments* (as Lucene's, Tantivy's or Whoosh's), which commits
may merge; a segment builder (the engine's) may write a commit's segments in
other processes, and the commit lists them with its own.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import Any, Protocol

# --- merging, as a commit chooses it ----------------------------------------

MERGE_SMALL = "small"  # merge small segments as the engine usually does (the default)
MERGE_NONE = "none"  # merge nothing: the commit adds its segments beside the others
MERGE_ALL = "all"  # merge every segment into one (``index optimize``, a rebuild)


@dataclass(frozen=True)
class MergeRun:
    """Merge every segment not in ``older`` (those written since a run
    began, listed by :meth:`Store.segment_ids` at its start) and, of the
    older ones, those MERGE_SMALL would merge anyway: a run's last commit."""

    older: frozenset[str]


Merge = str | MergeRun  # MERGE_SMALL, MERGE_NONE, MERGE_ALL or a MergeRun


# --- reading ------------------------------------------------------------------


class StoreReader(Protocol):
    """One committed state of the store, read by terms.  Use it in a
    ``with`` block: it is closed at its end (a reader the caller did not
    open, such as KeptIndex.reader()'s, ignores the close)."""

    def document(self, **terms: str) -> dict | None:
        """The stored fields of the first document holding every ``field=value`` term; None when none does."""

    def documents(self, **terms: str) -> Iterator[dict]:
        """The stored fields of every document holding every ``field=value`` term, in document order."""

    def document_count(self) -> int:
        """How many documents the store holds (deleted ones not counted)."""

    def stored_documents(self) -> Iterator[tuple[int, dict | None]]:
        """Every stored document, read one by one without the term index
        (a rebuild and a check of a damaged store): (its number, its fields),
        the fields None where they cannot be read."""

    def unreadable_fields(self) -> Iterator[tuple[str, Exception]]:
        """Each indexed field some of whose terms or postings cannot be read, with the first failure."""

    def close(self) -> None:
        """Let go of what the reader holds open."""

    def __enter__(self) -> StoreReader: ...

    def __exit__(
        self, kind: type[BaseException] | None, error: BaseException | None, trace: TracebackType | None
    ) -> None: ...


# --- writing ------------------------------------------------------------------


class StoreWriter(Protocol):
    """One commit in the making.  Nothing it does is seen until :meth:`commit`;
    :meth:`cancel` drops all of it."""

    def upsert(self, document: dict) -> None:
        """Write ``document``, replacing any document with the same ``doc_id``."""

    def add(self, document: dict) -> None:
        """Write ``document`` (the caller knows no document has its ``doc_id``)."""

    def add_analysed(self, documents: Iterable[dict], analysis: Any) -> None:
        """Add one article's ``documents``, their texts analysed ahead by a
        parsing worker (``analysis``: the engine's packed analysis, or None)."""

    def takes_analysis(self) -> bool:
        """Whether this store analyses its texts as the parsing workers do, so that their analysis may be given."""

    def delete(self, field: str, value: str) -> None:
        """Delete every document holding the term ``field=value`` (documents.py's ``*_term`` helpers)."""

    def reader(self) -> StoreReader:
        """A reader of the state this writer started from (the last commit): the writer's lookups."""

    def commit(self, segments: Sequence[object] = (), merge: Merge = MERGE_SMALL) -> None:
        """Make everything written visible at once, with ``segments`` (written
        apart by the engine's segment builder) listed beside this commit's
        own, merging as ``merge`` says."""

    def cancel(self) -> None:
        """Drop everything written: the store stays as the last commit left it."""


# --- the store ----------------------------------------------------------------


class Store(Protocol):
    """An open store: one generation of an index folder (a rebuild writes a
    new generation; see whoosh_engine/storage.py).  The engine's functions
    open one: ``open_store(index_dir, create=...)`` for the current
    generation, ``open_store_at(folder)`` for a given one."""

    location: Path  # the folder of this generation's files (a segment builder writes there)

    def reader(self) -> StoreReader:
        """A reader of the store's last commit."""

    def writer(self, in_memory: bool = False) -> StoreWriter:
        """A writer (the caller holds the index's write lock); ``in_memory``:
        the commit is kept small enough for its postings to be held in memory."""

    def segment_ids(self) -> frozenset[str]:
        """The ids of the segments of the last commit (a run's older ones: :class:`MergeRun`)."""


# --- the search session ---------------------------------------------------------
#
# A search reads one generation of the index through a session: every answer
# of one search agrees.  Queries are trees of ``sclerodex/querytree.py``
# (sclerodex's own, not the engine's); the session compiles each tree into the
# engine's queries once.  Documents are named by the session's *document
# numbers* (ints, valid for that session only).


class RankingKnobs(Protocol):
    """What an engine reads of a ranking (search/ranking.py's ``Ranking``):
    BM25's ``k1`` and ``b``, and the weight of each searchable field."""

    k1: float
    b: float
    field_weights: tuple[tuple[str, float], ...]


class QueryLanguage(Protocol):
    """How an index reads a query: the analyser its words go through, and the
    query language's parser."""

    analyzer: Any  # the engine's analyser (the speller and the passages read text with it)
    ranking: RankingKnobs  # the field weights its parser gives a word in every field

    def units(self, text: str, no_morph: bool = False) -> list[Any]:
        """The words of ``text`` (querytree.Unit), as indexed, or with ``no_morph`` unstemmed."""

    def parse(self, text: str) -> Any:
        """``text`` in the query language as a query tree (querytree.Node); raises on what it cannot read."""


class Scoring(Protocol):
    """Every match of a tree with its score, each tree computed once a session."""

    def scores(self, query: Any) -> dict[int, float]:
        """Document number -> score of every match of the tree ``query`` (BM25F for a querytree.Word)."""

    def docs(self, query: Any) -> set[int] | dict[int, float]:
        """The document numbers the tree ``query`` matches (a set, or a dict keyed by them)."""


class SearchSession(Protocol):
    """What ``search/`` asks of one open generation of the index."""

    language: QueryLanguage
    analyzer: Any
    scoring: Scoring

    def document_count(self) -> int:
        """How many documents the generation holds (0: nothing ingested yet)."""

    def stored(self, docnum: int) -> dict[str, Any]:
        """The stored fields of a document."""

    def stored_by_doc_id(self, doc_id: str) -> dict[str, Any] | None:
        """The stored fields of the document with this ``doc_id``; None when none has it."""

    def article_records_of_site(self, site: str) -> Iterator[dict[str, Any]]:
        """The stored article records of the site called ``site``."""

    def docs(self, query: Any) -> Iterable[int]:
        """The document numbers a tree matches, in order."""

    def allowed_by(self, filters: Any, sections_known: bool) -> set[int] | None:
        """The documents search/filters.py's ``Filters`` let through (sections
        only, unless ``sections_known``); None: any document."""

    def bounded(self, query: Any) -> tuple[Any, dict[Any, str]]:
        """The tree with each over-broad prefix*, wildcard or range cut to its
        commonest words, and each pattern cut mapped to a notice saying so."""

    def pattern_words(self, pattern: Any) -> set[str]:
        """The index words a querytree.Pattern stands for (to highlight them)."""

    def missing(self, searched: Iterable[tuple[str, str]]) -> tuple[str, ...]:
        """Of (typed word, index term) pairs, the typed words no section holds."""

    def idf(self, term: str) -> float:
        """The BM25 idf of an index term over sections, as a querytree.Word scores it."""

    def has_field(self, name: str) -> bool:
        """Whether the index has the field."""

    def doc_frequency(self, field: str, word: str) -> int:
        """How many documents hold ``word`` in ``field``."""

    def words_within(self, field: str, word: str, maxdist: int, prefix: int) -> Iterator[str]:
        """The field's words at most ``maxdist`` edits from ``word``, sharing its first ``prefix`` letters."""

    def date_key(self) -> Any:
        """A function docnum -> a number growing with the publication date (0: undated)."""
