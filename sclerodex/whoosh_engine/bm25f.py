"""BM25F in Whoosh's terms: the query of one word in every weighted field
with its matcher and its bulk scores, and Whoosh's per-field BM25 with the
idf over sections.  What the constants are is search/ranking.py's ``Ranking``;
the engine knows it only as ``sclerodex.engine.RankingKnobs`` (anything with
``k1``, ``b`` and ``field_weights``), so it imports nothing of search/.
"""

from __future__ import annotations

from dataclasses import dataclass
from math import log

from whoosh import matching, scoring
from whoosh.query import Query

from sclerodex.engine import RankingKnobs
from sclerodex.whoosh_engine.bulk_postings import LENGTHS, length_bytes, postings
from sclerodex.whoosh_engine.schema import SECTION


def section_count(searcher) -> int:
    """N of the idf: section documents, not the per-article records."""
    parent = searcher.get_parent()
    return parent.doc_frequency("kind", SECTION) or parent.doc_count_all()


def idf(searcher, df: int) -> float:
    """Robertson's idf, always positive."""
    total = section_count(searcher)
    return log(1 + (total - df + 0.5) / (df + 0.5))


class BM25(scoring.BM25F):
    """Whoosh's per-field BM25 with the usual BM25 idf over sections.

    Whoosh's own idf, log(N / (df + 1)) + 1, counts every document, including
    the per-article records that hold no text.
    """

    def idf(self, searcher, fieldname, text):
        return idf(searcher, searcher.get_parent().doc_frequency(fieldname, text))


def weighting(ranking: RankingKnobs) -> BM25:
    """Whoosh's scorer for ``ranking``'s constants (phrases, field terms)."""
    return BM25(B=ranking.b, K1=ranking.k1)


class FieldsWord(Query):
    """One analysed word, searched in every weighted field, scored by BM25F."""

    def __init__(self, text: str, ranking: RankingKnobs, boost: float = 1.0):
        self.text = text
        self.ranking = ranking
        self.boost = boost

    def __repr__(self) -> str:
        return f"FieldsWord({self.text!r}, boost={self.boost:g})"

    def __eq__(self, other) -> bool:
        return (
            type(other) is type(self)
            and (self.text, self.ranking, self.boost) == (other.text, other.ranking, other.boost)
        )

    def __hash__(self) -> int:
        return hash((type(self).__name__, self.text, self.ranking, self.boost))

    def is_leaf(self) -> bool:
        return True

    def field(self):
        return None  # several fields

    def terms(self, phrases=False):
        for name, _ in self.ranking.field_weights:
            yield name, self.text

    def with_boost(self, boost: float) -> FieldsWord:
        return FieldsWord(self.text, self.ranking, boost)

    def estimate_size(self, ixreader) -> int:
        return sum(ixreader.doc_frequency(name, self.text) for name, _ in self.ranking.field_weights)

    def scores(self, searcher) -> dict[int, float]:
        """Document number -> score of every section holding the word: the
        scores :meth:`matcher` gives, computed a posting block at a time."""
        parent = searcher.get_parent()
        k1, b = self.ranking.k1, self.ranking.b
        fields, df = self._fields(parent)
        frequency: dict[int, float] = {}
        if not df:
            return frequency
        # Length normalisation per stored length byte, and for a document
        # past the end of the lengths column (length 0): the same in every segment.
        norms = {name: [(1 - b) + b * length / average for length in (*LENGTHS, 0)] for name, _, _, average in fields}
        for leaf, offset in parent.leaf_searchers():
            reader = leaf.reader()
            for name, weight, term, _ in fields:
                if (name, term) not in reader:
                    continue
                lengths = length_bytes(reader, name)
                field_norms = norms[name]
                last = len(lengths)
                for ids, weights in postings(reader, name, term):
                    for docnum, w in zip(ids, weights):
                        norm = field_norms[lengths[docnum] if docnum < last else 256]
                        key = docnum + offset
                        frequency[key] = frequency.get(key, 0.0) + weight * w / norm
        idf_weight = self.boost * idf(parent, df)
        return {docnum: idf_weight * f * (k1 + 1) / (f + k1) for docnum, f in frequency.items()}

    def _fields(self, parent) -> tuple[list[tuple[str, float, bytes, float]], int]:
        """(field, weight, term, average field length) of each weighted field
        in the index, and the word's document frequency: its largest in any
        one field (the idf of BM25F)."""
        fields, df = [], 0
        for name, weight in self.ranking.field_weights:
            if name in parent.schema:
                term = parent.schema[name].to_bytes(self.text)
                df = max(df, parent.doc_frequency(name, term))
                fields.append((name, weight, term, parent.avg_field_length(name) or 1.0))
        return fields, df

    def matcher(self, searcher, context=None):
        reader = searcher.reader()
        fields, df = self._fields(searcher.get_parent())
        parts = [
            _Field(name, weight, average, reader.postings(name, term))
            for name, weight, term, average in fields
            if (name, term) in reader
        ]
        if not parts:
            return matching.NullMatcher()
        return _FieldsMatcher(parts, self.boost * idf(searcher, df), self.ranking, searcher)


@dataclass
class _Field:
    name: str
    weight: float
    average_length: float
    postings: matching.Matcher


class _FieldsMatcher(matching.Matcher):
    """The union of a word's postings in several fields; BM25F scores.

    ``live`` holds the fields whose postings are not exhausted; ``current``
    is the smallest document id among them (kept, since Whoosh asks often).
    """

    def __init__(self, fields: list[_Field], weight: float, ranking: RankingKnobs, searcher):
        self.fields = fields
        self.idf_weight = weight
        self.ranking = ranking
        self.searcher = searcher
        self._settle()

    def _settle(self) -> None:
        self.live = [f for f in self.fields if f.postings.is_active()]
        self.current = min(f.postings.id() for f in self.live) if self.live else -1

    def is_active(self) -> bool:
        return bool(self.live)

    def id(self) -> int:
        return self.current

    def next(self) -> bool:
        if not self.live:
            raise matching.ReadTooFar
        for f in self.live:
            if f.postings.id() == self.current:
                f.postings.next()
        self._settle()
        return False

    def skip_to(self, target: int) -> bool:
        for f in self.live:
            if f.postings.id() < target:
                f.postings.skip_to(target)
        self._settle()
        return False

    def reset(self) -> None:
        for f in self.fields:
            f.postings.reset()
        self._settle()

    def copy(self) -> _FieldsMatcher:
        fields = [_Field(f.name, f.weight, f.average_length, f.postings.copy()) for f in self.fields]
        return _FieldsMatcher(fields, self.idf_weight, self.ranking, self.searcher)

    def replace(self, minquality=0):
        return self if self.live else matching.NullMatcher()

    def children(self):
        return [f.postings for f in self.fields]

    def supports(self, astype) -> bool:
        return False

    def supports_block_quality(self) -> bool:
        return False

    def max_quality(self) -> float:
        return self.idf_weight * (self.ranking.k1 + 1)

    def weight(self) -> float:
        return sum(f.postings.weight() for f in self.live if f.postings.id() == self.current)

    def score(self) -> float:
        current, k1, b = self.current, self.ranking.k1, self.ranking.b
        frequency = 0.0
        for f in self.live:
            if f.postings.id() == current:
                length = self.searcher.doc_field_length(current, f.name, 1)
                frequency += f.weight * f.postings.weight() / ((1 - b) + b * length / f.average_length)
        return self.idf_weight * frequency * (k1 + 1) / (frequency + k1)
