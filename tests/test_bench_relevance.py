"""bench/relevance.py end to end on a tiny BEIR-format collection built here,
and its measures on rankings worked out by hand."""

import importlib.util
import json
import math
import subprocess
import sys
from pathlib import Path

import pytest

BENCH = Path(__file__).resolve().parent.parent / "bench" / "relevance.py"

DOCS = {
    "d1": ("Nintedanib in lung fibrosis", "Nintedanib slowed the decline of forced vital capacity in patients with lung fibrosis."),
    "d2": ("Cold fingers", "Raynaud's phenomenon turns the fingers white and blue in the cold."),
    "d3": ("Kidney crisis", "A sudden rise in blood pressure can signal a renal crisis; ACE inhibitors treat it."),
    "d4": ("Skin scores", "The modified Rodnan skin score measures skin thickness at seventeen sites."),
    "d5": ("Heartburn", "Acid reflux and heartburn are common when the oesophagus stops moving food."),
    "d6": ("", "Stem cell transplantation resets the immune system in severe early disease."),
}
QUERIES = {
    "q1": "nintedanib slows lung fibrosis",
    "q2": "fingers turn white in the cold",
    "q3": "blood pressure and renal crisis",
    "q4": "stem cell transplantation",
    "q5": "the of and",  # nothing searchable: an empty answer
}
QRELS = [("q1", "d1", 1), ("q2", "d2", 1), ("q3", "d3", 2), ("q4", "d6", 1), ("q5", "d5", 1)]


def load_bench():
    spec = importlib.util.spec_from_file_location("relevance", BENCH)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


@pytest.fixture
def collection(tmp_path) -> Path:
    folder = tmp_path / "tiny"
    (folder / "qrels").mkdir(parents=True)
    with (folder / "corpus.jsonl").open("w", encoding="utf-8") as out:
        for doc_id, (title, text) in DOCS.items():
            out.write(json.dumps({"_id": doc_id, "title": title, "text": text, "metadata": {}}) + "\n")
    with (folder / "queries.jsonl").open("w", encoding="utf-8") as out:
        for query_id, text in QUERIES.items():
            out.write(json.dumps({"_id": query_id, "text": text, "metadata": {}}) + "\n")
    lines = ["query-id\tcorpus-id\tscore"] + [f"{q}\t{d}\t{s}" for q, d, s in QRELS]
    (folder / "qrels" / "test.tsv").write_text("\n".join(lines) + "\n", encoding="utf-8")
    return folder


def run_bench(*args: str) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, str(BENCH), *args], capture_output=True, text=True, timeout=300)


@pytest.mark.slow
def test_bench_runs_end_to_end_and_ends_with_one_json_line(collection):
    done = run_bench("--corpus", str(collection))
    assert done.returncode == 0, done.stderr
    lines = done.stdout.strip().splitlines()
    report = json.loads(lines[-1])
    assert set(report) >= {"ndcg@10", "recall@100", "mrr@10", "baseline", "config"}
    assert set(report["baseline"]) == {"ndcg@10", "recall@100", "mrr@10"}
    assert report["queries"] == 5 and report["documents"] == 6
    assert report["config"]["ranking"]["k1"] > 0 and report["config"]["per_article"] >= 1
    # Four easy queries find their document first; q5 has nothing to search.
    assert report["mrr@10"] == report["recall@100"] == pytest.approx(4 / 5)
    assert report["ndcg@10"] == pytest.approx(4 / 5)
    assert any("plain baseline" in line for line in lines) and any(line.startswith("sclerodex") for line in lines)


@pytest.mark.slow
def test_bench_writes_each_querys_ndcg_on_request(collection, tmp_path):
    per_query = tmp_path / "per-query.jsonl"
    done = run_bench("--corpus", str(collection), "--per-query", str(per_query))
    assert done.returncode == 0, done.stderr
    rows = {row["id"]: row for row in map(json.loads, per_query.read_text(encoding="utf-8").splitlines())}
    assert set(rows) == set(QUERIES)
    assert rows["q1"] == {"collection": "tiny", "id": "q1", "query": QUERIES["q1"], "ndcg": 1.0, "baseline": 1.0}
    assert rows["q5"]["ndcg"] == 0.0
    assert sum(row["ndcg"] for row in rows.values()) / len(rows) == pytest.approx(json.loads(done.stdout.splitlines()[-1])["ndcg@10"])


@pytest.mark.slow
def test_bench_takes_k_queries_and_qrels(collection, tmp_path):
    qrels = tmp_path / "some.tsv"
    qrels.write_text("query-id\tcorpus-id\tscore\nq1\td1\t1\nq1\td4\t1\nq9\td2\t1\n", encoding="utf-8")
    done = run_bench("--corpus", str(collection), "--qrels", str(qrels), "--k", "1")
    assert done.returncode == 0, done.stderr
    report = json.loads(done.stdout.strip().splitlines()[-1])
    assert set(report) >= {"ndcg@1", "mrr@1", "recall@100"}
    assert report["queries"] == 2  # q1, and q9 which has no query text (counts as 0)
    assert "1 judged queries are not in" in done.stderr
    assert report["mrr@1"] == pytest.approx(1 / 2)


@pytest.mark.slow
def test_bench_refuses_a_folder_without_a_corpus(tmp_path):
    done = run_bench("--corpus", str(tmp_path))
    assert done.returncode != 0 and "no corpus.jsonl" in done.stderr


def test_measures_on_hand_made_rankings():
    bench = load_bench()
    judged = {"a": 1, "b": 2}
    assert bench.ndcg(["b", "a"], judged, 10) == pytest.approx(1.0)
    ideal = 2 + 1 / math.log2(3)
    assert bench.ndcg(["x", "a", "b"], judged, 10) == pytest.approx((1 / math.log2(3) + 2 / 2) / ideal)
    assert bench.ndcg(["x", "a", "b"], judged, 2) == pytest.approx((1 / math.log2(3)) / ideal)
    assert bench.recall(["x", "a"], judged, 100) == 0.5
    assert bench.reciprocal_rank(["x", "y", "b"], judged, 10) == pytest.approx(1 / 3)
    assert bench.reciprocal_rank(["x", "y", "b"], judged, 2) == 0.0
