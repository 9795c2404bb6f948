"""Issue 22's rough edges of a search, through the CLI: long input cut out
loud, rejected queries told in plain words, misspelt words corrected among
right ones."""

import importlib.util
import re
import sys
from pathlib import Path

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from sclerodex.errors import QueryError
from sclerodex.search.query import plan_query
from sclerodex.search.query_limits import MAX_QUERY_WORDS, MAX_WORD_CHARS, cut_query
from sclerodex.search.ranking import DEFAULT_RANKING
from sclerodex.whoosh_engine.queries import QueryLanguage

FUZZ = Path(__file__).resolve().parent.parent / "bench" / "fuzz.py"
LANGUAGE = QueryLanguage(DEFAULT_RANKING)


def load_fuzz():
    spec = importlib.util.spec_from_file_location("fuzz", FUZZ)
    module = importlib.util.module_from_spec(spec)
    sys.modules.setdefault("fuzz", module)  # its dataclasses look their module up
    spec.loader.exec_module(module)
    return module


leaked_internals = load_fuzz().leaked_internals


def short_lines(text: str, limit: int = 200) -> bool:
    return all(len(line) <= limit for line in text.splitlines())


# Long input


def test_a_2000_letter_word_is_cut_said_and_quoted_short(sample_index):
    word = "x" * 2000
    result = sample_index("search", "lung", word)
    assert result.exit_code == 0
    assert f"A word was cut to {MAX_WORD_CHARS} characters: 'xxxxxxxxxxxxxxxxxxxxxxx…' (2,000 characters)." in result.stderr
    assert "not found: " + "x" * 29 + "…" in result.stderr
    assert short_lines(result.stderr) and word[:100] not in result.stderr
    result, answer = sample_index.json("search", "lung", word)
    assert answer["truncated"] is True and len(answer["cuts"]) == 1 and "2,000 characters" in answer["cuts"][0]
    assert answer["hits"]


def test_a_query_is_cut_to_its_first_50_words(sample_index):
    words = ["lung"] * 55 + ["kidney"]
    result = sample_index("search", *words)
    assert result.exit_code == 0
    assert f"The query was cut to its first {MAX_QUERY_WORDS} words (it has 56); left out: 'lung lung lung lung lung kidney'." in result.stderr
    _, answer = sample_index.json("search", *words)
    marked = {p["text"][a:b].lower() for h in answer["hits"] for p in h["passages"] for a, b in p["highlights"]}
    assert marked and all(word.startswith("lung") for word in marked)  # "kidney" was left out, not searched
    assert answer["query"].endswith("kidney") and answer["truncated"]


def test_a_query_within_the_limits_is_not_cut(sample_index):
    result, answer = sample_index.json("search", *(["lung"] * (MAX_QUERY_WORDS - 1)), "x" * MAX_WORD_CHARS)
    assert answer["cuts"] == [] and answer["truncated"] is False
    assert "cut" not in sample_index("search", "lung", "x" * MAX_WORD_CHARS).stderr


@given(st.text(alphabet=st.sampled_from("ab -.'(\")"), max_size=3000))
@settings(max_examples=60, deadline=None)
def test_a_cut_query_keeps_to_the_limits_and_says_each_cut(text):
    cut = cut_query(text)
    words = re.findall(r"\w+(?:[-./'’]\w+)*", cut.text)
    assert all(len(w) <= MAX_WORD_CHARS for w in words)
    assert len(re.findall(r"\w+", cut.text)) <= MAX_QUERY_WORDS
    assert (cut.text != text) == bool(cut.cuts)
    event(f"cuts: {len(cut.cuts)}")
    assert all(len(line) <= 200 for line in cut.cuts)


# Rejected queries: plain words only


@pytest.mark.parametrize(
    "query, says",
    [
        ("NOT " * 400 + "lung", "nothing to search for"),
        ("(" * 300 + "lung OR skin", "nests brackets 300 deep: use at most 50 levels of ( )"),
    ],
)
def test_a_rejected_query_says_what_to_change_in_plain_words(sample_index, query, says):
    result = sample_index("search", query)
    assert result.exit_code == 2
    assert says in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1 and len(result.stderr) < 300
    assert not leaked_internals(result.stderr, query)


@pytest.mark.parametrize("query", ["NOT NOT lung", "lung NOT NOT kidney", "NOT NOT NOT skin lung"])
def test_double_negatives_cancel_out(sample_index, query):
    result = sample_index("search", query)
    assert result.exit_code in (0, 1), result.stderr
    assert not leaked_internals(result.stderr, query)
    _, answer = sample_index.json("search", query)
    if query == "NOT NOT lung":
        _, plain = sample_index.json("search", "lung")
        assert answer["total"] == plain["total"]


@pytest.mark.parametrize("query", ["path:x title:lung", "record:lung* title:skin", "author:smith AND lung", "published:2024 lung"])
def test_internal_fields_are_read_as_words(sample_index, query):
    result = sample_index("search", query)
    assert result.exit_code in (0, 1), result.stderr
    assert not leaked_internals(result.stderr, query)


def test_the_fuzz_check_finds_the_leaks_issue_22_reported():
    for message in [
        "cannot read the query 'path:x': STORED(format=None, scorable=None, stored=Tru…",
        "cannot read the query 'x': maximum recursion depth exceeded",
        "cannot read the query 'NOT NOT lung': list index out of range",
        "cannot read the query 'x': 'NoneType' object has no attribute 'text'",
        "Traceback (most recent call last):",
        "cannot read the query 'x': ValueError",
    ]:
        assert leaked_internals(message), message
    for message in [
        "nothing to search for in 'the' (only common words?)",
        "the query '((x' nests brackets 300 deep: use at most 50 levels of ( )",
        "cannot read the query 'x': check its quotes, brackets and AND/OR/NOT, or search plain words",
    ]:
        assert not leaked_internals(message), message
    # The query a message quotes is the user's: "Error" typed is no leak.
    assert not leaked_internals("nothing to search for in 'IndexError'", "IndexError")


QUERY_PARTS = st.one_of(
    st.sampled_from(["lung", "skin", "fibrosis", "NOT", "AND", "OR", "(", ")", '"', "title:", "path:", "record:",
                     "tag:", "*", "~", "^2", "-", "+", "[a TO", "z]", "published:", "kind:"]),
    st.text(max_size=6),
)


@given(st.lists(QUERY_PARTS, min_size=1, max_size=12), st.integers(0, 60))
@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
def test_any_query_is_planned_or_refused_in_plain_words(parts, nots):
    text = "NOT " * nots + " ".join(parts)
    try:
        plan_query(text, LANGUAGE)
        event("planned")
    except QueryError as problem:
        event("refused")
        message = str(problem)
        assert "\n" not in message and len(message) < 400
        assert not leaked_internals(message, text), message


@given(st.lists(st.sampled_from(["lung", "skin", "kidney", "fibrosis", "Raynaud's", "heart"]), min_size=1, max_size=8),
       st.sampled_from(["", "NOT ", '"', "("]))
@settings(max_examples=60, deadline=None)
def test_known_words_are_never_refused(words, lead):
    # A query of real words, however written, is always planned: a refusal would be a bug.
    plan = plan_query(lead + " ".join(words), LANGUAGE)
    assert plan.scoring is not None


# Spelling


@pytest.mark.parametrize(
    "words, shown, replaced",
    [
        (["nintedanb", "lung"], "nintedanib lung", ["nintedanb"]),
        (["raynauds", "fenomenon"], "raynauds phenomenon", ["fenomenon"]),
        (["symptons", "of", "raynauds"], "symptoms of raynauds", ["symptons"]),
    ],
)
def test_a_misspelt_word_among_right_ones_is_corrected(sample_index, words, shown, replaced):
    result = sample_index("search", *words)
    assert result.exit_code == 0
    assert f"Showing results for {shown} (no section holds {', '.join(replaced)})" in result.stderr
    _, answer = sample_index.json("search", *words)
    assert answer["corrected"] == shown and answer["replaced"] == replaced and answer["hits"]


def test_a_word_sections_hold_is_never_changed(sample_index):
    # "raynauds" is held as "Raynaud's" (the search drops the possessive): never proposed for change.
    _, answer = sample_index.json("search", "raynauds", "fingers")
    assert answer["corrected"] is None and answer["did_you_mean"] is None
    _, answer = sample_index.json("search", "symptons", "of", "raynauds")
    assert "raynauds" in answer["corrected"]


def test_many_unknown_words_are_looked_up_to_a_limit_said(sample_index):
    from sclerodex.search.spelling import MAX_LOOKUPS

    words = [f"qzx{letter}plomb" for letter in "abcdefghij"]
    result = sample_index("search", "lung", *words)
    assert result.exit_code == 0
    assert f"Spelling: only the first {MAX_LOOKUPS} unknown words were looked up (5 more were not)." in result.stderr


# --sort date, --per-article


def test_sort_date_is_newest_first_always(sample_index):
    # "lung skin": the every-word tier no longer comes before the date.
    _, answer = sample_index.json("search", "lung", "skin", "--sort", "date", "--limit", "100", "--per-article", "0")
    found = [h["article"]["published"] for h in answer["hits"]]
    dated = [d for d in found if d]
    assert len(set(dated)) > 3 and dated == sorted(dated, reverse=True)
    assert found == dated + [None] * (len(found) - len(dated))


def test_per_article_says_what_it_held_back_and_how_to_see_it(sample_index):
    result = sample_index("search", "scleroderma", "--limit", "100", "--per-article", "1")
    _, every = sample_index.json("search", "scleroderma", "--limit", "100", "--per-article", "0")
    _, answer = sample_index.json("search", "scleroderma", "--limit", "100", "--per-article", "1")
    shown, total = len(answer["hits"]), answer["total"]
    assert answer["held_back"] == total - shown == every["total"] - shown > 0
    assert f"{shown} of {total} matching sections ({total - shown} more in the same articles held back: --per-article 0 shows them)." in result.stdout
    assert every["held_back"] == 0
    assert "held back" not in sample_index("search", "scleroderma", "--limit", "100", "--per-article", "0").stdout


def test_per_article_counts_only_what_ranked_on_the_page(sample_index):
    # A page of 2: what is held back is what ranked among those two, not every other section.
    _, answer = sample_index.json("search", "scleroderma", "--limit", "2", "--per-article", "1")
    assert len(answer["hits"]) == 2 and 0 <= answer["held_back"] < answer["total"] - 2


# Tags, sites


@pytest.fixture
def labelled(run, tmp_path):
    import datetime as dt

    today = dt.date.today()
    pages = {
        "curly.txt": ("Cold hands", "https://www.bbc.co.uk/news/cold-hands", today - dt.timedelta(days=3),
                      "Raynaud’s Phenomenon, Hands", "BBC News", "Cold fingers turn white in Raynaud attacks."),
        "dash.txt": ("Lung care", "https://sclerodermanews.com/lung-care", today - dt.timedelta(days=40),
                     "Lung–disease", "Scleroderma News", "Lung fibrosis and cold fingers in scleroderma."),
        "old.txt": ("Old news", "https://example.org/old", dt.date(2001, 5, 1),
                    "raynaud's phenomenon", "Example Weekly", "Cold fingers were studied long ago."),
    }
    for name, (title, url, day, tags, site, body) in pages.items():
        (tmp_path / name).write_text(
            f"Title: {title}\nURL: {url}\nDate: {day.isoformat()}\nTags: {tags}\nSite: {site}\n\n{body}\n", encoding="utf-8"
        )
    assert run("ingest", *(str(tmp_path / name) for name in pages)).exit_code == 0
    return run


def titles(answer):
    return {h["article"]["title"] for h in answer["hits"]}


@pytest.mark.parametrize("tag", ["raynaud's phenomenon", "RAYNAUD’S PHENOMENON", "raynauds phenomenon", "Raynaud‘s-phenomenon"])
def test_tags_compare_with_quotes_apostrophes_and_dashes_folded(labelled, tag):
    result, answer = labelled.json("search", "fingers", "--tag", tag)
    assert result.exit_code == 0 and titles(answer) == {"Cold hands", "Old news"}


def test_a_dash_in_a_tag_is_folded_too(labelled):
    _, answer = labelled.json("search", "fingers", "--tag", "lung-disease")
    assert titles(answer) == {"Lung care"}
    assert labelled("search", "fingers", "--tag", "lung disease x").exit_code == 1


def test_index_stats_counts_a_tag_spelled_two_ways_once(labelled):
    text = labelled("index", "stats").stdout
    raynaud = [line for line in text.splitlines() if "raynaud" in line]
    assert len(raynaud) == 1 and raynaud[0].split()[0] == "2"


def test_index_stats_shows_the_top_20_and_says_how_many_more(run, tmp_path):
    for n in range(25):
        (tmp_path / f"a{n}.txt").write_text(
            f"Title: Article {n}\nTags: topic {n:02}\nSite: Site {n:02}\n\nSome words about lungs.\n", encoding="utf-8"
        )
    run("ingest", str(tmp_path))
    text = run("index", "stats").stdout
    assert "sites (25):" in text and "  ... and 5 more sites (index stats --all lists every one)" in text
    assert "tags (25):" in text and "  ... and 5 more tags (index stats --all lists every one)" in text
    assert sum(1 for line in text.splitlines() if "topic" in line) == 20
    every = run("index", "stats", "--all").stdout
    assert sum(1 for line in every.splitlines() if "topic" in line) == 25 and "more tags" not in every
    assert len(run.json("index", "stats")[1]["tags"]) == 25  # JSON always has them all


@pytest.mark.parametrize(
    "site, found",
    [
        ("bbc", {"Cold hands"}),
        ("BBC News", {"Cold hands"}),
        ("news", {"Cold hands", "Lung care"}),
        ("scleroderma", {"Lung care"}),
        ("sclerodermanews.com", {"Lung care"}),
        ("example", {"Old news"}),
        ("weekly", {"Old news"}),
    ],
)
def test_site_matches_a_word_of_the_site_name_or_domain(labelled, site, found):
    result, answer = labelled.json("search", "fingers", "--site", site, "--per-article", "0")
    assert result.exit_code == 0 and titles(answer) == found


def test_site_word_of_a_domain_only(run, tmp_path):
    (tmp_path / "p.txt").write_text(
        "Title: Hand care\nURL: https://www.lunghealthnotes.org/hands\nSite: Notes\n\nCold fingers and paraffin.\n",
        encoding="utf-8",
    )
    run("ingest", str(tmp_path / "p.txt"))
    _, answer = run.json("search", "fingers", "--site", "lunghealthnotes")
    assert titles(answer) == {"Hand care"}
    assert run("search", "fingers", "--site", "health").exit_code == 1  # a word is a whole label, not a piece


# Dates


@pytest.mark.parametrize(
    "options, found",
    [
        (("--since", "7d"), {"Cold hands"}),
        (("--since", "1w"), {"Cold hands"}),
        (("--since", "2m"), {"Cold hands", "Lung care"}),
        (("--since", "1y"), {"Cold hands", "Lung care"}),
        (("--since", "20y"), {"Cold hands", "Lung care"}),
        (("--since", "30y"), {"Cold hands", "Lung care", "Old news"}),
        (("--until", "2w"), {"Lung care", "Old news"}),
        (("--since", "6w", "--until", "2w"), {"Lung care"}),
        (("--since", "today"), set()),
        (("--until", "yesterday"), {"Cold hands", "Lung care", "Old news"}),
    ],
)
def test_relative_dates(labelled, options, found):
    result, answer = labelled.json("search", "fingers", *options)
    assert titles(answer) == found and result.exit_code == (0 if found else 1)


@pytest.mark.parametrize("form", ["7 days", "7x", "-7d", "last week", "d7"])
def test_a_bad_date_form_is_one_line_exit_2(labelled, form):
    result = labelled("search", "fingers", "--since", form)
    assert result.exit_code == 2 and len(result.stderr.strip().splitlines()) == 1
    assert result.stderr.startswith(f"Error: cannot read the date '{form}': use YYYY-MM-DD, YYYY-MM, YYYY, or a time ago: 7d")


def test_a_saved_search_keeps_a_relative_date_relative(labelled):
    assert labelled("watch", "add", "fingers", "--since", "7d").exit_code == 0
    listed = labelled.json("watch", "list")[1]
    assert listed[0]["since"] == "7d"  # stored as typed: each run counts back from its own day
    assert "--since '7d'" in labelled("watch", "list").stdout
    assert labelled("watch", "add", "fingers", "--since", "7 days").exit_code == 2


@pytest.mark.parametrize("query", ["body:*", "title:*", "text:* lung"])
def test_a_field_star_finds_every_section(sample_index, query):
    # Asked of the kind field instead of every word's postings: same answer.
    sections = sample_index.json("index", "stats")[1]["sections"]
    result, answer = sample_index.json("search", query, "--limit", "1000", "--per-article", "0")
    assert result.exit_code == 0
    if query.endswith("lung"):
        _, lung = sample_index.json("search", "lung", "--limit", "1000", "--per-article", "0")
        assert answer["total"] == lung["total"]
    else:
        assert answer["total"] == sections


def test_a_correction_into_nothing_to_search_is_no_correction(sample_index):
    # 'ANDb' is closest to 'and', a word never searched: the query as typed stands.
    result = sample_index("search", "ANDb")
    assert result.exit_code == 1 and "Error" not in result.stderr
    assert "not found: ANDb" in result.stderr
    assert sample_index("watch", "add", "ANDb").exit_code == 0  # saved, as search reads it
