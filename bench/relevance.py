#!/usr/bin/env python3
"""Relevance benchmark: nDCG@k, Recall@100 and MRR@k of sclerodex's search on
a BEIR-format collection, beside a plain Whoosh baseline from the same run.

    python bench/relevance.py --corpus ../shared/data/scifact --corpus ../shared/data/questions

The collection is a folder with ``corpus.jsonl`` (``_id``, ``title``,
``text``), ``queries.jsonl`` (``_id``, ``text``) and ``qrels/*.tsv``
(``query-id``, ``corpus-id``, ``score``; a header line; score > 0 means
relevant).  Each document becomes an article -- its title and one body
section -- written with ``sclerodex.index.writer.write_articles``, as ingest
writes; each judged query, as typed, goes through
``sclerodex.search.searcher.search`` with the shipped defaults, as ``sclerodex
search`` runs it.  The baseline is Whoosh's defaults (``sclerodex.whoosh_engine.baseline``).

Each collection's report ends with one JSON line: "ndcg@K", "recall@100"
and "mrr@K" of our defaults, the baseline's under "baseline", the settings
under "config".  ``--sample N`` measures N of the judged queries (the same N
for the same collection), for quick comparisons while tuning; figures worth
quoting come from the whole set.
"""

from __future__ import annotations

import argparse
import csv
import dataclasses
import json
import math
import random
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path

from sclerodex.errors import QueryError, SclerodexError
from sclerodex.index.writer import write_articles
from sclerodex.ingest.records import Article, Section
from sclerodex.search.ranking import DEFAULT_RANKING
from sclerodex.search.searcher import DEFAULT_PER_ARTICLE, search
from sclerodex.search.stopwords import QUERY_STOP_WORDS
from sclerodex.whoosh_engine.analysis import STOP_WORDS
from sclerodex.whoosh_engine.baseline import BaselineSearcher, build_baseline_index

RECALL_DEPTH = 100


def read_jsonl(path: Path) -> Iterator[dict]:
    with path.open(encoding="utf-8") as lines:
        for number, line in enumerate(lines, 1):
            if line.strip():
                try:
                    yield json.loads(line)
                except ValueError as problem:
                    raise SystemExit(f"{path}:{number}: not a JSON line: {problem}") from None


def read_articles(corpus: Path) -> Iterator[Article]:
    """One article per document: the title, and the text as one section."""
    for doc in read_jsonl(corpus):
        doc_id = str(doc["_id"])
        yield Article(
            id=doc_id,
            source=f"{corpus}#{doc_id}",
            url=None,
            site=None,
            title=(doc.get("title") or "").strip(),
            authors=(),
            published=None,
            tags=(),
            disclaimer=None,
            sections=(Section(0, None, (), (doc.get("text") or "").strip()),),
        )


def read_queries(path: Path) -> dict[str, str]:
    return {str(q["_id"]): q.get("text") or "" for q in read_jsonl(path)}


def read_qrels(path: Path) -> dict[str, dict[str, int]]:
    qrels: dict[str, dict[str, int]] = {}
    with path.open(encoding="utf-8", newline="") as handle:
        rows = csv.reader(handle, delimiter="\t")
        for row in rows:
            if len(row) < 3 or not row[2].strip().lstrip("-").isdigit():
                continue  # the header, or a blank line
            qrels.setdefault(row[0], {})[row[1]] = int(row[2])
    return {q: judged for q, judged in qrels.items() if any(g > 0 for g in judged.values())}


def default_qrels(folder: Path) -> Path:
    """qrels/test.tsv, else dev.tsv, else train.tsv, else the only .tsv."""
    for name in ("test.tsv", "dev.tsv", "train.tsv"):
        if (folder / "qrels" / name).is_file():
            return folder / "qrels" / name
    found = sorted((folder / "qrels").glob("*.tsv"))
    if len(found) != 1:
        raise SystemExit(f"no single qrels file in {folder / 'qrels'}: give --qrels FILE")
    return found[0]


# Measures (as pytrec_eval / BEIR compute them: linear gain, log2 discount)


def ndcg(ranked: list[str], judged: dict[str, int], k: int) -> float:
    dcg = sum(judged.get(doc, 0) / math.log2(rank + 2) for rank, doc in enumerate(ranked[:k]) if judged.get(doc, 0) > 0)
    ideal = sorted((g for g in judged.values() if g > 0), reverse=True)[:k]
    best = sum(g / math.log2(rank + 2) for rank, g in enumerate(ideal))
    return dcg / best if best else 0.0


def recall(ranked: list[str], judged: dict[str, int], k: int) -> float:
    relevant = {doc for doc, g in judged.items() if g > 0}
    return len(relevant & set(ranked[:k])) / len(relevant)


def reciprocal_rank(ranked: list[str], judged: dict[str, int], k: int) -> float:
    return next((1 / (rank + 1) for rank, doc in enumerate(ranked[:k]) if judged.get(doc, 0) > 0), 0.0)


def evaluate(rankings: dict[str, list[str]], qrels: dict[str, dict[str, int]], k: int) -> dict[str, float]:
    n = len(qrels)
    return {
        f"ndcg@{k}": round(sum(ndcg(rankings.get(q, []), j, k) for q, j in qrels.items()) / n, 4),
        f"recall@{RECALL_DEPTH}": round(sum(recall(rankings.get(q, []), j, RECALL_DEPTH) for q, j in qrels.items()) / n, 4),
        f"mrr@{k}": round(sum(reciprocal_rank(rankings.get(q, []), j, k) for q, j in qrels.items()) / n, 4),
    }


def write_per_query(path: Path, folder: Path, queries, qrels, ours, plain, k: int) -> None:
    """One JSON line a judged query (appended, so several collections share a file)."""
    with path.open("a", encoding="utf-8") as out:
        for qid, judged in qrels.items():
            line = {
                "collection": folder.name, "id": qid, "query": queries.get(qid, ""),
                "ndcg": round(ndcg(ours.get(qid, []), judged, k), 4),
                "baseline": round(ndcg(plain.get(qid, []), judged, k), 4),
            }
            out.write(json.dumps(line) + "\n")


# Runs


def our_rankings(index_dir: Path, queries: dict[str, str], depth: int, hits: dict | None = None) -> dict[str, list[str]]:
    """Article ids in hit order for each query, through the CLI's search;
    each query's hits (article id, section, score) also put in ``hits``."""
    rankings = {}
    for qid, text in queries.items():
        try:
            result = search(index_dir, text, limit=depth)
        except QueryError:
            rankings[qid] = []  # nothing searchable in it: an empty answer
            continue
        rankings[qid] = list(dict.fromkeys(hit.article.id for hit in result.hits))
        if hits is not None:
            hits[qid] = [[hit.article.id, hit.section.ordinal, round(hit.score, 6)] for hit in result.hits]
    return rankings


def baseline_rankings(index_dir: Path, queries: dict[str, str], depth: int) -> dict[str, list[str]]:
    with BaselineSearcher(index_dir) as baseline:
        return {qid: baseline.article_ids(text, depth) for qid, text in queries.items()}


def config() -> dict:
    return {
        "ranking": dataclasses.asdict(DEFAULT_RANKING),
        "analyser": "words and numbers, lower-cased, accents folded, possessive 's dropped, "
        f"{len(STOP_WORDS)} stop words, Porter stemmer; plain-word queries also drop {len(QUERY_STOP_WORDS)} "
        "function and question words",
        "synonyms": True,
        "per_article": DEFAULT_PER_ARTICLE,
        "baseline": "Whoosh StemmingAnalyzer on title+text in one field, BM25F(B=0.75, K1=1.2), OR of the query's words",
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument(
        "--corpus", required=True, type=Path, action="append",
        help="BEIR folder holding corpus.jsonl (repeat to measure several collections in one run)",
    )
    parser.add_argument("--queries", type=Path, help="queries.jsonl (default: in the corpus folder)")
    parser.add_argument("--qrels", type=Path, help="judgments .tsv (default: qrels/test.tsv, dev.tsv or train.tsv)")
    parser.add_argument("--k", type=int, default=10, help="cut-off of nDCG and MRR (default 10)")
    parser.add_argument("--sample", type=int, metavar="N", help="measure only N of the judged queries, drawn with a fixed seed")
    parser.add_argument("--workdir", type=Path, help="keep the indexes here (default: a temporary folder)")
    parser.add_argument(
        "--per-query", type=Path, metavar="FILE",
        help="also write each query's nDCG@K (ours and the baseline's) as JSON lines to FILE, "
        "to compare two runs query by query",
    )
    parser.add_argument(
        "--hits", type=Path, metavar="FILE",
        help="also write each query's hits (article id, section, score to 6 places) as JSON lines to FILE, "
        "to check that a change leaves the answers as they were (compare two files with diff)",
    )
    args = parser.parse_args(argv)
    if args.k < 1:
        parser.error("--k must be 1 or more")
    if args.sample is not None and args.sample < 1:
        parser.error("--sample must be 1 or more")
    if len(args.corpus) > 1 and (args.queries or args.qrels):
        parser.error("--queries and --qrels need a single --corpus")
    for number, folder in enumerate(args.corpus):
        if number:
            print()
        workdir = args.workdir / folder.name if args.workdir and len(args.corpus) > 1 else args.workdir
        measure(folder, args, workdir)
    return 0


def measure(folder: Path, args, workdir: Path | None) -> None:
    """Index one collection both ways, search its judged queries, print the report."""
    corpus = folder / "corpus.jsonl"
    if not corpus.is_file():
        raise SystemExit(f"no corpus.jsonl in {folder}")
    queries_file = args.queries or folder / "queries.jsonl"
    qrels_file = args.qrels or default_qrels(folder)
    all_queries = read_queries(queries_file)
    qrels = read_qrels(qrels_file)
    missing = [q for q in qrels if q not in all_queries]
    if missing:
        print(f"warning: {len(missing)} judged queries are not in {queries_file}; they count as 0", file=sys.stderr)
    if not qrels:
        raise SystemExit(f"no relevance judgments in {qrels_file}")
    judged = len(qrels)
    if args.sample and args.sample < judged:
        qrels = {q: qrels[q] for q in random.Random(0).sample(sorted(qrels), args.sample)}
    queries = {q: all_queries[q] for q in qrels if q in all_queries}
    depth = max(args.k, RECALL_DEPTH)

    with tempfile.TemporaryDirectory(prefix="sclerodex-relevance-") as scratch:
        work = workdir or Path(scratch)
        ours_dir, plain_dir = work / "sclerodex", work / "baseline"

        started = time.perf_counter()
        summary = write_articles(ours_dir, read_articles(corpus))
        indexed = time.perf_counter() - started
        started = time.perf_counter()
        build_baseline_index(plain_dir, read_articles(corpus))
        indexed_plain = time.perf_counter() - started

        started = time.perf_counter()
        our_hits: dict[str, list] = {}
        our_ranked = our_rankings(ours_dir, queries, depth, our_hits)
        ours = evaluate(our_ranked, qrels, args.k)
        searched = time.perf_counter() - started
        started = time.perf_counter()
        plain_ranked = baseline_rankings(plain_dir, queries, depth)
        plain = evaluate(plain_ranked, qrels, args.k)
        searched_plain = time.perf_counter() - started
    if args.per_query:
        write_per_query(args.per_query, folder, queries, qrels, our_ranked, plain_ranked, args.k)
    if args.hits:
        with args.hits.open("a", encoding="utf-8") as out:
            for qid in qrels:
                out.write(json.dumps({"collection": folder.name, "id": qid, "hits": our_hits.get(qid, [])}) + "\n")

    documents = summary.new + summary.updated + summary.unchanged
    sampled = f"a sample of {len(qrels)} of the {judged}" if len(qrels) < judged else str(judged)
    print(f"collection: {folder} ({documents} documents, {sampled} judged queries from {qrels_file.name})")
    print(f"indexing: sclerodex {indexed:.1f} s, baseline {indexed_plain:.1f} s")
    print(
        f"searching: sclerodex {searched:.1f} s ({1000 * searched / max(1, len(queries)):.0f} ms a query, "
        f"top {depth} with passages), baseline {searched_plain:.1f} s"
    )
    names = list(ours)
    print(f"{'':16}" + "".join(f"{name:>12}" for name in names))
    print(f"{'plain baseline':16}" + "".join(f"{plain[name]:>12.4f}" for name in names))
    print(f"{'sclerodex':16}" + "".join(f"{ours[name]:>12.4f}" for name in names))
    report = {**ours, "baseline": plain, "config": config(), "queries": len(qrels), "documents": documents}
    print(json.dumps({**report, "collection": str(folder), "sample": len(qrels) < judged}), flush=True)


if __name__ == "__main__":
    try:
        sys.exit(main())
    except SclerodexError as problem:
        sys.exit(f"Error: {problem}")
