"""Running a search: ranking, filters, fallback, suggestions and passages ->
SearchResult.

Order of the hits: for plain words, sections with every word (or a synonym
of it) first, then sections with some; inside each tier by score, or by date
with ``sort="date"``.  No article shows more than ``per_article`` sections.
A query-language query whose AND finds nothing is run again with OR, and the
result says so (``any_term_fallback``).
"""

from __future__ import annotations

import heapq
from collections import Counter
from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from whoosh.query import Term

from sclerodex.errors import IndexMissing, QueryError, SclerodexError
from sclerodex.index.documents import (
    ArticleInfo,
    article_doc_id,
    article_info,
    article_record,
    section_info,
    section_text,
)
from sclerodex.ingest.disclaimer import GENERIC_NOTICE
from sclerodex.search.filters import NO_FILTERS, Filters
from sclerodex.search.passages import build_passages, find_matches
from sclerodex.search.query import SEARCH_FIELDS, Highlights, QueryPlan, finds_sections_only, highlights_in, plan_query
from sclerodex.search.ranking import DEFAULT_RANKING, Ranking, weighting
from sclerodex.search.records import Hit, Passage, SearchResult
from sclerodex.search.spelling import Speller
from sclerodex.search.synonyms import NO_SYNONYMS, SYNONYMS_FILE, Synonyms
from sclerodex.search.wildcards import bound_expansions
from sclerodex.textutil import clean_text
from sclerodex.whoosh_engine.analysis import text_analyzer
from sclerodex.whoosh_engine.bulk_scoring import BulkScoring
from sclerodex.whoosh_engine.schema import ARTICLE
from sclerodex.whoosh_engine.storage import HOW_TO_INGEST, open_index, read_with_retries

DEFAULT_LIMIT = 10
DEFAULT_PER_ARTICLE = 2
SORTS = ("relevance", "date")


def search(
    index_dir: Path,
    text: str,
    limit: int = DEFAULT_LIMIT,
    *,
    filters: Filters = NO_FILTERS,
    sort: str = "relevance",
    per_article: int | None = DEFAULT_PER_ARTICLE,
    synonyms: bool = True,
    ranking: Ranking = DEFAULT_RANKING,
) -> SearchResult:
    """Search the index at ``index_dir`` for ``text`` (plain words, or the
    query language); ``per_article`` None shows every matching section."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    return read_with_retries(
        index_dir, lambda: _search_once(index_dir, text, max(1, limit), filters, sort, per_article, synonyms, ranking)
    )


def _search_once(index_dir, text, limit, filters, sort, per_article, synonyms, ranking) -> SearchResult:
    with open_index(index_dir).searcher(weighting=weighting(ranking)) as searcher:
        schema = searcher.schema  # not ix.schema: that re-reads a TOC a commit may have replaced
        if searcher.doc_count() == 0:
            raise IndexMissing(f"the index at {index_dir} is empty: {HOW_TO_INGEST}")
        analyzer = schema["body"].analyzer
        known = load_synonyms() if synonyms else NO_SYNONYMS
        notices: list[str] = []

        def bounded(plan: QueryPlan) -> QueryPlan:
            scoring, cut = bound_expansions(plan.scoring, searcher.reader())
            notices.extend(cut)
            return replace(plan, scoring=scoring)

        plan = bounded(plan_query(text, schema, ranking, known))
        allowed = _Allowed(searcher, filters)
        evaluation = BulkScoring(searcher)

        def matches(plan: QueryPlan, allowed: _Allowed = allowed) -> dict[int, float]:
            return _matches(evaluation, plan, allowed.among(plan.scoring))

        found = matches(plan)
        # A correction is offered only when it finds more; it is run at once
        # when the query as typed finds nothing.
        suggestion, corrected = Speller(searcher.reader()).suggest(plan.text, analyzer), None
        if suggestion:
            better = bounded(plan_query(suggestion, schema, ranking, known))
            better_found = matches(better)
            if len(better_found) <= len(found):
                suggestion = None
            elif not found:
                plan, found, corrected, suggestion = better, better_found, suggestion, None
        fallback = False
        if not found and plan.uses_syntax:
            relaxed = bounded(plan_query(plan.text, schema, ranking, known, any_term=True))
            if relaxed.scoring != plan.scoring:
                retried = matches(relaxed)
                if retried:
                    plan, found, fallback = relaxed, retried, True

        unfiltered, emptied_by = None, ()
        if not found and filters != NO_FILTERS:
            unfiltered = len(matches(plan, _Allowed(searcher, NO_FILTERS)))
            if unfiltered:
                emptied_by = tuple(
                    label for label, alone in filters.conditions() if not matches(plan, _Allowed(searcher, alone))
                )

        picked = _rank(searcher, evaluation, plan, found, limit, sort, per_article)
        # Report only the synonyms that matched something.
        expanded = tuple(a.expansion for a in plan.added if allowed.shows_any(a.query))

        marks = highlights_in(plan, searcher.reader())
        disclaimers = _Disclaimers(searcher)
        hits = tuple(_hit(searcher.stored_fields(docnum), score, analyzer, marks, disclaimers) for docnum, score in picked)
        return SearchResult(
            query=clean_text(text),
            total=len(found),
            hits=hits,
            disclaimers=tuple(dict.fromkeys(h.disclaimer for h in hits)),
            did_you_mean=suggestion,
            expanded=expanded,
            any_term_fallback=fallback,
            notices=tuple(dict.fromkeys(notices)),
            corrected=corrected,
            missing=_missing(searcher.reader(), plan),
            truncated=plan.truncated,
            unfiltered_total=unfiltered,
            emptied_by=emptied_by,
        )


def _missing(reader, plan: QueryPlan) -> tuple[str, ...]:
    """The words of the query, as typed, that no section holds."""
    fields = [name for name in SEARCH_FIELDS if name in reader.schema]
    return tuple(
        dict.fromkeys(
            typed
            for typed, term in plan.searched
            if not any(reader.doc_frequency(name, reader.schema[name].to_bytes(term)) for name in fields)
        )
    )


class _Allowed:
    """The documents a search may show, for each query.

    Usually no set is built at all: a query whose every match holds one of
    its words is known to find sections only, so without --since, --tag...
    any match may be shown.  Otherwise the filter's documents are collected
    once (at most twice: with and without the "sections only" condition).
    """

    def __init__(self, searcher, filters: Filters):
        self.searcher = searcher
        self.filters = filters
        self.sets: dict[bool, set[int] | None] = {}

    def among(self, query) -> set[int] | None:
        """The documents ``query``'s matches may be among; None: any match."""
        known = finds_sections_only(query)
        if known not in self.sets:
            restriction = self.filters.query(self.searcher, sections_known=known)
            self.sets[known] = None if restriction is None else set(self.searcher.docs_for_query(restriction))
        return self.sets[known]

    def shows_any(self, query) -> bool:
        """Whether ``query`` finds anything that may be shown."""
        allowed = self.among(query)
        found = self.searcher.docs_for_query(query)
        return next(iter(found), None) is not None if allowed is None else not allowed.isdisjoint(found)


@lru_cache(maxsize=2)
def _synonyms_as_of(path: Path, mtime: float) -> Synonyms:
    return Synonyms.load(text_analyzer(), path)


def load_synonyms() -> Synonyms:
    """The shipped synonyms, read again whenever the file changes."""
    try:
        mtime = SYNONYMS_FILE.stat().st_mtime
    except OSError as problem:
        raise SclerodexError(f"cannot read the synonyms file {SYNONYMS_FILE}: {problem.strerror}") from None
    return _synonyms_as_of(SYNONYMS_FILE, mtime)


def _matches(evaluation: BulkScoring, plan: QueryPlan, allowed: set[int] | None) -> dict[int, float]:
    """docnum -> score of every match of ``plan`` among the ``allowed``
    sections (None: any): ``+word``s present, ``-word``s absent."""
    scores = evaluation.scores(plan.scoring)
    keep = [evaluation.docs(q) for q in plan.must]
    drop = [evaluation.docs(q) for q in plan.exclude]
    if allowed is None and not keep and not drop:
        return scores
    return {
        docnum: score
        for docnum, score in scores.items()
        if (allowed is None or docnum in allowed)
        and all(docnum in docs for docs in keep)
        and not any(docnum in docs for docs in drop)
    }


def _rank(
    searcher,
    evaluation: BulkScoring,
    plan: QueryPlan,
    scores: dict[int, float],
    limit: int,
    sort: str,
    per_article: int | None,
) -> list[tuple[int, float]]:
    """The best ``limit`` (docnum, score) pairs among the matches ``scores``,
    at most ``per_article`` of one article.

    Every match is scored (Whoosh's top-N shortcuts are slower here, and its
    search filters cost time per hit), then ordered in Python: the tier of
    sections holding every word first, then by score or date.
    """
    tiered = plan.required is not None
    complete = evaluation.docs(plan.required) if tiered else ()
    if sort == "date":
        dated = _dates(searcher)
        keys = [(tiered and d not in complete, -dated(d), -score, d) for d, score in scores.items()]
    else:
        keys = [(tiered and d not in complete, -score, d) for d, score in scores.items()]
    picked: list[tuple[int, float]] = []
    shown: Counter[str] = Counter()
    for key in _in_order(keys, limit if per_article is None else limit * 4):
        if len(picked) >= limit:
            break
        docnum = key[-1]
        if per_article is not None:
            article = searcher.stored_fields(docnum)["article_id"]
            if shown[article] >= per_article:
                continue
            shown[article] += 1
        picked.append((docnum, scores[docnum]))
    return picked


def _in_order(keys: list[tuple], first: int):
    """``keys`` in sorted order; sorting them all only if more than the
    ``first`` few are wanted (a heap finds those among 100,000 quickly)."""
    leading = heapq.nsmallest(first, keys)
    yield from leading
    if len(leading) < len(keys):
        yield from sorted(keys)[len(leading) :]


def _dates(searcher):
    """docnum -> a number that grows with the publication date; 0 (last) when
    undated.  Raw column values: Whoosh cannot turn its "no value" into a date."""
    column = searcher.reader().column_reader("published", translate=False)
    missing = searcher.schema["published"].column_type.default_value(False)

    def when(docnum: int) -> int:
        value = column[docnum]
        return 0 if value == missing else value

    return when


def _hit(fields: dict, score: float, analyzer, marks: Highlights, disclaimers: _Disclaimers) -> Hit:
    body = section_text(fields)
    article, section = article_info(fields), section_info(fields)
    path = section.path
    matches = find_matches(body, marks.terms, analyzer, marks.phrases)
    passages = build_passages(body, matches)
    label = " › ".join((article.title, *path)) if path else f"{article.title} › Introduction"
    found = find_matches(label, marks.terms, analyzer, marks.phrases)
    label_marks = Passage(label, tuple((m.start, m.end) for m in found))
    return Hit(article, section, float(score), passages, disclaimers.for_article(article), label_marks)


class _Disclaimers:
    """Each article's own disclaimer, else its site's, else a generic notice."""

    def __init__(self, searcher):
        self.searcher = searcher
        self.by_site: dict[str, str | None] = {}

    def for_article(self, article: ArticleInfo) -> str:
        stored = self.searcher.document(doc_id=article_doc_id(article.id))
        own = article_record(stored).disclaimer if stored else None
        return own or (self._site(article.site) if article.site else None) or GENERIC_NOTICE

    def _site(self, site: str) -> str | None:
        if site not in self.by_site:
            self.by_site[site] = None
            query = Term("site", site) & Term("kind", ARTICLE)
            for doc in self.searcher.search(query, limit=None):
                disclaimer = article_record(doc).disclaimer
                if disclaimer:
                    self.by_site[site] = disclaimer
                    break
        return self.by_site[site]


def matching_sections(
    index_dir: Path, text: str, *, filters: Filters = NO_FILTERS, synonyms: bool = True
) -> dict[str, str]:
    """Every section ``search`` would count in its total, all of them and not
    only the best: doc id -> section text.  Saved searches remember them."""

    def read() -> dict[str, str]:
        with open_index(index_dir).searcher(weighting=weighting(DEFAULT_RANKING)) as searcher:
            known = load_synonyms() if synonyms else NO_SYNONYMS
            allowed = _Allowed(searcher, filters)
            evaluation = BulkScoring(searcher)

            def found(any_term: bool) -> tuple[QueryPlan, list[int]]:
                plan = plan_query(text, searcher.schema, DEFAULT_RANKING, known, any_term=any_term)
                scoring, _ = bound_expansions(plan.scoring, searcher.reader())
                permitted = allowed.among(scoring)
                return plan, [d for d in evaluation.scores(scoring) if permitted is None or d in permitted]

            plan, docs = found(False)
            if not docs and plan.uses_syntax:  # as search() falls back to any of the terms
                docs = found(True)[1]
            return {fields["doc_id"]: section_text(fields) for fields in map(searcher.stored_fields, docs)}

    return read_with_retries(index_dir, read)
