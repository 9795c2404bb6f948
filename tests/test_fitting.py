"""Output that fits the terminal: wrapped at spaces, shortened with … where a
name is too long, never cut mid-word; not wrapped at all when piped."""

from __future__ import annotations

import io
import re

import pytest
from conftest import in_terminal
from hypothesis import given, settings
from hypothesis import strategies as st

from sclerodex.output.fitting import ELLIPSIS, shortened, visible_len, wrap
from sclerodex.progress import ProgressBar, fitted

RAYNAUD = "https://sclerodex.invalid/samples/raynauds-phenomenon/"
ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")

words = st.lists(st.text(st.characters(codec="utf-8", exclude_categories=("Z", "C")), min_size=1, max_size=40),
                 min_size=1, max_size=30)


@settings(max_examples=200)
@given(words, st.integers(20, 120))
def test_wrap_keeps_every_word_whole_and_every_line_within_the_width(text_words, width):
    text = " ".join(text_words)
    lines = wrap(text, width, "   ", first="1. ")
    assert " ".join(line[3:] for line in lines).split(" ") == text_words  # nothing cut, nothing lost
    for line in lines:
        assert visible_len(line) <= width or len(line[3:].split(" ")) == 1  # else one word too long, alone


@settings(max_examples=200)
@given(words, st.integers(20, 120))
def test_wrap_shortening_long_words_fits_every_line(text_words, width):
    lines = wrap(" ".join(text_words), width, "   ", shorten_long=True)
    assert all(visible_len(line) <= width for line in lines)
    assert sum(line.count(ELLIPSIS) for line in lines) >= sum(len(w) > width - 3 for w in text_words)


def test_shortened_keeps_both_ends():
    url = "https://sclerodermanews.com/2024/05/14/treating-raynauds-phenomenon-with-nifedipine/"
    short = shortened(url, 30)
    assert len(short) == 30 and short.startswith("https://sclero") and short.endswith("nifedipine/")
    assert shortened("short", 30) == "short"


def lines_of(text: str) -> list[str]:
    return [ESCAPE.sub("", line) for line in text.split("\n")]


@pytest.mark.parametrize("columns", [20, 40, 60, 200])
def test_search_lines_fit_the_width_and_the_disclaimer_is_whole_once(sample_index, columns):
    from sclerodex.output.hits import render_text
    from sclerodex.search.searcher import search

    result = search(sample_index.index_dir, "lung fibrosis Raynaud", limit=10)
    shown = render_text(result, color=True, width=columns)
    assert all(len(line) <= columns for line in lines_of(shown)), [l for l in lines_of(shown) if len(l) > columns]
    flat = " ".join(ESCAPE.sub("", shown).split())
    for disclaimer in result.disclaimers:
        assert flat.count(" ".join(disclaimer.split())) == 1
    for hit in result.hits:  # every word of the title, whole or shortened, never split across lines
        for word in hit.article.title.split():
            assert word in flat or ELLIPSIS in flat


@pytest.mark.parametrize("columns", [20, 33, 47, 80, 200])
def test_the_progress_bar_fits_its_line_at_any_width(columns, monkeypatch):
    monkeypatch.setenv("COLUMNS", str(columns))
    stream = io.StringIO()
    bar = ProgressBar(stream, min_interval=0)
    for done in (1, 500, 99999, 100000):
        bar.update(done, 100000)
    drawn = [ESCAPE.sub("", part) for part in stream.getvalue().split("\r") if part]
    assert drawn and all(len(line) < columns for line in drawn), drawn
    assert "\n" not in stream.getvalue()
    assert "100000/100000" in drawn[-1]


def test_below_20_columns_the_bar_is_a_plain_line_now_and_then(monkeypatch):
    monkeypatch.setenv("COLUMNS", "12")
    stream = io.StringIO()
    bar = ProgressBar(stream, min_interval=0)
    for done in range(1, 101):
        bar.update(done, 100)
    assert stream.getvalue().splitlines() == ["1/100 ETA 0:00:00", "100/100 ETA 0:00:00"]


def test_fitted_drops_the_rate_before_the_count():
    assert fitted(5, 10, ["  9.0/s  ETA 0:00:01", "  ETA 0:00:01"], 80).endswith("5/10  9.0/s  ETA 0:00:01")
    assert fitted(5, 10, ["  9.0/s  ETA 0:00:01", "  ETA 0:00:01"], 30).endswith("5/10  ETA 0:00:01")
    assert fitted(5, 10, ["  9.0/s  ETA 0:00:01", "  ETA 0:00:01"], 20).endswith("] 5/10")


def test_show_piped_is_not_wrapped(sample_index):
    shown = sample_index("show", RAYNAUD)
    assert shown.exit_code == 0
    assert max(map(len, shown.stdout.splitlines())) > 100  # a paragraph on one line, as search does


@pytest.mark.slow
def test_show_fits_a_60_column_terminal(sample_index):
    code, shown = in_terminal(["--no-pager", "--index", str(sample_index.index_dir), "show", RAYNAUD], columns=60)
    assert code == 0
    lines = lines_of(shown.rstrip("\n"))
    assert all(len(line) <= 60 for line in lines), [line for line in lines if len(line) > 60]
    assert lines[0].startswith("Raynaud") and set(lines[[i for i, l in enumerate(lines) if l.startswith("=")][0]]) == {"="}
    flat = " ".join(" ".join(lines).split())
    assert "not medical advice" in flat.lower() or "strictly a news" in flat
    assert flat.count("strictly a news") <= 1
