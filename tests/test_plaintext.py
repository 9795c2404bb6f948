"""Golden tests on the real seed article (plain-text export)."""

import pytest
from conftest import SEED

from sclerodex.ingest.plaintext import find_headings, parse_plaintext
from sclerodex.ingest.sources import parse_document

SEED_TEXT = SEED.read_text(encoding="utf-8")


@pytest.fixture(scope="module")
def seed():
    return parse_document(SEED.read_bytes(), str(SEED))


def test_seed_sections_are_the_intro_and_three_headed_sections(seed):
    assert [s.heading for s in seed.sections] == [
        None,
        "How Imuran works",
        "Imuran in clinical trials for systemic scleroderma",
        "More details about Imuran",
    ]
    assert [s.path for s in seed.sections] == [
        (),
        ("How Imuran works",),
        ("Imuran in clinical trials for systemic scleroderma",),
        ("More details about Imuran",),
    ]
    assert [s.ordinal for s in seed.sections] == [0, 1, 2, 3]


def test_seed_sections_start_and_end_where_the_article_says(seed):
    intro, works, trials, details = seed.sections
    assert intro.text.startswith("Imuran (azathioprine) is an oral tablet medication")
    assert intro.text.endswith("rheumatoid arthritis and myasthenia gravis.")
    assert works.text.startswith("Systemic scleroderma is marked by a widespread accumulation")
    assert works.text.endswith("attack the body’s own tissues and organs.")
    assert trials.text.startswith("A randomized unblinded trial compared")
    assert trials.text.endswith("to maintain improvements in skin symptoms and lung function.")
    assert len(trials.text.split("\n")) == 4
    assert details.text.startswith("Taking Imuran sometimes allows patients")
    assert details.text.endswith("especially skin cancer and lymphoma.")


def test_seed_disclaimer_is_separate_from_the_body(seed):
    assert seed.disclaimer.startswith("Scleroderma News is strictly a news and information website")
    assert "medical advice" in seed.disclaimer
    assert all("strictly a news" not in s.text and "***" not in s.text for s in seed.sections)


def test_seed_title_names_the_subject_and_id_is_the_file(seed):
    assert "Imuran" in seed.title
    assert seed.id == str(SEED) and seed.url is None
    assert seed.site == "Scleroderma News"


def test_title_line_wins_and_header_fields_are_read():
    text = "Title: Imuran explained\nURL: https://example.org/imuran/\nDate: 2024-03-01\n" + SEED_TEXT
    article = parse_plaintext(text, "x.txt")
    assert article.title == "Imuran explained"
    assert article.id == article.url == "https://example.org/imuran/"
    assert article.published.isoformat() == "2024-03-01"
    assert len(article.sections) == 4


def test_a_short_paragraph_ending_a_section_is_not_a_heading():
    lines = [
        "Intro text that opens the article and runs long enough to be a paragraph.",
        "Treatment",
        "Doctors choose a treatment by organ involvement.",
        "Ask your doctor",  # ends the section: followed by a heading, not text
        "Side effects",
        "Most side effects are mild.",
        "Stay informed",  # last line: nothing follows
    ]
    assert find_headings(lines) == {1, 4}
    article = parse_plaintext("\n".join(lines), "x.txt")
    assert [s.heading for s in article.sections] == [None, "Treatment", "Side effects"]
    assert article.sections[1].text.endswith("Ask your doctor")
    assert article.sections[2].text.endswith("Stay informed")


def test_crlf_bom_and_legacy_encoding_read_the_same():
    utf8 = parse_document(SEED.read_bytes(), "a")
    crlf_bom = parse_document(b"\xef\xbb\xbf" + SEED_TEXT.replace("\n", "\r\n").encode("utf-8"), "a")
    legacy = parse_document(SEED_TEXT.encode("cp1252"), "a")
    assert utf8.sections == crlf_bom.sections == legacy.sections
    assert utf8.disclaimer == crlf_bom.disclaimer == legacy.disclaimer
