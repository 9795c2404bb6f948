"""Failure paths: a full disk, a read-only index, Ctrl-C.  Nothing committed
is lost and every failure is one clear line."""

import errno
import gc
import os
import re
import signal
import subprocess
import sys
import time

import pytest
from conftest import SAMPLES, SEED, wait_for_first_commit
from whoosh.filedb.filestore import FileStorage

from sclerodex.index.catalog import list_articles


def fail_writes_after(monkeypatch, files_allowed: int, code: int = errno.ENOSPC):
    """Let Whoosh create ``files_allowed`` more files, then fail with ``code``."""
    real = FileStorage.create_file
    calls = {"n": 0}

    def create_file(self, name, **kwargs):
        calls["n"] += 1
        if calls["n"] > files_allowed:
            raise OSError(code, os.strerror(code))
        return real(self, name, **kwargs)

    monkeypatch.setattr(FileStorage, "create_file", create_file)


# Whoosh does not close the temporary files of a writer that failed part-way;
# the process exit (or the garbage collector, here) does.  That warning is
# Whoosh's, not a lost article.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("files_allowed", [0, 2, 5])
def test_disk_full_mid_commit_keeps_what_was_committed(run, monkeypatch, tmp_path, files_allowed):
    run("ingest", str(SEED))
    note = tmp_path / "note.txt"
    note.write_text("A note about Raynaud's attacks and gloves.\n")
    with monkeypatch.context() as patched:
        fail_writes_after(patched, files_allowed)
        result = run("ingest", str(SAMPLES), str(note))
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: cannot write to the index at {run.index_dir}: No space left on device; "
        "everything committed before is kept"
    )
    assert run("search", "Imuran", "organ", "rejection").exit_code == 0  # committed before: intact
    after = run("ingest", str(SAMPLES), str(note))  # with space again, the next run carries on
    assert after.exit_code == 0 and after.stdout.startswith("8 new")
    assert run("search", "gloves").exit_code == 0
    del result, after
    gc.collect()  # let Whoosh's abandoned files be closed while this test's filter applies


def test_read_only_index_searches_but_does_not_ingest(run, monkeypatch):
    run("ingest", "--samples")
    real_open = os.open
    index_dir = str(run.index_dir)

    def read_only_open(path, flags, *args, **kwargs):
        if str(path).startswith(index_dir) and flags & (os.O_WRONLY | os.O_RDWR | os.O_CREAT):
            raise OSError(errno.EROFS, os.strerror(errno.EROFS), str(path))
        return real_open(path, flags, *args, **kwargs)

    monkeypatch.setattr(os, "open", read_only_open)
    assert run("search", "cyclophosphamide").exit_code == 0
    result = run("ingest", "--samples")
    assert result.exit_code == 2
    assert result.stderr.strip() == f"Error: cannot write to the index at {run.index_dir}: Read-only file system"


def ingest_past_its_first_commit(tmp_path, jobs: int) -> tuple[subprocess.Popen, list[str]]:
    """An ingest of 1,500 small files in batches of 20, running and past its
    first commit; the process and its command line."""
    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(1500):
        (docs / f"a{n:03d}.txt").write_text(f"Article {n} about marker{n}.\nPart\nText of part {n} about skin.\n")
    index_dir = tmp_path / "index"
    command = [sys.executable, "-m", "sclerodex", "--index", str(index_dir), "ingest", "--jobs", str(jobs),
               "--batch-size", "20", str(docs)]
    process = subprocess.Popen(command, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
    wait_for_first_commit(process, index_dir)
    return process, command


@pytest.mark.slow
def test_ctrl_c_keeps_the_parsed_articles_and_the_next_run_continues(tmp_path):
    process, command = ingest_past_its_first_commit(tmp_path, jobs=1)
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, "the ingest should still have been running"
    # Those parsed after the first commit, or as many as can be committed in about 2 s (the rest said).
    said = re.fullmatch(
        r"interrupted: kept (\d+) articles"
        r"(?: \(\d+ more parsed were not committed: that would take more than [\d.]+ s; the next run reads them again\))?"
        r"; run the same command again to continue",
        err.strip().splitlines()[-1],
    )
    assert said, err
    assert "Traceback" not in err
    kept = int(said.group(1))
    assert 20 <= kept < 1500  # at least the first commit, and what was parsed after it
    assert len(list_articles(tmp_path / "index")) == kept
    again = subprocess.run(command, capture_output=True, text=True, timeout=120)
    assert again.returncode == 0
    new, updated, unchanged = (int(again.stdout.split(", ")[i].split()[0]) for i in range(3))
    assert (new, updated, unchanged) == (1500 - kept, 0, kept)


@pytest.mark.slow
def test_a_second_ctrl_c_stops_at_once_without_a_traceback(tmp_path):
    process, command = ingest_past_its_first_commit(tmp_path, jobs=2)
    process.send_signal(signal.SIGINT)
    time.sleep(0.01)  # any gap passes: whichever handler sees it, the exit is 130 without a traceback
    process.send_signal(signal.SIGINT)
    out, err = process.communicate(timeout=60)
    assert process.returncode == 130, "the ingest should still have been running"
    assert "Traceback" not in err and "interrupted" in err
    again = subprocess.run(command, capture_output=True, text=True, timeout=300)
    assert again.returncode == 0 and "Traceback" not in again.stderr
    new, updated, unchanged = (int(again.stdout.split(", ")[i].split()[0]) for i in range(3))
    assert new + unchanged == 1500 and updated == 0
