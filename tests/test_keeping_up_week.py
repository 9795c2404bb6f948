"""A week of keeping up, through the CLI and a local web server: feed items
that fail then appear, a folder moved away, a server down, removals that
stick, the same article three ways.  Nothing is lost and nothing is silent."""

from __future__ import annotations

import json
import shutil


from conftest import SAMPLES, SEED, SEED_URL
from test_urls_and_feeds import page, rss
from webserver import Resource

SUMMARY = "{} new, {} updated, {} unchanged, {} removed, {} skipped"


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
