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

from functools import lru_cache
from pathlib import Path

from sclerodex.errors import IndexMissing, QueryError, SclerodexError
from sclerodex.index.documents import doc_id_of, section_text
from sclerodex.search.filters import NO_FILTERS, Filters
from sclerodex.search.hits import hits_of
from sclerodex.search.ordering import Allowed, matches, ranked
from sclerodex.search.query import QueryPlan, plan_query, plans_for
from sclerodex.search.query_limits import searchable_query
from sclerodex.search.ranking import DEFAULT_RANKING, Ranking
from sclerodex.search.records import SearchResult
from sclerodex.search.spelling import MAX_LOOKUPS, Speller, typed_words
from sclerodex.search.synonyms import NO_SYNONYMS, SYNONYMS_FILE, Synonyms
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
        self._kept = KeptSearcher(self.index_dir, ranking)

    def session(self):
        return self._kept.session()

    def reader(self):
        """A store reader (sclerodex/engine.py) of the index as it is now, for
        catalog reads (load_article); the KeptIndex closes it, not the caller."""
        return self._kept.reader()

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
    opened = kept.session() if kept is not None else open_session(index_dir, ranking)
    with opened as session:
        if session.document_count() == 0:
            raise IndexMissing(f"the index at {index_dir} is empty: {HOW_TO_INGEST}")
        query = searchable_query(text)
        known = load_synonyms() if synonyms else NO_SYNONYMS
        notices: list[str] = []
        # Words no section holds are corrected whatever the other words find:
        # the correction is run when it finds at least as many sections as the
        # query as typed (it adds a word to an OR), only suggested when it
        # finds fewer (a corrected -word excludes more), dropped when it finds
        # nothing.
        speller = Speller(session)
        unspelt: tuple[str, ...] = ()
        if not spelling:
            unspelt = tuple(dict.fromkeys(w.form for w in typed_words(query.text, session.analyzer) if speller.suspect(w)))
        suggestion = None if unspelt else speller.suggest(query.text, session.analyzer)
        plan, better = plans_for(query, suggestion, session.language, known, ranking)
        if better is None:
            suggestion = None  # or it corrected into nothing to search for: no correction
        # Every plan the search may run, its wildcards bounded first (each cut
        # said; the session bounds a pattern once, whichever plan has it).
        plan = plan.bounded(session)
        notices.extend(plan.notices)
        if speller.unchecked:
            notices.append(
                f"Spelling: only the first {MAX_LOOKUPS} unknown words were looked up ({speller.unchecked} more were not)."
            )
        if better is not None:
            better = better.bounded(session)
            notices.extend(better.notices)

        allowed = Allowed(session, filters)

        def found_by(plan: QueryPlan, allowed: Allowed = allowed) -> dict[int, float]:
            return matches(session, plan, allowed.among(plan.sections_only))

        found = found_by(plan)
        corrected, replaced = None, ()
        if better is not None:
            better_found = found_by(better)
            if not better_found:
                suggestion = None
            elif len(better_found) >= len(found):
                replaced = speller.replaced if found else ()
                plan, found, corrected, suggestion = better, better_found, suggestion, None
        fallback = False
        if not found and plan.relaxed is not None:
            retried = found_by(plan.relaxed)
            if retried:
                plan, found, fallback = plan.relaxed, retried, True
                notices.extend(plan.notices)

        unfiltered, emptied_by = None, ()
        if not found and filters != NO_FILTERS:
            unfiltered = len(found_by(plan, Allowed(session, NO_FILTERS)))
            if unfiltered:
                emptied_by = tuple(
                    label for label, alone in filters.conditions() if not found_by(plan, Allowed(session, alone))
                )

        page = ranked(session, plan, found, limit, sort, per_article)
        # Report only the synonyms that matched something.
        expanded = tuple(a.expansion for a in plan.added if allowed.shows_any(a.query))
        hits = hits_of(session, plan, page.picked, passages)
        return SearchResult(
            query=query.typed,
            total=len(found),
            hits=hits,
            disclaimers=tuple(dict.fromkeys(h.disclaimer for h in hits)),
            did_you_mean=suggestion,
            expanded=expanded,
            any_term_fallback=fallback,
            notices=tuple(dict.fromkeys(notices)),
            corrected=corrected,
            replaced=replaced,
            missing=plan.missing,
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


def matching_sections(
    index_dir: Path, text: str, *, filters: Filters = NO_FILTERS, synonyms: bool = True
) -> dict[str, str]:
    """Every section ``search`` would count in its total, all of them and not
    only the best: doc id -> section text.  Saved searches remember them."""

    def read() -> dict[str, str]:
        with open_session(index_dir, DEFAULT_RANKING) as session:
            known = load_synonyms() if synonyms else NO_SYNONYMS
            allowed = Allowed(session, filters)

            def found(plan: QueryPlan) -> list[int]:
                permitted = allowed.among(plan.sections_only)
                return [d for d in session.scoring.scores(plan.scoring) if permitted is None or d in permitted]

            plan = plan_query(text, session.language, known, DEFAULT_RANKING).bounded(session)
            docs = found(plan)
            if not docs and plan.relaxed is not None:  # as search() falls back to any of the terms
                docs = found(plan.relaxed)
            return {doc_id_of(fields): section_text(fields) for fields in map(session.stored, docs)}

    return read_with_retries(index_dir, read)
