"""The comparison rows of bench/perf.py, each run as its own process.

    python bench/baselines.py naive PAGES_DIR INDEX_DIR
    python bench/baselines.py engine ARTICLES_JSONL INDEX_DIR [--procs N]
    python bench/baselines.py tantivy ARTICLES_JSONL INDEX_DIR
    python bench/baselines.py fts5-build ARTICLES_JSONL DB_FILE
    python bench/baselines.py warm INDEX_DIR QUERIES_JSON

Each prints one JSON line: the counts and the seconds of the timed work
(``seconds``; for engine, tantivy and fts5-build the input records are loaded
before the clock starts, so the figure is the engine's alone).
"""

from __future__ import annotations

import json
import sys
import time
from pathlib import Path


def _articles(path: str):
    from sclerodex.ingest.records import Article

    with open(path, encoding="utf-8") as handle:
        return [Article.from_dict(json.loads(line)) for line in handle]


def naive(pages_dir: str, index_dir: str) -> dict:
    """What a first script would do: BeautifulSoup with html.parser on each
    whole page, the entry-content's headings and paragraphs cut into
    sections, written with a default Whoosh writer (one process, one
    commit).  Our schema and analyser, so the indexing work is the same."""
    import datetime as dt

    from bs4 import BeautifulSoup
    from whoosh import index

    from sclerodex.whoosh_engine.schema import build_schema

    started = time.perf_counter()
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    ix = index.create_in(index_dir, build_schema())
    writer = ix.writer()
    articles = sections = 0
    parse_seconds = 0.0
    for path in sorted(Path(pages_dir).rglob("*.html")):
        t0 = time.perf_counter()
        soup = BeautifulSoup(path.read_text(encoding="utf-8"), "html.parser")
        title = soup.find("h1").get_text(" ", strip=True)
        url = soup.find("link", rel="canonical")["href"]
        stamp = soup.find("meta", property="article:published_time")["content"]
        tags = [m["content"] for m in soup.find_all("meta", property="article:tag")]
        body = soup.find("div", class_="entry-content")
        found, path_, lines = [], [], []
        for el in body.find_all(["h2", "h3", "p", "li"]):
            text = el.get_text(" ", strip=True)
            if el.name == "p" and text == "***":
                break
            if el.name in ("h2", "h3"):
                if lines:
                    found.append((list(path_), "\n".join(lines)))
                    lines = []
                path_ = path_[:1] + [text] if el.name == "h3" else [text]
            elif el.find_parent("div", class_="ad-slot") is None:
                lines.append(("- " if el.name == "li" else "") + text)
        if lines:
            found.append((list(path_), "\n".join(lines)))
        parse_seconds += time.perf_counter() - t0
        published = dt.datetime.fromisoformat(stamp[:10])
        for ordinal, (heading_path, text) in enumerate(found):
            writer.add_document(
                doc_id=f"section:{url}#{ordinal}", kind="section", article_id=url, title=title,
                heading=" > ".join(heading_path), body=text, path=heading_path, ordinal=ordinal,
                url=url, source=str(path), site="Scleroderma News", published=published, tags=",".join(tags),
            )
        articles += 1
        sections += len(found)
    t0 = time.perf_counter()
    writer.commit()
    commit_seconds = time.perf_counter() - t0
    return {
        "articles": articles, "sections": sections, "seconds": time.perf_counter() - started,
        "parse_seconds": round(parse_seconds, 2), "commit_seconds": round(commit_seconds, 2),
    }


def engine(articles_file: str, index_dir: str, procs: int = 1) -> dict:
    """Whoosh writing the pre-extracted sections (and article records) with
    our schema: the same documents as ``sclerodex ingest``, no HTML."""
    from whoosh import index

    from sclerodex.index.documents import article_documents
    from sclerodex.whoosh_engine.schema import build_schema

    articles = _articles(articles_file)
    started = time.perf_counter()
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    ix = index.create_in(index_dir, build_schema())
    writer = ix.writer(procs=procs, multisegment=procs > 1) if procs > 1 else ix.writer()
    sections = 0
    for article in articles:
        for doc in article_documents(article, article.content_hash()):
            writer.add_document(**doc)
        sections += len(article.sections)
    t0 = time.perf_counter()
    writer.commit()
    return {
        "articles": len(articles), "sections": sections, "seconds": time.perf_counter() - started,
        "commit_seconds": round(time.perf_counter() - t0, 2),
    }


def tantivy_index(articles_file: str, index_dir: str) -> dict:
    """tantivy (compiled, Rust) indexing the same sections with English stemming."""
    import tantivy

    articles = _articles(articles_file)
    started = time.perf_counter()
    builder = tantivy.SchemaBuilder()
    builder.add_text_field("doc_id", stored=True, tokenizer_name="raw")
    builder.add_text_field("article_id", stored=True, tokenizer_name="raw")
    for name in ("title", "heading", "body"):
        builder.add_text_field(name, stored=True, tokenizer_name="en_stem")
    builder.add_text_field("url", stored=True, tokenizer_name="raw")
    builder.add_text_field("tags", stored=True, tokenizer_name="raw")
    builder.add_integer_field("ordinal", stored=True)
    builder.add_date_field("published", stored=True, fast=True)
    schema = builder.build()
    Path(index_dir).mkdir(parents=True, exist_ok=True)
    ix = tantivy.Index(schema, path=index_dir)
    writer = ix.writer()
    sections = 0
    import datetime as dt

    for article in articles:
        published = dt.datetime.combine(article.published, dt.time()) if article.published else None
        for section in article.sections:
            fields = {
                "doc_id": f"section:{article.id}#{section.ordinal}", "article_id": article.id,
                "title": article.title, "heading": " > ".join(section.path), "body": section.text,
                "url": article.url or "", "tags": list(article.tags), "ordinal": section.ordinal,
            }
            if published:
                fields["published"] = published
            writer.add_document(tantivy.Document(**fields))
            sections += 1
    writer.commit()
    writer.wait_merging_threads()
    return {"articles": len(articles), "sections": sections, "seconds": time.perf_counter() - started}


def fts5_build(articles_file: str, db_file: str) -> dict:
    """SQLite FTS5 (stdlib sqlite3) over the same sections: porter stemming,
    accents folded; the article table keeps each disclaimer."""
    import sqlite3

    articles = _articles(articles_file)
    started = time.perf_counter()
    Path(db_file).unlink(missing_ok=True)
    db = sqlite3.connect(db_file)
    db.execute(
        "CREATE VIRTUAL TABLE sections USING fts5(title, heading, body, article_id UNINDEXED, "
        "url UNINDEXED, path UNINDEXED, published UNINDEXED, tokenize='porter unicode61 remove_diacritics 2')"
    )
    db.execute("CREATE TABLE articles (id TEXT PRIMARY KEY, disclaimer TEXT)")
    sections = 0
    with db:
        for article in articles:
            db.execute("INSERT INTO articles VALUES (?, ?)", (article.id, article.disclaimer))
            rows = [
                (article.title, " > ".join(s.path), s.text, article.id, article.url,
                 " \u203a ".join(s.path), article.published.isoformat() if article.published else None)
                for s in article.sections
            ]
            db.executemany("INSERT INTO sections VALUES (?, ?, ?, ?, ?, ?, ?)", rows)
            sections += len(rows)
    db.execute("INSERT INTO sections(sections) VALUES ('optimize')")
    db.commit()
    db.close()
    return {"articles": len(articles), "sections": sections, "seconds": time.perf_counter() - started}


def warm(index_dir: str, queries_file: str) -> dict:
    """The library's search() with highlighted passages, in one warm process:
    each query timed from call to rendered text."""
    from sclerodex.output.hits import render_text
    from sclerodex.search.searcher import search

    queries = json.loads(Path(queries_file).read_text())
    index = Path(index_dir)
    for query in queries[:3]:  # warm-up: imports, OS cache, stemmer cache
        render_text(search(index, query))
    times, hits = [], 0
    for query in queries:
        t0 = time.perf_counter()
        result = search(index, query)
        render_text(result)
        times.append(time.perf_counter() - t0)
        hits += bool(result.hits)
    return {"queries": len(queries), "hits": hits, "times": times}


def main(argv: list[str]) -> int:
    command, *args = argv
    if command == "naive":
        out = naive(*args)
    elif command == "engine":
        procs = int(args[args.index("--procs") + 1]) if "--procs" in args else 1
        out = engine(args[0], args[1], procs)
    elif command == "tantivy":
        out = tantivy_index(*args)
    elif command == "fts5-build":
        out = fts5_build(*args)
    elif command == "warm":
        out = warm(*args)
    else:
        raise SystemExit(f"unknown command {command!r}")
    print(json.dumps(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
