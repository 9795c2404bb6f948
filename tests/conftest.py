"""Shared fixtures: the bundled articles, a CLI runner and a ready index."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
import time
from pathlib import Path

import pytest
from click.testing import CliRunner

from sclerodex.cli import cli
from sclerodex.ingest.records import Article, Section
from sclerodex.ingest.sources import sample_paths
from sclerodex.whoosh_engine import w3_internals
from sclerodex.whoosh_engine.storage import open_index

PACKAGE_DATA = Path(__file__).resolve().parent.parent / "sclerodex" / "data"
SEED = PACKAGE_DATA / "seed" / "000_f5aa47efbb1f98a4.txt"
SEED_URL = "https://sclerodermanews.com/imuran-azathioprine/"  # the seed's id when ingested with --samples
SAMPLES = PACKAGE_DATA / "samples"
GOLDEN = json.loads((Path(__file__).parent / "golden" / "samples.json").read_text(encoding="utf-8"))


@pytest.fixture(autouse=True)
def own_cache_folder(tmp_path_factory, monkeypatch):
    """Every test (and every sclerodex it starts) keeps its last search in a
    cache folder of its own, never the user's."""
    monkeypatch.setenv("XDG_CACHE_HOME", str(tmp_path_factory.mktemp("cache")))


def pytest_collection_modifyitems(config, items):
    """A test marked ``fast_paths`` checks that a fast path is taken (the
    segment builder's children ran, a segment byte for byte as a
    term-at-a-time writer writes it...): skipped when they are off."""
    if w3_internals.FAST_PATHS:
        return
    why = pytest.mark.skip(
        reason=f"checks a fast path; off (Whoosh {w3_internals.WHOOSH_VERSION}, SCLERODEX_FAST_PATHS="
        f"{os.environ.get('SCLERODEX_FAST_PATHS', 'unset')})"
    )
    for item in items:
        if "fast_paths" in item.keywords:
            item.add_marker(why)


class Cli:
    """Runs ``sclerodex --index DIR ...`` in-process; stdout and stderr apart."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict | None = None):
        return self.runner.invoke(cli, ["--index", str(self.index_dir), *args], env=env, catch_exceptions=False)

    def json(self, *args: str):
        result = self(*args, "--format", "json")
        return result, json.loads(result.stdout)


@pytest.fixture
def run(tmp_path) -> Cli:
    return Cli(tmp_path / "index")


@pytest.fixture(scope="session")
def _samples_ingested(tmp_path_factory) -> Path:
    """``sclerodex ingest --samples`` into an index, once a session."""
    path = tmp_path_factory.mktemp("ingested") / "index"
    result = Cli(path)("ingest", "--samples")
    assert result.exit_code == 0, result.stderr
    return path


@pytest.fixture
def sample_index(run, _samples_ingested) -> Cli:
    """An index as ``sclerodex ingest --samples`` leaves it, of this test's
    own: a copy of the one ingested once a session."""
    shutil.copytree(_samples_ingested, run.index_dir)
    return run


@pytest.fixture
def server():
    """A web server on 127.0.0.1 for the test (tests/webserver.py)."""
    from webserver import TestServer

    with TestServer() as running:
        yield running


@pytest.fixture(scope="session")
def all_samples() -> list[str]:
    return sample_paths()


@pytest.fixture(scope="session")
def samples_index_dir(tmp_path_factory) -> Path:
    """An index of the bundled samples, built once, for tests that only read it."""
    from sclerodex.sync.driver import ingest_paths

    path = tmp_path_factory.mktemp("samples") / "index"
    ingest_paths(path, sample_paths())
    return path


def terminal_chunks(leader: int):
    """What a child writes to a pseudo-terminal, as it comes, until it closed
    its side (Linux reports that as EIO on the leader, or as an empty read)."""
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            return
        if not chunk:
            return
        yield chunk


def read_terminal(leader: int) -> bytes:
    """Everything a child wrote to a pseudo-terminal, until it closed its side."""
    return b"".join(terminal_chunks(leader))


def index_contents(path) -> dict:
    """Everything a Whoosh index holds, to compare two indexes: every term's
    postings (document, weight, encoded value), stored fields (but the time an
    article record was written) and field lengths."""
    with open_index(path).searcher() as searcher:
        reader = searcher.reader()
        postings = {}
        for field, term in reader.all_terms():
            postings[field, term] = list(_all(reader.postings(field, term)))
        stored = [_without_time(fields) for fields in reader.all_stored_fields()]
        lengths = {
            (name, docnum): reader.doc_field_length(docnum, name)
            for docnum in range(reader.doc_count_all())
            for name in ("title", "heading", "body")
        }
        return {"postings": postings, "stored": stored, "lengths": lengths}


def _without_time(fields: dict) -> dict:
    """Stored fields, but not the time the article record was written."""
    if "record" in fields:
        record = json.loads(fields["record"])
        record.pop("indexed_at", None)
        fields = {**fields, "record": record}
    return fields


def _all(matcher):
    while matcher.is_active():
        yield matcher.id(), matcher.weight(), matcher.value()
        matcher.next()


def varied_articles(count: int = 6) -> list[Article]:
    """Articles with accents, possessives, numbers, a stop-word-only section,
    an empty one, dated and undated: what the index writer must get right."""
    texts = [
        "Sjögren's syndrome and the skin: patients' scarring, IL-6 and type 2 T cells.",
        "The the the of and.",  # only stop words: no postings at all
        "Raynaud’s phenomenon (RP) e.g. 2.5 mg/kg; SSc-ILD; fibrosis, fibrosis, fibrosis.",
        "",
    ]
    return [
        Article(
            id=f"https://example.org/{n}",
            source=f"/tmp/{n}.html",
            title=f"Article {n}: Living with Scleroderma",
            sections=tuple(
                Section(ordinal=i, heading=f"Part {i}" if i else None, path=(f"Part {i}",) if i else (), text=text)
                for i, text in enumerate(texts[n % 4 :] + texts[: n % 4])
                if text or i == 0
            ),
            url=f"https://example.org/{n}",
            authors=("A. Writer",),
            published=dt.date(2024, 1 + n % 12, 1 + n % 28) if n % 2 else None,
            disclaimer="Not medical advice.",
            site="Scleroderma News",
            tags=("skin", "lungs"),
        )
        for n in range(count)
    ]


def wait_for_first_commit(process: subprocess.Popen, index_dir, timeout: float = 120) -> None:
    """Return once the ingest has committed its first batch, so that it is
    known to be running, with work kept behind it and more to come.

    A commit ends by writing Whoosh's table of contents ``_MAIN_<n>.toc``;
    an index starts with the empty one, generation 0.  The check is on the
    files the child writes, not on the time it has had.
    """
    deadline = time.monotonic() + timeout
    while not any(int(toc.stem.rpartition("_")[2]) > 0 for toc in index_dir.glob("gen-*/_MAIN_*.toc")):
        assert process.poll() is None, "the ingest ended before its first commit"
        assert time.monotonic() < deadline, f"no commit in {timeout:g}s"
        time.sleep(0.01)


def in_terminal(args: list[str], columns: int = 80, rows: int = 24, env: dict | None = None):
    """Run ``python -m sclerodex ARGS`` with its stdout on a pseudo-terminal
    of ``columns`` x ``rows`` (stdin and stderr too); returns the exit code
    and what the terminal showed, ``\\r\\n`` turned back into ``\\n``."""
    import fcntl
    import pty
    import struct
    import sys
    import termios

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    environment = {**os.environ, "COLUMNS": str(columns), "LINES": str(rows), **(env or {})}
    try:
        process = subprocess.Popen(
            [sys.executable, "-m", "sclerodex", *args], stdin=follower, stdout=follower, stderr=follower, env=environment
        )
    finally:
        os.close(follower)
    try:
        shown = read_terminal(leader)
        code = process.wait(timeout=120)
    finally:
        os.close(leader)
    return code, shown.decode("utf-8", "replace").replace("\r\n", "\n")
