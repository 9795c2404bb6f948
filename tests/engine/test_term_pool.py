"""The writer's own pool (postings by term in memory) and its streamed merge
write the segments Whoosh's pool and merge write: same terms, postings,
stored fields and lengths."""

import dataclasses
import shutil

import pytest
from conftest import index_contents, varied_articles
from whoosh.reading import SegmentReader

from sclerodex.index.documents import article_documents
from sclerodex.index.writer import ArticleWriter
from sclerodex.whoosh_engine import merging
from sclerodex.whoosh_engine.merging import merge_segments_except
from sclerodex.whoosh_engine.storage import open_index
from sclerodex.whoosh_engine.term_pool import TermPool

# the term pool and streamed merge (fast paths) against Whoosh's pool and merge: skipped without them (conftest.py)
pytestmark = pytest.mark.fast_paths


def write_documents(path, pool=None, limitmb=128) -> None:
    index = open_index(path, create=True)
    writer = index.writer(limitmb=limitmb)
    if pool is not None:
        writer.pool = pool
    for article in varied_articles(40):
        for doc in article_documents(article, "hash", indexed_at="2026-01-01T00:00:00+00:00"):
            writer.add_document(**doc)
    writer.commit()


def test_the_term_pool_writes_what_whoosh_pool_writes_after_spilling(tmp_path):
    pool = TermPool()
    write_documents(tmp_path / "ours", pool=pool)
    write_documents(tmp_path / "whoosh", limitmb=0.05)  # Whoosh sorts runs on disk and merges them
    assert pool.postings > 2000
    assert index_contents(tmp_path / "ours") == index_contents(tmp_path / "whoosh")


def whoosh_merges_all(writer, segments):
    """Whoosh's own way: every posting of every segment through its pool."""
    for segment in segments:
        reader = SegmentReader(writer.storage, writer.schema, segment)
        writer.add_reader(reader)
        reader.close()
    return []


def test_the_streamed_merge_writes_what_whoosh_merge_writes(tmp_path):
    articles = varied_articles(12)
    with ArticleWriter(tmp_path / "segments", batch_size=1) as writer:  # a segment an article, or nearly
        for article in articles:
            writer.add(article)
        # Rewritten: the first versions stay behind as deleted documents.
        for article in articles[:3]:
            writer.add(dataclasses.replace(article, title=article.title + " (updated)"))
    assert len(open_index(tmp_path / "segments")._segments()) > 3
    assert any(segment.has_deletions() for segment in open_index(tmp_path / "segments")._segments())
    for name, policy in (("ours", merge_segments_except(set())), ("whoosh", whoosh_merges_all)):
        shutil.copytree(tmp_path / "segments", tmp_path / name)
        open_index(tmp_path / name).writer().commit(mergetype=policy)
        assert len(open_index(tmp_path / name)._segments()) == 1
    ours, whoosh = index_contents(tmp_path / "ours"), index_contents(tmp_path / "whoosh")
    assert ours == whoosh
    assert ours["stored"] and ours["postings"]


def test_a_large_merge_is_written_in_two_halves_at_once_with_the_same_content(tmp_path, monkeypatch):
    articles = varied_articles(12)
    with ArticleWriter(tmp_path / "segments", batch_size=2) as writer:
        for article in articles:
            writer.add(article)
        for article in articles[:3]:
            writer.add(dataclasses.replace(article, title=article.title + " (updated)"))
    monkeypatch.setattr(merging, "PARALLEL_MERGE_DOCS", 0)  # the child process even for a few documents
    for name, policy in (("ours", merge_segments_except(set())), ("whoosh", whoosh_merges_all)):
        shutil.copytree(tmp_path / "segments", tmp_path / name)
        open_index(tmp_path / name).writer().commit(mergetype=policy)
    assert len(open_index(tmp_path / "ours")._segments()) == 2
    assert index_contents(tmp_path / "ours") == index_contents(tmp_path / "whoosh")
