"""The search conversation, from the command line on the samples: questions,
typos, words that match nothing, -word/+word, filters that empty a result,
limits, passages, ids and URL variants."""

import re

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sclerodex.errors import QueryError
from sclerodex.search.query import plan_query
from sclerodex.search.ranking import DEFAULT_RANKING
from sclerodex.search.searcher import search
from sclerodex.whoosh_engine.queries import QueryLanguage

RENAL = "https://sclerodex.invalid/samples/kidney-renal-crisis/"


def ids(answer):
    return [h["article"]["id"] for h in answer["hits"]]


def keys(answer):
    return {(h["article"]["id"], h["section"]["ordinal"]) for h in answer["hits"]}


# Questions


def test_a_question_ranks_by_its_topic_words_not_its_function_words(sample_index):
    result, answer = sample_index.json("search", "how do i know if my kidneys are failing?")
    assert result.exit_code == 0
    assert ids(answer)[0] == RENAL
    first = [p["text"][s:e].lower() for p in answer["hits"][0]["passages"] for s, e in p["highlights"]]
    assert first and not {"how", "do", "i", "my", "if"} & set(first)


def test_function_words_still_count_in_quotes_and_alone(sample_index):
    # Only function words: searched as typed rather than refused.
    result, answer = sample_index.json("search", "what can you do")
    assert result.exit_code == 0 and answer["hits"]
    # Quoted, "who" is part of the phrase; as plain words it is not searched.
    _, quoted = sample_index.json("search", '"who received cyclophosphamide"')
    assert quoted["hits"] and all("Imuran" in h["article"]["title"] for h in quoted["hits"])
    language = QueryLanguage(DEFAULT_RANKING)
    assert [typed for typed, _ in plan_query('"who received cyclophosphamide"', language).searched] == ["who", "received", "cyclophosphamide"]
    assert [typed for typed, _ in plan_query("who received cyclophosphamide", language).searched] == ["received", "cyclophosphamide"]


@pytest.mark.parametrize("query", ["how do i know if my kidneys are failing?", "Question: is bosentan safe?", "swallowing difficulty"])
def test_right_words_are_never_corrected(sample_index, query):
    result, answer = sample_index.json("search", query)
    assert result.exit_code == 0
    assert answer["did_you_mean"] is None and answer["corrected"] is None
    assert "Did you mean" not in sample_index("search", query).stderr


# Typos


def test_a_typo_that_finds_nothing_is_corrected_and_run(sample_index):
    result = sample_index("search", "azathiprine", "--no-color")
    assert result.exit_code == 0
    assert "Showing results for azathioprine (no matches for 'azathiprine')" in result.stderr
    assert "**azathioprine**" in result.stdout.lower()
    _, answer = sample_index.json("search", "azathiprine")
    assert answer["corrected"] == "azathioprine" and answer["did_you_mean"] is None and answer["hits"]


def test_a_word_of_the_index_is_not_corrected_even_when_rare(notes_index):
    # "azathioprin" is in one note only; "azathioprine" is far more common.
    result, answer = notes_index.json("search", "azathioprin")
    assert result.exit_code == 0 and answer["corrected"] is None and answer["did_you_mean"] is None


@pytest.fixture
def notes_index(sample_index, tmp_path):
    note = tmp_path / "note.txt"
    note.write_text("Title: Spelling\n\nSome write azathioprin without its final letter.\n", encoding="utf-8")
    assert sample_index("ingest", str(note)).exit_code == 0
    return sample_index


# Words that match nothing, -word and +word


def test_words_that_match_nothing_are_named_and_the_rest_searched(sample_index):
    result = sample_index("search", "nintedanib", "xylophonequartz")
    assert result.exit_code == 0 and "nintedanib" in result.stdout.lower()
    assert "not found: xylophonequartz" in result.stderr
    _, answer = sample_index.json("search", "nintedanib", "xylophonequartz")
    assert answer["missing"] == ["xylophonequartz"]


def test_minus_excludes_and_plus_requires(sample_index):
    _, lung = sample_index.json("search", "lung", "--limit", "1000", "--per-article", "0")
    _, both = sample_index.json("search", "lung AND skin", "--limit", "1000", "--per-article", "0")
    _, without = sample_index.json("search", "lung -skin", "--limit", "1000", "--per-article", "0")
    _, unquoted = sample_index.json("search", "lung", "-skin", "--limit", "1000", "--per-article", "0")
    assert unquoted["hits"] == without["hits"]  # "-skin" is a query word, not the options -s -k -i -n
    assert both["hits"] and without["hits"]
    assert keys(without) == keys(lung) - keys(both)
    _, skin = sample_index.json("search", "skin", "--limit", "1000", "--per-article", "0")
    _, required = sample_index.json("search", "+skin lung", "--limit", "1000", "--per-article", "0")
    assert required["hits"] and keys(required) <= keys(skin)
    _, phrase = sample_index.json("search", '"lung function" -skin', "--limit", "1000", "--per-article", "0")
    assert phrase["hits"] and not keys(phrase) & keys(skin)
    assert sample_index("search", "-skin").exit_code == 2


@settings(max_examples=60, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.tuples(st.sampled_from(["", "-", "+", "--", "+-", "-("]), st.one_of(
    st.sampled_from(["lung", "skin", "IL-6", '"lung function"', "SSc-ILD", "the", "how", "AND", "NOT", ")", "tag:pah"]),
    st.text(max_size=6),
)), min_size=1, max_size=6))
def test_signed_words_never_crash(samples_index_dir, parts):
    """Any mix of signs and words is answered, or refused with one plain
    line; words alone, each required or excluded, are always answered."""
    text = " ".join(sign + word for sign, word in parts)
    plain = all(sign in ("", "-", "+") and word in _PLAIN_WORDS for sign, word in parts)
    # Only exclusions, or only common words, is refused on purpose.
    plain = plain and any(sign != "-" and word in _CONTENT_WORDS for sign, word in parts)
    try:
        result = search(samples_index_dir, text, limit=5)
    except QueryError as problem:
        event("refused")
        assert not plain, f"{text!r} was refused: {problem}"
        message = str(problem)
        assert message and "\n" not in message and "Traceback" not in message and "object at 0x" not in message
        return
    event("answered")
    assert len(result.hits) <= min(5, result.total)
    assert all(hit.disclaimer for hit in result.hits)
    assert {hit.disclaimer for hit in result.hits} == set(result.disclaimers)


_CONTENT_WORDS = {"lung", "skin", "IL-6", '"lung function"', "SSc-ILD"}
_PLAIN_WORDS = _CONTENT_WORDS | {"the", "how"}


# Filters


def test_filters_that_remove_every_hit_say_so(sample_index):
    result = sample_index("search", "Imuran", "--tag", "no such tag")
    assert result.exit_code == 1
    assert re.search(r"no matches for 'Imuran' with these filters; \d+ sections match without them \(tag 'no such tag' alone leaves none\)", result.stderr)
    _, answer = sample_index.json("search", "Imuran", "--since", "2030")
    assert answer["unfiltered_total"] > 0 and answer["emptied_by"] == ["since 2030-01-01"]


@pytest.mark.parametrize("site", ["Scleroderma News", "scleroderma news", "sclerodermanews.com", "www.sclerodermanews.com", "sclerodex.invalid"])
def test_site_by_name_or_domain(sample_index, site):
    result, answer = sample_index.json("search", "lung", "--site", site)
    assert result.exit_code == 0 and answer["hits"]


def test_index_stats_lists_tags_and_sites_with_counts(sample_index):
    out = sample_index("index", "stats").stdout
    assert re.search(r"^\s+8\s+Scleroderma News$", out, re.M)
    assert re.search(r"^\s+7\s+sample article$", out, re.M) and re.search(r"^\s+1\s+treatments$", out, re.M)


def test_help_examples_find_something(sample_index):
    help_text = sample_index("search", "--help").stdout
    examples = [line.strip() for line in help_text.splitlines() if line.strip().startswith("sclerodex search")]
    assert len(examples) == 4
    for example in examples:
        import shlex

        result = sample_index(*shlex.split(example)[1:])
        assert result.exit_code == 0, example


# Limits


def test_long_queries_are_cut_out_loud_and_quoted_short(sample_index):
    result = sample_index("search", "lung " * 500)
    assert result.exit_code == 0 and "cut to its first 50 words (it has 500)" in result.stderr
    result = sample_index("search", "lung " + "(" * 2500)
    assert result.exit_code == 0 and "cut to its first 2,000 characters (it has 2,505)" in result.stderr
    result = sample_index("search", "the " * 7000)
    assert result.exit_code == 2 and result.stderr.startswith("Error: nothing to search for")
    assert len(result.stderr) < 300
    result = sample_index("search", "azathiprine " + "lung " * 400)
    assert result.exit_code == 0
    correction = next(line for line in result.stderr.splitlines() if line.startswith("Showing results for "))
    assert correction.startswith("Showing results for azathioprine lung") and len(correction) <= 130


# Passages


def test_every_passage_has_words_of_prose(sample_index):
    _, answer = sample_index.json("search", "type 2", "--limit", "50", "--per-article", "0")
    texts = [passage["text"] for hit in answer["hits"] for passage in hit["passages"]]
    assert "2. Stay upright for at least two to three hours after eating." in texts  # not "2." alone
    for text in texts:
        assert len(re.findall(r"[^\W\d_]\w*", text)) >= 5, text


def test_a_heading_match_is_marked_in_the_heading_path(sample_index, tmp_path):
    note = tmp_path / "gloves.txt"
    note.write_text("Title: Hand notes\n\nAn introduction.\n\nWinter mittens\nKeep your fingers warm outside in the cold season.\n", encoding="utf-8")
    sample_index("ingest", str(note))
    result = sample_index("search", "mittens", "--no-color")
    assert "1. Hand notes › Winter **mittens**" in result.stdout


def test_disclaimers_are_separate_paragraphs(sample_index, tmp_path):
    other = tmp_path / "o.txt"
    other.write_text("Notes on paraffin gloves from another source.\n")
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><meta property='og:site_name' content='Scleroderma News'></head><body><article>"
        "<p>Hand therapy with paraffin wax baths.</p></article></body></html>"
    )
    sample_index("ingest", str(page), str(other))
    out = sample_index("search", "paraffin", "--no-color").stdout
    assert re.search(r"this website\.\n\n\S", out) or re.search(r"medical advice\.\n\nScleroderma News", out)
    assert "\n\n\n" not in out


# Ids


def test_every_hit_shows_the_name_show_and_remove_take(sample_index):
    out = sample_index("search", "cyclophosphamide", "--no-color", "--limit", "5").stdout
    names = [line.strip().split(" · ")[0] for line in out.splitlines() if re.match(r"   \S+ · ", line)]
    assert len(names) >= 3
    for name in names:
        assert sample_index("show", name).exit_code == 0, name


