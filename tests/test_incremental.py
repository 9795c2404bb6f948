"""Re-ingesting: only what changed is read and written; nothing stale stays."""

import os
import shutil

import pytest
from conftest import SAMPLES

SUMMARY = "{} new, {} updated, {} unchanged, {} removed, {} skipped"


@pytest.fixture
def folder(tmp_path):
    target = tmp_path / "articles"
    shutil.copytree(SAMPLES, target)
    return target


def summary(result) -> str:
    """The summary line: the first of stdout (the new articles' titles follow)."""
    return result.stdout.splitlines()[0]


def test_new_unchanged_changed_and_pruned(run, folder):
    assert summary(run("ingest", str(folder))) == SUMMARY.format(7, 0, 0, 0, 0)
    assert summary(run("ingest", str(folder))) == SUMMARY.format(0, 0, 7, 0, 0)

    page = folder / "raynauds-phenomenon.html"
    page.write_text(page.read_text(encoding="utf-8").replace("Attacks can last", "Episodes can last"), encoding="utf-8")
    (folder / "kidney-renal-crisis.html").unlink()
    # Same canonical URL and text: the same article read again from a copy,
    # counted as a duplicate (not an update), never a second article.
    shutil.copy(folder / "lung-disease-ild.html", folder / "copy-of-lung.html")
    result = run("ingest", "--prune", str(folder))
    assert summary(result) == SUMMARY.format(0, 1, 5, 1, 0) + ", 1 duplicate"
    assert summary(run("ingest", "--prune", str(folder))) == SUMMARY.format(0, 0, 7, 0, 0)
    hits = run.json("search", "title:interstitial", "--limit", "100")[1]["hits"]
    assert len({h["article"]["id"] for h in hits}) == 1
    assert len({h["section"]["ordinal"] for h in hits}) == len(hits)
    assert run("search", "renal", "crisis").exit_code == 1
    assert run("search", "Episodes").exit_code == 0
    assert run("search", '"Attacks can last"').exit_code == 1


def test_touched_but_identical_file_is_unchanged(run, folder):
    run("ingest", str(folder))
    page = folder / "skin-thickening.html"
    os.utime(page, ns=(1, 1))
    assert summary(run("ingest", str(folder))) == SUMMARY.format(0, 0, 7, 0, 0)


def test_prune_only_touches_the_folders_given(run, folder, tmp_path):
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    note = elsewhere / "note.txt"
    note.write_text("A note about calcinosis cutis.\n")
    run("ingest", str(folder), str(note))
    note.unlink()
    assert summary(run("ingest", "--prune", str(folder))) == SUMMARY.format(0, 0, 7, 0, 0)
    assert run("search", "calcinosis").exit_code == 0
    assert summary(run("ingest", "--prune", str(elsewhere))) == SUMMARY.format(0, 0, 0, 1, 0)
    assert run("search", "calcinosis").exit_code == 1


def test_removed_or_renamed_section_is_not_found_any_more(run, tmp_path):
    article = tmp_path / "a.txt"
    article.write_text(
        "An introduction about esophageal dilation in scleroderma.\n"
        "Swallowing problems\nThe esophagus muscles weaken over time.\n"
        "Feeding tubes\nSome patients need enteral nutrition support.\n"
    )
    run("ingest", str(article))
    assert run("search", "heading:feeding").exit_code == 0
    article.write_text(
        "An introduction about esophageal dilation in scleroderma.\n"
        "Difficulty swallowing\nThe esophagus muscles weaken over time.\n"
    )
    assert summary(run("ingest", str(article))) == SUMMARY.format(0, 1, 0, 0, 0)
    assert run("search", "enteral").exit_code == 1
    assert run("search", "heading:feeding").exit_code == 1
    assert run("search", '"swallowing problems"').exit_code == 1
    result, answer = run.json("search", "esophagus")
    assert [h["section"]["path"] for h in answer["hits"]] == [["Difficulty swallowing"]]


def test_changed_canonical_url_leaves_no_stale_article(run, tmp_path):
    page = tmp_path / "p.html"
    template = ("<html><head><link rel='canonical' href='{}'></head><body><article>"
                "<p>Digital ulcers heal slowly.</p></article></body></html>")
    page.write_text(template.format("https://example.org/old/"))
    run("ingest", str(page))
    page.write_text(template.format("https://example.org/new/"))
    assert summary(run("ingest", str(page))) == SUMMARY.format(0, 1, 0, 0, 0)
    result, answer = run.json("search", "ulcers")
    assert [h["article"]["id"] for h in answer["hits"]] == ["https://example.org/new/"]


def test_force_rewrites_everything(run, folder):
    run("ingest", str(folder))
    assert summary(run("ingest", "--force", str(folder))) == SUMMARY.format(0, 7, 0, 0, 0)
    result, answer = run.json("search", "Raynaud", "--limit", "100")
    keys = [(h["article"]["id"], h["section"]["ordinal"]) for h in answer["hits"]]
    assert len(keys) == len(set(keys))


def test_a_run_that_commits_for_time_ends_with_one_segment_of_its_own(tmp_path):
    from sclerodex.index.catalog import list_articles
    from sclerodex.sync.driver import ingest_paths
    from sclerodex.sync.options import IngestOptions
    from sclerodex.whoosh_engine.storage import open_index

    docs = tmp_path / "docs"
    docs.mkdir()
    for n in range(6):  # each article large enough that Whoosh's own policy leaves its segment alone
        parts = "".join(f"Part {k} of note {n}\nThe text of part {k} is about marker{n}x{k}.\n" for k in range(60))
        (docs / f"n{n}.txt").write_text(f"Note {n} begins here.\n{parts}")
    index_dir = tmp_path / "index"

    def segments() -> set[str]:
        return {segment.segment_id() for segment in open_index(index_dir)._segments()}

    ingest_paths(index_dir, [str(docs)], IngestOptions(commit_seconds=None))
    before = segments()
    # commit_seconds=0: every article is committed as soon as it is queued.
    summary = ingest_paths(index_dir, [str(docs)], IngestOptions(commit_seconds=0.0, force=True))
    assert summary.updated == 6
    assert len(segments() - before) == 1
    assert {row.id for row in list_articles(index_dir)} == {str(docs / f"n{n}.txt") for n in range(6)}
