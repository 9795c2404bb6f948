"""The fuzzer itself: each input under a watchdog, failures collected and
reported, the three phases (pages, corpus, queries) and the command line."""

from __future__ import annotations

import argparse
import faulthandler
import json
import os
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from fuzzing.checks import (  # noqa: E402
    MAX_MESSAGE_CHARS,
    article_problems,
    check_terminal_text,
    leaked_internals,
    read_like_ingest,
    result_problems,
)
from fuzzing.generators import make_page, make_query  # noqa: E402
from fuzzing.inputs import WORDS  # noqa: E402

from sclerodex.errors import SclerodexError  # noqa: E402
from sclerodex.index.catalog import list_articles, show_article  # noqa: E402
from sclerodex.ingest.kinds import looks_like_feed  # noqa: E402
from sclerodex.ingest.records import Article  # noqa: E402
from sclerodex.ingest.sources import parse_document, sample_paths, with_sample_url  # noqa: E402
from sclerodex.output.articles import list_text  # noqa: E402
from sclerodex.search.searcher import search  # noqa: E402
from sclerodex.sync.driver import ingest_paths  # noqa: E402
from sclerodex.sync.options import IngestOptions  # noqa: E402

# --- running ----------------------------------------------------------------


class InputTimeout(BaseException):
    """Raised by the watchdog: one input took longer than --timeout."""


def _on_alarm(signum, frame):
    raise InputTimeout()


@dataclass
class Failure:
    kind: str  # traceback, hang, invariant, output
    input: str  # "page:12"
    made: str  # how the input was made
    summary: str
    where: str = ""
    detail: str = ""

    def signature(self) -> tuple[str, str, str]:
        """Failures with the same signature are one finding."""
        stable = self.summary.split(" (")[0].split("; ")[0]
        return self.kind, self.where, re.sub(r"(?<!U\+)\b\d+\b|'[^']*'", "#", stable)[:80]


SLOW_SECONDS = 5.0


@dataclass
class Tally:
    tried: int = 0
    accepted: int = 0
    rejected: int = 0
    too_deep: int = 0
    reasons: Counter = field(default_factory=Counter)
    slowest: list[tuple[float, str, str]] = field(default_factory=list)  # the 5 slowest
    seconds: float = 0.0
    slow: int = 0  # inputs over SLOW_SECONDS

    def time(self, elapsed: float, name: str, made: str) -> None:
        self.seconds += elapsed
        self.slow += elapsed > SLOW_SECONDS
        self.slowest = sorted([*self.slowest, (elapsed, name, made)], reverse=True)[:5]

    def top(self) -> tuple[float, str, str]:
        return self.slowest[0] if self.slowest else (0.0, "", "")


def where_raised(tb) -> str:
    """The innermost frame in sclerodex (else the innermost of all)."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/sclerodex/" in f.filename and "/bench/" not in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return ""
    path = frame.filename.split("/sclerodex/", 1)[-1] if ours else os.path.basename(frame.filename)
    return f"{'sclerodex/' if ours else ''}{path}:{frame.lineno}"


def guarded(call, timeout: float):
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.failures: list[Failure] = []
        self.pages = Tally()
        self.queries = Tally()
        self.corpus: dict = {}
        self.vocab = WORDS
        self.searches = 0
        self.workdir = Path(tempfile.mkdtemp(prefix="sclerodex-fuzz-"))

    def fail(self, kind: str, name: str, made: str, summary: str, where: str = "", detail: str = "") -> None:
        self.failures.append(Failure(kind, name, made, summary, where, detail))
        if self.args.verbose:
            print(f"  {kind} {name}: {summary} at {where}\n{detail}", file=sys.stderr)

    def exception(self, name: str, made: str, problem: BaseException) -> None:
        if isinstance(problem, InputTimeout):
            self.fail("hang", name, made, f"no answer within {self.args.timeout:g} s", where_raised(problem.__traceback__))
        else:
            detail = "".join(traceback.format_exception(problem))
            self.fail("traceback", name, made, f"{type(problem).__name__}: {str(problem)[:300]}",
                      where_raised(problem.__traceback__), detail)

    # pages ------------------------------------------------------------------

    def one_page(self, number: int, kind: str = "page") -> list[Article] | None:
        name = f"{kind}:{number}"
        data, made = make_page(self.args.seed, number, kind)
        if self.args.dump and self.args.only == name:
            Path(self.args.dump).write_bytes(data)
        tally = self.pages
        tally.tried += 1
        started = time.perf_counter()
        try:
            articles = guarded(lambda: read_like_ingest(data, f"/fuzz/{name}.html"), self.args.timeout)
        except SclerodexError as problem:
            tally.rejected += 1
            tally.reasons[re.sub(r"\d[\d,.]*", "N", str(problem))[:70]] += 1
            if problems := check_terminal_text(f"skipped x: {problem}", "skip message"):
                self.fail("output", name, made, "; ".join(problems))
            return None
        except RecursionError:
            tally.too_deep += 1  # the ingest path skips it: "document nested too deeply to read"
            return None
        except BaseException as problem:  # noqa: BLE001 - every other escape is a finding
            if isinstance(problem, KeyboardInterrupt):
                raise
            self.exception(name, made, problem)
            return None
        finally:
            tally.time(time.perf_counter() - started, name, made)
        tally.accepted += 1
        for article in articles:
            if problems := article_problems(article):
                self.fail("invariant", name, made, "; ".join(problems[:4]))
        return articles

    def run_pages(self, deadline: float) -> None:
        for number in range(self.args.pages):
            if time.monotonic() > deadline:
                self.pages_cut = number
                break
            self.one_page(number)
            self.progress("pages", number + 1, self.args.pages)

    # corpus -----------------------------------------------------------------

    def build_indexes(self) -> None:
        """The samples index, and the samples plus the hostile corpus."""
        self.samples_index = self.workdir / "samples-index"
        ingest_paths(self.samples_index, sample_paths())
        folder = self.workdir / "corpus"
        folder.mkdir()
        expected: dict[str, int] = {}  # article id -> sections, in ingest (file name) order
        made_by: dict[str, str] = {}  # article id -> the corpus input that made it
        files = left_out = 0
        for number in range(self.args.corpus):
            data, made = make_page(self.args.seed, number, "corpus")
            path = folder / f"c{number:05d}.html"
            if looks_like_feed(data):
                continue
            try:
                article = parse_document(data, str(path))
                expected[article.id] = len(article.sections)
                made_by[article.id] = f"corpus:{number}"
            except (SclerodexError, RecursionError):
                pass
            except Exception as problem:  # noqa: BLE001
                # A traceback here would abort the whole ingest below (and so
                # leave the query phase without hostile articles): report it
                # and leave the page out.
                self.exception(f"corpus:{number}", made, problem)
                left_out += 1
                continue
            path.write_bytes(data)
            files += 1
        self.corpus_index = self.workdir / "corpus-index"
        ingest_paths(self.corpus_index, sample_paths())
        samples = (with_sample_url(parse_document(Path(p).read_bytes(), p)) for p in sample_paths())  # ids as ingested
        expected.update({a.id: len(a.sections) for a in samples})
        figures = {"files": files, "left_out": left_out, "expected": len(expected)}
        try:
            first = ingest_paths(self.corpus_index, [folder], IngestOptions(batch_size=50))
            figures.update(new=first.new, updated=first.updated, skipped=len(first.skipped))
            second = ingest_paths(self.corpus_index, [folder])
            figures["reingest"] = second.line()
            if second.new or second.updated or second.removed:
                self.fail("invariant", "corpus", "second ingest", f"a second ingest of unchanged files: {second.line()}")
        except BaseException as problem:  # noqa: BLE001
            if isinstance(problem, KeyboardInterrupt):
                raise
            self.exception("corpus", "ingest_paths of the corpus folder", problem)
            self.corpus = figures
            return
        rows = {row.id: row for row in list_articles(self.corpus_index)}
        found = complete = 0
        for article_id, sections in expected.items():
            row = rows.get(article_id)
            article = show_article(self.corpus_index, article_id) if row else None
            name = made_by.get(article_id, "corpus")
            if article is None:
                self.fail("invariant", name, article_id, "article accepted by parse_document is not in the index")
                continue
            found += 1
            if row.sections == sections == len(article.sections):
                complete += 1
            else:
                self.fail("invariant", name, article_id, f"{len(article.sections)} sections indexed, {sections} expected")
            if problems := article_problems(article):
                self.fail("output", name, article_id, "as stored: " + "; ".join(problems[:4]))
        for problem in check_terminal_text(list_text(list(rows.values())), "list (text)"):
            self.fail("output", "corpus", "list", problem)
        figures.update(found=found, complete=complete, listed=len(rows))
        self.corpus = figures
        self.vocab = sorted({w for row in rows.values() for w in re.findall(r"\w{3,}", row.title)} | set(WORDS))

    # queries ----------------------------------------------------------------

    def one_query(self, number: int) -> None:
        text, limit, made = make_query(self.args.seed, number, self.vocab)
        name = f"query:{number}"
        made = f"{made}: {text[:60]!r}{'...' if len(text) > 60 else ''} limit {limit}"
        if self.args.dump and self.args.only == name:
            Path(self.args.dump).write_text(json.dumps(text), encoding="utf-8")
        self.queries.tried += 1
        for index in (self.samples_index, self.corpus_index):
            started = time.perf_counter()
            self.searches += 1
            try:
                result = guarded(lambda: search(index, text, limit=limit), self.args.timeout)
                problems = guarded(lambda: result_problems(result, limit), self.args.timeout)
            except SclerodexError as problem:
                self.queries.rejected += 1
                self.queries.reasons[re.sub(r"'.*'|\".*\"", "Q", str(problem))[:70]] += 1
                message = f"Error: {problem}"
                if "\n" in message.strip() or (problems := check_terminal_text(message, "error message")):
                    self.fail("output", name, made, f"error message {message[:100]!r} is not one safe line")
                if internals := leaked_internals(str(problem), text):
                    self.fail("output", name, made, f"error message {message[:100]!r} shows internals ({internals})")
                if len(message) > MAX_MESSAGE_CHARS:
                    self.fail("output", name, made, f"error message of {len(message)} characters: {message[:100]!r}")
                continue
            except BaseException as problem:  # noqa: BLE001
                if isinstance(problem, KeyboardInterrupt):
                    raise
                self.exception(name, made, problem)
                continue
            finally:
                self.queries.time(time.perf_counter() - started, f"{name} ({index.name})", made)
            self.queries.accepted += 1
            if problems:
                self.fail("output", name, made, "; ".join(problems[:3]))

    def run_queries(self, deadline: float) -> None:
        for number in range(self.args.queries):
            if time.monotonic() > deadline:
                self.queries_cut = number
                break
            self.one_query(number)
            self.progress("queries", number + 1, self.args.queries)

    def progress(self, what: str, done: int, total: int) -> None:
        if not self.args.quiet and (done % 500 == 0 or done == total):
            print(f"  {what}: {done}/{total}, {len(self.failures)} failures so far", file=sys.stderr, flush=True)

    # report -----------------------------------------------------------------

    @staticmethod
    def print_slowest(tally: Tally) -> None:
        print(f"         {tally.seconds:.1f} s in all; {tally.slow} took over {SLOW_SECONDS:g} s; slowest:")
        for elapsed, name, made in tally.slowest[:5]:
            print(f"           {elapsed:6.2f} s  {name}  [{made[:100]}]")

    def report(self, elapsed: float) -> int:
        by_kind = Counter(f.kind for f in self.failures)
        print(f"sclerodex fuzz, seed {self.args.seed}, {elapsed:.1f} s")
        p, q = self.pages, self.queries
        cut = f" (stopped by --seconds after {self.pages_cut})" if getattr(self, "pages_cut", None) is not None else ""
        print(f"pages:   {p.tried} tried{cut}: {p.accepted} read, {p.rejected} rejected cleanly (SclerodexError), "
              f"{p.too_deep} too deeply nested (RecursionError, skipped by the ingest path)")
        self.print_slowest(p)
        c = self.corpus
        if c:
            print(f"corpus:  {c.get('files', 0)} hostile pages ingested ({c.get('left_out', 0)} left out: they raise): {c.get('new', '?')} new, {c.get('updated', '?')} updated, "
                  f"{c.get('skipped', '?')} skipped; articles expected {c.get('expected', '?')} (with the samples), "
                  f"found {c.get('found', '?')}, with all their sections {c.get('complete', '?')}; "
                  f"again: {c.get('reingest', '?')}")
        cut = f" (stopped by --seconds after {self.queries_cut})" if getattr(self, "queries_cut", None) is not None else ""
        print(f"queries: {q.tried} tried{cut} on 2 indexes = {self.searches} searches: "
              f"{q.accepted} answered, {q.rejected} rejected cleanly (SclerodexError)")
        self.print_slowest(q)
        for label, tally in (("page", p), ("query", q)):
            if tally.reasons:
                top = ", ".join(f"{reason!r} {n}" for reason, n in tally.reasons.most_common(6))
                print(f"{label} rejections, most common: {top}")
        print(f"tracebacks: {by_kind['traceback']}, hangs: {by_kind['hang']}, "
              f"invariant failures: {by_kind['invariant']}, unsafe or unprintable output: {by_kind['output']}")
        groups: dict[tuple, list[Failure]] = {}
        for failure in self.failures:
            groups.setdefault(failure.signature(), []).append(failure)
        for (kind, where, _), failures in groups.items():
            first = failures[0]
            print(f"\n[{kind}] x{len(failures)} {first.summary[:300]}" + (f"\n    at {where}" if where else ""))
            failures = list({f.input: f for f in reversed(failures)}.values())[::-1]  # one line per input
            for failure in failures[: self.args.show]:
                replay = (f"--only {failure.input} --dump /tmp/input" if ":" in failure.input
                          else "--pages 0 --queries 0")  # the whole corpus phase
                print(f"    reproduce: python bench/fuzz.py --seed {self.args.seed} --corpus {self.args.corpus} "
                      f"{replay}   ({failure.made[:150]})")
            if len(failures) > self.args.show:
                others = ", ".join(f.input for f in failures[self.args.show:self.args.show + 20])
                print(f"    also: {others}{' ...' if len(failures) > self.args.show + 20 else ''}")
        summary = {
            "seed": self.args.seed,
            "seconds": round(elapsed, 1),
            "pages": {"tried": p.tried, "read": p.accepted, "rejected": p.rejected, "too_deep": p.too_deep,
                      "seconds": round(p.seconds, 1), "slow": p.slow,
                      "slowest": {"input": p.top()[1], "seconds": round(p.top()[0], 3)}},
            "corpus": self.corpus,
            "queries": {"tried": q.tried, "searches": self.searches, "answered": q.accepted, "rejected": q.rejected,
                        "seconds": round(q.seconds, 1), "slow": q.slow,
                        "slowest": {"input": q.top()[1], "seconds": round(q.top()[0], 3)}},
            "tracebacks": by_kind["traceback"],
            "hangs": by_kind["hang"],
            "invariant_failures": by_kind["invariant"],
            "output_failures": by_kind["output"],
            "failure_kinds": len(groups),
        }
        print(json.dumps(summary))
        return 1 if self.failures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", type=int, default=1500, help="generated and mutated documents (default 1500)")
    parser.add_argument("--queries", type=int, default=1000, help="queries, each run on two indexes (default 1000)")
    parser.add_argument("--corpus", type=int, default=200, help="hostile pages ingested for the query phase (default 200)")
    parser.add_argument("--seconds", type=float, default=300,
                        help="stop making new inputs after this long: 55%% for pages, the rest for queries (default 300)")
    parser.add_argument("--timeout", type=float, default=20, help="one input taking longer is a hang (default 20 s)")
    parser.add_argument("--only", metavar="KIND:N", help="replay one input (page:N, corpus:N or query:N) with its traceback")
    parser.add_argument("--dump", metavar="FILE", help="with --only: write the input's bytes (a query: as JSON) to FILE")
    parser.add_argument("--show", type=int, default=3, help="reproducers printed per kind of failure")
    parser.add_argument("--verbose", action="store_true", help="print each failure as it happens")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (indexes, corpus)")
    args = parser.parse_args(argv)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    signal.signal(signal.SIGALRM, _on_alarm)
    faulthandler.enable()
    fuzzer = Fuzzer(args)
    started = time.monotonic()
    try:
        if args.only:
            kind, _, number = args.only.partition(":")
            if kind in ("page", "corpus"):
                fuzzer.one_page(int(number), kind)
            elif kind == "query":
                fuzzer.build_indexes()
                fuzzer.one_query(int(number))
            else:
                parser.error("--only takes page:N, corpus:N or query:N")
            mine = [f for f in fuzzer.failures if f.input == args.only]
            for failure in mine:
                print(f"[{failure.kind}] {failure.made}\n{failure.detail or failure.summary}")
            print(f"{args.only}: {len(mine)} failures ({mine[0].summary[:200] if mine else 'clean'})")
            return 1 if mine else 0
        budget = args.seconds
        fuzzer.run_pages(started + 0.55 * budget)
        fuzzer.build_indexes()
        fuzzer.run_queries(started + budget)
        return fuzzer.report(time.monotonic() - started)
    finally:
        if args.keep:
            print(f"work folder kept: {fuzzer.workdir}", file=sys.stderr)
        else:
            shutil.rmtree(fuzzer.workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
