"""Outside whoosh_engine/, the index is read and written through the store
API (sclerodex/engine.py) only: no module calls a Whoosh writer's, searcher's
or index's methods, nor opens one.

The patterns are the calls the store replaced (each example below is a line
of the code before it); a name the store also offers (``document``,
``cancel``, ``reader``, ``commit``) is caught by what only Whoosh's use of it
looks like: on a ``searcher``, on ``ix``, or with Whoosh's arguments.
"""

from __future__ import annotations

import re
from pathlib import Path

import sclerodex.engine

PACKAGE = Path(__file__).resolve().parents[2] / "sclerodex"
ENGINE = PACKAGE / "whoosh_engine"

FORBIDDEN = {
    "a Whoosh writer's method": r"\.(?:update_document|add_document|delete_by_term|delete_document)\(",
    "a Whoosh searcher": r"\.searcher\(|(?<![.\w])searcher\.\w+\(",
    "a Whoosh index": r"(?<![.\w])ix\.\w+",
    "a Whoosh reader's method": r"\.(?:stored_fields|all_stored_fields|all_doc_ids|lexicon|docs_for_query|doc_count_all)\(",
    "Whoosh's commit arguments": r"commit\(\s*(?:mergetype|optimize|merge\s*=\s*False)",
    "a Whoosh writer's attribute": r"\bwriter\.(?:schema|storage|pool|index)\b|\.storage\.folder",
    "the segments of a Whoosh index": r"\._segments\b|(?<![\w.])(?<!def )segment_ids\(",
    "opening Whoosh objects": r"(?<![\w.])(?:open_index|open_generation|open_writer)\b",
    "Whoosh's writing helpers": r"\b(?:add_documents|accepts_analysed|with_segments|merge_segments_except|full_scan)\b",
    "Whoosh itself": r"^\s*(?:from|import)\s+whoosh\b|\bw3_internals\b",
}


def _found(text: str) -> set[str]:
    return {what for what, pattern in FORBIDDEN.items() if re.search(pattern, text, re.MULTILINE)}


def test_no_module_outside_the_engine_calls_whoosh_objects():
    outside = {
        str(path.relative_to(PACKAGE)): sorted(found)
        for path in PACKAGE.rglob("*.py")
        if ENGINE not in path.parents and (found := _found(path.read_text(encoding="utf-8")))
    }
    assert outside == {}


# Lines of index/, sync/, search/ and cli/ before the store API, one a pattern.
BEFORE = {
    "writer.update_document(**source_document(source))": "a Whoosh writer's method",
    "writer.delete_by_term(*article_term(article_id))": "a Whoosh writer's method",
    "writer.add_document(**doc)": "a Whoosh writer's method",
    "with open_index(index_dir).searcher() as searcher:": "a Whoosh searcher",
    "fields = searcher.document(doc_id=doc_id)": "a Whoosh searcher",
    "return searcher.documents(kind=ARTICLE)": "a Whoosh searcher",
    "reader = ix.reader()": "a Whoosh index",
    "for docnum in reader.all_doc_ids():": "a Whoosh reader's method",
    "self._writer.commit(mergetype=policy)": "Whoosh's commit arguments",
    "writer.commit(optimize=True)": "Whoosh's commit arguments",
    "analysed = accepts_analysed(writer.schema)": "a Whoosh writer's attribute",
    "segments = builder.start(writer.storage.folder, articles)": "a Whoosh writer's attribute",
    "remove_leftovers(Path(self.index.storage.folder))": "a Whoosh writer's attribute",
    "self._older_segments = segment_ids(self.index)": "the segments of a Whoosh index",
    "{s.segment_id() for s in index._segments()}": "the segments of a Whoosh index",
    "writer = open_generation(target).writer(compound=False)": "opening Whoosh objects",
    "writer = open_writer(index, in_memory=True)": "opening Whoosh objects",
    "add_documents(writer, documents, analysis)": "Whoosh's writing helpers",
    "from sclerodex.whoosh_engine.full_scan import stored_documents": "Whoosh's writing helpers",
    "from sclerodex.whoosh_engine.w3_internals import segment_ids": "Whoosh itself",
    "from whoosh.query import Term": "Whoosh itself",
}


def test_each_pattern_finds_the_calls_it_replaced():
    for line, what in BEFORE.items():
        assert what in _found(line), line
    assert set(BEFORE.values()) == set(FORBIDDEN)


def test_the_store_api_itself_passes():
    calls = """
    with open_store(index_dir).reader() as reader:
        fields = reader.document(doc_id=doc_id)
        sections = reader.documents(article_id=article_id)
    writer = store.writer(in_memory=True)
    writer.upsert(document); writer.add(document); writer.delete(*doc_term(doc_id))
    writer.add_analysed(documents, analysis)
    writer.commit(segments, MERGE_SMALL); writer.commit(merge=MERGE_ALL); writer.cancel()
    self._older_segments = self.store.segment_ids()
    from sclerodex.whoosh_engine.storage import read_with_retries
    from sclerodex.search.searcher import search
    """
    assert _found(calls) == set()


def test_the_interface_module_imports_no_engine_and_no_layer_above():
    text = Path(sclerodex.engine.__file__).read_text(encoding="utf-8")
    imported = re.findall(r"^\s*(?:from|import)\s+([\w.]+)", text, re.MULTILINE)
    assert imported and not [name for name in imported if name.startswith(("whoosh", "sclerodex"))]
