"""What the browse screen shows, without Textual: the search behind the
query box, the article of a hit, the preview of one section with its
passages marked.  The screen (app.py) only lays these out and takes keys.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from sclerodex.errors import SclerodexError
from sclerodex.ingest.disclaimer import GENERIC_NOTICE
from sclerodex.ingest.records import Article, Section
from sclerodex.output.hits import nothing_found, notices
from sclerodex.search.filter_line import FilterLine
from sclerodex.search.records import Hit, SearchResult
from sclerodex.search.searcher import KeptIndex, search

LIMIT = 20  # hits in the list: a screenful at 200 columns; each costs its passages (~2 ms)
PASSAGES_FIRST = 1  # hits given their passages at once: the preview shows one; the rest when the selection moves
ANSWERS_KEPT = 256  # answers kept per query typed (each holds LIMIT hits)


@dataclass
class Answer:
    """One search as the screen shows it: the hits and the status line."""

    query: str
    result: SearchResult | None = None
    status: str = ""
    error: bool = False
    spelling: bool = True  # asked with spelling (else while typing)

    @property
    def partial(self) -> int | None:
        """N when only the first N hits have their passages yet."""
        return self.result.passages_for if self.result else None

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.result.hits if self.result else ()

    @property
    def pending(self) -> tuple[str, ...]:
        """Words that look misspelt and were not looked up yet."""
        return self.result.unspelt if self.result else ()


@dataclass(frozen=True)
class Preview:
    """One section of a hit's article: its text, and the spans (start, end)
    of the hit's passages and of the matched words in it."""

    article: Article
    section: Section
    index: int  # of the section in the article
    passages: tuple[tuple[int, int], ...] = ()
    matches: tuple[tuple[int, int], ...] = ()


@dataclass
class Browser:
    """The search behind the screen: one index kept open for all of it."""

    index_dir: Path
    filters: FilterLine = field(default_factory=FilterLine)

    def __post_init__(self):
        self.index_dir = Path(self.index_dir)
        self.kept = KeptIndex(self.index_dir)
        self._articles: dict[str, Article] = {}
        self._answers: dict[tuple[str, str, bool], Answer] = {}
        self._version: int | None = None

    def ask(self, query: str, spelling: bool = True) -> Answer:
        """The query as ``sclerodex search`` runs it (synonyms, corrections,
        -word, the query language), with the filter bar's filters; what
        search says on stderr becomes the status line.

        ``spelling`` False (while a word is being typed): words that look
        misspelt are not looked up; the answer names them (``pending``) and
        the screen asks again with spelling once typing pauses.  Answers are
        kept per query and filters until the index changes: deleting a
        letter, or typing a word again, costs no search."""
        if not query.strip():
            return Answer(query, status="type a query; / sets filters; q or Ctrl-C quits")
        try:
            version = self.kept.version()
        except SclerodexError as problem:
            return Answer(query, status=str(problem), error=True)
        if version != self._version:  # the index changed: read answers and articles again
            self._answers.clear()
            self._articles.clear()
            self._version = version
        if len(self._answers) > ANSWERS_KEPT:
            self._answers.clear()
        key = (query, self.filters.text(), spelling)
        if key not in self._answers:
            answer = self._ask(query, spelling)
            self._answers[key] = answer
            if not spelling and not answer.pending:  # nothing to look up: the same answer as with spelling
                self._answers[(query, key[1], True)] = answer
        return self._answers[key]

    def complete(self, answer: Answer) -> Answer:
        """``answer`` with every hit's passages (asked again, kept)."""
        if answer.partial is None:
            return answer
        whole = self._ask(answer.query, answer.spelling, passages=None)
        if not whole.error:
            self._answers[(answer.query, self.filters.text(), answer.spelling)] = whole
        return whole

    def _ask(self, query: str, spelling: bool, passages: int | None = PASSAGES_FIRST) -> Answer:
        try:
            result = search(self.index_dir, query, limit=LIMIT, filters=self.filters.filters(), kept=self.kept,
                            spelling=spelling, passages=passages)
        except SclerodexError as problem:
            return Answer(query, status=str(problem), error=True)
        said = notices(result)
        if not result.hits:
            said.insert(0, nothing_found(result))
        else:
            said.insert(0, f"{len(result.hits)} of {result.total} matching sections")
        if result.unspelt:
            words = ", ".join(f"'{w}'" for w in result.unspelt)
            said.append(f"{words}: spelling checked when you pause")
        return Answer(query, result, " · ".join(said), spelling=spelling)

    def article(self, article_id: str) -> Article | None:
        from sclerodex.index.catalog import load_article

        if article_id not in self._articles:
            try:
                found = load_article(self.kept.reader(), article_id)
            except SclerodexError:
                self.kept.close()
                return None
            if found is None:
                return None
            self._articles[article_id] = found
        return self._articles[article_id]

    def preview(self, hit: Hit, step: int = 0, current: int | None = None) -> Preview | None:
        """The hit's own section (``step`` 0), or the one ``step`` sections
        away from ``current`` in its article, with what to mark in it."""
        article = self.article(hit.article.id)
        if article is None or not article.sections:
            return None
        own = next((i for i, s in enumerate(article.sections) if s.ordinal == hit.section.ordinal), 0)
        index = own if current is None else current
        index = max(0, min(len(article.sections) - 1, index + step))
        section = article.sections[index]
        passages, matches = [], []
        for passage in hit.passages if index == own else ():
            start = section.text.find(passage.text)
            if start < 0:
                continue
            passages.append((start, start + len(passage.text)))
            matches += [(start + a, start + b) for a, b in passage.highlights]
        if index != own or not matches:  # another section: mark the words the query matched
            matches = _words_in(section.text, {p.text[a:b].casefold() for p in hit.passages for a, b in p.highlights})
        return Preview(article, section, index, tuple(passages), tuple(matches))

    def save_watch(self, query: str):
        """(the saved search, whether it is new): the same search saved
        before is not saved twice."""
        from sclerodex.search.saved import add_watch

        line = self.filters
        return add_watch(self.index_dir, query, tags=line.tags, site=line.site, since=line.since, until=line.until)

    def close(self) -> None:
        self.kept.close()


def _words_in(text: str, words: set[str]) -> list[tuple[int, int]]:
    import re

    if not words:
        return []
    pattern = re.compile("|".join(re.escape(w) for w in sorted(words, key=len, reverse=True)), re.IGNORECASE)
    return [(m.start(), m.end()) for m in pattern.finditer(text)]


def disclaimer_of(answer: Answer | None, hit: Hit | None) -> str:
    """The disclaimer under the preview: the selected hit's source's, else
    the search's, else the generic notice -- there is always one."""
    if hit is not None:
        return hit.disclaimer
    if answer is not None and answer.result is not None and answer.result.disclaimers:
        return answer.result.disclaimers[0]
    return GENERIC_NOTICE
