"""The SQLite FTS5 equivalent of `sclerodex search`, one process per query.

    python bench/fts5_search.py DB_FILE 'words "or a phrase"'

Words are AND-ed, "quoted phrases" kept; BM25 with the same field weights
(title 2, heading 1.5, body 1); top 10 with a highlighted snippet() each,
the total count, then each distinct disclaimer -- text output like ours.
Only the standard library, as a user's own script would be.
"""

import re
import sqlite3
import sys
import textwrap


def fts_query(text: str) -> str:
    parts = []
    for phrase, word in re.findall(r'"([^"]+)"|(\S+)', text):
        terms = (phrase or word).replace('"', " ").split()
        if terms:
            parts.append('"' + " ".join(terms) + '"')
    return " ".join(parts)


def main(db_file: str, text: str, limit: int = 10) -> int:
    db = sqlite3.connect(f"file:{db_file}?mode=ro", uri=True)
    match = fts_query(text)
    rows = db.execute(
        "SELECT title, path, url, published, bm25(sections, 2.0, 1.5, 1.0) AS score, article_id, "
        "snippet(sections, 2, '**', '**', '…', 40) FROM sections WHERE sections MATCH ? ORDER BY score LIMIT ?",
        (match, limit),
    ).fetchall()
    if not rows:
        print(f"no matches for {text!r}", file=sys.stderr)
        return 1
    (total,) = db.execute("SELECT count(*) FROM sections WHERE sections MATCH ?", (match,)).fetchone()
    out = []
    disclaimers = {}
    for number, (title, path, url, published, score, article_id, snippet) in enumerate(rows, 1):
        out.append(f"{number}. {title} › {path or 'Introduction'}")
        out.append(f"   {url} · {published} · score {-score:.2f}")
        out.append("   " + snippet.replace("\n", " "))
        out.append("")
        if article_id not in disclaimers:
            (disclaimers[article_id],) = db.execute("SELECT disclaimer FROM articles WHERE id = ?", (article_id,)).fetchone()
    out.append(f"{len(rows)} of {total} matching sections.")
    out.append("")
    for disclaimer in dict.fromkeys(disclaimers.values()):
        out.extend(textwrap.wrap(disclaimer or "", width=100))
    print("\n".join(out))
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1], " ".join(sys.argv[2:])))
