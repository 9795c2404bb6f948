"""Running a search: ranking, filters, fallback, suggestions and passages ->
SearchResult.

Order of the hits: by relevance, for plain words, sections with every word
(or a synonym of it) first, then sections with some, inside each tier by
score; with ``sort="date"`` newest first, undated last, whatever the words.
No article shows more than ``per_article`` sections; the result counts the
sections held back for that (``held_back``).
A query-language query whose AND finds nothing is run again with OR, and the
result says so (``any_term_fallback``).
"""

from __future__ import annotations

from dataclasses import replace
from functools import lru_cache
from pathlib import Path

from sclerodex.errors import IndexMissing, QueryError, SclerodexError
from sclerodex.index.documents import article_info, doc_id_of, section_info, section_text
from sclerodex.search.disclaimers import Disclaimers
from sclerodex.search.filters import NO_FILTERS, Filters
from sclerodex.search.ordering import Allowed, matches, ranked
from sclerodex.search.passages import build_passages, find_matches
from sclerodex.search.query import Highlights, QueryPlan, highlights_in, plan_query
from sclerodex.search.ranking import DEFAULT_RANKING, Ranking, weighting
from sclerodex.search.records import Hit, Passage, SearchResult
from sclerodex.search.spelling import MAX_LOOKUPS, Speller, typed_words
from sclerodex.search.synonyms import NO_SYNONYMS, SYNONYMS_FILE, Synonyms
from sclerodex.textutil import clean_text
from sclerodex.whoosh_engine.analysis import text_analyzer
from sclerodex.whoosh_engine.session import open_session
from sclerodex.whoosh_engine.storage import HOW_TO_INGEST, read_with_retries

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
    kept: KeptIndex | None = None,
    spelling: bool = True,
    passages: int | None = None,
) -> SearchResult:
    """Search the index at ``index_dir`` for ``text`` (plain words, or the
    query language); ``per_article`` None shows every matching section.
    ``kept``: an index kept open across searches (its ranking is used).
    ``spelling`` False: words that look misspelt are not looked up (the
    costly part of a search while a word is half-typed) but named in the
    result's ``unspelt``; with none, the result is the same as with True.
    ``passages`` N: only the first N hits get their passages (two thirds of
    the cost of a search of 20 hits); the others have none and the result
    says so (``passages_for``)."""
    if sort not in SORTS:
        raise QueryError(f"unknown sort {sort!r}: use one of {', '.join(SORTS)}")
    if kept is not None:
        index_dir, ranking = kept.index_dir, kept.ranking
    return read_with_retries(
        index_dir,
        lambda: _search_once(
            index_dir, text, max(1, limit), filters, sort, per_article, synonyms, ranking, kept, spelling, passages
        ),
    )


class KeptIndex:
    """An index opened once for many searches (``sclerodex browse``): each
    search sees the index as it is then -- a commit or a rebuild made
    meanwhile is picked up by the next one -- without opening it again."""

    def __init__(self, index_dir: Path, ranking: Ranking = DEFAULT_RANKING):
        from sclerodex.whoosh_engine.session import KeptSearcher

        self.index_dir = Path(index_dir)
        self.ranking = ranking
        self._kept = KeptSearcher(self.index_dir, weighting(ranking))

    def session(self):
        return self._kept.session()

    def reader(self):
        """A store reader (sclerodex/engine.py) of the index as it is now, for
        catalog reads (load_article); the KeptIndex closes it, not the caller."""
        from sclerodex.whoosh_engine.store import WhooshReader

        return WhooshReader(self._kept.current(), owned=False)

    def version(self) -> int:
        """Brings the index up to date; changes whenever what is read from
        it may have (a commit, a rebuild, a reopening after a failure)."""
        self._kept.current()
        return self._kept.version

    def close(self) -> None:
        self._kept.close()


def _search_once(
    index_dir, text, limit, filters, sort, per_article, synonyms, ranking, kept=None, spelling=True, passages=None
) -> SearchResult:
    opened = kept.session() if kept is not None else open_session(index_dir, weighting(ranking))
    with opened as session:
        if session.document_count() == 0:
            raise IndexMissing(f"the index at {index_dir} is empty: {HOW_TO_INGEST}")
        schema, analyzer = session.schema, session.analyzer
        known = load_synonyms() if synonyms else NO_SYNONYMS
        notices: list[str] = []

        def bounded(plan: QueryPlan) -> QueryPlan:
            scoring, cut = session.bounded(plan.scoring)
            notices.extend(cut)
            return replace(plan, scoring=scoring)

        plan = bounded(plan_query(text, schema, ranking, known))
        allowed = Allowed(session, filters)

        def found_by(plan: QueryPlan, allowed: Allowed = allowed) -> dict[int, float]:
            return matches(session, plan, allowed.among(plan.scoring))

        found = found_by(plan)
        # Words no section holds are corrected whatever the other words find:
        # the correction is run when it finds at least as many sections as the
        # query as typed (it adds a word to an OR), only suggested when it
        # finds fewer (a corrected -word excludes more), dropped when it finds
        # nothing.
        speller = Speller(session)
        unspelt: tuple[str, ...] = ()
        if not spelling:
            unspelt = tuple(dict.fromkeys(w.form for w in typed_words(plan.text, analyzer) if speller.suspect(w)))
        suggestion = None if unspelt else speller.suggest(plan.text, analyzer)
        corrected, replaced = None, ()
        if speller.unchecked:
            notices.append(
                f"Spelling: only the first {MAX_LOOKUPS} unknown words were looked up ({speller.unchecked} more were not)."
            )
        if suggestion:
            try:
                better = bounded(plan_query(suggestion, schema, ranking, known))
            except QueryError:  # corrected into nothing to search for ('ANDb' -> 'And'): no correction
                better, suggestion = None, None
            better_found = found_by(better) if better is not None else {}
            if not better_found:
                suggestion = None
            elif len(better_found) >= len(found):
                replaced = speller.replaced if found else ()
                plan, found, corrected, suggestion = better, better_found, suggestion, None
        fallback = False
        if not found and plan.uses_syntax:
            relaxed = bounded(plan_query(plan.text, schema, ranking, known, any_term=True))
            if relaxed.scoring != plan.scoring:
                retried = found_by(relaxed)
                if retried:
                    plan, found, fallback = relaxed, retried, True

        unfiltered, emptied_by = None, ()
        if not found and filters != NO_FILTERS:
            unfiltered = len(found_by(plan, Allowed(session, NO_FILTERS)))
            if unfiltered:
                emptied_by = tuple(
                    label for label, alone in filters.conditions() if not found_by(plan, Allowed(session, alone))
                )

        page = ranked(session, plan, found, limit, sort, per_article)
        picked = page.picked
        # Report only the synonyms that matched something.
        expanded = tuple(a.expansion for a in plan.added if allowed.shows_any(a.query))

        marks = highlights_in(plan, session)
        disclaimers = Disclaimers(session)
        hits = tuple(
            _hit(session.stored(docnum), score, analyzer, marks, disclaimers, passages is None or n < passages)
            for n, (docnum, score) in enumerate(picked)
        )
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
            replaced=replaced,
            missing=session.missing(plan.searched),
            truncated=plan.truncated,
            cuts=plan.cuts,
            held_back=page.held_back,
            per_article=per_article,
            unfiltered_total=unfiltered,
            emptied_by=emptied_by,
            unspelt=unspelt,
            passages_for=passages if passages is not None and passages < len(hits) else None,
        )


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


def _hit(fields: dict, score: float, analyzer, marks: Highlights, disclaimers: Disclaimers, with_passages=True) -> Hit:
    article, section = article_info(fields), section_info(fields)
    path = section.path
    passages = ()
    if with_passages:
        body = section_text(fields)
        passages = build_passages(body, find_matches(body, marks.terms, analyzer, marks.phrases))
    label = " › ".join((article.title, *path)) if path else f"{article.title} › Introduction"
    found = find_matches(label, marks.terms, analyzer, marks.phrases)
    label_marks = Passage(label, tuple((m.start, m.end) for m in found))
    return Hit(article, section, float(score), passages, disclaimers.for_article(article), label_marks)


def matching_sections(
    index_dir: Path, text: str, *, filters: Filters = NO_FILTERS, synonyms: bool = True
) -> dict[str, str]:
    """Every section ``search`` would count in its total, all of them and not
    only the best: doc id -> section text.  Saved searches remember them."""

    def read() -> dict[str, str]:
        with open_session(index_dir, weighting(DEFAULT_RANKING)) as session:
            known = load_synonyms() if synonyms else NO_SYNONYMS
            allowed = Allowed(session, filters)

            def found(any_term: bool) -> tuple[QueryPlan, list[int]]:
                plan = plan_query(text, session.schema, DEFAULT_RANKING, known, any_term=any_term)
                scoring, _ = session.bounded(plan.scoring)
                permitted = allowed.among(scoring)
                return plan, [d for d in session.scoring.scores(scoring) if permitted is None or d in permitted]

            plan, docs = found(False)
            if not docs and plan.uses_syntax:  # as search() falls back to any of the terms
                docs = found(True)[1]
            return {doc_id_of(fields): section_text(fields) for fields in map(session.stored, docs)}

    return read_with_retries(index_dir, read)
