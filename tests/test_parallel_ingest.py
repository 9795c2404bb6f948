"""Parsing in worker processes changes nothing but speed, and workers never
outlive a killed ingest."""

import os
import signal
import subprocess
import sys
import time

import pytest
from conftest import SAMPLES

from sclerodex.index.catalog import list_articles, show_article
from sclerodex.sync.driver import ingest_paths
from sclerodex.sync.options import IngestOptions


def make_folder(folder, copies: int):
    folder.mkdir()
    pages = sorted(SAMPLES.glob("*.html"))
    for n in range(copies):
        for page in pages:
            html = page.read_bytes().replace(b"/samples/", f"/samples/copy{n}/".encode())
            # Another article, not the same one again (that would be a duplicate).
            head, title_end, body = html.partition(b"</h1>")
            html = head + title_end + body.replace(b"<p>", f"<p>Copy {n}. ".encode(), 1)
            (folder / f"{n:03d}-{page.name}").write_bytes(html)
    (folder / "bad.html").write_bytes(bytes(range(256)) * 4)


def content(index_dir):
    articles = {}
    for row in list_articles(index_dir):
        record = show_article(index_dir, row.id).to_dict()
        articles[row.id] = record
    return articles


def test_parallel_and_serial_ingest_give_the_same_index(tmp_path):
    folder = tmp_path / "pages"
    make_folder(folder, 5)
    serial = ingest_paths(tmp_path / "serial", [folder], IngestOptions(jobs=1))
    parallel = ingest_paths(tmp_path / "parallel", [folder], IngestOptions(jobs=2))
    assert serial.line() == parallel.line() == "35 new, 0 updated, 0 unchanged, 0 removed, 1 skipped"
    assert serial.skipped == parallel.skipped
    assert content(tmp_path / "serial") == content(tmp_path / "parallel")
    again = ingest_paths(tmp_path / "parallel", [folder], IngestOptions(jobs=2, force=True))
    assert again.line() == "0 new, 35 updated, 0 unchanged, 0 removed, 1 skipped"


@pytest.mark.slow
def test_killing_the_main_process_leaves_no_worker(tmp_path):
    folder = tmp_path / "pages"
    make_folder(folder, 40)
    process = subprocess.Popen(
        [sys.executable, "-m", "sclerodex", "--index", str(tmp_path / "index"), "ingest", "--jobs", "2", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 30
    workers = []
    while time.monotonic() < deadline and not workers:
        workers = children_of(process.pid)
        time.sleep(0.05)
    assert workers, "the ingest started no worker"
    time.sleep(0.5)
    process.send_signal(signal.SIGTERM)  # as `kill PID` does
    process.wait(timeout=30)
    time.sleep(1)
    alive = [pid for pid in workers if os.path.exists(f"/proc/{pid}") and "zombie" not in state(pid)]
    assert alive == []
    # and the write lock is free: the next ingest starts at once
    result = subprocess.run(
        [sys.executable, "-m", "sclerodex", "--index", str(tmp_path / "index"), "ingest", "--wait", "0", str(folder)],
        capture_output=True, text=True, timeout=300,
    )
    # bad.html inside the folder is skipped with a reason; a skip alone is not a failure (exit 0)
    assert result.returncode == 0 and "skipped" in result.stderr and "another sclerodex process" not in result.stderr


def children_of(pid: int) -> list[int]:
    found = []
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            try:
                with open(f"/proc/{entry}/stat") as handle:
                    fields = handle.read().rsplit(")", 1)[1].split()
            except OSError:
                continue
            if int(fields[1]) == pid:
                found.append(int(entry))
    return found


def state(pid: int) -> str:
    try:
        with open(f"/proc/{pid}/status") as handle:
            return handle.read().lower()
    except OSError:
        return "zombie"
