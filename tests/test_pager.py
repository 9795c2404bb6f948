"""Long output through a pager on a terminal, as git does; never with
--no-pager or a piped stdout, nor when it fits the screen."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest
from conftest import in_terminal

from sclerodex.cli.paging import pager_command, screen_lines

pytestmark = pytest.mark.slow


@pytest.fixture
def stub_pager(tmp_path, monkeypatch):
    """A pager that writes what it is given to a file."""
    for variable in ("SCLERODEX_PAGER", "PAGER"):
        monkeypatch.delenv(variable, raising=False)
    paged = tmp_path / "paged.txt"
    script = tmp_path / "stub-pager"
    script.write_text(f"#!/bin/sh\ncat > '{paged}'\n")
    script.chmod(0o755)
    return str(script), paged


def long_search(index_dir, *more):
    return ["--index", str(index_dir), "search", "lung", "--limit", "20", *more]


def test_long_output_on_a_terminal_goes_through_sclerodex_pager_first(sample_index, stub_pager):
    script, paged = stub_pager
    code, shown = in_terminal(long_search(sample_index.index_dir), rows=10,
                              env={"SCLERODEX_PAGER": script, "PAGER": "false"})
    assert code == 0
    text = paged.read_text()
    assert "1. " in text and "matching sections" in text and "strictly a news" in text
    assert "matching sections" not in shown  # the pager had it, not the terminal


@pytest.mark.parametrize("command", [["show", "https://sclerodex.invalid/samples/raynauds-phenomenon/"], ["list"],
                                     ["index", "stats"], ["sources"]])
def test_pager_is_used_by_show_list_index_stats_and_sources(sample_index, stub_pager, command):
    script, paged = stub_pager
    code, _ = in_terminal(["--index", str(sample_index.index_dir), *command], rows=2, env={"PAGER": script})
    assert code == 0 and paged.read_text().strip()


def test_no_pager_option_prints_straight_to_the_terminal(sample_index, stub_pager):
    script, paged = stub_pager
    code, shown = in_terminal(long_search(sample_index.index_dir, "--no-pager"), rows=10, env={"PAGER": script})
    assert code == 0 and "matching sections" in shown and not paged.exists()
    code, shown = in_terminal(["--no-pager", *long_search(sample_index.index_dir)], rows=10, env={"PAGER": script})
    assert code == 0 and "matching sections" in shown and not paged.exists()


def test_piped_output_and_output_that_fits_never_page(sample_index, stub_pager):
    script, paged = stub_pager
    piped = subprocess.run([sys.executable, "-m", "sclerodex", *long_search(sample_index.index_dir)],
                           capture_output=True, text=True, env={**os.environ, "PAGER": script}, timeout=60)
    assert piped.returncode == 0 and "matching sections" in piped.stdout and not paged.exists()
    code, shown = in_terminal(["--index", str(sample_index.index_dir), "search", "lung", "--limit", "1"],
                              rows=200, env={"PAGER": script})
    assert code == 0 and "matching sections" in shown and not paged.exists()


def test_a_pager_that_cannot_start_loses_nothing(sample_index, stub_pager):
    code, shown = in_terminal(long_search(sample_index.index_dir), rows=10,
                              env={"PAGER": "/no/such/pager-program"})
    assert code == 0
    assert "could not be started" in shown or "was not found" in shown
    assert "matching sections" in shown


def test_pager_choice(monkeypatch):
    monkeypatch.setenv("PAGER", "more")
    monkeypatch.setenv("SCLERODEX_PAGER", "most -s")
    assert pager_command() == "most -s"
    monkeypatch.setenv("SCLERODEX_PAGER", "")
    assert pager_command() is None  # set to nothing: no pager, as GIT_PAGER=''
    monkeypatch.delenv("SCLERODEX_PAGER")
    assert pager_command() == "more"
    monkeypatch.setenv("PAGER", "cat")
    assert pager_command() is None


def test_screen_lines_fold_long_lines():
    assert screen_lines("a\nb", 80) == 2
    assert screen_lines("x" * 161, 80) == 3
    assert screen_lines("\x1b[1m" + "x" * 80 + "\x1b[0m", 80) == 1
