"""Postings written a term at a time (bulk_writing.py) make the same files,
byte for byte, as Whoosh writing them a posting at a time: for a commit's
pool and for the end-of-run merge, deleted documents and all."""

import dataclasses
import re
import shutil

import pytest
from conftest import index_contents, varied_articles
from whoosh.writing import SegmentWriter

from sclerodex.index.documents import article_documents, article_term
from sclerodex.index.writer import ArticleWriter
from sclerodex.whoosh_engine import bulk_writing
from sclerodex.whoosh_engine.merging import merge_segments_except
from sclerodex.whoosh_engine.storage import current_generation, open_index, open_writer

# byte-for-byte equality of the term-at-a-time writer (a fast path) with Whoosh's: skipped without them (conftest.py)
pytestmark = pytest.mark.fast_paths

_SEGMENT_FILE = re.compile(r"^MAIN_[a-z0-9]+(\..+)$")


def segment_files(path) -> dict[str, bytes]:
    """The bytes of each file of a one-segment index, by its name without the
    segment's random id."""
    files = {}
    for file in current_generation(path).iterdir():
        match = _SEGMENT_FILE.match(file.name)
        if match:
            assert match.group(1) not in files, "more than one segment"
            files[match.group(1)] = file.read_bytes()
    return files


def posting_at_a_time(monkeypatch) -> None:
    """Whoosh's own way of writing a segment's postings, for the comparison."""
    monkeypatch.setattr(bulk_writing.TermSegmentWriter, "_flush_segment", SegmentWriter._flush_segment)


def articles_of_many_lengths() -> list:
    """Varied articles, and sections of many lengths that share their words
    (each block of postings records its shortest and longest document)."""
    words = "fibrosis lung skin scarring nintedanib trial patients".split()
    lengthy = [
        dataclasses.replace(
            article,
            id=f"{article.id}/long",
            sections=tuple(
                dataclasses.replace(section, text=" ".join(words[(n + i) % 7] for i in range(3 + (n * 5 + k) % 40)))
                for k, section in enumerate(article.sections)
            ),
        )
        for n, article in enumerate(varied_articles(60))
    ]
    return varied_articles(60) + lengthy


def ingest(path, articles, batch_size=10_000) -> None:
    with ArticleWriter(path, batch_size=batch_size) as writer:
        for article in articles:
            writer.add(article)


def test_a_commit_writes_the_files_whoosh_writes(tmp_path, monkeypatch):
    articles = articles_of_many_lengths()
    ingest(tmp_path / "bulk", articles)
    with monkeypatch.context() as patched:
        posting_at_a_time(patched)
        ingest(tmp_path / "whoosh", articles)
    with open_index(tmp_path / "bulk").searcher() as searcher:
        # Terms of more than one block (128 postings) and spelling words are among them.
        assert searcher.doc_frequency("title", "scleroderma") > 128
        assert any(field.startswith("spell_") for field, _ in searcher.reader().all_terms())
    bulk, whoosh = segment_files(tmp_path / "bulk"), segment_files(tmp_path / "whoosh")
    assert {".pst", ".trm"} <= set(bulk)
    # The stored column holds each article record's write time: compared as read instead.
    assert {name: data for name, data in bulk.items() if name != "._stored.col"} == {
        name: data for name, data in whoosh.items() if name != "._stored.col"
    }
    assert index_contents(tmp_path / "bulk") == index_contents(tmp_path / "whoosh")


def test_a_merge_writes_the_files_whoosh_writes(tmp_path, monkeypatch):
    articles = articles_of_many_lengths()
    ingest(tmp_path / "segments", [])
    index = open_index(tmp_path / "segments")
    for start in range(0, len(articles), 24):  # five segments, none merged by Whoosh
        writer = open_writer(index, in_memory=True)
        for article in articles[start : start + 24]:
            for doc in article_documents(article, "hash", indexed_at="2026-01-01T00:00:00+00:00"):
                writer.add_document(**doc)
        writer.commit(merge=False)
    writer = open_writer(index)
    for article in articles[::7]:  # deleted documents, left out of the merge
        writer.delete_by_term(*article_term(article.id))
    writer.commit(merge=False)
    segments = open_index(tmp_path / "segments")._segments()
    assert len(segments) > 3 and any(segment.has_deletions() for segment in segments)
    for name in ("bulk", "whoosh"):
        shutil.copytree(tmp_path / "segments", tmp_path / name)
        with monkeypatch.context() as patched:
            if name == "whoosh":
                posting_at_a_time(patched)
            open_index(tmp_path / name).writer().commit(mergetype=merge_segments_except(set()))
    bulk, whoosh = segment_files(tmp_path / "bulk"), segment_files(tmp_path / "whoosh")
    assert {".pst", ".trm"} <= set(bulk)
    assert bulk == whoosh
