"""remove, show, list and index stats / rebuild / optimize."""

import json

import pytest
from conftest import SAMPLES, SEED, SEED_URL

from sclerodex.whoosh_engine.storage import VERSION_FILE, current_generation

RAYNAUD = "https://sclerodex.invalid/samples/raynauds-phenomenon/"


def test_show_by_url_and_by_path_text_and_json(sample_index):
    by_url = sample_index("show", RAYNAUD)
    by_path = sample_index("show", str(SAMPLES / "raynauds-phenomenon.html"))
    assert by_url.exit_code == by_path.exit_code == 0
    assert by_url.stdout == by_path.stdout
    text = by_url.stdout
    assert text.startswith("Raynaud’s Phenomenon and Scleroderma\n")
    assert "## Introduction" in text and "## Colour changes during an attack" in text
    assert text.split("\n---\n")[-1].startswith("Scleroderma News is strictly a news")
    result = sample_index("show", RAYNAUD, "--format", "json")
    article = json.loads(result.stdout)
    assert article["id"] == RAYNAUD and article["published"] == "2024-09-03"
    assert [s["ordinal"] for s in article["sections"]] == list(range(len(article["sections"])))
    assert article["disclaimer"].startswith("Scleroderma News is strictly")


@pytest.mark.parametrize("variant", [
    "https://sclerodex.invalid/samples/raynauds-phenomenon",
    "http://sclerodex.invalid/samples/raynauds-phenomenon/",
    "https://www.sclerodex.invalid/samples/raynauds-phenomenon",
])
def test_show_and_remove_take_url_variants(sample_index, variant):
    assert sample_index("show", variant).exit_code == 0
    removed = sample_index("remove", variant)
    assert removed.exit_code == 0 and removed.stdout.strip() == f"removed {RAYNAUD}"


def test_url_variants_do_not_stretch_to_other_pages(sample_index):
    result = sample_index("show", "https://sclerodex.invalid/samples/raynauds")
    assert result.exit_code == 1 and "not in the index" in result.stderr


def test_show_seed_has_every_section_with_its_path(sample_index):
    article = json.loads(sample_index("show", str(SEED), "--format", "json").stdout)
    assert [s["path"] for s in article["sections"]] == [
        [], ["How Imuran works"], ["Imuran in clinical trials for systemic scleroderma"], ["More details about Imuran"]
    ]


def test_show_unknown_exits_1(sample_index):
    result = sample_index("show", "https://nowhere.invalid/")
    assert result.exit_code == 1 and "not in the index" in result.stderr


def test_list_is_newest_first_and_undated_last(sample_index):
    rows = json.loads(sample_index("list", "--format", "json").stdout)
    assert len(rows) == 8
    dates = [r["published"] for r in rows if r["published"]]
    assert dates == sorted(dates, reverse=True)
    assert rows[-1]["published"] is None and rows[-1]["source"] == str(SEED)
    text = sample_index("list").stdout
    assert text.startswith("2025-06-17  Scleroderma Renal Crisis: Warning Signs & Treatment")


def test_remove_by_id_and_path(sample_index):
    result = sample_index("remove", RAYNAUD, str(SEED), "nothing-like-this")
    assert result.exit_code == 1
    assert result.stdout.splitlines() == [f"removed {RAYNAUD}", f"removed {SEED_URL}"]
    assert "not in the index: nothing-like-this" in result.stderr
    result, answer = sample_index.json("search", "Imuran", "organ", "rejection")
    assert all(hit["article"]["source"] != str(SEED) for hit in answer["hits"])
    assert len(json.loads(sample_index("list", "--format", "json").stdout)) == 6
    # the removed file is new again on the next ingest
    assert sample_index("ingest", str(SEED)).stdout.startswith("1 new")


def test_stats(sample_index):
    stats = json.loads(sample_index("index", "stats", "--format", "json").stdout)
    assert stats["articles"] == 8 and stats["sites"] == {"Scleroderma News": 8}
    shown = [json.loads(sample_index("show", row["id"], "--format", "json").stdout)
             for row in json.loads(sample_index("list", "--format", "json").stdout)]
    assert stats["sections"] == sum(len(article["sections"]) for article in shown)
    assert stats["size_bytes"] > 0 and stats["last_update"]
    text = sample_index("index", "stats").stdout
    assert "articles:    8" in text


def test_rebuild_keeps_every_article_and_section(sample_index):
    before = {
        row["id"]: json.loads(sample_index("show", row["id"], "--format", "json").stdout)
        for row in json.loads(sample_index("list", "--format", "json").stdout)
    }
    stats_before = json.loads(sample_index("index", "stats", "--format", "json").stdout)
    result = sample_index("index", "rebuild")
    assert result.exit_code == 0
    assert result.stdout.strip() == f"rebuilt: 8 articles, {stats_before['sections']} sections"
    after = {
        row["id"]: json.loads(sample_index("show", row["id"], "--format", "json").stdout)
        for row in json.loads(sample_index("list", "--format", "json").stdout)
    }
    assert after == before
    assert sample_index("search", "cyclophosphamide", "lung").exit_code == 0
    assert sample_index("ingest", "--samples").stdout.strip() == "0 new, 0 updated, 8 unchanged, 0 removed, 0 skipped"
    assert sample_index("index", "optimize").exit_code == 0
    assert sample_index("search", "cyclophosphamide", "lung").exit_code == 0


def test_schema_mismatch_says_to_rebuild_and_rebuild_fixes_it(sample_index):
    generation = current_generation(sample_index.index_dir)
    (generation / VERSION_FILE).write_text(json.dumps({"schema_version": 0}))
    for args in (("search", "lung"), ("ingest", "--samples"), ("list",)):
        result = sample_index(*args)
        assert result.exit_code == 2
        assert "run 'sclerodex index rebuild'" in result.stderr
    assert sample_index("index", "rebuild").exit_code == 0
    assert sample_index("search", "lung").exit_code == 0
