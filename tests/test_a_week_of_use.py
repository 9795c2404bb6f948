"""A week of real use: saved searches that never lose an alert, Ctrl-C that
keeps what was parsed, and empty answers that say so."""

from __future__ import annotations

import json
import signal
import tempfile
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from test_urls_and_feeds import rss
from webserver import Resource, TestServer

SUMMARY = "{} new, {} updated, {} unchanged, {} removed, {} skipped"
AGAIN = "run the same command again to continue"


@pytest.fixture
def server():
    with TestServer() as running:
        yield running


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
