"""A week of real use, through the CLI and a local web server: saved
searches that never lose an alert, Ctrl-C that keeps what was parsed, empty
answers that say so, feed items that fail then appear, a folder moved away,
a server down, removals that stick, the same article three ways, and
summary counts that add up.  Nothing is lost and nothing is silent."""

from __future__ import annotations

import json
import shutil
import signal
import tempfile
from pathlib import Path

import pytest
from conftest import SAMPLES, SEED, SEED_URL
from hypothesis import given, settings
from hypothesis import strategies as st
from test_urls_and_feeds import page, rss
from webserver import Resource

SUMMARY = "{} new, {} updated, {} unchanged, {} removed, {} skipped"
AGAIN = "run the same command again to continue"


@pytest.fixture
def sigint_kept():
    """An interrupted ingest ignores further Ctrl-C while it exits: give the
    test process its own handler back."""
    previous = signal.getsignal(signal.SIGINT)
    yield
    signal.signal(signal.SIGINT, previous)


def serve_feed(server, items) -> str:
    server.site.resources["/feed/"] = Resource(rss(server.url, items), "application/rss+xml")
    return server.url + "/feed/"


def save_as_an_older_version_did(index_dir, number: int, query: str) -> None:
    """A saved search as versions before this one stored it: unchecked, and
    without a bookmark."""
    from sclerodex.index.writer import ArticleWriter
    from sclerodex.search.saved import Watch

    with ArticleWriter(index_dir, create=False) as writer:
        document = Watch(number, query, "2024-01-01T00:00:00+00:00").to_document()
        writer.put_ledger(document)


def headers(result) -> list[str]:
    return [line for line in result.stdout.splitlines() if line.startswith("== saved search")]


ITEMS = [("one", "Calcinosis update", "<p>Calcium deposits under the skin.</p>"),
         ("two", "Lung news", "<p>Nintedanib slowed the decline of lung function.</p>")]


def test_a_bad_and_a_good_saved_search_across_two_updates(run, server, monkeypatch):
    from sclerodex.errors import IndexLocked

    feed = serve_feed(server, ITEMS)
    assert run("ingest", feed).exit_code == 0
    assert run("watch", "add", "nintedanib").stdout.strip() == "saved search 1: 'nintedanib'"
    save_as_an_older_version_did(run.index_dir, 2, "(")  # 'watch add' now refuses it

    # The bad one is named with its reason; the good one still reports.
    serve_feed(server, ITEMS + [("three", "Nintedanib approved", "<p>Nintedanib is approved for SSc-ILD.</p>")])
    first = run("update")
    assert first.exit_code == 2  # the ingest is done, a saved search failed
    assert first.stdout.splitlines()[:2] == [SUMMARY.format(1, 0, 2, 0, 0), "  new:     Nintedanib approved"]
    assert headers(first) == ["== saved search 1: 'nintedanib' — 1 new matching section =="]
    assert first.stderr.strip() == (
        "Error: saved search 2 was not run: nothing to search for in '(' (only common words?); "
        "it checks this run's articles after the next one"
    )

    # A run where no saved search can run: nothing is reported, nothing is lost.
    def busy(*args, **kwargs):
        raise IndexLocked("another sclerodex process is writing to the index (waited 30s)")

    monkeypatch.setattr("sclerodex.search.searcher.matching_sections", busy)
    serve_feed(server, ITEMS + [("three", "Nintedanib approved", "<p>Nintedanib is approved for SSc-ILD.</p>"),
                                ("four", "Ofev and cough", "<p>Nintedanib eased cough in a small trial.</p>")])
    second, answer = run.json("update")
    assert second.exit_code == 2
    assert answer["watches"] == [] and answer["summary"]["new"] == 1
    assert [(f["number"], f["reason"]) for f in answer["watch_failures"]] == [
        (1, "another sclerodex process is writing to the index (waited 30s)"),
        (2, "another sclerodex process is writing to the index (waited 30s)"),
    ]
    assert second.stderr.count("Error: saved search") == 2 and "Traceback" not in second.stderr
    monkeypatch.undo()

    # The bad one removed, the next update (with nothing new) delivers the missed alert.
    assert run("watch", "remove", "2").exit_code == 0
    third = run("update")
    assert third.exit_code == 0, third.stderr
    assert third.stdout.splitlines()[0] == SUMMARY.format(0, 0, 4, 0, 0)  # the feed: 304, its 4 items unchanged
    assert headers(third) == ["== saved search 1: 'nintedanib' — 1 new matching section =="]
    assert "1. **Ofev** and cough › Introduction" in third.stdout  # Ofev: nintedanib's brand name
    assert "is not medical advice" in third.stdout  # the disclaimer, as in every answer
    assert "Nintedanib approved" not in third.stdout  # reported by the first update already
    quiet = run("update")
    assert quiet.exit_code == 0 and headers(quiet) == [] and quiet.stderr == ""


def test_a_report_that_was_not_printed_is_made_again(run, server, monkeypatch, sigint_kept):
    feed = serve_feed(server, ITEMS)
    run("watch", "add", "nintedanib")
    import sclerodex.output.watches as printing

    def cut_off(*args, **kwargs):
        raise KeyboardInterrupt  # Ctrl-C as the report was about to be printed

    monkeypatch.setattr(printing, "watches_text", cut_off)
    cut = run("ingest", feed)
    assert cut.exit_code != 0 and headers(cut) == []
    monkeypatch.undo()
    again = run("update")
    assert again.exit_code == 0
    assert headers(again) == ["== saved search 1: 'nintedanib' — 1 new matching section =="]
    assert "Lung news › Introduction" in again.stdout
    assert headers(run("update")) == []  # printed, so marked reported


@pytest.mark.parametrize("query", ["(", "the", "-lung", "   ", "AND"])
def test_watch_add_refuses_what_search_refuses_with_its_message(run, query):
    refused = run("watch", "add", "--", query)
    assert refused.exit_code == 2 and refused.stdout == ""
    assert not run.index_dir.exists()  # nothing created for a refused search
    assert run("ingest", "--samples").exit_code == 0
    searched = run("search", "--", query)
    assert searched.exit_code == 2
    again = run("watch", "add", "--", query)
    assert again.exit_code == 2
    assert len(again.stderr.strip().splitlines()) == 1 and "Traceback" not in again.stderr
    if query.strip():
        assert again.stderr == searched.stderr
    assert run("watch", "list").exit_code == 1


def test_the_same_search_is_saved_once(run):
    assert run("watch", "add", "lung", "-skin", "--tag", "b", "--tag", "a").stdout.strip() == (
        "saved search 1: 'lung -skin' --tag 'b' --tag 'a'"
    )
    same = run("watch", "add", "lung  -skin", "--tag", "a", "--tag", "b")
    assert same.exit_code == 0 and same.stdout.strip() == "already saved as 1: 'lung -skin' --tag 'b' --tag 'a'"
    other = run("watch", "add", "lung", "-skin", "--tag", "a", "--limit", "3")  # other options: another search
    assert other.stdout.strip() == "saved search 2: 'lung -skin' --tag 'a' --limit 3"
    assert [w["number"] for w in run.json("watch", "list")[1]] == [1, 2]


def test_a_saved_search_is_refused_exactly_when_search_refuses_it(samples_index_dir):
    from sclerodex.errors import QueryError
    from sclerodex.search.saved import add_watch
    from sclerodex.search.searcher import search

    saved_or_not = set()

    @settings(max_examples=25, deadline=None, database=None)
    @given(st.lists(st.sampled_from(list("ab( )\"*-+:") + ["lung", "the", "AND", "OR", "NOT", "title:", " "]),
                    max_size=8).map("".join))
    def same_answer(text):
        try:
            search(samples_index_dir, text)
            searched = None
        except QueryError as problem:
            searched = str(problem)
        with tempfile.TemporaryDirectory() as folder:  # the samples' index is shared: only read it
            try:
                add_watch(Path(folder) / "index", text)
                saved = None
            except QueryError as problem:
                saved = str(problem)
        if text.strip():
            assert saved == searched
        else:
            assert saved == "a saved search needs a query" and searched is not None
        saved_or_not.add(saved is None)

    same_answer()
    assert saved_or_not == {True, False}  # both kinds of query were met: the property was not vacuous


def test_watch_run_searches_now_without_marking_anything(sample_index):
    run = sample_index
    run("watch", "add", "Imuran")
    run("watch", "add", "zebrafish")
    everything = run("watch", "run")
    assert everything.exit_code == 0
    assert headers(everything) == ["== saved search 1: 'Imuran' — 5 matching sections =="]
    assert "1. **Imuran** (**azathioprine**)" in everything.stdout
    assert "It does not provide medical advice" in everything.stdout
    assert everything.stderr.strip() == "saved search 2: no matches in the index"
    assert all(w["reported_sections"] == 0 for w in run.json("watch", "list")[1])

    result, answer = run.json("watch", "run", "1")
    assert result.exit_code == 0
    assert [(r["watch"]["number"], r["total"]) for r in answer["watches"]] == [(1, 5)]
    assert answer["watch_failures"] == []

    nothing = run("watch", "run", "2")
    assert nothing.exit_code == 1 and nothing.stdout == ""

    assert run("ingest", "--samples").exit_code == 0  # nothing changed
    new_only = run("watch", "run", "--new")
    assert new_only.exit_code == 1 and new_only.stdout == ""
    assert new_only.stderr.splitlines()[0] == "saved search 1: no matches in the articles the last run added or changed"

    unknown = run("watch", "run", "9")
    assert unknown.exit_code == 1  # nothing matched that number, as for watch remove (issue 23)
    assert unknown.stderr == run("watch", "remove", "9").stderr
    assert unknown.stderr.strip() == "Error: no saved search number 9: 'sclerodex watch list' shows them"

    # What watch run printed is still news to the next update.
    run("watch", "remove", "2")
    save_as_an_older_version_did(run.index_dir, 3, "(")
    failing = run("watch", "run")
    assert failing.exit_code == 2 and headers(failing) == ["== saved search 1: 'Imuran' — 5 matching sections =="]
    assert failing.stderr.strip() == "Error: saved search 3 was not run: nothing to search for in '(' (only common words?)"


def test_watch_run_without_saved_searches_says_so(sample_index):
    result = sample_index("watch", "run")
    assert result.exit_code == 1
    assert result.stderr.strip() == "no saved searches: 'sclerodex watch add QUERY' saves one"


def write_pages(folder, count: int) -> None:
    folder.mkdir()
    for n in range(count):
        (folder / f"p{n:03d}.html").write_text(
            f"<html><head><title>Page {n}</title></head><body><article><h1>Page {n}</h1>"
            f"<p>Note {n} about marker{n} and skin fibrosis in systemic sclerosis.</p></article></body></html>"
        )


def interrupt_after(monkeypatch, sources: int) -> None:
    """Ctrl-C once ``sources`` have been read: the ingest's progress callback raises."""
    import sclerodex.sync.driver as driver

    real = driver.ingest_paths

    def ingest_paths(index_dir, paths, options, on_progress=None, *args):
        def progress(done):
            if on_progress:
                on_progress(done)
            if done.done == sources:
                raise KeyboardInterrupt

        return real(index_dir, paths, options, progress, *args)

    monkeypatch.setattr(driver, "ingest_paths", ingest_paths)


def test_ctrl_c_in_a_600_page_ingest_keeps_the_parsed_articles(run, tmp_path, monkeypatch, sigint_kept):
    docs = tmp_path / "docs"
    write_pages(docs, 600)
    assert run("watch", "add", "fibrosis", "--limit", "1").exit_code == 0
    interrupt_after(monkeypatch, 150)  # the first batch (100) committed, 50 more parsed and queued
    stopped = run("ingest", "--batch-size", "100", "--jobs", "1", str(docs))
    assert stopped.exit_code == 130
    assert stopped.stderr.strip() == f"interrupted: kept 150 articles; {AGAIN}"
    assert stopped.stdout == ""
    monkeypatch.undo()
    listed, rows = run.json("list", "--new")
    assert listed.exit_code == 0 and len(rows) == 150

    again = run("ingest", "--batch-size", "100", "--jobs", "1", str(docs))
    assert again.exit_code == 0
    assert again.stdout.splitlines()[0] == SUMMARY.format(450, 0, 150, 0, 0)
    # The saved search catches the interrupted run's articles too.
    assert headers(again) == ["== saved search 1: 'fibrosis' --limit 1 — 600 new matching sections =="]


def test_ctrl_c_commits_what_fits_in_its_time_and_says_what_it_left_out(run, tmp_path, monkeypatch, sigint_kept):
    docs = tmp_path / "docs"
    write_pages(docs, 60)
    # No commit measured yet: 0.1 s an article as guessed, so about 5 fit in 0.59 s.
    monkeypatch.setattr("sclerodex.index.writer.GUESSED_COMMIT_SECONDS_PER_ARTICLE", 0.1)
    monkeypatch.setattr("sclerodex.index.writer.KEEP_SECONDS", 0.59)
    interrupt_after(monkeypatch, 30)
    stopped = run("ingest", "--batch-size", "100", "--jobs", "1", str(docs))
    assert stopped.exit_code == 130
    assert stopped.stderr.strip() == (
        "interrupted: kept 5 articles (25 more parsed were not committed: that would take more than 0.59 s; "
        f"the next run reads them again); {AGAIN}"
    )
    monkeypatch.undo()
    assert len(run.json("list", "--new")[1]) == 5
    assert run("ingest", str(docs)).stdout.splitlines()[0] == SUMMARY.format(55, 0, 5, 0, 0)


def test_ctrl_c_with_no_time_to_commit_keeps_the_last_commit(run, tmp_path, monkeypatch, sigint_kept):
    docs = tmp_path / "docs"
    write_pages(docs, 60)
    monkeypatch.setattr("sclerodex.index.writer.KEEP_SECONDS", 0.0)
    interrupt_after(monkeypatch, 30)
    stopped = run("ingest", "--batch-size", "20", "--jobs", "1", str(docs))
    assert stopped.exit_code == 130
    assert stopped.stderr.strip() == (
        "interrupted: kept 20 articles (10 more parsed were not committed: that would take more than 0 s; "
        f"the next run reads them again); {AGAIN}"
    )
    monkeypatch.undo()
    assert len(run.json("list", "--new")[1]) == 20


def test_ctrl_c_in_ingest_paths_keeps_what_was_parsed(tmp_path):
    from sclerodex.index.catalog import changed_articles, list_articles
    from sclerodex.interrupts import IngestInterrupted
    from sclerodex.sync.driver import ingest_paths
    from sclerodex.sync.options import IngestOptions

    docs = tmp_path / "docs"
    write_pages(docs, 600)

    def stop(progress):
        if progress.done == 150:
            raise KeyboardInterrupt

    with pytest.raises(IngestInterrupted) as stopped:
        ingest_paths(tmp_path / "index", [docs], IngestOptions(batch_size=100, jobs=1), stop)
    assert stopped.value.kept == 150 and stopped.value.problem is None
    assert isinstance(stopped.value, KeyboardInterrupt)  # what callers caught before still catches it
    assert len(list_articles(tmp_path / "index")) == 150
    assert len(changed_articles(tmp_path / "index", last_run=True)) == 150


def test_every_empty_answer_is_said(run, tmp_path):
    run("watch", "add", "lung")  # an index, with nothing in it
    for args, said in [
        (("sources",), "no remembered sources: 'sclerodex ingest PATH' remembers each folder, file, page or feed"),
        (("list",), "no articles in the index: 'sclerodex ingest PATH' adds some"),
    ]:
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr.strip()) == (1, "", said)
    run("watch", "remove", "1")
    listed = run("watch", "list")
    assert (listed.exit_code, listed.stderr.strip()) == (1, "no saved searches: 'sclerodex watch add QUERY' saves one")
    as_json = run("watch", "list", "--format", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout) == []

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("A note about lungs.\nPart\nText about skin.\n")
    assert run("ingest", str(docs)).exit_code == 0
    assert run("ingest", str(docs)).exit_code == 0  # nothing new
    for args, said in [
        (("list", "--new"), "no articles added or changed by the last run"),
        (("list", "--added-since", "2030-01-01"), "no articles added since 2030-01-01"),
        (("list", "--new", "--added-since", "2030"), "no articles added or changed by the last run since 2030"),
    ]:
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr.strip()) == (1, "", said)


# Removals, retries, vanished sources, duplicates and counts


def first_line(result) -> str:
    return result.stdout.splitlines()[0]


def note(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def feed_of_links(server, slugs: list[str]) -> str:
    server.site.resources["/feed/"] = Resource(
        rss(server.url, [(slug, slug.title(), None) for slug in slugs]), "application/rss+xml"
    )
    return server.url + "/feed/"


def failing_of(run) -> list[dict]:
    return [item for source in run.json("sources")[1] for item in source["failing"]]


def test_a_feed_item_that_404s_is_tried_again_until_it_appears(run, server):
    server.site.resources["/one/"] = Resource(page("One", "Digital ulcers heal slowly in winter."))
    feed = feed_of_links(server, ["one", "two"])  # /two/ is not up yet
    first = run("ingest", feed)
    assert first.exit_code == 0 and first_line(first) == SUMMARY.format(1, 0, 0, 0, 1)
    assert f"skipped {feed} item {server.url}/two/: HTTP 404 Not Found (tried again at the next update)" in first.stderr
    [failing] = failing_of(run)
    assert failing["source"] == f"{server.url}/two/" and failing["attempts"] == 1 and failing["reason"].startswith("HTTP 404")
    listed = run("sources").stdout
    assert f"still failing since {failing['since']} (1 tries): {server.url}/two/: HTTP 404 Not Found" in listed

    # The feed answers 304: its item is asked for all the same.
    server.site.reset_counts()
    second = run("update", "--verbose")
    assert first_line(second) == SUMMARY.format(0, 0, 1, 0, 1)
    assert [path for path, _ in server.site.requests] == ["/feed/", "/two/"]
    assert "still failing since" in second.stderr and failing_of(run)[0]["attempts"] == 2

    server.site.resources["/two/"] = Resource(page("Two", "Calcinosis cutis responds to sodium thiosulfate."))
    third = run("update")
    assert third.exit_code == 0 and first_line(third) == SUMMARY.format(1, 0, 1, 0, 0)
    assert failing_of(run) == []
    assert run("search", "thiosulfate").exit_code == 0
    # Nothing more to try: the next update asks for the feed alone.
    server.site.reset_counts()
    assert first_line(run("update")) == SUMMARY.format(0, 0, 2, 0, 0)
    assert [path for path, _ in server.site.requests] == ["/feed/"]


def test_after_three_failures_an_item_waits_for_its_backoff_and_says_so(run, server, monkeypatch):
    feed = feed_of_links(server, ["gone"])
    for _ in range(3):  # the first ingest and two updates: tried each time
        run("update") if run.index_dir.exists() else run("ingest", feed)
    assert failing_of(run)[0]["attempts"] == 3
    server.site.reset_counts()
    held = run("update", "--verbose")
    assert first_line(held) == SUMMARY.format(0, 0, 0, 0, 0) + ", 1 held back"
    assert [path for path, _ in server.site.requests] == ["/feed/"]
    assert "held back until " in held.stderr and f"{server.url}/gone/ (failed 3 times or more)" in held.stderr
    answer = run.json("update")[1]
    assert answer["summary"]["held_back"] == 1 and answer["held_back"][0]["source"] == f"{server.url}/gone/"
    # Once the hour has passed it is tried again: never given up.
    monkeypatch.setattr("sclerodex.index.failing.BACKOFF_SECONDS", 0)
    server.site.reset_counts()
    run("update")
    assert [path for path, _ in server.site.requests] == ["/feed/", "/gone/"]
    assert failing_of(run)[0]["attempts"] == 4


def test_a_folder_moved_away_is_said_and_pruned_with_its_articles(run, tmp_path):
    kept = note(tmp_path / "kept", "a.txt", "A note about calcinosis.\n")
    note(tmp_path / "moved", "b.txt", "A note about gloves.\n")
    note(tmp_path / "moved", "c.txt", "A note about paraffin baths.\n")
    assert first_line(run("ingest", str(kept.parent), str(tmp_path / "moved"))) == SUMMARY.format(3, 0, 0, 0, 0)
    shutil.move(tmp_path / "moved", tmp_path / "elsewhere")

    said = run("update")
    assert said.exit_code == 1
    assert said.stderr.strip() == (
        f"skipped {tmp_path / 'moved'}: no such file or folder: gone for good; "
        "'sclerodex update --prune' removes its articles and forgets it"
    )
    kinds = {s["source"]: s["kind"] for s in run.json("sources")[1]}
    assert kinds[str(tmp_path / "moved")] == "folder"  # still a folder, not a 'file'
    assert run("search", "gloves").exit_code == 0  # kept until pruned

    pruned = run("update", "--prune")
    assert first_line(pruned) == SUMMARY.format(0, 0, 1, 2, 1)
    assert "gone for good; its articles are removed and it is forgotten" in pruned.stderr
    assert run("search", "gloves").exit_code == 1
    assert [s["source"] for s in run.json("sources")[1]] == [str(kept.parent)]
    assert run("update").exit_code == 0  # nothing gone is left to say


def test_remove_takes_a_folder_even_when_it_was_moved_away(run, tmp_path):
    note(tmp_path / "old", "b.txt", "A note about gloves.\n")
    note(tmp_path / "old" / "deeper", "c.txt", "A note about paraffin baths.\n")
    note(tmp_path / "oldies", "d.txt", "A note about a folder of a similar name.\n")
    run("ingest", str(tmp_path / "old"), str(tmp_path / "oldies"))
    shutil.rmtree(tmp_path / "old")
    removed = run("remove", str(tmp_path / "old") + "/")
    assert removed.exit_code == 0 and removed.stdout.strip() == f"removed 2 articles under {tmp_path / 'old'}/"
    assert "out of later updates" in removed.stderr
    assert [row["source"] for row in run.json("list")[1]] == [str(tmp_path / "oldies" / "d.txt")]
    assert "is still a remembered source" in removed.stderr  # the folder given to ingest
    still = run("remove", str(tmp_path / "oldies"))
    assert still.stdout.strip() == f"removed 1 article under {tmp_path / 'oldies'}"
    assert f"{tmp_path / 'oldies'} is still a remembered source: 'sclerodex sources remove " in still.stderr
    missing = run("remove", str(tmp_path / "never"))
    assert missing.exit_code == 1 and missing.stderr.strip() == f"not in the index: {tmp_path / 'never'}"


def test_a_feed_whose_server_is_down_is_unreachable_not_gone(run, server):
    server.site.resources["/one/"] = Resource(page("One", "Digital ulcers heal slowly in winter."))
    feed = feed_of_links(server, ["one"])
    run("ingest", feed)
    server.site.resources["/feed/"] = Resource(b"", status=503)
    down = run("update", "--prune")
    assert down.exit_code == 1
    assert "(unreachable: its articles are kept; tried again at the next update)" in down.stderr
    [source] = run.json("sources")[1]
    assert source["kind"] == "feed" and source["problem"].startswith("HTTP 503")
    assert run("search", "ulcers").exit_code == 0  # a server down is not a page gone


def test_a_page_gone_for_good_is_pruned(run, server):
    server.site.resources["/a/"] = Resource(page("A", "Telangiectasias fade with laser treatment."))
    run("ingest", server.url + "/a/")
    del server.site.resources["/a/"]
    assert "gone for good" in run("update").stderr
    assert run("search", "telangiectasias").exit_code == 0
    pruned = run("update", "--prune")
    assert first_line(pruned) == SUMMARY.format(0, 0, 0, 1, 1)
    assert run("search", "telangiectasias").exit_code == 1 and run.json("sources")[1] == []


def test_removal_sticks_until_the_file_itself_is_named(run, tmp_path):
    folder = tmp_path / "notes"
    note(folder, "a.txt", "A note about calcinosis.\n")
    removed_file = note(folder, "b.txt", "A note about gloves.\n")
    run("ingest", str(folder))
    assert run("remove", str(removed_file)).stdout.strip() == f"removed {removed_file}"

    again = run("update")
    assert again.exit_code == 0 and first_line(again) == SUMMARY.format(0, 0, 1, 0, 0) + ", 1 excluded"
    assert run("search", "gloves").exit_code == 1
    assert run.json("ingest", str(folder))[1]["summary"]["excluded"] == 1
    [source] = run.json("sources")[1]
    assert source["excluded"] == 1 and "1 excluded (removed)" in run("sources").stdout
    removed_file.write_text("A note about gloves, edited.\n")  # a change does not bring it back either
    assert first_line(run("update")) == SUMMARY.format(0, 0, 1, 0, 0) + ", 1 excluded"

    back = run("ingest", str(removed_file))
    assert back.exit_code == 0 and back.stdout.splitlines()[:3] == [
        SUMMARY.format(1, 0, 0, 0, 0),
        "  back:    A note about gloves, edited. (removed before; named here)",
        "  new:     A note about gloves, edited.",
    ]
    assert run("search", "gloves").exit_code == 0
    assert first_line(run("update")) == SUMMARY.format(0, 0, 2, 0, 0)  # it stays back


def test_a_removed_feed_item_stays_out(run, server):
    items = [("one", "Calcinosis update", "<p>Calcium deposits under the skin.</p>"),
             ("two", "Lung news", "<p>Nintedanib slowed the decline of lung function.</p>")]
    server.site.resources["/feed/"] = Resource(rss(server.url, items), "application/rss+xml")
    run("ingest", server.url + "/feed/")
    assert run("remove", server.url + "/two/").exit_code == 0
    grown = items + [("three", "Hand care", "<p>Paraffin baths ease stiff hands.</p>")]
    server.site.resources["/feed/"] = Resource(rss(server.url, grown), "application/rss+xml")  # the feed changed
    assert first_line(run("update")) == SUMMARY.format(1, 0, 1, 0, 0) + ", 1 excluded"
    assert run("search", "nintedanib").exit_code == 1


def test_the_same_article_three_ways_is_indexed_once(run, server, tmp_path):
    raynaud = (SAMPLES / "raynauds-phenomenon.html").read_text(encoding="utf-8")
    sample_id = "https://sclerodex.invalid/samples/raynauds-phenomenon/"
    saved = note(tmp_path / "saved", "raynaud.html", raynaud)  # saved from the site: the same canonical URL
    # Served from elsewhere without its URL (no canonical link, og:url or JSON-LD url): an id of its own.
    unnamed = "\n".join(line for line in raynaud.splitlines() if f'{sample_id}"' not in line)
    server.site.resources["/raynaud"] = Resource(unnamed.encode())

    assert first_line(run("ingest", "--samples")) == SUMMARY.format(8, 0, 0, 0, 0)
    as_file = run("ingest", "--verbose", str(saved))
    assert first_line(as_file) == SUMMARY.format(0, 0, 0, 0, 0) + ", 1 duplicate"  # not an update
    assert f"duplicate of {sample_id}: {sample_id} (Raynaud’s Phenomenon and Scleroderma)" in as_file.stderr
    result, answer = run.json("ingest", server.url + "/raynaud")
    assert answer["duplicates"] == [
        {"id": server.url + "/raynaud", "duplicate_of": sample_id, "title": "Raynaud’s Phenomenon and Scleroderma"}
    ]
    hits = run.json("search", "raynaud", "--limit", "100")[1]["hits"]
    ids = [hit["article"]["id"] for hit in hits]
    assert sample_id in ids and str(saved) not in ids and server.url + "/raynaud" not in ids
    assert len({(hit["article"]["title"], hit["section"]["ordinal"]) for hit in hits}) == len(hits)  # no section twice
    for name in (str(saved), server.url + "/raynaud", sample_id):
        shown = run("show", "--format", "json", name)
        assert shown.exit_code == 0 and json.loads(shown.stdout)["id"] == sample_id
    assert len(run.json("list")[1]) == 8
    assert first_line(run("update")) == SUMMARY.format(0, 0, 10, 0, 0)  # seen again: unchanged, once each


def test_the_imuran_export_and_the_page_saved_from_the_site_are_one_article(run, tmp_path):
    from sclerodex.ingest.plaintext import parse_plaintext

    export = parse_plaintext(SEED.read_text(encoding="utf-8"), str(SEED))
    body = ""
    for section in export.sections:
        if section.heading:
            body += f"<h2>{section.heading}</h2>"
        body += "".join(f"<p>{line}</p>" for line in section.text.splitlines())
    saved = note(tmp_path, "imuran.html", (
        f"<html><head><title>{export.title}</title></head><body><article><h1>{export.title}</h1>"
        f"<div class='entry-content'>{body}</div></article></body></html>"
    ))
    run("ingest", "--samples")
    again = run.json("ingest", str(saved))[1]
    assert again["summary"]["new"] == 0 and [d["duplicate_of"] for d in again["duplicates"]] == [SEED_URL]


def test_a_feed_of_five_unchanged_items_is_five_unchanged(run, server):
    items = [(f"i{n}", f"Item {n}", f"<p>Item number {n} about hands.</p>") for n in range(5)]
    server.site.resources["/feed/"] = Resource(rss(server.url, items), "application/rss+xml")
    assert first_line(run("ingest", server.url + "/feed/")) == SUMMARY.format(5, 0, 0, 0, 0)
    assert first_line(run("update")) == SUMMARY.format(0, 0, 5, 0, 0)
    assert run.json("update")[1]["summary"]["unchanged"] == 5


def test_two_copies_of_a_page_in_one_folder_are_one_article_and_the_counts_add_up(run, tmp_path):
    folder = tmp_path / "saved"
    folder.mkdir()
    for name in ("raynaud.html", "raynaud (1).html"):  # the same page saved twice: one canonical URL
        shutil.copy(SAMPLES / "raynauds-phenomenon.html", folder / name)
    first = run.json("ingest", str(folder))[1]["summary"]
    assert (first["new"], first["duplicates"]) == (1, 1)  # 2 files: 1 new + 1 duplicate
    again = run.json("update")[1]["summary"]
    assert again["unchanged"] == 2 and len(run.json("list")[1]) == 1
