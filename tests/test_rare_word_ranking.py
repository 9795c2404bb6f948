"""A rare word that carries the question outweighs two common ones.

"how do i stop heartburn at night?": no section holds every word; the one
about heartburn must come before "'Stop' obscuring the night sky", which has
two common words in its title (issue 22's example).
"""

from __future__ import annotations

from sclerodex.index.writer import write_articles
from sclerodex.ingest.records import Article, Section
from sclerodex.search.ranking import DEFAULT_RANKING
from sclerodex.search.searcher import search

FILLER = (
    "The trial enrolled patients from several clinics, and their doctors followed them for a year "
    "with visits every three months, blood tests and questionnaires about daily life. "
)


def article(n: int, title: str, *texts: str) -> Article:
    sections = tuple(Section(i, None, (), text) for i, text in enumerate(texts))
    return Article(f"a{n}", f"a{n}", None, None, title, (), None, (), "Not medical advice.", sections)


def corpus() -> list[Article]:
    articles = [
        article(0, "'Stop' obscuring the night sky", "Street lights stop us seeing the stars at night; a dark night sky needs us to stop."),
        article(1, "Reflux in scleroderma", FILLER * 6 + "Many patients also have heartburn, which raising the head of the bed can ease. " + FILLER * 6),
    ]
    # "stop" and "night" are in one section of twelve; "heartburn" is in one.
    for n in range(2, 300):
        common = "Do not stop the treatment at night without advice. " if n % 12 == 0 else ""
        articles.append(article(n, f"Note {n}", common + FILLER))
    return articles


def test_the_section_with_the_rare_word_comes_before_two_common_ones(tmp_path):
    index = tmp_path / "index"
    write_articles(index, corpus())
    hits = search(index, "how do i stop heartburn at night?", limit=5).hits
    assert hits[0].article.title == "Reflux in scleroderma"
    # Without the idf share, the two common words in the title win.
    from dataclasses import replace

    plain = search(index, "how do i stop heartburn at night?", limit=5, ranking=replace(DEFAULT_RANKING, min_idf_share=0))
    assert plain.hits[0].article.title != "Reflux in scleroderma"


def test_sections_with_every_word_still_come_first(tmp_path):
    index = tmp_path / "index"
    articles = corpus() + [article(99, "Night care", "Stop heartburn at night by not eating late.")]
    write_articles(index, articles)
    hits = search(index, "how do i stop heartburn at night?", limit=5).hits
    assert hits[0].article.title == "Night care"  # every word, in a short section
