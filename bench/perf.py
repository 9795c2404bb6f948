#!/usr/bin/env python3
"""Ingest and search figures beside the alternatives (issues 5 and 14).

    python bench/perf.py [--scale small|large|both] [--repeat N] [--queries N] [--out DIR]

On a generated corpus (bench/corpus.py; ~10,000 sections "small", ~100,000
"large") it measures, each figure the median of --repeat runs:

ingest   `sclerodex ingest` (a subprocess: wall, articles/s, sections/s, MB/s
         of HTML, peak RSS of the process tree, CPU/wall); beside it a naive
         pipeline (BeautifulSoup html.parser + default Whoosh writer), the
         Whoosh engine-only ceiling (pre-extracted sections, our schema, 1 and
         2 procs), SQLite FTS5 and tantivy indexing the same sections;
search   a new `sclerodex search` process per query (text, highlighted top
         10), p50/p95 over seeded queries drawn from the corpus; beside it the
         floor (`python -c pass`), an SQLite FTS5 script (also a new process
         per query, snippet() highlighting), `rg -i` over the pages, and warm
         in-process search() with highlighting;
other    index sizes, import time of the search path, whether it imports
         an HTML parser, an HTTP client or a progress-bar library, and where
         a cold search spends its time stage by stage (bench/startup.py:
         interpreter, imports, opening the index, the query, scoring,
         spelling, ranking, hits, rendering, the rest).

It prints tables, the targets of issue 14 (met / missed by how much), and the
figures as one JSON object on the last line.  rg or tantivy missing: the row
says "n/a (not installed)".
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import random
import re
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from bench import corpus as gen  # noqa: E402
from bench import startup  # noqa: E402

BREAKDOWN_QUERIES = 20  # of the search queries, for the stage-by-stage rows

BENCH = ROOT / "bench"
PY = sys.executable
NA = "n/a (not installed)"

# Issue 14's targets (at about 100,000 sections; issue 5 asked for 250 ms
# cold, 30 ms warm, 1.5 CPU/wall and 5x naive, which proved out of reach).
TARGET_CLI_P50_MS = 150
TARGET_CLI_VS_RG = 0.5  # at most half of rg -i -l's p50
TARGET_WARM_P50_MS = 20
TARGET_WARM_P95_MS = 50
TARGET_INGEST_VS_NAIVE = 2.0
TARGET_INGEST_VS_ENGINE_2 = 0.75  # of Whoosh's own 2-process engine-only ceiling
TARGET_PEAK_RSS_MB = 400
TARGET_CPU_PER_WALL = 1.7  # "using both cores"
FORBIDDEN_ON_SEARCH_PATH = {
    "HTML parser": ("bs4", "lxml", "html5lib", "html.parser", "soupsieve"),
    "HTTP client": ("requests", "httpx", "urllib3", "http.client", "aiohttp", "feedparser", "urllib.request"),
    "progress bar": ("rich", "tqdm", "alive_progress", "enlighten", "progressbar", "click._termui_impl"),
}


# --- running and measuring a process ------------------------------------------


@dataclass
class Measured:
    wall: float
    returncode: int
    stdout: str
    stderr: str
    max_rss_mb: float = 0.0  # largest single process (wait4)
    tree_rss_mb: float = 0.0  # peak of the process tree's summed RSS (sampled)
    cpu: float = 0.0  # user + system seconds, children included


def _children(pid: int) -> list[int]:
    out = []
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/children") as handle:
                out.extend(int(c) for c in handle.read().split())
    except (OSError, ValueError):
        pass
    return out


def _tree_rss(pid: int) -> int:
    total, stack, page = 0, [pid], os.sysconf("SC_PAGE_SIZE")
    while stack:
        p = stack.pop()
        try:
            with open(f"/proc/{p}/statm") as handle:
                total += int(handle.read().split()[1]) * page
        except (OSError, ValueError, IndexError):
            continue
        stack.extend(_children(p))
    return total


def run(cmd: list[str], sample_rss: bool = False, env: dict | None = None, cwd: Path | None = None) -> Measured:
    """Run ``cmd`` to the end; wall time, exit code, output and resources."""
    with tempfile.TemporaryFile() as out, tempfile.TemporaryFile() as err:
        peak = [0]
        done = threading.Event()
        started = time.perf_counter()
        proc = subprocess.Popen(cmd, stdout=out, stderr=err, stdin=subprocess.DEVNULL, env=env, cwd=cwd)
        if sample_rss:
            def sample() -> None:
                while not done.wait(0.1):
                    peak[0] = max(peak[0], _tree_rss(proc.pid))
            sampler = threading.Thread(target=sample, daemon=True)
            sampler.start()
        _, status, usage = os.wait4(proc.pid, 0)
        wall = time.perf_counter() - started
        proc.returncode = os.waitstatus_to_exitcode(status)
        done.set()
        out.seek(0)
        err.seek(0)
        return Measured(
            wall=wall,
            returncode=proc.returncode,
            stdout=out.read().decode("utf-8", "replace"),
            stderr=err.read().decode("utf-8", "replace"),
            max_rss_mb=usage.ru_maxrss / 1024,
            tree_rss_mb=max(peak[0] / 2**20, usage.ru_maxrss / 1024),
            cpu=usage.ru_utime + usage.ru_stime,
        )


def checked(m: Measured, what: str, ok=(0,)) -> Measured:
    if m.returncode not in ok:
        raise SystemExit(f"{what} failed (exit {m.returncode}):\n{m.stderr[-2000:]}")
    return m


def last_json(text: str) -> dict:
    return json.loads(text.strip().splitlines()[-1])


def sclerodex_cmd() -> list[str]:
    script = Path(PY).parent / "sclerodex"
    return [str(script)] if script.exists() else [PY, "-m", "sclerodex"]


def have_tantivy() -> bool:
    return run([PY, "-c", "import tantivy"]).returncode == 0


def folder_bytes(path: Path) -> int:
    if path.is_file():
        return path.stat().st_size
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file())


def fresh(path: Path) -> Path:
    if path.is_dir():
        shutil.rmtree(path)
    elif path.exists():
        path.unlink()
    return path


def median(values):
    values = [v for v in values if v is not None]
    return statistics.median(values) if values else None


def p95(values):
    return statistics.quantiles(values, n=100, method="inclusive")[94] if len(values) > 1 else values[0]


# --- queries ------------------------------------------------------------------


def make_queries(articles, count: int, seed: int) -> list[str]:
    """Seeded queries drawn from the sections: 1-3 words of one section (AND),
    or a quoted 2-3 word phrase from one sentence.  No stop words, so every
    query has a hit in every engine."""
    from whoosh.analysis import STOP_WORDS

    rng = random.Random(seed)
    sections = [s.text for a in articles for s in a.sections]
    word = re.compile(r"\b[A-Za-z]{4,14}\b")
    queries: list[str] = []
    seen = set()
    while len(queries) < count:
        text = rng.choice(sections)
        kind = rng.random()
        if kind < 0.2:  # phrase
            tokens = text.split()
            n = rng.choice((2, 3))
            if len(tokens) <= n:
                continue
            i = rng.randrange(len(tokens) - n)
            run_ = tokens[i:i + n]
            if not all(re.fullmatch(r"[A-Za-z]{3,14}", t) and t.lower() not in STOP_WORDS for t in run_):
                continue
            query = '"' + " ".join(t.lower() for t in run_) + '"'
        else:
            words = [w.lower() for w in word.findall(text) if w.lower() not in STOP_WORDS and not w.isupper()]
            n = 1 if kind < 0.55 else 2 if kind < 0.85 else 3
            if len(set(words)) < n:
                continue
            query = " ".join(rng.sample(sorted(set(words)), n))
        if query not in seen:
            seen.add(query)
            queries.append(query)
    return queries


def rg_cmd(query: str, pages: Path) -> list[str]:
    """rg -i -l over the pages (the files that match): a phrase as one fixed string; words as patterns
    (any of them: rg has no AND across a file, the scan costs the same)."""
    phrase = re.fullmatch(r'"(.+)"', query)
    patterns = [phrase.group(1)] if phrase else query.split()
    return ["rg", "-i", "-l", "-F", *(x for p in patterns for x in ("-e", p)), str(pages)]


# --- import costs -------------------------------------------------------------


def _importtime(code: str) -> list[tuple[int, int, int, str]]:
    """(self us, cumulative us, depth, module) of every import made by ``code``."""
    m = run([PY, "-X", "importtime", "-c", code])
    rows = []
    for line in m.stderr.splitlines():
        match = re.match(r"import time:\s+(\d+) \|\s+(\d+) \| (\s*)(\S+)", line)
        if match:
            rows.append((int(match.group(1)), int(match.group(2)), len(match.group(3)) // 2, match.group(4)))
    return rows


def measure_imports(index_dir: Path, query: str, repeat: int) -> dict:
    startup = {name for *_, name in _importtime("pass")}
    search_code = (
        "import sys, io\n"
        f"sys.argv = ['sclerodex', '--index', {str(index_dir)!r}, 'search', '--no-color', {query!r}]\n"
        "sys.stdout = io.StringIO()\n"
        "from sclerodex.cli import main\n"
        "try:\n    main()\nexcept SystemExit:\n    pass\n"
    )
    cli_ms, search_ms, by_package = [], [], {}
    modules: set[str] = set()
    for _ in range(repeat):
        rows = _importtime("import sclerodex.cli")
        cli_ms.append(sum(cum for _, cum, depth, name in rows if depth == 0 and name not in startup) / 1000)
        rows = _importtime(search_code)
        new = [r for r in rows if r[3] not in startup]
        search_ms.append(sum(cum for _, cum, depth, _ in new if depth == 0) / 1000)
        modules |= {name for *_, name in new}
        for self_us, _, _, name in new:
            by_package.setdefault(name.split(".")[0], []).append(self_us / 1000 / repeat)
    floor, timed = [], []
    for _ in range(max(7, repeat)):  # interleaved, so background load hits both alike
        floor.append(run([PY, "-c", "pass"]).wall)
        timed.append(run([PY, "-c", "import sclerodex.cli"]).wall)
    floor, timed = median(floor), median(timed)
    found = {
        kind: sorted(m for m in modules if any(m == f or m.startswith(f + ".") for f in names))
        for kind, names in FORBIDDEN_ON_SEARCH_PATH.items()
    }
    chains = {m: _chain(rows, m) for v in found.values() for m in v}
    heavy = sorted(((round(sum(v), 1), k) for k, v in by_package.items()), reverse=True)[:8]
    return {
        "import_sclerodex_cli_ms": round(median(cli_ms), 1),
        "search_path_imports_ms": round(median(search_ms), 1),
        "import_sclerodex_cli_timed_ms": round((timed - floor) * 1000, 1),
        "search_path_modules": len(modules),
        "heaviest_packages_ms": {k: v for v, k in heavy},
        "forbidden_on_search_path": {k: v for k, v in found.items() if v},
        "imported_via": {m: c for m, c in chains.items() if c},
    }


def _chain(rows: list[tuple[int, int, int, str]], module: str) -> str:
    """'module <- importer <- ... <- top-level import' from -X importtime rows
    (a module's importer is the next row one level up)."""
    for i, (_, _, depth, name) in enumerate(rows):
        if name == module:
            chain = [name]
            for _, _, d, parent in rows[i + 1:]:
                if d < depth:
                    chain.append(parent)
                    depth = d
                    if d == 0:
                        break
            return " <- ".join(chain)
    return ""


# --- one scale ----------------------------------------------------------------


def ingest_rates(m: Measured, articles: int, sections: int, html_bytes: int, seconds: float | None = None) -> dict:
    wall = seconds if seconds is not None else m.wall
    return {
        "wall_s": wall,
        "articles_per_s": articles / wall,
        "sections_per_s": sections / wall,
        "mb_per_s": html_bytes / 2**20 / wall if html_bytes else None,
        "peak_rss_mb": m.tree_rss_mb,
        "max_process_rss_mb": m.max_rss_mb,
        "cpu_per_wall": m.cpu / m.wall,
        "cpu_s": m.cpu,
    }


def summarise(runs: list[dict]) -> dict:
    if not runs:
        return {}
    return {key: median(r[key] for r in runs) for key in runs[0]} | {
        "runs": len(runs), "wall_s_each": [round(r["wall_s"], 2) for r in runs],
    }


def bench_scale(name: str, args, log) -> dict:
    target = gen.SCALES.get(name) or args.sections
    root = args.out / name
    load_start = os.getloadavg()[0]
    log(f"[{name}] corpus: generating (or reusing) ~{target:,} sections under {root} ...")
    corpus = gen.write_corpus(root, target, args.seed)
    man = corpus.manifest
    articles, sections, html_bytes = man["articles"], man["sections"], man["html_bytes"]
    articles_file = str(corpus.articles_file)
    work = root / "work"
    work.mkdir(exist_ok=True)
    large = name == "large"
    ingest_repeat = min(args.repeat, args.large_ingest_repeat) if large else args.repeat
    tantivy_ok = have_tantivy()
    rg_ok = shutil.which("rg") is not None
    notes = []
    if ingest_repeat < args.repeat:
        notes.append(f"ingest rows run {ingest_repeat}x at this scale (not {args.repeat}) to keep the runtime reasonable")

    rows: dict[str, list[dict]] = {k: [] for k in ("sclerodex", "naive", "engine_1", "engine_2", "fts5", "tantivy")}
    extra: dict[str, list] = {"naive_parse_s": [], "engine_commit_s": []}
    cli = sclerodex_cmd()
    for rep in range(ingest_repeat):
        log(f"[{name}] ingest run {rep + 1}/{ingest_repeat}: sclerodex ingest ...")
        index_dir = fresh(work / "index")
        m = checked(run([*cli, "--index", str(index_dir), "ingest", "--quiet", str(corpus.pages)], sample_rss=True), "sclerodex ingest")
        rows["sclerodex"].append(ingest_rates(m, articles, sections, html_bytes))
        summary_line = next((line for line in m.stderr.splitlines() if line.endswith(" skipped")), "")  # titles follow it
        log(f"[{name}]   {m.wall:.1f} s  ({summary_line})")

        log(f"[{name}] ingest run {rep + 1}/{ingest_repeat}: naive pipeline ...")
        m = checked(run([PY, str(BENCH / "baselines.py"), "naive", str(corpus.pages), str(fresh(work / "naive"))], sample_rss=True), "naive")
        out = last_json(m.stdout)
        rows["naive"].append(ingest_rates(m, out["articles"], out["sections"], html_bytes))
        extra["naive_parse_s"].append(out["parse_seconds"])
        log(f"[{name}]   {m.wall:.1f} s")

        for procs in (1, 2):
            log(f"[{name}] ingest run {rep + 1}/{ingest_repeat}: Whoosh engine-only, procs={procs} ...")
            m = checked(run([PY, str(BENCH / "baselines.py"), "engine", articles_file, str(fresh(work / f"engine{procs}")), "--procs", str(procs)], sample_rss=True), "engine")
            out = last_json(m.stdout)
            rows[f"engine_{procs}"].append(ingest_rates(m, out["articles"], out["sections"], 0, out["seconds"]))
            if procs == 1:
                extra["engine_commit_s"].append(out["commit_seconds"])
            log(f"[{name}]   {out['seconds']:.1f} s")

        m = checked(run([PY, str(BENCH / "baselines.py"), "fts5-build", articles_file, str(fresh(work / "fts5.db"))], sample_rss=True), "fts5-build")
        out = last_json(m.stdout)
        rows["fts5"].append(ingest_rates(m, out["articles"], out["sections"], 0, out["seconds"]))
        if tantivy_ok:
            m = checked(run([PY, str(BENCH / "baselines.py"), "tantivy", articles_file, str(fresh(work / "tantivy"))], sample_rss=True), "tantivy")
            out = last_json(m.stdout)
            rows["tantivy"].append(ingest_rates(m, out["articles"], out["sections"], 0, out["seconds"]))
    ingest = {k: summarise(v) for k, v in rows.items()}
    if not tantivy_ok:
        ingest["tantivy"] = None
    ingest["naive"]["parse_s"] = median(extra["naive_parse_s"])
    ingest["engine_1"]["commit_s"] = median(extra["engine_commit_s"])
    busy = [r for k in ("naive", "engine_1") for r in rows[k] if r["cpu_per_wall"] < 0.85]
    if busy:
        notes.append(
            f"{len(busy)} single-process ingest run(s) got under 0.85 CPU s per wall s: other work was running "
            "on the machine, wall-clock figures are inflated (CPU s is less affected)"
        )
    (root / "results.partial.json").write_text(json.dumps(_rounded({"ingest": ingest}), indent=1) + "\n")

    sizes = {
        "sclerodex_mb": folder_bytes(work / "index") / 2**20,
        "naive_mb": folder_bytes(work / "naive") / 2**20,
        "fts5_mb": folder_bytes(work / "fts5.db") / 2**20,
        "tantivy_mb": folder_bytes(work / "tantivy") / 2**20 if tantivy_ok else None,
        "html_mb": html_bytes / 2**20,
    }

    queries = make_queries(corpus.articles(), args.queries, args.seed + 1)
    (root / "queries.json").write_text(json.dumps(queries, indent=0) + "\n")
    index_dir = work / "index"
    db = work / "fts5.db"
    series: dict[str, list[list[float]]] = {k: [] for k in ("floor", "sclerodex", "fts5", "rg")}
    hits = {k: 0 for k in series}
    for rep in range(args.repeat):
        log(f"[{name}] search run {rep + 1}/{args.repeat}: {len(queries)} queries x (floor, sclerodex, fts5, rg) ...")
        times = {k: [] for k in series}
        for query in queries:
            m = run([PY, "-c", "pass"])
            times["floor"].append(m.wall)
            m = checked(run([*cli, "--index", str(index_dir), "search", "--no-color", query]), f"search {query!r}", ok=(0, 1))
            times["sclerodex"].append(m.wall)
            hits["sclerodex"] += m.returncode == 0
            m = checked(run([PY, str(BENCH / "fts5_search.py"), str(db), query]), f"fts5 {query!r}", ok=(0, 1))
            times["fts5"].append(m.wall)
            hits["fts5"] += m.returncode == 0
            if rg_ok:
                m = checked(run(rg_cmd(query, corpus.pages)), f"rg {query!r}", ok=(0, 1))
                times["rg"].append(m.wall)
                hits["rg"] += m.returncode == 0
        for k, v in times.items():
            if v:
                series[k].append(v)
    search = {}
    for k, reps in series.items():
        if not reps:
            search[k] = None
            continue
        search[k] = {
            "p50_ms": median(statistics.median(r) for r in reps) * 1000,
            "p95_ms": median(p95(r) for r in reps) * 1000,
            "queries": len(queries),
            "runs": len(reps),
            "with_hits": hits[k] // len(reps),
        }
    log(f"[{name}] warm in-process search ...")
    warm_runs = []
    qfile = root / "queries.json"
    for _ in range(args.repeat):
        out = last_json(checked(run([PY, str(BENCH / "baselines.py"), "warm", str(index_dir), str(qfile)]), "warm").stdout)
        warm_runs.append(out)
    search["warm"] = {
        "p50_ms": median(statistics.median(o["times"]) for o in warm_runs) * 1000,
        "p95_ms": median(p95(o["times"]) for o in warm_runs) * 1000,
        "queries": len(queries),
        "runs": len(warm_runs),
        "with_hits": warm_runs[0]["hits"],
    }
    log(f"[{name}] import costs ...")
    imports = measure_imports(index_dir, queries[0], max(3, args.repeat))
    log(f"[{name}] cold search, stage by stage ({BREAKDOWN_QUERIES} queries x {args.repeat}) ...")
    stages = startup.breakdown(index_dir, queries[:BREAKDOWN_QUERIES], args.repeat)
    return {
        "corpus": {
            "articles": articles, "sections": sections, "html_mb": html_bytes / 2**20,
            "avg_page_kb": html_bytes / articles / 1024, "seed": args.seed, "sha256": man["sha256"],
        },
        "ingest": ingest,
        "index_size": sizes,
        "search": search,
        "imports": imports,
        "cold_search_stages_ms": stages,
        "notes": notes,
        "loadavg": [load_start, os.getloadavg()[0]],
    }


# --- report -------------------------------------------------------------------


def _f(value, fmt="{:,.1f}") -> str:
    return NA if value is None else fmt.format(value)


def print_scale(name: str, r: dict) -> None:
    c = r["corpus"]
    print()
    print(f"== {name}: {c['articles']:,} articles, {c['sections']:,} sections, {c['html_mb']:.1f} MB of HTML "
          f"(avg page {c['avg_page_kb']:.1f} KB), seed {c['seed']}; {r.get('seconds', 0)} s ==")
    for note in r["notes"]:
        print(f"note: {note}")
    print(f"note: load average {r['loadavg'][0]:.2f} -> {r['loadavg'][1]:.2f} over this scale (2 cores; above ~1 means other work shared them)")
    ing = r["ingest"]
    print()
    print(f"{'ingest (median of ' + str(ing['sclerodex']['runs']) + ')':<52}{'wall s':>8}{'art/s':>9}{'sect/s':>9}{'MB/s':>7}{'peak RSS MB':>13}{'CPU/wall':>10}{'CPU s':>8}")
    labels = [
        ("sclerodex", "sclerodex ingest (CLI, HTML pages)"),
        ("naive", "naive: bs4 html.parser + default Whoosh writer"),
        ("engine_1", "Whoosh engine-only, pre-extracted, procs=1"),
        ("engine_2", "Whoosh engine-only, pre-extracted, procs=2"),
        ("fts5", "SQLite FTS5 build, pre-extracted"),
        ("tantivy", "tantivy, pre-extracted"),
    ]
    for key, label in labels:
        row = ing.get(key)
        if not row:
            print(f"{label:<52}{NA:>8}")
            continue
        print(f"{label:<52}{row['wall_s']:>8.1f}{row['articles_per_s']:>9,.0f}{row['sections_per_s']:>9,.0f}"
              f"{_f(row['mb_per_s'], '{:.2f}') if row['mb_per_s'] else '-':>7}{row['peak_rss_mb']:>13.0f}{row['cpu_per_wall']:>10.2f}{row['cpu_s']:>8.1f}")
    print(f"  (naive: {ing['naive']['parse_s']:.1f} s of it in BeautifulSoup + extraction; "
          f"engine procs=1: commit {ing['engine_1']['commit_s']:.1f} s; engine/FTS5/tantivy wall = the indexing only, input loaded before; their CPU s includes loading)")
    s = r["index_size"]
    print(f"  index size: sclerodex {s['sclerodex_mb']:.1f} MB, naive {s['naive_mb']:.1f} MB, FTS5 {s['fts5_mb']:.1f} MB, "
          f"tantivy {_f(s['tantivy_mb'], '{:.1f} MB')} (HTML {s['html_mb']:.1f} MB)")
    print()
    se = r["search"]
    print(f"{'search (' + str(se['sclerodex']['queries']) + ' queries, median of ' + str(se['sclerodex']['runs']) + ' runs)':<52}{'p50 ms':>8}{'p95 ms':>9}{'with hits':>11}")
    for key, label in [
        ("floor", "floor: python -c pass (new process)"),
        ("sclerodex", "sclerodex search (new process, text, top 10)"),
        ("fts5", "SQLite FTS5 script (new process, snippet())"),
        ("rg", "rg -i -l over the HTML pages"),
        ("warm", "warm in-process search() + render"),
    ]:
        row = se.get(key)
        if not row:
            print(f"{label:<52}{NA:>8}")
            continue
        found = "-" if key == "floor" else f"{row['with_hits']}/{row['queries']}"
        print(f"{label:<52}{row['p50_ms']:>8.1f}{row['p95_ms']:>9.1f}{found:>11}")
    stages = r["cold_search_stages_ms"]
    print()
    print(f"cold sclerodex search, stage by stage (bench/startup.py; median ms of {BREAKDOWN_QUERIES} queries)")
    print("  " + "  ".join(f"{name} {stages[name]:.1f}" for name in (*startup.STAGES, "wall")))
    im = r["imports"]
    print()
    print(f"imports: sclerodex.cli {im['import_sclerodex_cli_ms']:.0f} ms (timed subprocess: {im['import_sclerodex_cli_timed_ms']:.0f} ms); "
          f"whole search path {im['search_path_imports_ms']:.0f} ms over {im['search_path_modules']} modules")
    print("  heaviest packages on the search path (self ms): "
          + ", ".join(f"{k} {v:.0f}" for k, v in im["heaviest_packages_ms"].items()))
    forbidden = im["forbidden_on_search_path"]
    print("  HTML parser / HTTP client / progress bar on the search path: "
          + ("; ".join(f"{k}: {', '.join(v)}" for k, v in forbidden.items()) if forbidden else "none"))
    shown = set()
    for module, chain in im.get("imported_via", {}).items():
        if not any(module in c for c in shown):  # one line per chain
            print(f"    {chain}")
            shown.add(chain)


def _missed(value: float, target: float, unit: str, lower_is_better: bool = True) -> str:
    if (value <= target) if lower_is_better else (value >= target):
        return "met"
    if lower_is_better:
        return f"missed by {value - target:,.0f} {unit} ({value / target:.1f}x the target)"
    return f"missed: {value / target:.0%} of the target"


def targets(r: dict, scale: str) -> list[tuple[str, str, str, str]]:
    se, ing, im = r["search"], r["ingest"], r["imports"]
    out = []
    ours = ing["sclerodex"]["sections_per_s"]
    ratio = ours / ing["naive"]["sections_per_s"]
    needed = TARGET_INGEST_VS_NAIVE * ing["naive"]["sections_per_s"]
    out.append(("ingest sections/s vs naive", f"{ratio:.2f}x ({ours:,.0f}/s)",
                f">= {TARGET_INGEST_VS_NAIVE:.0f}x (= {needed:,.0f}/s)",
                "met" if ratio >= TARGET_INGEST_VS_NAIVE else f"missed: needs {needed / ours:.2f}x faster"))
    ceiling = ing["engine_2"]["sections_per_s"]
    share = ours / ceiling
    out.append(("ingest vs Whoosh engine-only, 2 procs", f"{share:.0%} ({ceiling:,.0f}/s)",
                f">= {TARGET_INGEST_VS_ENGINE_2:.0%}",
                "met" if share >= TARGET_INGEST_VS_ENGINE_2 else f"missed: needs {TARGET_INGEST_VS_ENGINE_2 / share:.2f}x faster"))
    cpu = ing["sclerodex"]["cpu_per_wall"]
    out.append(("ingest uses both cores (CPU/wall)", f"{cpu:.2f}", f">= {TARGET_CPU_PER_WALL}",
                "met" if cpu >= TARGET_CPU_PER_WALL else f"missed by {TARGET_CPU_PER_WALL - cpu:.2f}"))
    rss = ing["sclerodex"]["peak_rss_mb"]
    out.append(("ingest peak RSS (process tree)", f"{rss:.0f} MB", f"<= {TARGET_PEAK_RSS_MB} MB", _missed(rss, TARGET_PEAK_RSS_MB, "MB")))
    cli = se["sclerodex"]["p50_ms"]
    out.append(("sclerodex search p50 (new process)", f"{cli:.0f} ms", f"<= {TARGET_CLI_P50_MS} ms", _missed(cli, TARGET_CLI_P50_MS, "ms")))
    if se.get("rg"):
        half = se["rg"]["p50_ms"] * TARGET_CLI_VS_RG
        out.append(("... and at most half of rg -i -l", f"{cli:.0f} vs {se['rg']['p50_ms']:.0f} ms", f"<= {half:.0f} ms",
                    _missed(cli, half, "ms")))
    else:
        out.append(("... and at most half of rg -i -l", NA, "<= rg p50 / 2", NA))
    warm, warm95 = se["warm"]["p50_ms"], se["warm"]["p95_ms"]
    out.append(("warm in-process search() + render p50", f"{warm:.1f} ms", f"<= {TARGET_WARM_P50_MS} ms", _missed(warm, TARGET_WARM_P50_MS, "ms")))
    out.append(("warm in-process search() + render p95", f"{warm95:.1f} ms", f"<= {TARGET_WARM_P95_MS} ms", _missed(warm95, TARGET_WARM_P95_MS, "ms")))
    forbidden = im["forbidden_on_search_path"]
    modules = sorted({m for v in forbidden.values() for m in v})
    via = sorted({  # the first importer in each chain that is not itself a flagged module
        next((link for link in c.split(" <- ")[1:] if link not in modules), "?")
        for c in im.get("imported_via", {}).values()
    })
    out.append(("search path: no HTML parser/HTTP/progress bar", f"{len(modules)} modules" if modules else "none",
                "none", "met" if not modules else f"missed: {', '.join(modules[:4])}" + (f" (via {', '.join(via)})" if via else "")))
    return out


def print_targets(rows, scale: str) -> None:
    print()
    extra = "" if scale == "large" else " -- measured at the small scale; the targets are set for ~100,000 sections"
    print(f"targets of issue 14 ({scale}{extra})")
    for what, figure, target, status in rows:
        print(f"  {what:<46}{figure:>24}  target {target:<22}{status}")


def _rounded(value):
    if isinstance(value, float):
        return round(value, 3)
    if isinstance(value, dict):
        return {k: _rounded(v) for k, v in value.items()}
    if isinstance(value, (list, tuple)):
        return [_rounded(v) for v in value]
    return value


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--scale", choices=("small", "large", "both"), default="small")
    parser.add_argument("--repeat", type=int, default=3, help="runs per figure, the median is reported (default 3)")
    parser.add_argument("--large-ingest-repeat", type=int, default=1,
                        help="runs of the ingest rows at the large scale (default 1: they take minutes each)")
    parser.add_argument("--queries", type=int, default=100, help="search queries (default 100)")
    parser.add_argument("--sections", type=int, help="a corpus of about N sections instead of --scale (quick checks)")
    parser.add_argument("--seed", type=int, default=gen.DEFAULT_SEED)
    parser.add_argument("--out", type=Path, default=gen.DEFAULT_OUT, help="corpus and work folder (default bench/out)")
    args = parser.parse_args(argv)
    args.out = args.out.resolve()
    started = time.perf_counter()

    def log(message: str) -> None:
        print(f"{time.perf_counter() - started:7.0f}s {message}", file=sys.stderr, flush=True)

    versions = {"python": platform.python_version()}
    probe = run([PY, "-c", "import json, importlib.metadata as m, sqlite3\nout = {'sqlite': sqlite3.sqlite_version}\n"
                 "for p in ('sclerodex', 'whoosh-reloaded', 'beautifulsoup4', 'lxml', 'click', 'tantivy'):\n"
                 "    try: out[p] = m.version(p)\n    except m.PackageNotFoundError: out[p] = None\nprint(json.dumps(out))"])
    versions |= last_json(probe.stdout)
    if not have_tantivy():
        versions["tantivy"] = None
    rg = run(["rg", "--version"]) if shutil.which("rg") else None
    versions["ripgrep"] = rg.stdout.split()[1] if rg else None
    machine = {"cpus": os.cpu_count(), "loadavg_start": os.getloadavg(), **versions}
    scales = ["small", "large"] if args.scale == "both" else [args.scale]
    if args.sections:
        scales = [f"s{args.sections}"]
    results = {}
    for name in scales:
        t0 = time.perf_counter()
        results[name] = bench_scale(name, args, log)
        results[name]["seconds"] = round(time.perf_counter() - t0)
        (args.out / name / "results.json").write_text(json.dumps(_rounded(results[name]), indent=1, default=str) + "\n")
    machine["loadavg_end"] = os.getloadavg()
    machine["seconds"] = round(time.perf_counter() - started)

    print(f"sclerodex {versions.get('sclerodex')} perf -- python {versions['python']}, whoosh {versions['whoosh-reloaded']}, "
          f"bs4 {versions['beautifulsoup4']}, lxml {versions['lxml']}, SQLite {versions['sqlite']}, "
          f"tantivy {versions['tantivy'] or NA}, ripgrep {versions['ripgrep'] or NA}; {machine['cpus']} CPUs, "
          f"load {machine['loadavg_start'][0]:.2f} -> {machine['loadavg_end'][0]:.2f}; {machine['seconds']} s")
    for name in scales:
        print_scale(name, results[name])
    judged = "large" if "large" in results else scales[0]
    rows = targets(results[judged], judged)
    print_targets(rows, judged)
    print(json.dumps(_rounded({
        "command": "python bench/perf.py " + " ".join(argv if argv is not None else sys.argv[1:]),
        "machine": machine,
        "scales": results,
        "targets": {"scale": judged, "rows": [dict(zip(("what", "figure", "target", "status"), r)) for r in rows]},
    }), default=str))
    return 0


if __name__ == "__main__":
    sys.exit(main())
