"""Commits whose articles' segments are written by child processes
(segment_builder.py) hold what commits written in one process hold, and a
commit abandoned while its children write leaves the index as it was."""

from collections import Counter

import pytest
from conftest import varied_articles

from sclerodex.index import writer as writer_module
from sclerodex.index.batch_commit import commit_batch
from sclerodex.index.documents import searchable_texts
from sclerodex.index.write_queue import WriteQueue
from sclerodex.index.write_summary import WriteSummary
from sclerodex.index.writer import ArticleWriter
from sclerodex.search.searcher import search
from sclerodex.whoosh_engine import segment_builder
from sclerodex.whoosh_engine.preanalysis import analyse_texts
from sclerodex.whoosh_engine.segment_builder import SegmentBuilder
from sclerodex.whoosh_engine.storage import current_generation, open_index
from sclerodex.whoosh_engine.store import open_store

# the segment builder's children (a fast path) against one process: skipped without them (conftest.py)
pytestmark = pytest.mark.fast_paths


def contents_by_document(path) -> dict:
    """What an index holds, by document id instead of document number (the
    children's segments number their documents apart from the parent's)."""
    with open_index(path).searcher() as searcher:
        reader = searcher.reader()
        doc_ids = {docnum: fields.get("doc_id") for docnum, fields in reader.iter_docs()}
        postings, spelling = {}, set()
        for field, term in reader.all_terms():
            if field.startswith("spell_"):
                spelling.add((field, term))  # Whoosh files every spelling word under document 0
                continue
            matcher = reader.postings(field, term)
            rows = []
            while matcher.is_active():
                rows.append((doc_ids[matcher.id()], matcher.weight(), matcher.value()))
                matcher.next()
            postings[field, term] = sorted(rows)
        lengths = {
            (doc_ids[docnum], name): reader.doc_field_length(docnum, name)
            for docnum in doc_ids
            for name in ("title", "heading", "body")
        }
        stored = sorted((fields["doc_id"], sorted(fields.items())) for _, fields in reader.iter_docs()
                        if fields.get("kind") != "article")  # article records hold their write time
        return {"postings": postings, "spelling": spelling, "lengths": lengths, "stored": stored,
                "documents": Counter(doc_ids.values())}


def ingest(path, articles, analysed_ahead: bool = False, **options) -> None:
    """``analysed_ahead``: each article comes with its texts analysed, as
    from a parsing worker (packed, and unpacked only in the child)."""
    with ArticleWriter(path, batch_size=10, **options) as writer:
        for article in articles:
            writer.add(article, analysis=analyse_texts(searchable_texts(article)) if analysed_ahead else None)
        for article in articles[:7]:  # rewritten: the first versions are deleted
            writer.add(article, replaces=None)


def test_children_write_the_index_one_process_writes(tmp_path, monkeypatch):
    """Whoosh's own analysis in one process against texts analysed ahead,
    written by the children."""
    articles = varied_articles(45)
    ingest(tmp_path / "one", articles)
    monkeypatch.setattr(writer_module, "SECTIONS_WRITTEN_IN_CHILD", 0)
    monkeypatch.setattr(segment_builder, "MIN_ARTICLES_PER_SEGMENT", 1)  # halves even of a few articles
    ingest(tmp_path / "children", articles, analysed_ahead=True)
    one, children = contents_by_document(tmp_path / "one"), contents_by_document(tmp_path / "children")
    assert one == children
    assert max(one["documents"].values()) == 1  # no article twice
    assert len(open_index(tmp_path / "children")._segments()) == 1  # merged at the end, as halves are
    # Scores count the deleted documents a segment still holds: compared merged.
    open_index(tmp_path / "one").writer().commit(optimize=True)
    for query in ("scleroderma", "fibrosis", '"type 2"', "sjogren"):
        # Equal scores may come in another order: documents are numbered apart.
        ours, theirs = (
            search(tmp_path / name, query, limit=500, per_article=None) for name in ("one", "children")
        )
        assert ours.hits
        assert sorted((hit.article.id, hit.section.ordinal, round(hit.score, 9)) for hit in ours.hits) == sorted(
            (hit.article.id, hit.section.ordinal, round(hit.score, 9)) for hit in theirs.hits
        )


def test_a_commit_abandoned_while_children_write_leaves_the_index_as_it_was(tmp_path, monkeypatch):
    articles = varied_articles(30)
    ingest(tmp_path / "index", articles[:10])
    before = contents_by_document(tmp_path / "index")
    monkeypatch.setattr(segment_builder, "MIN_ARTICLES_PER_SEGMENT", 1)
    builder = SegmentBuilder()
    try:
        for batch, wait in ((articles[10:20], False), (articles[20:], True)):
            queue = WriteQueue()
            for article in batch:
                queue.add(article)
            pending = commit_batch(open_store(tmp_path / "index"), queue, WriteSummary(), builder=builder)
            if wait:  # the segments are written, but no commit lists them
                segments = [future.result() for future in pending.segments]
            pending.abandon()
    finally:
        builder.close()
    assert contents_by_document(tmp_path / "index") == before
    unlisted = {segment.segment_id() for segment in segments}
    assert unlisted <= segment_ids_of_files(tmp_path / "index")
    # The next commit lists only its own segments and removes the abandoned ones' files.
    ingest(tmp_path / "index", articles[10:])
    assert segment_ids_of_files(tmp_path / "index") == {s.segment_id() for s in open_index(tmp_path / "index")._segments()}
    assert contents_by_document(tmp_path / "index")["documents"].total() > before["documents"].total()


def segment_ids_of_files(path) -> set[str]:
    return {p.name.split(".")[0] for p in current_generation(path).iterdir() if p.name.startswith("MAIN_")}


def test_a_run_written_by_the_builder_merges_only_at_its_end(tmp_path, monkeypatch):
    # Whoosh's merges on the way would pick up the builder's segments in the
    # writing process (in memory); the run's last commit merges them all.
    monkeypatch.setattr(writer_module, "SECTIONS_WRITTEN_IN_CHILD", 0)
    monkeypatch.setattr(segment_builder, "MIN_ARTICLES_PER_SEGMENT", 1)
    counts = []

    def after_each_commit(articles):
        if articles is None:
            counts.append(len(open_index(tmp_path / "index")._segments()))

    with ArticleWriter(tmp_path / "index", batch_size=3, on_commit=after_each_commit) as writer:
        for article in varied_articles(30):
            writer.add(article)
    assert len(counts) == 11  # ten batches, and the last commit
    assert counts[:-1] == sorted(counts[:-1])  # nothing merged on the way
    assert counts[-2] >= 10 and counts[-1] == 1
