"""Golden pages written in the manner of real sites we never saw: what must
and must not be indexed, whatever the markup (tests/golden/pages.json says
what each page reproduces)."""

import json
from pathlib import Path

import pytest

from sclerodex.errors import UnusableSource
from sclerodex.ingest.boilerplate import Block, clean_blocks
from sclerodex.ingest.dates import find_written_date
from sclerodex.ingest.sources import parse_document

PAGES = Path(__file__).parent / "golden" / "pages"
GOLDEN = json.loads((Path(__file__).parent / "golden" / "pages.json").read_text(encoding="utf-8"))


def indexed_text(article) -> str:
    """Everything that becomes searchable: heading paths and section texts."""
    return "\n".join(" › ".join(s.path) + "\n" + s.text for s in article.sections)


@pytest.mark.parametrize("name", sorted(name for name, page in GOLDEN.items() if "skipped" not in page))
def test_page_keeps_the_article_and_drops_the_rest(name):
    golden = GOLDEN[name]
    article = parse_document((PAGES / name).read_bytes(), str(PAGES / name))
    text = indexed_text(article)
    for must in golden["must"]:
        assert must in text, f"{name}: lost {must!r}"
    for must_not in golden["must_not"]:
        assert must_not not in text, f"{name}: kept {must_not!r}"
    if "title" in golden:
        assert article.title == golden["title"]
        assert all(golden["title"] not in section.path for section in article.sections)
    if "author" in golden:
        assert article.author == golden["author"]
    if "published" in golden:
        assert article.published.isoformat() == golden["published"]
    if "sections" in golden:
        assert [list(s.path) for s in article.sections] == golden["sections"]


@pytest.mark.parametrize("name", sorted(name for name, page in GOLDEN.items() if "skipped" in page))
def test_page_without_an_article_is_skipped_with_its_reason(name):
    with pytest.raises(UnusableSource, match=GOLDEN[name]["skipped"]):
        parse_document((PAGES / name).read_bytes(), str(PAGES / name))


def test_every_golden_page_is_listed():
    assert sorted(p.name for p in PAGES.glob("*.html")) == sorted(GOLDEN)


@pytest.mark.parametrize(
    "line, date",
    [
        ("September 3, 2024", "2024-09-03"),
        ("Posted Sept. 3rd, 2024 at 10:30 am", "2024-09-03"),
        ("3 September 2024", "2024-09-03"),
        ("Updated 2024-09-03T10:00", "2024-09-03"),
        ("February 30, 2024", None),
        ("In 2024 the trial ended", None),
    ],
)
def test_written_dates(line, date):
    found = find_written_date(line)
    assert (found[0].isoformat() if found else None) == date


@pytest.mark.parametrize(
    "line",
    [
        "The trial ended on May 1, 2024.",
        "By the end of the study, 40 patients had improved.",
        "Share your experience with your care team: it helps.",
    ],
)
def test_prose_that_looks_like_furniture_is_kept(line):
    blocks = [Block(0, line), Block(0, "A second paragraph of the article, long enough to be prose.")]
    kept, byline = clean_blocks(blocks, title="Some title")
    assert kept == blocks
    assert byline.author is None and byline.published is None
