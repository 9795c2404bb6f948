"""The store API (sclerodex/engine.py) as whoosh_engine/store.py offers it:
documents by terms, upsert, delete, commits that are all or nothing, the
merge a commit chooses, and the Whoosh classes offering exactly the
protocol's methods."""

from __future__ import annotations

import inspect

import pytest
from conftest import varied_articles

from sclerodex.engine import MERGE_ALL, MERGE_NONE, MergeRun, Store, StoreReader, StoreWriter
from sclerodex.errors import IndexMissing
from sclerodex.index.documents import article_documents, article_term, doc_term, ledger_document
from sclerodex.whoosh_engine.store import WhooshReader, WhooshStore, WhooshWriter, open_store


def _written(path, *documents: dict, merge=MERGE_NONE) -> Store:
    store = open_store(path, create=True)
    writer = store.writer()
    for document in documents:
        writer.upsert(document)
    writer.commit(merge=merge)
    return store


def test_documents_are_found_by_their_terms_once_committed(tmp_path):
    article = varied_articles(1)[0]
    store = open_store(tmp_path / "index", create=True)
    writer = store.writer()
    for document in article_documents(article, article.content_hash()):
        writer.add(document)
    with store.reader() as before:
        assert before.document_count() == 0  # nothing is seen before the commit
    writer.commit()
    with store.reader() as reader:
        sections = list(reader.documents(article_id=article.id, kind="section"))
        assert [fields["ordinal"] for fields in sections] == list(range(len(article.sections)))
        assert reader.document(doc_id=f"article:{article.id}")["kind"] == "article"
        assert reader.document(doc_id="article:no such article") is None
        assert reader.document_count() == len(article.sections) + 1


def test_an_upsert_replaces_the_document_with_its_doc_id_and_delete_takes_a_term(tmp_path):
    store = _written(tmp_path / "index", ledger_document("run", "1", {"n": 1}), ledger_document("run", "2", {"n": 2}))
    writer = store.writer()
    writer.upsert(ledger_document("run", "1", {"n": 10}))
    writer.delete(*doc_term("run:2"))
    with writer.reader() as reader:  # the writer's lookups see the last commit
        assert [fields["record"] for fields in reader.documents(kind="run")] == ['{"n": 1}', '{"n": 2}']
    writer.commit()
    with store.reader() as reader:
        assert [fields["record"] for fields in reader.documents(kind="run")] == ['{"n": 10}']


def test_a_cancelled_writer_leaves_the_store_as_it_was(tmp_path):
    article = varied_articles(1)[0]
    store = _written(tmp_path / "index", *article_documents(article, article.content_hash()))
    writer = store.writer(in_memory=True)
    writer.delete(*article_term(article.id))
    writer.upsert(ledger_document("run", "1", {}))
    writer.cancel()
    with store.reader() as reader:
        assert reader.document_count() == len(article.sections) + 1
        assert reader.document(doc_id="run:1") is None


def test_commits_merge_as_they_choose(tmp_path):
    path = tmp_path / "index"
    for number in range(3):  # three commits that merge nothing: three segments
        _written(path, ledger_document("run", str(number), {}))
    store = open_store(path)
    older = store.segment_ids()
    assert len(older) == 3
    _written(path, ledger_document("run", "3", {}))
    _written(path, ledger_document("run", "4", {}))
    writer = store.writer()
    writer.commit(merge=MergeRun(older))  # the two written since: merged into one
    after_run = open_store(path).segment_ids()
    assert older <= after_run and len(after_run) == 4
    writer = open_store(path).writer()
    writer.commit(merge=MERGE_ALL)
    store = open_store(path)
    assert len(store.segment_ids()) == 1
    with store.reader() as reader:
        assert reader.document_count() == 5


def test_a_full_scan_reads_every_stored_document(tmp_path):
    articles = varied_articles(3)
    documents = [d for a in articles for d in article_documents(a, a.content_hash())]
    store = _written(tmp_path / "index", *documents)
    with store.reader() as reader:
        scanned = [fields for _, fields in reader.stored_documents()]
        assert sorted(f["doc_id"] for f in scanned) == sorted(d["doc_id"] for d in documents)
        assert list(reader.unreadable_fields()) == []


def test_no_store_where_there_is_no_index(tmp_path):
    with pytest.raises(IndexMissing):
        open_store(tmp_path / "nothing")
    assert not (tmp_path / "nothing").exists()


@pytest.mark.parametrize(
    ("protocol", "implementation"),
    [(StoreReader, WhooshReader), (StoreWriter, WhooshWriter), (Store, WhooshStore)],
)
def test_the_whoosh_classes_offer_exactly_the_protocols_methods(protocol, implementation):
    def methods(cls) -> dict[str, list[str]]:
        return {
            name: list(inspect.signature(member).parameters)
            for name, member in vars(cls).items()
            if callable(member) and (not name.startswith("_") or name in ("__enter__", "__exit__"))
        }

    wanted = methods(protocol)
    offered = methods(implementation)
    assert wanted and offered == wanted
    assert all(member.__doc__ for name, member in vars(protocol).items() if name in wanted and not name.startswith("_"))
    for attribute in getattr(protocol, "__annotations__", {}):
        assert attribute in inspect.signature(implementation.__init__).parameters or hasattr(implementation, attribute)
