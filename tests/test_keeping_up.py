"""Keeping up with the news: remembered sources, update, what is new, saved
searches that report each section once."""

from __future__ import annotations

import os
import random
import shutil

import pytest
from conftest import SAMPLES
from test_urls_and_feeds import page, rss
from webserver import Resource

SUMMARY = "{} new, {} updated, {} unchanged, {} removed, {} skipped"


def lines(result) -> list[str]:
    return result.stdout.splitlines()


def note(folder, name: str, text: str):
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(text)
    return path


def test_a_growing_feed_between_two_updates(run, server):
    base = server.url
    first = [("one", "Calcinosis update", "<p>Calcium deposits under the skin.</p>"),
             ("two", "Lung news", "<p>Nintedanib slowed the decline of lung function.</p>")]
    server.site.resources["/feed/"] = Resource(rss(base, first), "application/rss+xml")
    assert lines(run("ingest", base + "/feed/"))[0] == SUMMARY.format(2, 0, 0, 0, 0)
    saved = run("watch", "add", "nintedanib", "OR", "Ofev")
    assert saved.exit_code == 0 and saved.stdout.strip() == "saved search 1: 'nintedanib OR Ofev'"

    # Nothing new: nothing is reported, and the watch ignores what was there before it.
    quiet = run("update")
    assert quiet.exit_code == 0 and lines(quiet) == [SUMMARY.format(0, 0, 2, 0, 0)]  # the feed: 304, its 2 items

    grown = first + [("three", "Ofev approved", "<p>Ofev is now approved for SSc-ILD.</p>"),
                     ("four", "Hand care", "<p>Paraffin baths ease stiff hands.</p>")]
    server.site.resources["/feed/"] = Resource(rss(base, grown), "application/rss+xml")
    result = run("update")
    assert result.exit_code == 0
    out = lines(result)
    assert out[:3] == [SUMMARY.format(2, 0, 2, 0, 0), "  new:     Ofev approved", "  new:     Hand care"]
    assert "== saved search 1: 'nintedanib OR Ofev' — 1 new matching section ==" in out
    assert "1. **Ofev** approved › Introduction" in out  # the title's match marked, as in every hit
    assert "   **Ofev** is now approved for SSc-ILD." in out
    assert "1 of 1 matching sections." in out
    assert "Lung news" not in result.stdout  # matched before the watch existed: not in this run
    assert "not medical advice" in result.stdout  # the disclaimer under the hits

    listed = run("list", "--new")
    assert listed.exit_code == 0 and "Ofev approved" in listed.stdout and "Calcinosis" not in listed.stdout
    new_hits = run.json("search", "--new", "skin", "OR", "hands")[1]["hits"]
    assert [h["article"]["title"] for h in new_hits] == ["Hand care"]

    # The same sections are never reported twice; a changed one is, in JSON too.
    again = run("update")
    assert lines(again) == [SUMMARY.format(0, 0, 4, 0, 0)]  # the feed's 4 items, unchanged
    changed = [item if item[0] != "three" else ("three", "Ofev approved", "<p>Ofev is approved; nintedanib doses.</p>")
               for item in grown]
    server.site.resources["/feed/"] = Resource(rss(base, changed), "application/rss+xml")
    result, answer = run.json("update")
    assert answer["summary"]["line"] == SUMMARY.format(0, 1, 3, 0, 0)
    assert [a["title"] for a in answer["updated_articles"]] == ["Ofev approved"]
    [report] = answer["watches"]
    assert report["watch"]["number"] == 1 and report["watch"]["query"] == "nintedanib OR Ofev"
    assert report["watch"]["reported_sections"] == 1  # one section, reported again because it changed
    assert report["total"] == 1 and report["hits"][0]["article"]["title"] == "Ofev approved"
    assert report["disclaimers"]


def test_sources_lists_folders_files_pages_and_feeds_and_update_rereads_them(run, server, tmp_path):
    folder = tmp_path / "articles"
    shutil.copytree(SAMPLES, folder)
    single = note(tmp_path / "notes", "single.txt", "A note on digital ulcers and wound care.\n")
    server.site.resources["/page/"] = Resource(page("Telangiectasia", "Small red spots called telangiectasias."))
    server.site.resources["/feed/"] = Resource(
        rss(server.url, [("x", "Sclerodactyly", "<p>Fingers curl as skin tightens.</p>")]), "application/rss+xml"
    )
    first = run("ingest", str(folder), str(single), server.url + "/page/", server.url + "/feed/")
    assert first.exit_code == 0 and lines(first)[0] == SUMMARY.format(10, 0, 0, 0, 0)
    assert len(lines(first)) == 11  # the summary, then the ten titles

    result, listed = run.json("sources")
    assert sorted((s["source"], s["kind"], s["articles"]) for s in listed) == sorted([
        (str(folder), "folder", 7), (str(single), "file", 1),
        (server.url + "/page/", "page", 1), (server.url + "/feed/", "feed", 1),
    ])
    assert all(s["problem"] is None and s["last_read"] for s in listed)
    text = run("sources").stdout
    assert f"folder  {folder}" in text and "last read " in text and "7 articles" in text

    # Changes everywhere; one update reads them all, from any working folder.
    page_file = folder / "raynauds-phenomenon.html"
    page_file.write_text(page_file.read_text(encoding="utf-8").replace("Attacks can last", "Episodes can last"),
                         encoding="utf-8")
    single.write_text("A note on digital ulcers, wound care and hyperbaric oxygen.\n")
    server.site.resources["/page/"] = Resource(page("Telangiectasia", "Laser treatment fades telangiectasias."))
    updated = run("update")
    assert updated.exit_code == 0
    assert lines(updated)[0] == SUMMARY.format(0, 3, 7, 0, 0)
    assert run("search", "hyperbaric").exit_code == 0 and run("search", "laser").exit_code == 0

    forgot = run("sources", "remove", str(single))
    assert forgot.exit_code == 0 and forgot.stdout.strip() == f"forgot {single}"
    assert sorted(s["source"] for s in run.json("sources")[1]) == sorted([str(folder), server.url + "/page/", server.url + "/feed/"])
    assert run("search", "hyperbaric").exit_code == 0  # its article stays
    missing = run("sources", "remove", str(single))
    assert missing.exit_code == 1 and missing.stderr.strip() == f"not a remembered source: {single}"
    assert lines(run("update"))[0] == SUMMARY.format(0, 0, 9, 0, 0)


def test_at_most_ten_titles_then_how_many_more(run, tmp_path):
    for n in range(12):
        note(tmp_path / "docs", f"n{n:02d}.txt", f"Note {n:02d} about marker{n}.\n")
    out = lines(run("ingest", str(tmp_path / "docs")))
    assert out[0] == SUMMARY.format(12, 0, 0, 0, 0)
    assert out[1:] == [f"  new:     Note {n:02d} about marker{n}." for n in range(10)] + [
        "  and 2 more: sclerodex list --new"]
    assert len(run.json("list", "--new")[1]) == 12


def test_a_remembered_folder_that_is_gone_fails_the_update(run, tmp_path):
    note(tmp_path / "one", "a.txt", "A note about calcinosis.\n")
    note(tmp_path / "two", "b.txt", "A note about gloves.\n")
    run("ingest", str(tmp_path / "one"), str(tmp_path / "two"))
    shutil.rmtree(tmp_path / "two")
    result = run("update")
    assert result.exit_code == 1
    gone_for_good = "no such file or folder: gone for good; 'sclerodex update --prune' removes its articles and forgets it"
    assert result.stderr.strip() == f"skipped {tmp_path / 'two'}: {gone_for_good}"
    gone = {s["source"]: (s["kind"], s["problem"]) for s in run.json("sources")[1]}
    assert gone == {str(tmp_path / "one"): ("folder", None), str(tmp_path / "two"): ("folder", gone_for_good)}
    assert run("search", "gloves").exit_code == 0  # its article stays until --prune or remove


def test_update_without_remembered_sources_says_what_to_do(run, tmp_path):
    run("watch", "add", "lung")  # creates the index, remembers no source
    result = run("update")
    assert result.exit_code == 2
    assert result.stderr.strip() == (
        f"Error: the index at {run.index_dir} remembers no sources yet: give them to 'sclerodex ingest' once"
    )


def test_added_since_for_list_and_search(run, tmp_path):
    run("ingest", "--samples")
    assert len(run.json("list", "--added-since", "2000")[1]) == 8
    future = run("list", "--added-since", "2999-01-01")
    assert future.exit_code == 1 and future.stdout == ""
    assert run("search", "--added-since", "2999", "lung").exit_code == 1
    assert run("search", "--added-since", "2000", "lung").exit_code == 0
    assert run("search", "--added-since", "yesterday", "lung").exit_code == 0  # issue 22: relative forms
    assert run("search", "--added-since", "today", "lung").exit_code == 0
    bad = run("search", "--added-since", "the day before", "lung")
    assert bad.exit_code == 2 and "cannot read the date 'the day before'" in bad.stderr


def test_watch_options_list_and_remove(run):
    run("ingest", "--samples")
    assert run("watch", "add", "rituximab", "--tag", "lung disease", "--since", "2020", "--limit", "3").exit_code == 0
    assert run("watch", "add", "Imuran", "--no-synonyms").exit_code == 0
    listed = run.json("watch", "list")[1]
    assert [(w["number"], w["query"], w["tags"], w["since"], w["limit"], w["synonyms"]) for w in listed] == [
        (1, "rituximab", ["lung disease"], "2020", 3, True), (2, "Imuran", [], None, 10, False)]
    assert run("watch", "list").stdout.splitlines()[1].startswith("  2  'Imuran' --no-synonyms")
    removed = run("watch", "remove", "1")
    assert removed.exit_code == 0 and removed.stdout.startswith("removed saved search 1: 'rituximab'")
    gone = run("watch", "remove", "1")
    assert gone.exit_code == 1 and "no saved search number 1" in gone.stderr  # nothing matched: 1, like sources remove
    assert run("watch", "add", "lung", "--since", "soon").exit_code == 2
    assert [w["number"] for w in run.json("watch", "list")[1]] == [2]


def test_rebuild_keeps_sources_watches_and_the_run_log(run, tmp_path):
    run("ingest", "--samples")
    run("watch", "add", "cyclophosphamide")
    before = (run.json("sources")[1], run.json("watch", "list")[1], run.json("list", "--new")[1])
    assert run("index", "rebuild").exit_code == 0
    assert (run.json("sources")[1], run.json("watch", "list")[1], run.json("list", "--new")[1]) == before
    assert run("index", "check").exit_code == 0
    assert lines(run("update"))[0] == SUMMARY.format(0, 0, 8, 0, 0)


@pytest.mark.parametrize(
    "args", [("remove", "foo"), ("show", "foo"), ("list",), ("search", "foo"), ("sources",), ("watch", "list"),
             ("sources", "remove", "x"), ("watch", "remove", "1"), ("update",), ("index", "optimize")]
)
def test_commands_that_read_never_create_an_index(run, args):
    result = run(*args)
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: no index at {run.index_dir}")
    assert not run.index_dir.exists()


def test_unreadable_folder_is_skipped_with_a_reason(run, tmp_path, monkeypatch):
    locked = tmp_path / "perm" / "locked"
    note(locked, "a.txt", "Nothing can read this note about Raynaud's.\n")
    inner = tmp_path / "docs" / "inner"
    note(tmp_path / "docs", "b.txt", "A readable note about calcinosis.\n")
    note(inner, "c.txt", "An unreadable note about ulcers.\n")
    real_scandir = os.scandir

    def scandir(path=".", *args):  # as a folder without read permission answers (tests run as root)
        if str(path) in (str(locked), str(inner)):
            raise PermissionError(13, "Permission denied", str(path))
        return real_scandir(path, *args)

    monkeypatch.setattr(os, "scandir", scandir)
    result = run("ingest", str(locked))
    assert result.exit_code == 1  # the folder asked for could not be read
    assert result.stderr.strip() == f"skipped {locked}: cannot read the folder: Permission denied"
    assert lines(result)[0] == SUMMARY.format(0, 0, 0, 0, 1)
    assert run("sources").exit_code == 1  # a source that never could be read is not remembered

    result = run("ingest", str(tmp_path / "docs"))
    assert result.exit_code == 0  # a folder inside one: skipped and counted, the run goes on
    assert result.stderr.strip() == f"skipped {inner}: cannot read the folder: Permission denied"
    assert lines(result)[0] == SUMMARY.format(1, 0, 0, 0, 1)


def test_unreadable_file_is_skipped_with_a_reason(run, tmp_path, monkeypatch):
    secret = note(tmp_path / "docs", "secret.txt", "A note about digital ulcers.\n")
    real_open = open

    def guarded(path, *args, **kwargs):
        if str(path) == str(secret):
            raise PermissionError(13, "Permission denied", str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr("builtins.open", guarded)
    result = run("ingest", str(tmp_path / "docs"))
    assert result.exit_code == 0
    assert result.stderr.strip() == f"skipped {secret}: Permission denied"
    named = run("ingest", str(secret))
    assert named.exit_code == 1 and named.stderr.strip() == f"skipped {secret}: Permission denied"


def test_binary_and_empty_files_are_reported_once_until_they_change(run, tmp_path):
    docs = tmp_path / "docs"
    note(docs, "good.txt", "A note about calcinosis.\n")
    (docs / "photo.txt").write_bytes(bytes(range(256)) * 8)
    (docs / "empty.html").write_bytes(b"")
    first = run("ingest", str(docs))
    assert first.exit_code == 0  # skips alone are not a failure
    assert lines(first)[0] == SUMMARY.format(1, 0, 0, 0, 2)
    assert f"skipped {docs / 'photo.txt'}: binary data, not text" in first.stderr
    assert f"skipped {docs / 'empty.html'}: empty file" in first.stderr

    second = run("update")
    assert second.exit_code == 0 and second.stderr == ""
    assert lines(second)[0] == SUMMARY.format(0, 0, 1, 0, 2)
    verbose = run("update", "--verbose")
    assert f"skipped {docs / 'photo.txt'}: binary data, not text (as before; unchanged since)" in verbose.stderr

    (docs / "empty.html").write_text("<article><p>Now a page about gloves.</p></article>")
    third = run("update")
    assert lines(third)[0] == SUMMARY.format(1, 0, 1, 0, 1) and third.stderr == ""
    (docs / "photo.txt").write_bytes(random.Random(7).randbytes(3000))  # changed, still binary: reported again
    assert "photo.txt: binary data, not text" in run("update").stderr
    # Named on the command line, a skipped file is what was asked for: reported, exit 1.
    named = run("ingest", str(docs / "photo.txt"))
    assert named.exit_code == 1 and "photo.txt: binary data, not text" in named.stderr


def test_sample_ids_do_not_depend_on_the_install_path_and_old_ids_are_repaired(run, tmp_path):
    from conftest import SEED, SEED_URL

    from sclerodex.index.manifest import SourceRecord
    from sclerodex.index.writer import ArticleWriter
    from sclerodex.sync.prepare import prepare_file

    def ingest_as_before(path) -> None:
        """As sclerodex did before: the export under its path-based id (and
        the same text twice under two ids: it did not look for duplicates)."""
        prepared = prepare_file(str(path), None, 10**8)
        record = SourceRecord(str(path), prepared.article.id, prepared.sha256, prepared.size, prepared.mtime_ns)
        with ArticleWriter(run.index_dir, keep_duplicates=True) as writer:
            writer.add(prepared.article, record)

    # An index from before, holding the seed from this installation and from
    # another one.
    elsewhere = tmp_path / "old-site" / "sclerodex" / "data" / "seed"
    elsewhere.mkdir(parents=True)
    old_seed = elsewhere / SEED.name
    shutil.copy(SEED, old_seed)
    ingest_as_before(old_seed)
    ingest_as_before(SEED)
    ids = {row["id"] for row in run.json("list")[1]}
    assert ids == {str(old_seed), str(SEED)}

    repaired = run("ingest", "--samples")
    assert repaired.exit_code == 0
    assert lines(repaired)[0] == SUMMARY.format(7, 1, 0, 1, 0)
    rows = run.json("list")[1]
    assert len(rows) == 8 and SEED_URL in {row["id"] for row in rows}
    assert not any(row["id"].endswith(SEED.name) for row in rows)
    assert lines(run("ingest", "--samples"))[0] == SUMMARY.format(0, 0, 8, 0, 0)
    assert [s["source"] for s in run.json("sources")[1]][-1] == "sclerodex:samples"


def test_the_summary_is_printed_even_when_the_saved_searches_cannot_run(run, monkeypatch):
    from sclerodex.errors import IndexLocked

    def locked(*args, **kwargs):
        raise IndexLocked("another sclerodex process is writing to the index (waited 30s)")

    monkeypatch.setattr("sclerodex.search.saved.check_watches", locked)
    result = run("ingest", "--samples")
    assert result.exit_code == 2
    assert lines(result)[0] == SUMMARY.format(8, 0, 0, 0, 0)
    assert result.stderr.strip() == (
        "Error: the saved searches were not run: another sclerodex process is writing to the index (waited 30s)"
    )


def test_a_feed_file_is_a_feed_and_a_folder_holding_one_a_folder(run, tmp_path):
    items = [("x", "Sclerodactyly", "<p>Fingers curl as skin tightens.</p>")]
    (tmp_path / "docs").mkdir()
    (tmp_path / "docs" / "saved-feed.txt").write_bytes(rss("https://example.org", items))
    (tmp_path / "feed.xml").write_bytes(rss("https://example.org", [("y", "Hands", "<p>Paraffin baths.</p>")]))
    assert run("ingest", str(tmp_path / "docs"), str(tmp_path / "feed.xml")).exit_code == 0
    kinds = {s["source"]: (s["kind"], s["articles"]) for s in run.json("sources")[1]}
    assert kinds == {str(tmp_path / "docs"): ("folder", 1), str(tmp_path / "feed.xml"): ("feed", 1)}
