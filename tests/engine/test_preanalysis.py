"""Text analysed in the parsing workers gives the index Whoosh's own
add_document gives: the same terms, postings, positions, lengths and stored
fields."""

import pytest
from conftest import index_contents, varied_articles

from sclerodex.index.documents import searchable_texts
from sclerodex.index.writer import ArticleWriter
from sclerodex.whoosh_engine.preanalysis import analyse_texts

# texts analysed ahead (a fast path) against Whoosh analysing them: skipped without them (conftest.py)
pytestmark = pytest.mark.fast_paths


def written(path, with_analysis: bool) -> None:
    with ArticleWriter(path) as writer:
        for article in varied_articles():
            analysis = analyse_texts(searchable_texts(article)) if with_analysis else None
            writer.add(article, analysis=analysis)


def test_analysing_ahead_writes_the_same_index(tmp_path):
    written(tmp_path / "plain", with_analysis=False)
    written(tmp_path / "ahead", with_analysis=True)
    plain, ahead = index_contents(tmp_path / "plain"), index_contents(tmp_path / "ahead")
    assert any(field == "spell_body" for field, _ in plain["postings"])
    assert any(length for length in plain["lengths"].values())
    assert plain == ahead
