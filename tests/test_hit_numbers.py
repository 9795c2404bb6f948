"""show N and open N: hit N of the last search of the same index."""

from __future__ import annotations

import webbrowser

import pytest

from sclerodex.search.last_hits import is_hit_number

RAYNAUD = "https://sclerodex.invalid/samples/raynauds-phenomenon/"


@pytest.fixture
def browser(monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda address, *a, **k: opened.append(address) or True)
    return opened


def test_show_n_prints_the_article_of_hit_n(sample_index):
    _, found = sample_index.json("search", "raynaud", "--limit", "5")
    for number, hit in enumerate(found["hits"][:3], 1):
        shown = sample_index("show", str(number), "--format", "json")
        assert shown.exit_code == 0 and __import__("json").loads(shown.stdout)["id"] == hit["article"]["id"]


def test_the_last_search_wins_and_each_index_has_its_own(sample_index, run, tmp_path):
    sample_index("search", "raynaud")
    sample_index("search", "cyclophosphamide")
    first = sample_index.json("search", "cyclophosphamide")[1]["hits"][0]["article"]["title"]
    assert sample_index("show", "1").stdout.startswith(first)
    other = type(sample_index)(tmp_path / "other")
    assert other("ingest", "--samples").exit_code == 0
    never = other("show", "1")
    assert never.exit_code == 1 and "run 'sclerodex search' first" in never.stderr
    assert sample_index("show", "1").exit_code == 0  # the first index's list is untouched


def test_a_number_that_is_not_a_hit_says_so(sample_index):
    sample_index("search", "raynaud", "--limit", "2")
    beyond = sample_index("show", "3")
    assert beyond.exit_code == 1 and "3 is not a hit of the last search ('raynaud' gave 2 hits)" in beyond.stderr
    zero = sample_index("open", "0")
    assert zero.exit_code == 1 and "0 is not a hit" in zero.stderr
    assert sample_index("search", "qwxzyv").exit_code == 1
    after_nothing = sample_index("show", "1")
    assert after_nothing.exit_code == 1 and "gave no hits" in after_nothing.stderr


def test_open_n_starts_the_browser_on_the_url(sample_index, browser):
    hit = sample_index.json("search", "raynaud")[1]["hits"][0]
    opened = sample_index("open", "1")
    assert opened.exit_code == 0 and browser == [hit["article"]["url"]]
    assert sample_index("open", RAYNAUD).exit_code == 0 and browser[-1] == RAYNAUD
    missing = sample_index("open", "https://example.org/nothing/")
    assert missing.exit_code == 1 and "not in the index" in missing.stderr


def test_open_a_saved_page_without_url_opens_the_file(run, tmp_path, browser):
    page = tmp_path / "note.txt"
    page.write_text("Living with Raynaud\n\nCold fingers and raynaud attacks in winter.\n")
    assert run("ingest", str(page)).exit_code == 0
    assert run("search", "raynaud").exit_code == 0
    assert run("open", "1").exit_code == 0
    assert browser == [page.resolve().as_uri()]
    page.unlink()
    gone = run("open", "1")
    assert gone.exit_code == 1 and "is gone" in gone.stderr


def test_no_browser_is_an_error_that_gives_the_address(sample_index, monkeypatch):
    monkeypatch.setattr(webbrowser, "open", lambda *a, **k: False)
    sample_index("search", "raynaud")
    failed = sample_index("open", "1")
    assert failed.exit_code == 2 and "no web browser could be started" in failed.stderr and "https://" in failed.stderr


def test_a_removed_article_is_said_to_have_left(sample_index):
    hit = sample_index.json("search", "raynaud")[1]["hits"][0]
    sample_index("remove", hit["article"]["id"])
    left = sample_index("show", "1")
    assert left.exit_code == 1 and "no longer in the index" in left.stderr


def test_what_counts_as_a_hit_number():
    assert is_hit_number("3") and is_hit_number("12")
    assert not is_hit_number("./3") and not is_hit_number("3a") and not is_hit_number("٣") and not is_hit_number("")
