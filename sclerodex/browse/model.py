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


@dataclass
class Answer:
    """One search as the screen shows it: the hits and the status line."""

    query: str
    result: SearchResult | None = None
    status: str = ""
    error: bool = False

    @property
    def hits(self) -> tuple[Hit, ...]:
        return self.result.hits if self.result else ()


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

    def ask(self, query: str) -> Answer:
        """The query as ``sclerodex search`` runs it (synonyms, corrections,
        -word, the query language), with the filter bar's filters; what
        search says on stderr becomes the status line."""
        self._articles.clear()  # the index may have changed: read articles again
        if not query.strip():
            return Answer(query, status="type a query; / sets filters; q or Ctrl-C quits")
        try:
            result = search(self.index_dir, query, limit=LIMIT, filters=self.filters.filters(), kept=self.kept)
        except SclerodexError as problem:
            return Answer(query, status=str(problem), error=True)
        said = notices(result)
        if not result.hits:
            said.insert(0, nothing_found(result))
        else:
            said.insert(0, f"{len(result.hits)} of {result.total} matching sections")
        return Answer(query, result, " · ".join(said))

    def article(self, article_id: str) -> Article | None:
        from sclerodex.index.catalog import load_article

        if article_id not in self._articles:
            try:
                found = load_article(self.kept.searcher(), article_id)
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
