"""How a query is read and ranked, from the command line: plain words, the
query language and its any-term fallback, "Did you mean", synonyms."""

import pytest


def marked(hit):
    """The highlighted strings of a JSON hit, lower-cased."""
    return [p["text"][s:e].lower() for p in hit["passages"] for s, e in p["highlights"]]


def keys(answer):
    return [(h["article"]["id"], h["section"]["ordinal"]) for h in answer["hits"]]


@pytest.fixture
def notes(run, tmp_path):
    """Small plain-text exports: one drug named only by its generic name,
    one only by its brand, words near and far apart, another site."""
    folder = tmp_path / "notes"
    folder.mkdir()
    files = {
        "generic.txt": "Title: Maintenance therapy\nDate: 2023-03-01\n\n"
        "After induction, azathioprine is often given for maintenance of remission.\n",
        "brand.txt": "Title: Tablets at home\nDate: 2023-04-01\n\n"
        "After induction, Imuran is often given for maintenance of remission.\n",
        "apart.txt": "Title: Breathing tests\n\n"
        "The lung was scanned every year, and the function of the heart was checked as well.\n",
        "together.txt": "Title: Spirometry\n\n"
        "Every year the heart was checked as well, and the lung function was measured.\n",
        "other-site.txt": "Title: Hand care\nSite: Lung Health Notes\nDate: 2022-07-07\n\n"
        "Warm gloves and paraffin baths help stiff fingers in the lung clinic's patients.\n",
    }
    for name, text in files.items():
        (folder / name).write_text(text, encoding="utf-8")
    result = run("ingest", "--samples", str(folder))
    assert result.exit_code == 0, result.stderr
    return run


# Plain words


def test_plain_words_are_not_anded_into_nothing(sample_index):
    result, answer = sample_index.json("search", "cyclophosphamide", "xylophone")
    assert result.exit_code == 0 and answer["hits"]
    assert all("cyclophosphamide" in marked(h) for h in answer["hits"])
    assert answer["any_term_fallback"] is False


def test_sections_with_every_word_rank_above_sections_with_some(sample_index):
    _, every = sample_index.json("search", "cyclophosphamide AND lung", "--limit", "1000", "--per-article", "0", "--no-synonyms")
    _, plain = sample_index.json("search", "cyclophosphamide lung", "--limit", "1000", "--per-article", "0", "--no-synonyms")
    complete = set(keys(every))
    order = [key in complete for key in keys(plain)]
    assert True in order and False in order
    assert order == sorted(order, reverse=True)
    assert plain["total"] > every["total"]


def test_words_next_to_each_other_rank_higher(notes):
    result, answer = notes.json("search", "lung", "function", "--no-synonyms")
    titles = [h["article"]["title"] for h in answer["hits"]]
    assert titles.index("Spirometry") < titles.index("Breathing tests")


def test_a_long_natural_language_question_finds_the_section(sample_index):
    result, answer = sample_index.json(
        "search", "Which drug was the first shown in a placebo-controlled trial to help lung function in SSc-ILD?"
    )
    assert result.exit_code == 0
    assert answer["hits"][0]["section"]["path"] == ["Treating SSc-ILD", "Immunosuppressive drugs"]


# The query language


def test_quoted_phrase_is_highlighted_as_a_phrase(sample_index):
    result, answer = sample_index.json("search", '"blood pressure"', "--limit", "50", "--per-article", "0")
    highlights = [m for h in answer["hits"] for m in marked(h)]
    assert highlights and set(highlights) == {"blood pressure"}
    _, loose = sample_index.json("search", "blood", "--limit", "50", "--per-article", "0")
    assert any(m == "blood" for h in loose["hits"] for m in marked(h))


def test_prefix_matches_are_highlighted(sample_index):
    result, answer = sample_index.json("search", "cyclophos* AND lung")
    assert answer["hits"] and all("cyclophosphamide" in marked(h) for h in answer["hits"])


def test_all_terms_query_that_finds_nothing_falls_back_to_any_term(sample_index):
    result = sample_index("search", "nintedanib AND xylophone", "--no-color")
    assert result.exit_code == 0
    assert "No section has all the terms; showing sections with any of them." in result.stderr
    assert "No section has all" not in result.stdout
    assert "**nintedanib**" in result.stdout.lower()
    assert result.stdout.rstrip().endswith("this website.")
    _, answer = sample_index.json("search", "nintedanib AND xylophone")
    assert answer["any_term_fallback"] is True and answer["hits"]
    _, answer = sample_index.json("search", "nintedanib AND lung")
    assert answer["any_term_fallback"] is False and answer["hits"]


def test_fallback_keeps_what_not_excludes(sample_index):
    _, answer = sample_index.json(
        "search", "cyclophosphamide xylophone NOT Imuran", "--limit", "100", "--per-article", "0", "--no-synonyms"
    )
    assert answer["any_term_fallback"] is True and answer["hits"]
    _, imuran = sample_index.json("search", "Imuran", "--limit", "100", "--per-article", "0", "--no-synonyms")
    assert not set(keys(answer)) & set(keys(imuran))


def test_no_fallback_when_nothing_matches_any_term(sample_index):
    result, answer = sample_index.json("search", "xylophone AND zeppelin")
    assert result.exit_code == 1 and answer["any_term_fallback"] is False and answer["hits"] == []


# Did you mean


def test_a_misspelt_word_that_finds_nothing_is_corrected(sample_index):
    # Issue 11: the corrected query is run (exit 0), instead of "Did you mean" and exit 1.
    result = sample_index("search", "azathiprine")
    assert result.exit_code == 0 and "Azathioprine" in result.stdout
    assert "Showing results for azathioprine (no matches for 'azathiprine')" in result.stderr
    result, answer = sample_index.json("search", "azathiprine")
    assert answer["corrected"] == "azathioprine" and answer["did_you_mean"] is None


def test_a_correction_keeps_the_rest_of_the_query_and_its_case(sample_index):
    # Issue 22: corrected and run even though "organ rejection" finds sections as typed.
    result, answer = sample_index.json("search", "Azathiprine", "organ", "rejection")
    assert result.exit_code == 0
    assert answer["corrected"] == "Azathioprine organ rejection" and answer["did_you_mean"] is None
    assert answer["replaced"] == ["Azathiprine"]
    result, answer = sample_index.json("search", '"organ rejection" AND azathiprine')
    assert answer["corrected"] == '"organ rejection" AND azathioprine'  # found nothing as typed: run corrected


def test_no_suggestion_for_words_in_the_index(sample_index):
    result, answer = sample_index.json("search", "azathioprine", "organ", "rejection")
    assert answer["did_you_mean"] is None
    assert "Did you mean" not in sample_index("search", "nintedanib").stderr


def test_only_suggests_what_would_find_something(notes):
    # "azathioprine" is in the index, but not on that site.
    result, answer = notes.json("search", "azathiprine", "--site", "Lung Health Notes")
    assert result.exit_code == 1 and answer["did_you_mean"] is None
    result, answer = notes.json("search", "azathiprine", "--site", "Scleroderma News")
    assert answer["corrected"] == "azathioprine"


# Synonyms


def test_brand_name_finds_the_generic_and_says_so(notes):
    result = notes("search", "Imuran", "--no-color", "--per-article", "0", "--limit", "50")
    assert result.exit_code == 0
    assert "Maintenance therapy" in result.stdout
    assert "also matched: azathioprine (generic of Imuran)" in result.stderr
    _, answer = notes.json("search", "Imuran", "--per-article", "0", "--limit", "50")
    assert "azathioprine" in answer["expanded"]
    generic = next(h for h in answer["hits"] if h["article"]["title"] == "Maintenance therapy")
    assert marked(generic) == ["azathioprine"]


def test_generic_name_finds_the_brand_and_back(notes):
    result = notes("search", "azathioprine", "--no-color", "--per-article", "0", "--limit", "50")
    assert "Tablets at home" in result.stdout
    assert "also matched: Imuran (brand of azathioprine)" in result.stderr


def test_a_synonym_counts_as_the_word_for_sections_with_every_word(notes):
    _, plain = notes.json("search", "Imuran", "maintenance", "--per-article", "0", "--limit", "50")
    _, every = notes.json("search", "Imuran AND maintenance", "--per-article", "0", "--limit", "50")
    assert "Maintenance therapy" in {h["article"]["title"] for h in every["hits"]}
    assert set(keys(plain)[: every["total"]]) == set(keys(every))
    assert plain["total"] > every["total"]


def test_the_typed_name_outranks_its_synonym(notes):
    _, answer = notes.json("search", "Imuran", "--per-article", "0", "--limit", "50")
    titles = [h["article"]["title"] for h in answer["hits"]]
    assert titles.index("Tablets at home") < titles.index("Maintenance therapy")


def test_no_synonyms_turns_expansion_off(notes):
    result, answer = notes.json("search", "Imuran", "--no-synonyms", "--per-article", "0", "--limit", "50")
    assert answer["expanded"] == []
    assert "Maintenance therapy" not in {h["article"]["title"] for h in answer["hits"]}
    assert "also matched" not in notes("search", "Imuran", "--no-synonyms").stderr


def test_abbreviation_and_its_expansion(sample_index):
    result, answer = sample_index.json("search", "ILD")
    assert "interstitial lung disease" in answer["expanded"]
    assert "interstitial lung disease" in [m for h in answer["hits"] for m in marked(h)]
    result, answer = sample_index.json("search", "interstitial lung disease")
    assert "ILD" in answer["expanded"]


def test_synonyms_in_the_query_language(notes):
    result, answer = notes.json("search", "Imuran AND maintenance", "--per-article", "0")
    assert {"Maintenance therapy", "Tablets at home"} <= {h["article"]["title"] for h in answer["hits"]}
    result, answer = notes.json("search", "maintenance NOT Imuran", "--per-article", "0")
    titles = {h["article"]["title"] for h in answer["hits"]}
    assert "Tablets at home" not in titles and "Maintenance therapy" in titles
    assert answer["expanded"] == []


def test_a_broken_synonyms_file_is_a_one_line_error(sample_index, tmp_path, monkeypatch):
    from sclerodex.search import searcher

    broken = tmp_path / "synonyms.toml"
    broken.write_text("[drugs]\nazathioprine = [Imuran\n", encoding="utf-8")
    monkeypatch.setattr(searcher, "SYNONYMS_FILE", broken)
    result = sample_index("search", "Imuran")
    assert result.exit_code == 2
    assert result.stderr.startswith(f"Error: cannot read the synonyms file {broken}: ")
    assert len(result.stderr.strip().splitlines()) == 1
    assert sample_index("search", "Imuran", "--no-synonyms").exit_code == 0
    monkeypatch.setattr(searcher, "SYNONYMS_FILE", tmp_path / "missing.toml")
    assert sample_index("search", "Imuran").stderr.startswith("Error: cannot read the synonyms file")


def test_synonyms_come_from_the_data_file(sample_index, tmp_path, monkeypatch):
    from sclerodex.search import searcher

    mine = tmp_path / "synonyms.toml"
    mine.write_text('[drugs]\nnintedanib = ["Zebrafix"]\n', encoding="utf-8")
    monkeypatch.setattr(searcher, "SYNONYMS_FILE", mine)
    result, answer = sample_index.json("search", "Zebrafix")
    assert answer["expanded"] == ["nintedanib"] and answer["hits"]
    assert "also matched: nintedanib (generic of Zebrafix)" in sample_index("search", "Zebrafix").stderr
