"""``sclerodex browse`` driven by Textual's Pilot, as a person at the
keyboard: type, look at the hits and the preview, read, open, save, filter,
quit.  The disclaimer is on screen, whole, at every step."""

from __future__ import annotations

import webbrowser

import pytest

pytest.importorskip("textual")

from conftest import terminal_chunks  # noqa: E402

from sclerodex.browse.app import SETTLE, ArticleScreen, BrowseApp  # noqa: E402
from sclerodex.search.saved import list_watches  # noqa: E402

DISCLAIMER_START = "Scleroderma News is strictly a news"


def driven(test):
    """Run an async test (a Pilot session) to its end: no asyncio plugin needed."""
    import asyncio
    import functools

    @functools.wraps(test)
    def run(*args, **kwargs):
        asyncio.run(test(*args, **kwargs))

    return run


def plain(widget) -> str:
    return str(widget.render())


def disclaimer_on_screen(app) -> str:
    """The disclaimer widget's text, after checking it lies wholly inside the screen."""
    widget = app.screen.query_one(".disclaimer")
    region, screen = widget.region, app.screen.region
    assert region.height > 0 and region.y >= 0 and region.bottom <= screen.bottom - 1, (region, screen)
    from rich.text import Text

    lines = Text(plain(widget)).wrap(app.console, widget.content_region.width)
    assert widget.content_region.height >= len(lines)  # whole: no line of it hidden
    return plain(widget)


async def type_query(pilot, text: str) -> None:
    """Type, then pause as a person does: misspelt words are looked up then."""
    await pilot.press(*[("space" if c == " " else c) for c in text])
    await pilot.pause(SETTLE + 0.15)


@pytest.mark.parametrize("size", [(80, 24), (200, 50)])
@driven
async def test_typing_a_query_shows_hits_a_preview_and_the_disclaimer(samples_index_dir, size):
    app = BrowseApp(samples_index_dir)
    async with app.run_test(size=size) as pilot:
        assert "strictly a news" not in plain(app.query_one("#status"))
        assert disclaimer_on_screen(app)  # the generic notice before any search
        await type_query(pilot, "raynaud")
        assert app.answer.query == "raynaud" and app.answer.hits
        assert app.query_one("#hits").option_count == len(app.answer.hits)
        assert "matching sections" in plain(app.query_one("#status"))
        assert DISCLAIMER_START in disclaimer_on_screen(app)
        preview = plain(app.query_one("#preview-text"))
        assert "Raynaud" in preview and app.preview.passages  # the passage is marked in its section
        assert app.screen.has_class("wide") == (size[0] >= 120)


@driven
async def test_the_same_search_as_the_cli_synonyms_corrections_and_the_query_language(samples_index_dir, run):
    app = BrowseApp(samples_index_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "Cytoxan lung")
        assert "also matched" in plain(app.query_one("#status"))
        await pilot.press(*["backspace"] * 20)
        await type_query(pilot, "raynuad")  # misspelt: corrected, and said
        assert "Showing results for" in plain(app.query_one("#status")) and app.answer.hits
        await pilot.press(*["backspace"] * 20)
        await type_query(pilot, "qwxzyv")
        assert not app.answer.hits and "no matches for 'qwxzyv'" in plain(app.query_one("#status"))
        assert disclaimer_on_screen(app)


@driven
async def test_a_misspelt_word_is_looked_up_once_typing_pauses(samples_index_dir):
    app = BrowseApp(samples_index_dir)
    async with app.run_test(size=(100, 30)) as pilot:
        await type_query(pilot, "raynaud")
        typed = [(hit.article.id, hit.section.ordinal) for hit in app.answer.hits]
        await pilot.press("space", *"raynuad")  # typing on: the list stays, the status line says why
        await pilot.pause(0.1)
        assert "'raynuad': spelling checked when you pause" in plain(app.query_one("#status"))
        assert [(hit.article.id, hit.section.ordinal) for hit in app.answer.hits] == typed
        await pilot.pause(SETTLE)  # the pause: corrected, as sclerodex search does
        status = plain(app.query_one("#status"))
        assert "Showing results for" in status and "when you pause" not in status
        from sclerodex.browse.model import LIMIT
        from sclerodex.search.searcher import search

        wanted = [(hit.article.id, hit.section.ordinal) for hit in search(samples_index_dir, "raynaud raynuad", LIMIT).hits]
        assert [(hit.article.id, hit.section.ordinal) for hit in app.answer.hits] == wanted
        await pilot.press(*["backspace"] * 20)
        await pilot.press(*"raynuad", "enter")  # Enter does not wait for the pause
        await pilot.pause(0.05)
        assert "Showing results for" in plain(app.query_one("#status"))


@driven
async def test_moving_the_selection_and_the_other_sections(samples_index_dir):
    app = BrowseApp(samples_index_dir, "raynaud")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("down")  # from the query box to the hits
        first = app.preview
        await pilot.press("down")
        second = app.preview
        assert (first.article.id, first.section.ordinal) != (second.article.id, second.section.ordinal)
        # the first hit's passages came with the keystroke's search, the second's when selected: both marked
        assert first.passages and second.passages
        from sclerodex.browse.model import LIMIT
        from sclerodex.search.searcher import search

        assert app.answer.hits[1].passages == search(samples_index_dir, "raynaud", LIMIT).hits[1].passages
        before = second.index
        await pilot.press("right")
        assert app.preview.article.id == second.article.id and app.preview.index == before + 1
        assert f"§ {before + 2}/" in plain(app.query_one("#preview-text"))
        await pilot.press("left", "left")
        assert app.preview.index == max(0, before - 1)


@driven
async def test_enter_reads_the_whole_article_and_esc_goes_back(samples_index_dir):
    app = BrowseApp(samples_index_dir, "raynaud")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("enter")  # to the hits
        await pilot.press("enter")  # the whole article
        assert isinstance(app.screen, ArticleScreen)
        text = plain(app.screen.query_one("#article-text"))
        assert text.startswith(app.preview.article.title)
        assert all(("## " + (" › ".join(s.path) or "Introduction")) in text for s in app.preview.article.sections)
        assert DISCLAIMER_START in disclaimer_on_screen(app)
        await pilot.press("escape")
        assert not isinstance(app.screen, ArticleScreen) and app.focused.id == "hits"


@driven
async def test_o_opens_the_url_in_the_browser(samples_index_dir, monkeypatch):
    opened = []
    monkeypatch.setattr(webbrowser, "open", lambda address, *a, **k: opened.append(address) or True)
    app = BrowseApp(samples_index_dir, "raynaud")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        await pilot.press("down", "o")
        assert opened == [app.preview.article.url] and "opened https://" in plain(app.query_one("#status"))


@driven
async def test_w_saves_the_query_with_its_filters_as_a_saved_search(sample_index):
    app = BrowseApp(sample_index.index_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "nintedanib lung")
        await pilot.press("down", "slash")
        await type_query(pilot, "since:2020")
        await pilot.press("enter")
        await pilot.press("w")
        await pilot.pause(0.1)
        assert "saved search 1: 'nintedanib lung'" in plain(app.query_one("#status"))
    saved = list_watches(sample_index.index_dir)
    assert [(w.query, w.since) for w in saved] == [("nintedanib lung", "2020")]


@driven
async def test_the_filter_bar_sets_tag_site_and_date_and_says_what_emptied_the_list(samples_index_dir):
    app = BrowseApp(samples_index_dir, "lung")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        everything = len(app.answer.hits)
        await pilot.press("down", "slash")
        assert app.focused.id == "filters"
        await type_query(pilot, "tag:'Sample article' since:2024-06")
        await pilot.press("enter")
        narrowed = app.answer.hits
        assert narrowed and len(narrowed) <= everything
        assert all(hit.article.published >= "2024-06" for hit in narrowed)
        assert "filters: tag:'Sample article' since:2024-06" in plain(app.query_one("#status"))
        await pilot.press("slash", *["backspace"] * 40)
        await type_query(pilot, "site:Nowhere")
        await pilot.press("enter")
        assert not app.answer.hits and "with these filters" in plain(app.query_one("#status"))
        await pilot.press("slash", *["backspace"] * 40)
        await type_query(pilot, "when:today")
        await pilot.press("enter")
        assert "cannot read the filter 'when:today'" in plain(app.query_one("#status"))
        await pilot.press("escape")  # closes the bar, back to the hits
        assert app.focused.id == "hits" and not app.query_one("#filters").has_class("open")


@pytest.mark.parametrize("keys", [["down", "q"], ["ctrl+c"], ["escape", "escape"]])
@driven
async def test_q_ctrl_c_and_esc_from_an_empty_box_quit_with_0(samples_index_dir, keys):
    app = BrowseApp(samples_index_dir, "lung")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.pause(0.1)
        await pilot.press(*keys)
        await pilot.pause(0.1)
    assert app.return_code == 0 and not app.is_running


@driven
async def test_a_commit_meanwhile_is_picked_up_at_the_next_keystroke(sample_index, tmp_path):
    from sclerodex.sync.driver import ingest_paths

    app = BrowseApp(sample_index.index_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "zanubrutin")
        assert not app.answer.hits
        page = tmp_path / "new.txt"
        page.write_text("Zanubrutin trial\n\nA trial of zanubrutin in people with systemic sclerosis began.\n")
        ingest_paths(sample_index.index_dir, [str(page)])
        await type_query(pilot, "i")  # zanubrutini: corrected to the new word
        await pilot.press("backspace")
        await pilot.pause(0.15)
        assert [hit.article.title for hit in app.answer.hits] == ["Zanubrutin trial"]


@pytest.mark.parametrize("size", [(80, 24), (50, 24)])
def test_screen_snapshot(samples_index_dir, snap_compare, size):
    """The screen after typing a query, at 80x24 and narrow: compared with
    tests/__snapshots__ (pytest --snapshot-update after a wanted change)."""
    app = BrowseApp(samples_index_dir)

    async def type_raynaud(pilot):
        await type_query(pilot, "raynaud cold")
        await pilot.press("down")
        await pilot.pause(0.1)

    assert snap_compare(app, terminal_size=size, run_before=type_raynaud)


def browse_in_terminal(index_dir, keys: list[bytes], columns: int = 80, rows: int = 24):
    """``sclerodex browse`` on a pseudo-terminal, given ``keys`` one by one
    once it has drawn its first screen; its exit code and all it wrote."""
    import fcntl
    import os
    import pty
    import struct
    import subprocess
    import sys
    import termios
    import threading
    import time

    leader, follower = pty.openpty()
    fcntl.ioctl(follower, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
    process = subprocess.Popen([sys.executable, "-m", "sclerodex", "--index", str(index_dir), "browse", "lung"],
                               stdin=follower, stdout=follower, stderr=follower, start_new_session=True,
                               env={**os.environ, "TERM": "xterm-256color"})
    os.close(follower)
    shown = bytearray()

    def read():
        for chunk in terminal_chunks(leader):
            shown.extend(chunk)

    reader = threading.Thread(target=read, daemon=True)
    reader.start()
    try:
        deadline = time.monotonic() + 60
        while b"matching sections" not in shown:
            assert time.monotonic() < deadline and process.poll() is None, bytes(shown[-2000:])
            time.sleep(0.05)
        for key in keys:
            os.write(leader, key)
            time.sleep(0.3)
        code = process.wait(timeout=30)
        reader.join(timeout=5)
    finally:
        if process.poll() is None:
            process.kill()
        os.close(leader)
    return code, bytes(shown)


@pytest.mark.slow
@pytest.mark.parametrize("keys", [[b"\x1b[B", b"q"], [b"\x03"]], ids=["q", "ctrl-c"])
def test_the_program_exits_0_and_gives_the_terminal_back(samples_index_dir, keys):
    code, shown = browse_in_terminal(samples_index_dir, keys)
    assert code == 0, shown[-500:]
    assert b"\x1b[?1049h" in shown and shown.rindex(b"\x1b[?1049l") > shown.rindex(b"\x1b[?1049h")  # left the alternate screen
    assert b"Traceback" not in shown


def test_browse_refuses_a_pipe(run):
    piped = run("browse", "lung")
    assert piped.exit_code == 2 and "browse needs a terminal" in piped.stderr


@driven
async def test_a_rebuild_meanwhile_a_new_generation_is_opened_at_the_next_keystroke(sample_index):
    from sclerodex.index.maintenance import rebuild_index
    from sclerodex.whoosh_engine.storage import current_generation

    app = BrowseApp(sample_index.index_dir)
    async with app.run_test(size=(80, 24)) as pilot:
        await type_query(pilot, "raynaud")
        before = [(hit.article.id, hit.section.ordinal) for hit in app.answer.hits]
        first = current_generation(sample_index.index_dir)
        rebuild_index(sample_index.index_dir)
        assert current_generation(sample_index.index_dir) != first
        await type_query(pilot, "s")
        await pilot.press("backspace")
        await pilot.pause(0.15)
        assert [(hit.article.id, hit.section.ordinal) for hit in app.answer.hits] == before
        assert app.browser.kept._kept._generation == current_generation(sample_index.index_dir)


def test_a_search_may_leave_the_passages_of_all_but_the_first_hits(samples_index_dir):
    from sclerodex.search.searcher import search

    whole, first = search(samples_index_dir, "raynaud", 5), search(samples_index_dir, "raynaud", 5, passages=1)
    assert len(whole.hits) > 1 and whole.passages_for is None and first.passages_for == 1
    assert [(h.article, h.section) for h in first.hits] == [(h.article, h.section) for h in whole.hits]
    assert first.hits[0].passages == whole.hits[0].passages and whole.hits[1].passages
    assert all(not hit.passages for hit in first.hits[1:])
