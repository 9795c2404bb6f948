"""What each fix to Whoosh (sclerodex/whoosh_engine/w3_internals.py) changes:
the same results with and without it, and the difference it was made for,
counted.  Both are fast paths: off with SCLERODEX_FAST_PATHS=0."""

import json
import subprocess
import sys
import textwrap

import pytest
from whoosh import index as whoosh_index
from whoosh.codec import whoosh3
from whoosh.filedb.filestore import FileStorage

from sclerodex.index.documents import article_documents
from sclerodex.ingest.records import Article, Section
from sclerodex.whoosh_engine import w3_internals
from sclerodex.whoosh_engine.schema import build_schema

HEAVY = ["urllib.request", "http.client", "asyncio", "whoosh.lang.morph_en"]

_IMPORT_AND_SEARCH = textwrap.dedent(
    """
    import json, sys, tempfile
    if sys.argv[1] == "light":
        import sclerodex.whoosh_engine
    from whoosh import index, qparser
    from whoosh.fields import ID, TEXT, Schema
    ix = index.create_in(tempfile.mkdtemp(), Schema(id=ID(stored=True), body=TEXT))
    with ix.writer() as writer:
        for n, body in enumerate(["lung cancer therapy", "heart disease", "cancer of the lung"]):
            writer.add_document(id=str(n), body=body)
    with ix.searcher() as searcher:
        hits = [hit["id"] for hit in searcher.search(qparser.QueryParser("body", ix.schema).parse("lung cancer"))]
    heavy = %r
    print(json.dumps({"hits": hits, "heavy": [name for name in heavy if name in sys.modules]}))
    """
    % HEAVY
)


def _import_and_search(how: str) -> dict:
    done = subprocess.run([sys.executable, "-c", _IMPORT_AND_SEARCH, how], capture_output=True, text=True, check=True)
    return json.loads(done.stdout)


@pytest.mark.fast_paths
def test_importing_whoosh_lightly_finds_the_same_and_skips_the_heavy_modules():
    plain, light = _import_and_search("plain"), _import_and_search("light")
    assert light["hits"] == plain["hits"] == ["2", "0"]
    assert len(light["heavy"]) == 0
    assert len(plain["heavy"]) == len(HEAVY), plain["heavy"]  # each one Whoosh imports for nothing we use


def _articles() -> list[Article]:
    return [
        Article(
            id=f"https://example.org/{n}",
            source=f"https://example.org/{n}",
            url=f"https://example.org/{n}",
            site="example.org",
            title=f"Article {n} on lung therapy",
            authors=(),
            published=None,
            tags=("oncology",),
            disclaimer=None,
            sections=tuple(Section(i, f"Part {i}", (f"Part {i}",), f"cancer therapy {n} {i} lung") for i in range(5)),
        )
        for n in range(12)
    ]


def _build_and_search(folder, monkeypatch, patched: bool) -> tuple[list, list, int]:
    """Write the articles in two commits, then merge them (the second commit
    and the merge read the first segment's postings); count the file-exists
    checks, and return the stored documents and a search's hits."""
    w3_internals.remember_absent_length_columns()
    method = w3_internals.cached_reader_remembering_absence if patched else w3_internals.whoosh_cached_reader()
    monkeypatch.setattr(whoosh3.W3PerDocReader, "_cached_reader", method)
    checks = 0
    whoosh_exists = FileStorage.file_exists

    def counting(self, name):
        nonlocal checks
        checks += 1
        return whoosh_exists(self, name)

    monkeypatch.setattr(FileStorage, "file_exists", counting)
    ix = whoosh_index.create_in(str(folder), build_schema())
    articles = _articles()
    for batch in (articles[:6], articles[6:]):
        with ix.writer() as writer:
            for article in batch:
                for doc in article_documents(article, article.content_hash(), indexed_at="2026-01-01T00:00:00+00:00"):
                    writer.add_document(**doc)
    ix.writer().commit(optimize=True)
    with ix.searcher() as searcher:
        stored = sorted((dict(fields) for fields in searcher.all_stored_fields()), key=lambda f: f["doc_id"])
        hits = [(hit["doc_id"], round(hit.score, 6)) for hit in searcher.find("body", "lung cancer", limit=None)]
    return stored, hits, checks


@pytest.mark.fast_paths
def test_remembering_absent_length_columns_writes_the_same_with_fewer_file_checks(tmp_path, monkeypatch):
    (tmp_path / "plain").mkdir()
    (tmp_path / "fixed").mkdir()
    plain_stored, plain_hits, plain_checks = _build_and_search(tmp_path / "plain", monkeypatch, patched=False)
    fixed_stored, fixed_hits, fixed_checks = _build_and_search(tmp_path / "fixed", monkeypatch, patched=True)
    assert fixed_stored == plain_stored and len(plain_stored) == 12 * 6
    assert fixed_hits == plain_hits and len(plain_hits) == 12 * 5
    # Unpatched, a file check for each posting of a field without lengths
    # (ID, KEYWORD) read by the second commit and the merge; patched, one a
    # field and segment reader.  Exact for the pinned Whoosh 2.7.
    assert (plain_checks, fixed_checks) == (4273, 73)
