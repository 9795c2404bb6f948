"""The benchmark corpus generator (bench/corpus.py): reproducible, and its
pages ingest through the library into the sections it promises.

Uses a few made-up abstracts, so the suite needs nothing outside the
repository (the benchmark itself reads SciFact from ../shared/data).
"""

from __future__ import annotations

import importlib.util
import sys
from pathlib import Path

from whoosh.query import Term

from sclerodex.ingest.sources import parse_document
from sclerodex.sync.driver import ingest_paths
from sclerodex.whoosh_engine.storage import open_index

_spec = importlib.util.spec_from_file_location(
    "bench_corpus", Path(__file__).resolve().parent.parent / "bench" / "corpus.py"
)
corpus = importlib.util.module_from_spec(_spec)
sys.modules[_spec.name] = corpus  # dataclasses look their module up there
_spec.loader.exec_module(corpus)

ABSTRACTS = [
    {
        "_id": "101",
        "title": "Skin thickness scores in early diffuse disease",
        "text": "BACKGROUND Skin thickening is measured with the modified Rodnan skin score. "
        "Its change over time predicts outcomes. METHODS We followed 120 patients for two years. "
        "Scores were taken every six months. RESULTS Scores improved in 60% of patients. "
        "Improvement was faster in men. CONCLUSIONS Early improvement is common.",
    },
    {
        "_id": "202",
        "title": "Lung function after mycophenolate: a cohort study",
        "text": "Interstitial lung disease is a frequent complication. We studied forced vital capacity. "
        "Patients took mycophenolate for one year. Lung function was tested every three months. "
        "Most patients kept stable values. A minority declined despite treatment. "
        "Side effects were mild & rare. Larger trials are needed (n < 200).",
    },
    {
        "_id": "303",
        "title": "Raynaud's phenomenon and cold exposure",
        "text": "Background: Cold triggers attacks. Methods: Diaries were kept by 40 volunteers. "
        "Results: Attacks were twice as frequent in winter. Conclusions: Keeping warm helps.",
    },
]


def test_generator_is_reproducible_and_ids_are_distinct():
    first = list(corpus.generate_pages(40, seed=7, abstracts=ABSTRACTS))
    again = list(corpus.generate_pages(40, seed=7, abstracts=ABSTRACTS))
    assert [p.html for p in first] == [p.html for p in again]
    assert [p.article for p in first] == [p.article for p in again]
    assert sum(len(p.article.sections) for p in first) >= 40
    # More sections than one pass over the abstracts gives: replicas, each distinct.
    assert len(first) > len(ABSTRACTS)
    assert len({p.article.id for p in first}) == len({p.relpath for p in first}) == len(first)
    other_seed = list(corpus.generate_pages(40, seed=8, abstracts=ABSTRACTS))
    assert [p.html for p in other_seed] != [p.html for p in first]


def test_pages_parse_into_the_promised_sections():
    for page in corpus.generate_pages(40, seed=7, abstracts=ABSTRACTS):
        article = parse_document(page.html.encode("utf-8"), page.relpath)
        assert [s.path for s in article.sections] == [s.path for s in page.article.sections]
        assert article.disclaimer == corpus.DISCLAIMER
        assert "Related Articles" not in " ".join(s.text for s in article.sections)
        assert "Advertisement" not in " ".join(s.text for s in article.sections)


def test_written_corpus_ingests_into_the_expected_number_of_sections(tmp_path):
    written = corpus.write_corpus(tmp_path / "corpus", 25, seed=3, abstracts=ABSTRACTS)
    manifest = written.manifest
    records = list(written.articles())
    assert len(records) == manifest["articles"] == len(written.page_files())
    assert sum(len(a.sections) for a in records) == manifest["sections"] >= 25

    summary = ingest_paths(tmp_path / "index", [written.pages])
    assert (summary.new, summary.skipped) == (manifest["articles"], [])
    with open_index(tmp_path / "index").searcher() as searcher:
        assert len(searcher.search(Term("kind", "section"), limit=None)) == manifest["sections"]
