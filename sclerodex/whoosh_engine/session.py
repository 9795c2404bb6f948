"""One search's view of a Whoosh index: what ``search/`` asks an engine.

The searcher, the speller and the filters ask questions in records and query
trees (``sclerodex/querytree.py``) -- the stored fields of a document, the
documents a tree or a filter lets through, every match's score, how many
sections hold a word, the words close to a misspelt one, each document's
publication date -- and :class:`Session` answers them from one open Whoosh
searcher (one index generation, so every answer of a search agrees).  The
session compiles each tree into Whoosh's queries once.  A second engine would
offer a session with the same methods (``sclerodex/engine.py``).
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Callable, Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from whoosh.query import Term

from sclerodex import querytree as qt
from sclerodex.querytree import SEARCH_FIELDS
from sclerodex.whoosh_engine.bm25f import RankingKnobs, idf, weighting
from sclerodex.whoosh_engine.bulk_scoring import BulkScoring
from sclerodex.whoosh_engine.expansions import bound_expansions, pattern_words
from sclerodex.whoosh_engine.queries import Compiler, QueryLanguage
from sclerodex.whoosh_engine.restrictions import restriction
from sclerodex.whoosh_engine.schema import ARTICLE
from sclerodex.whoosh_engine.storage import open_index


@contextmanager
def open_session(index_dir: Path, ranking: RankingKnobs) -> Iterator[Session]:
    """A session on the index's current generation, scoring with ``ranking``'s knobs."""
    with open_index(index_dir).searcher(weighting=weighting(ranking)) as searcher:
        yield Session(searcher, ranking)


class Session:
    def __init__(self, searcher, ranking: RankingKnobs):
        self._searcher = searcher
        self._reader = searcher.reader()
        self.schema = searcher.schema  # not ix.schema: that re-reads a TOC a commit may have replaced
        self.language = QueryLanguage(ranking, self.schema)
        self.analyzer = self.language.analyzer
        self._compiled = Compiler(ranking)
        self._bounded: dict = {}  # each pattern bounded once a session
        self.scoring = BulkScoring(searcher, self._compiled)

    def document_count(self) -> int:
        return self._searcher.doc_count()

    def stored(self, docnum: int) -> dict:
        """The stored fields of document ``docnum``."""
        return self._searcher.stored_fields(docnum)

    def docs(self, query: qt.Node) -> Iterable[int]:
        """The documents ``query`` matches, in document order."""
        return self._searcher.docs_for_query(self._compiled(query))

    def allowed_by(self, filters, sections_known: bool) -> set[int] | None:
        """The documents ``filters`` let through (sections only, unless the
        caller knows its query finds nothing else); None: any document."""
        query = restriction(self._searcher, filters, sections_known)
        return None if query is None else set(self._searcher.docs_for_query(query))

    def bounded(self, query: qt.Node) -> tuple[qt.Node, dict[qt.Pattern, str]]:
        """``query`` with over-broad wildcards and ranges cut, and each
        pattern cut with a notice saying so."""
        return bound_expansions(query, self._reader, self._compiled, self._bounded)

    def pattern_words(self, pattern: qt.Pattern) -> set[str]:
        """The index words a prefix*, wildcard or range stands for."""
        return pattern_words(pattern, self._reader, self._compiled)

    def missing(self, searched: Iterable[tuple[str, str]]) -> tuple[str, ...]:
        """Of the (typed, index term) pairs, the typed words no section holds."""
        fields = [name for name in SEARCH_FIELDS if name in self.schema]
        return tuple(
            dict.fromkeys(
                typed
                for typed, term in searched
                if not any(self._reader.doc_frequency(name, self.schema[name].to_bytes(term)) for name in fields)
            )
        )

    def idf(self, term: str) -> float:
        """The BM25 idf of an index term, over sections, as FieldsWord scores it
        (its document frequency in the field where it is most frequent)."""
        fields = [name for name in SEARCH_FIELDS if name in self.schema]
        df = max((self._reader.doc_frequency(name, self.schema[name].to_bytes(term)) for name in fields), default=0)
        return idf(self._searcher, df)

    def has_field(self, name: str) -> bool:
        return name in self.schema

    def doc_frequency(self, field: str, word: str) -> int:
        return self._reader.doc_frequency(field, word)

    def words_within(self, field: str, word: str, maxdist: int, prefix: int) -> Iterator[str]:
        """The field's words at most ``maxdist`` edits from ``word``, sharing its first ``prefix`` letters."""
        for found in self._reader.terms_within(field, word, maxdist, prefix=prefix):
            yield found.decode("utf-8") if isinstance(found, bytes) else found

    def stored_by_doc_id(self, doc_id: str) -> dict | None:
        """The stored fields of the document with this ``doc_id``, None when none has it."""
        return self._searcher.document(doc_id=doc_id)

    def article_records_of_site(self, site: str) -> Iterator[dict]:
        """The stored article records of the site called ``site``."""
        yield from self._searcher.search(Term("site", site) & Term("kind", ARTICLE), limit=None)

    def date_key(self) -> Callable[[int], int]:
        """docnum -> a number that grows with the publication date; 0 (last) when
        undated.  Raw column values: Whoosh cannot turn its "no value" into a date.

        The column is read segment by segment: Whoosh's multi-segment column
        reader leaves out the segments that hold no date at all, and then
        reads another segment's dates for their documents (or fails with an
        IndexError when no segment has one)."""
        missing = self.schema["published"].column_type.default_value(False)
        segments = [
            (offset, reader.column_reader("published", translate=False))
            for reader, offset in self._reader.leaf_readers()
        ]
        starts = [offset for offset, _ in segments]

        def when(docnum: int) -> int:
            offset, column = segments[bisect_right(starts, docnum) - 1]
            value = column[docnum - offset]
            return 0 if value == missing else value

        return when


class KeptSearcher:
    """One index kept open across many searches (the interactive screen):
    opened once, and brought up to date before each search, cheaply -- a
    commit since the last search is read by refreshing the searcher (which
    reuses the segments it already has), a rebuild (a new generation) by
    opening the new one.  Not for several threads at once."""

    def __init__(self, index_dir: Path, ranking: RankingKnobs):
        self.index_dir = index_dir
        self.ranking = ranking
        self._searcher = None
        self._generation = None
        self.version = 0  # changes whenever the index read changes: answers kept for it are stale

    def current(self):
        """The Whoosh searcher on the index as it is now."""
        from sclerodex.whoosh_engine.storage import current_generation

        generation = current_generation(self.index_dir)
        if self._searcher is None or generation != self._generation:
            self.close()
            self._searcher = open_index(self.index_dir).searcher(weighting=weighting(self.ranking))
            self._generation = generation
            self.version += 1
        elif not self._searcher.up_to_date():
            self._searcher = self._searcher.refresh()
            self.version += 1
        return self._searcher

    def reader(self):
        """A store reader of the index as it is now; it stays open with the searcher."""
        from sclerodex.whoosh_engine.store import WhooshReader

        return WhooshReader(self.current(), owned=False)

    @contextmanager
    def session(self) -> Iterator[Session]:
        """A session on the index as it is now; the searcher stays open.
        Any failure drops it, so that the next search opens afresh."""
        try:
            yield Session(self.current(), self.ranking)
        except BaseException:
            self.close()
            raise

    def close(self) -> None:
        if self._searcher is not None:
            try:
                self._searcher.close()
            finally:
                self._searcher = None
