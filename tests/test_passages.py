"""Passages: densest window, sentence boundaries, phrases as one mark, and
matches far into a long section."""

from sclerodex.search.passages import build_passages, find_matches, sentence_spans
from sclerodex.whoosh_engine.analysis import text_analyzer

ANALYZER = text_analyzer()


def terms(text):
    """Index terms of ``text`` (stemmed as the index stems them)."""
    return tuple(token.text for token in ANALYZER(text))


def marks(passage):
    return [passage.text[s:e] for s, e in passage.highlights]


def test_the_densest_window_wins_and_is_cut_at_sentence_boundaries():
    text = (
        "Bosentan is one option. "
        "Skin thickening varies from person to person and over time. "
        "Bosentan lowers pressure in the lung arteries, and sildenafil relaxes them. "
        "Exercise helps too."
    )
    wanted = set(terms("bosentan lung sildenafil"))
    (passage,) = build_passages(text, find_matches(text, wanted, ANALYZER), limit=1)
    assert passage.text == "Bosentan lowers pressure in the lung arteries, and sildenafil relaxes them."
    assert marks(passage) == ["Bosentan", "lung", "sildenafil"]


def test_passages_are_the_best_windows_shown_in_text_order():
    text = "Lung one. Filler here. Lung and skin two. More filler. Skin three."
    passages = build_passages(text, find_matches(text, {"lung", "skin"}, ANALYZER))
    assert [p.text for p in passages] == ["Lung one.", "Lung and skin two.", "Skin three."]


def test_a_phrase_is_marked_whole_and_only_where_its_words_are_in_order():
    text = "Lung function fell. The lung was scarred, and function of the heart was fine. Measure lung function yearly."
    matches = find_matches(text, set(), ANALYZER, phrases=[terms("lung function")])
    assert [text[m.start : m.end] for m in matches] == ["Lung function", "lung function"]
    passages = build_passages(text, matches)
    assert [m for p in passages for m in marks(p)] == ["Lung function", "lung function"]


def test_a_phrase_and_a_single_term_together():
    text = "Pulmonary arterial hypertension (PAH) is treated with bosentan."
    matches = find_matches(text, {"pah"}, ANALYZER, phrases=[terms("pulmonary arterial hypertension")])
    assert [text[m.start : m.end] for m in matches] == ["Pulmonary arterial hypertension", "PAH"]


def test_matches_past_32768_characters_are_found_and_highlighted():
    filler = "Warm gloves help the hands in cold weather. " * 1000
    text = filler + "Bosentan helped digital ulcers heal in this trial."
    assert len(text) > 40_000
    matches = find_matches(text, set(terms("bosentan ulcer")), ANALYZER)
    assert [text[m.start : m.end] for m in matches] == ["Bosentan", "ulcers"]
    (passage,) = build_passages(text, matches)
    assert passage.text == "Bosentan helped digital ulcers heal in this trial."
    assert marks(passage) == ["Bosentan", "ulcers"]


def test_long_section_from_the_command_line(run, tmp_path):
    filler = " ".join(f"Sentence {n} is about warm gloves and hand care." for n in range(1, 1001))
    page = tmp_path / "long.txt"
    page.write_text(
        "Title: A very long article\n\n"
        + filler
        + " Nintedanib slowed the decline in lung function over one year.\n",
        encoding="utf-8",
    )
    assert len(filler) > 40_000
    assert run("ingest", str(page)).exit_code == 0
    result, answer = run.json("search", '"lung function" nintedanib')
    (hit,) = answer["hits"]
    (passage,) = hit["passages"]
    assert passage["text"] == "Nintedanib slowed the decline in lung function over one year."
    assert [passage["text"][s:e] for s, e in passage["highlights"]] == ["Nintedanib", "lung function"]


def test_a_long_sentence_is_trimmed_around_its_densest_stretch():
    words = " ".join(["gloves"] * 120)
    text = f"Bosentan {words} lung fibrosis and lung scarring {words} end."
    wanted = set(terms("bosentan lung fibrosis scarring"))
    (passage,) = build_passages(text, find_matches(text, wanted, ANALYZER))
    assert len(passage.text) <= 330
    assert {"lung", "fibrosis", "scarring"} <= set(marks(passage))
    assert passage.text.startswith("…") and passage.text.endswith("…")


def test_abbreviations_and_initials_do_not_end_a_sentence():
    text = "Nintedanib was approved by the U.S. Food and Drug Administration in 2019. Dr. J. Smith led the trial."
    spans = [text[start:end] for start, end in sentence_spans(text)]
    assert spans == [
        "Nintedanib was approved by the U.S. Food and Drug Administration in 2019.",
        "Dr. J. Smith led the trial.",
    ]
