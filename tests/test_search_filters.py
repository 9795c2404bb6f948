"""Filters and order from the command line: dates, tags, site, sort, and how
many sections of one article a list may show."""

from collections import Counter

import pytest

EVERYTHING = ("--limit", "1000", "--per-article", "0")


def dates(answer):
    return [h["article"]["published"] for h in answer["hits"]]


def test_since_and_until_keep_dated_articles_in_range(sample_index):
    _, every = sample_index.json("search", "scleroderma", *EVERYTHING)
    assert None in dates(every)  # the seed export is undated
    _, answer = sample_index.json("search", "scleroderma", "--since", "2025-01-01", *EVERYTHING)
    assert answer["hits"] and all(d and d >= "2025-01-01" for d in dates(answer))
    _, answer = sample_index.json("search", "scleroderma", "--until", "2024-06", *EVERYTHING)
    assert answer["hits"] and all(d and d <= "2024-06-30" for d in dates(answer))
    _, answer = sample_index.json("search", "scleroderma", "--since", "2024", "--until", "2024", *EVERYTHING)
    assert answer["hits"] and all(d and d.startswith("2024-") for d in dates(answer))
    assert len(answer["hits"]) < len(every["hits"])


@pytest.mark.parametrize(
    "options, message",
    [
        (("--since", "last week"), "Error: cannot read the date 'last week': use YYYY-MM-DD, YYYY-MM, YYYY, or a time ago: 7d, 2w, 6m, 1y, today, yesterday"),
        (("--until", "2024-02-30"), "Error: cannot read the date '2024-02-30': no such day"),
        (("--since", "2025", "--until", "2024"), "Error: --since 2025-01-01 is after --until 2024-12-31"),
    ],
)
def test_bad_dates_are_one_line_errors(sample_index, options, message):
    result = sample_index("search", "lung", *options)
    assert result.exit_code == 2 and result.stderr.strip() == message


def test_tag_filter_is_case_insensitive_and_repeatable(sample_index):
    _, answer = sample_index.json("search", "scleroderma", "--tag", "sample ARTICLE", *EVERYTHING)
    titles = {h["article"]["title"] for h in answer["hits"]}
    assert titles and "Imuran (azathioprine)" not in titles
    assert all("Sample article" in h["article"]["tags"] for h in answer["hits"])
    _, answer = sample_index.json("search", "scleroderma", "--tag", "Sample article", "--tag", "PAH", *EVERYTHING)
    assert {h["article"]["title"] for h in answer["hits"]} == {"Pulmonary Arterial Hypertension in Scleroderma"}
    result = sample_index("search", "scleroderma", "--tag", "no such tag")
    assert result.exit_code == 1


def test_site_filter(sample_index, tmp_path):
    page = tmp_path / "other.txt"
    page.write_text("Title: Hand care\nSite: Lung Health Notes\n\nParaffin baths ease stiff scleroderma fingers.\n")
    sample_index("ingest", str(page))
    _, answer = sample_index.json("search", "scleroderma", "--site", "lung health notes", *EVERYTHING)
    assert {h["article"]["title"] for h in answer["hits"]} == {"Hand care"}
    _, answer = sample_index.json("search", "scleroderma", "--site", "Scleroderma News", *EVERYTHING)
    assert answer["hits"] and "Hand care" not in {h["article"]["title"] for h in answer["hits"]}


def test_sort_by_date_puts_the_newest_first_and_the_undated_last(sample_index):
    _, answer = sample_index.json("search", "scleroderma", "--sort", "date", *EVERYTHING)
    found = dates(answer)
    dated = [d for d in found if d]
    assert dated == sorted(dated, reverse=True) and len(set(dated)) > 3
    assert found[len(dated) :] == [None] * (len(found) - len(dated))


def test_date_sort_is_newest_first_whatever_the_words(sample_index):
    # Issue 22: the every-word tier orders relevance only; by date, a section
    # with one of the words but a later date comes first.
    _, every = sample_index.json("search", "cyclophosphamide AND lung", *EVERYTHING)
    _, answer = sample_index.json("search", "cyclophosphamide lung", "--sort", "date", *EVERYTHING)
    found = dates(answer)
    dated = [d for d in found if d]
    assert dated == sorted(dated, reverse=True)
    assert found[len(dated) :] == [None] * (len(found) - len(dated))
    complete = {(h["article"]["id"], h["section"]["ordinal"]) for h in every["hits"]}
    keys = [(h["article"]["id"], h["section"]["ordinal"]) for h in answer["hits"]]
    assert set(keys[: len(complete)]) != complete  # not the tier first: it is not the newest here


def test_per_article_limits_sections_of_one_article(sample_index):
    _, answer = sample_index.json("search", "scleroderma", "--limit", "100")
    per_article = Counter(h["article"]["id"] for h in answer["hits"])
    assert max(per_article.values()) == 2 and answer["total"] > len(answer["hits"])
    _, answer = sample_index.json("search", "scleroderma", "--limit", "100", "--per-article", "1")
    assert max(Counter(h["article"]["id"] for h in answer["hits"]).values()) == 1
    _, answer = sample_index.json("search", "scleroderma", *EVERYTHING)
    assert max(Counter(h["article"]["id"] for h in answer["hits"]).values()) > 2
    assert answer["total"] == len(answer["hits"])


def test_per_article_still_fills_the_page_from_other_articles(sample_index):
    _, answer = sample_index.json("search", "scleroderma", "--limit", "5", "--per-article", "1")
    assert len(answer["hits"]) == 5 and len({h["article"]["id"] for h in answer["hits"]}) == 5


@pytest.mark.parametrize(
    "query", ['site:"Scleroderma News"', "NOT xylophone", "tag:PAH", "scleroderma OR site:\"Scleroderma News\""]
)
def test_queries_that_could_reach_article_records_list_sections_only(sample_index, query):
    """Article and source records share the index with sections; a query not
    bound to words (a site alone, a NOT alone) must still list sections only."""
    stats = sample_index.json("index", "stats")[1]
    _, answer = sample_index.json("search", query, *EVERYTHING)
    assert answer["hits"] and answer["total"] == len(answer["hits"]) <= stats["sections"]
    assert all(h["section"]["path"] or h["passages"] for h in answer["hits"])
    if query.startswith("NOT"):
        assert answer["total"] == stats["sections"]
    _, words = sample_index.json("search", "scleroderma", *EVERYTHING)
    assert words["total"] == len(words["hits"])


def test_sort_by_date_on_an_index_with_undated_segments(run, tmp_path):
    """Whoosh's multi-segment date column skips the segments holding no date:
    an index of undated articles failed as "damaged", and a later dated run
    could lend its dates to the undated articles."""
    undated = tmp_path / "undated"
    undated.mkdir()
    for n in range(3):
        (undated / f"a{n}.txt").write_text(f"Undated note {n}\nFibrosis of the skin, note {n}.\n", encoding="utf-8")
    run("ingest", str(undated))
    result, answer = run.json("search", "fibrosis", "--sort", "date", *EVERYTHING)
    assert result.exit_code == 0 and len(answer["hits"]) == 3 and set(dates(answer)) == {None}

    assert run("ingest", "--samples").exit_code == 0
    result, answer = run.json("search", "fibrosis", "--sort", "date", *EVERYTHING)
    found = dates(answer)
    dated = [d for d in found if d]
    assert result.exit_code == 0 and dated and dated == sorted(dated, reverse=True)
    assert found[len(dated) :] == [None] * (len(found) - len(dated))
    undated_titles = {h["article"]["title"] for h in answer["hits"] if h["article"]["published"] is None}
    assert {f"Undated note {n}" for n in range(3)} <= undated_titles
