"""Compounds searched whole: IL-6, COVID-19, anti-Scl-70, TNF-α, 5-year survival.

The golden pages (tests/golden/compounds) hold compounds in titles, headings
and bodies, and one page (strobes.html) holds only their parts: the numbers
6, 8, 19 and 5, "Il Divo", "year" and "survival" apart.
"""

from __future__ import annotations

import json
import re
import string
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sclerodex.index.writer import write_articles
from sclerodex.ingest.records import Article, Section
from sclerodex.search.searcher import search
from sclerodex.whoosh_engine.analysis import flat_terms, text_analyzer, units
from sclerodex.whoosh_engine.storage import VERSION_FILE, current_generation

COMPOUNDS = Path(__file__).parent / "golden" / "compounds"


@pytest.fixture
def compounds_index(run):
    result = run("ingest", str(COMPOUNDS))
    assert result.exit_code == 0, result.stderr
    return run


def titles_and_headings(answer: dict) -> list[tuple[str, str | None]]:
    return [(h["article"]["title"], h["section"]["heading"]) for h in answer["hits"]]


def marked(answer: dict) -> list[str]:
    return [p["text"][s:e] for h in answer["hits"] for p in h["passages"] for s, e in p["highlights"]]


# The analyser


def test_a_compound_is_indexed_whole_as_its_parts_and_joined():
    tokens = [(t.text, t.pos) for t in text_analyzer()("IL-6 levels", positions=True)]
    assert tokens == [("il-6", 0), ("il6", 0), ("il", 0), ("6", 1), ("level", 2)]


def test_greek_letters_are_spelled_and_decimals_stay_whole():
    assert [u.joined or u.whole for u in units(text_analyzer(), "TNF-α TNFα TNF-alpha")] == ["tnfalpha"] * 3
    assert [u.whole for u in units(text_analyzer(), "2.5 mg")] == ["2.5", "mg"]
    # A Greek word is not spelled letter by letter.
    assert [u.whole for u in units(text_analyzer(), "καλημέρα")] == ["καλημέρα"]


def test_query_language_phrases_read_a_compound_as_its_parts():
    assert [t.text for t in text_analyzer()("5-year survival", mode="query")] == ["5", "year", "surviv"]
    assert flat_terms(text_analyzer(), "anti-Scl-70 antibodies") == ("anti", "scl", "70", "antibodi")


# Through the CLI


def test_a_compound_never_finds_its_parts_alone(compounds_index):
    result, answer = compounds_index.json("search", "IL-6")
    assert result.exit_code == 0
    titles = {title for title, _ in titles_and_headings(answer)}
    assert "How to trigger 6 strobes at once" not in titles
    assert "IL-6 blockers slow lung decline in SSc-ILD" in titles
    assert "IL-6" in marked(answer)
    result, answer = compounds_index.json("search", "COVID-19")
    assert {title for title, _ in titles_and_headings(answer)} == {"COVID-19 vaccines and scleroderma"}


def test_a_compound_the_index_lacks_is_named_whole(compounds_index):
    # The strobes page holds "Il" and "8", but not IL-8.
    result = compounds_index("search", "IL-8")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "not found: IL-8" in result.stderr.splitlines()
    result = compounds_index("search", "IL-8", "lung", "--no-color")
    assert result.exit_code == 0
    assert "not found: IL-8" in result.stderr.splitlines()
    assert "strobes" not in result.stdout


@pytest.mark.parametrize(("typed", "found"), [("IL6", "IL-6"), ("IL-6", "IL6"), ("il/6", "IL6")])
def test_with_or_without_the_hyphen_finds_both_spellings(compounds_index, typed, found):
    result, answer = compounds_index.json("search", typed)
    assert result.exit_code == 0
    assert found in marked(answer)


def test_greek_letters_typed_or_spelled(compounds_index):
    for typed in ("TNF-α", "TNF-alpha", "tnfalpha", "TNFα"):
        result, answer = compounds_index.json("search", typed)
        assert {"TNF-α", "TNFα"} <= set(marked(answer)), typed


def test_a_part_run_of_a_longer_compound_finds_it(compounds_index):
    for typed in ("scl70", "Scl-70", "anti-Scl-70", "antiscl70"):
        result, answer = compounds_index.json("search", typed)
        assert titles_and_headings(answer) == [("IL-6 blockers slow lung decline in SSc-ILD", "Anti-Scl-70 antibodies")]
        assert marked(answer) == ["anti-Scl-70"]


def test_a_quoted_compound_phrase_finds_only_that_phrase(compounds_index):
    result, answer = compounds_index.json("search", '"5-year survival"')
    assert result.exit_code == 0
    assert titles_and_headings(answer) == [("Outcomes in diffuse systemic sclerosis", "5-year survival")]
    assert marked(answer)[0] == "5-year survival"


def test_an_index_of_the_previous_schema_asks_for_a_rebuild_in_one_line(compounds_index):
    generation = current_generation(compounds_index.index_dir)
    (generation / VERSION_FILE).write_text(json.dumps({"schema_version": 2}))
    result = compounds_index("search", "IL-6")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1
    assert "run 'sclerodex index rebuild'" in result.stderr
    assert compounds_index("index", "rebuild").exit_code == 0
    result, answer = compounds_index.json("search", "IL6")
    assert result.exit_code == 0 and "IL-6" in marked(answer)


# Any compound, typed with or without its joiners


# Consonants and digits: no stop word, nothing the stemmer would shorten.
_LETTERS = "bcdfgkmp"
_PART = st.text(alphabet=_LETTERS + string.digits, min_size=1, max_size=4)
_COMPOUND = st.tuples(
    st.text(alphabet=_LETTERS, min_size=1, max_size=3),  # a letter first: never a decimal number
    st.lists(_PART, min_size=1, max_size=3),
    st.sampled_from("-/."),
).map(lambda t: t[2].join([t[0], *t[1]]))
FILLER = "zzfiller"
REJECTED: list[str] = []


def _typings(compound: str) -> list[str]:
    parts = re.split(r"[-/.]", compound)
    return [compound, compound.upper(), "".join(parts), "-".join(parts)]


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(compounds=st.lists(_COMPOUND, min_size=1, max_size=5, unique=True))
def test_any_compound_typed_with_or_without_joiners_finds_its_section(tmp_path_factory, compounds):
    analyser = text_analyzer()
    usable = []
    for compound in compounds:
        # A compound the analyser does not read as one (none expected: the
        # strategy makes only compounds) is counted, not skipped silently.
        found = units(analyser, compound)
        if len(found) != 1 or not found[0].is_compound:
            REJECTED.append(compound)
            continue
        usable.append(compound)
    assert not REJECTED, f"not read as compounds: {REJECTED}"
    sections = []
    for n, compound in enumerate(usable):
        sections.append(Section(2 * n, None, (), f"Levels of {compound} were measured."))
        # The parts alone, out of order and apart: never a hit for the compound.
        apart = f" {FILLER} ".join(reversed(re.split(r"[-/.]", compound)))
        sections.append(Section(2 * n + 1, None, (), f"Apart: {apart} {FILLER}."))
    index = tmp_path_factory.mktemp("compounds") / "index"
    article = Article("a", "a", None, None, "Compounds", (), None, (), "Not medical advice.", tuple(sections))
    write_articles(index, [article])
    for n, compound in enumerate(usable):
        holding = {s.ordinal for s in sections if _holds(s.text, compound)}
        for typed in _typings(compound):
            hits = search(index, typed, limit=100, per_article=None).hits
            ordinals = {hit.section.ordinal for hit in hits}
            assert 2 * n in ordinals, (typed, compound)
            assert ordinals <= holding, (typed, compound, ordinals)


def _holds(text: str, compound: str) -> bool:
    """Whether ``text`` holds ``compound``: its parts in a row (joined by
    anything, or spaced), or all of them joined as a word or as a run of a
    longer compound's parts."""
    mine = re.split(r"[-/.]", compound)
    words = [re.split(r"[-/.]", w) for w in re.findall(r"\w+(?:[-/.]\w+)*", text)]
    flat = [part for word in words for part in word]
    if any(flat[i : i + len(mine)] == mine for i in range(len(flat))):
        return True
    joined = "".join(mine)
    return any(joined == "".join(w[i:j]) for w in words for i in range(len(w)) for j in range(i + 1, len(w) + 1))


def test_in_a_longer_query_the_parts_add_but_never_match_alone(tmp_path):
    texts = [
        "Rad53 controls these mechanisms in yeast.",  # the parts apart, and another query word
        "Other mechanisms were studied in yeast.",  # only the other word
        "Rad53 is a kinase.",  # only a part
        "Rad53-dependent mechanisms were described.",  # the compound
    ]
    sections = tuple(Section(n, None, (), text) for n, text in enumerate(texts))
    write_articles(tmp_path / "index", [Article("a", "a", None, None, "Yeast", (), None, (), "x", sections)])
    hits = search(tmp_path / "index", "Rad53-dependent mechanisms", per_article=None).hits
    assert [hit.section.ordinal for hit in hits] == [3, 0, 1]
    assert search(tmp_path / "index", "Rad53-dependent", per_article=None).hits[0].section.ordinal == 3
    assert [h.section.ordinal for h in search(tmp_path / "index", "Rad53-dependent", per_article=None).hits] == [3]


def test_a_compound_counts_as_its_parts_in_a_fields_length(tmp_path):
    # The whole and joined terms of a compound stand on its parts'
    # positions: they are not more words, so a section written with
    # compounds ranks for another word as the same section with the parts
    # spaced, and ahead of a longer one.
    texts = [
        "IL-6 and TNF-α levels predict lung fibrosis.",
        "IL 6 and TNF α levels predict lung fibrosis.",
        "IL 6 and TNF α levels predict lung fibrosis in adults.",
    ]
    sections = tuple(Section(n, None, (), text) for n, text in enumerate(texts))
    write_articles(tmp_path / "index", [Article("a", "a", None, None, "Lungs", (), None, (), "x", sections)])
    hits = search(tmp_path / "index", "fibrosis", per_article=None).hits
    scores = {hit.section.ordinal: hit.score for hit in hits}
    assert scores[0] == pytest.approx(scores[1])
    assert scores[1] > scores[2]
