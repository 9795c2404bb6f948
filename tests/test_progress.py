"""The progress bar: on a terminal only, never with --quiet."""

import io
import os
import pty
import subprocess
import sys
import time

import pytest
from conftest import SAMPLES, read_terminal

from sclerodex.progress import ProgressBar


def ingest_with_terminal_stderr(index_dir, *args):
    leader, follower = pty.openpty()
    try:
        process = subprocess.run(
            [sys.executable, "-m", "sclerodex", "--index", str(index_dir), "ingest", *args, str(SAMPLES)],
            stdout=subprocess.PIPE,
            stderr=follower,
            timeout=120,
        )
        os.close(follower)
        follower = None
        return process, read_terminal(leader).decode()
    finally:
        if follower is not None:
            os.close(follower)
        os.close(leader)


@pytest.mark.slow
def test_bar_on_a_terminal(tmp_path):
    process, terminal = ingest_with_terminal_stderr(tmp_path / "index")
    assert process.returncode == 0
    assert "[########################] 7/7" in terminal and "/s" in terminal and "ETA" in terminal
    assert process.stdout.decode().splitlines()[0] == "7 new, 0 updated, 0 unchanged, 0 removed, 0 skipped"


@pytest.mark.slow
def test_no_bar_with_quiet(tmp_path):
    process, terminal = ingest_with_terminal_stderr(tmp_path / "index", "--quiet")
    assert "[#" not in terminal and "ETA" not in terminal
    assert "7 new, 0 updated" in terminal and process.stdout == b""


def test_no_bar_when_stderr_is_not_a_terminal(run):
    result = run("ingest", "--samples")
    assert result.stderr == ""


def test_bar_reports_count_rate_and_eta():
    stream = io.StringIO()
    bar = ProgressBar(stream, min_interval=0)
    bar.update(5, 10)
    assert "] 5/10" in stream.getvalue() and "ETA 0:00:" in stream.getvalue()
    bar.close()
    assert stream.getvalue().endswith("\r\x1b[K")


def test_commit_stage_has_its_own_spinner():
    stream = io.StringIO()
    bar = ProgressBar(stream, min_interval=0)
    bar.update(4993, 6000)
    bar.committing(5000)
    time.sleep(0.35)
    bar.committing(None)
    drawn = stream.getvalue()
    assert "4993/6000  writing 5,000 articles... " in drawn
    assert len({line[-4] for line in drawn.split("\r") if "writing" in line}) >= 2  # the spinner turns
    assert "ETA" not in drawn.split("\r")[-1]
    bar.close()


@pytest.mark.slow
def test_bar_shows_the_commit_stage_on_a_terminal(tmp_path):
    process, terminal = ingest_with_terminal_stderr(tmp_path / "index")
    assert process.returncode == 0
    assert "7/7  writing 7 articles... " in terminal
