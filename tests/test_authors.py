"""Authors, bylines, tags and the page's leftovers (issue 24): golden pages
written for these tests (tests/golden/authors/authors.json says what each
reproduces), the author cleaner on the shapes real pages declare, and old
records that still load."""

import json
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from sclerodex.index.documents import article_info, article_record
from sclerodex.ingest.authors import clean_authors, first_authors
from sclerodex.ingest.records import Article
from sclerodex.ingest.sources import parse_document

PAGES = Path(__file__).parent / "golden" / "authors"
GOLDEN = json.loads((PAGES / "authors.json").read_text(encoding="utf-8"))
SITE = ("nbcnews",)


def body_of(article) -> str:
    return "\n".join(" › ".join(s.path) + "\n" + s.text for s in article.sections)


def test_every_page_is_listed():
    assert sorted(p.name for p in PAGES.glob("*.html")) == sorted(GOLDEN)


@pytest.mark.parametrize("name", sorted(GOLDEN))
def test_golden_page(name):
    golden = GOLDEN[name]
    article = parse_document((PAGES / name).read_bytes(), str(PAGES / name))
    assert list(article.authors) == golden["authors"]
    assert article.author == (", ".join(golden["authors"]) or None)
    assert list(article.tags) == golden["tags"]
    if "published" in golden:
        assert article.published.isoformat() == golden["published"]
    text = body_of(article)
    for must in golden.get("must", []):
        assert must in text, f"{name}: lost {must!r}"
    for must_not in golden["must_not"]:
        assert must_not not in text, f"{name}: kept {must_not!r}"
    assert all("quote" not in " ".join(s.path).lower() for s in article.sections)


@pytest.mark.parametrize(
    "declared, names",
    [
        ("World News", ()),
        ("ABC News", ()),
        ("CBSNews.com", ()),
        ("THE ASSOCIATED PRESS", ()),
        ("No Primary Author", ()),
        ("admin", ()),
        ("[NR] admin", ()),
        ("Staff", ()),
        ("NFL.com Staff", ()),
        ("the CNN Wire Staff", ()),
        ("View my complete profile", ()),
        ("Helen Briggs BBC News", ("Helen Briggs",)),
        ("Judith Burns Education reporter BBC News", ("Judith Burns",)),
        ("JoNel Aleccia, NBC News", ("JoNel Aleccia",)),
        ("Lim Cheng Soon, 02 July 2012", ("Lim Cheng Soon",)),
        ("ROD NORDLAND;MAYY EL SHEIKH", ("Rod Nordland", "Mayy El Sheikh")),
        ("J.D. BIERSDORFER", ("J.D. Biersdorfer",)),
        ("Patti Waldmeir and Leslie Hook and Jamil Anderlini", ("Patti Waldmeir", "Leslie Hook", "Jamil Anderlini")),
        ("By NBC's Chuck Todd, Mark Murray, and Brooke Brower", ("Chuck Todd", "Mark Murray", "Brooke Brower")),
        ("Rudy Galfi, Product Manager, Google News", ("Rudy Galfi",)),
        ("Justin Zaremba/NJ.com", ("Justin Zaremba",)),
        ("Andrew Beaujon Published Nov. 7", ("Andrew Beaujon",)),
        ("By Marta Ibáñez — November 4, 2019", ("Marta Ibáñez",)),
        ("Posted by: Bob Walsh", ("Bob Walsh",)),
        ("Written by: tmatt on August 9, 2012.", ("tmatt",)),
        ("November 12, 2012 by Sam Laird 0", ("Sam Laird",)),
        ("Date: November 6, 2012 | Category: Eye Candy | Author: Laura Vecsey", ("Laura Vecsey",)),
        ("By Spencer Ackerman Email Author", ("Spencer Ackerman",)),
        ("Jane Doe (@janedoe) jane@example.org", ("Jane Doe",)),
        ("jane@example.org (Jane Doe)", ("Jane Doe",)),  # an RSS <author>
        ("Dana Whitfield, PhD", ("Dana Whitfield, PhD",)),
        ("LISA SANDERS;M.D.", ("Lisa Sanders, M.D.",)),
        ("Iljitsch van Beijnum", ("Iljitsch van Beijnum",)),
        ("Geeks are Sexy", ()),
    ],
)
def test_declared_author_is_cleaned(declared, names):
    assert clean_authors(declared) == names


def test_the_page_s_own_site_name_is_an_outlet():
    assert clean_authors("Celebrity Circuit", ["celebritycircuit"]) == ()
    assert clean_authors("Jane Doe Celebrity Circuit", ["celebritycircuit"]) == ("Jane Doe",)
    # An outlet alone gives way to the next declaration.
    assert first_authors(["ABC News", None, "By Christina Ng"]) == ("Christina Ng",)


@settings(max_examples=300)
@given(st.text(max_size=120))
def test_cleaned_names_carry_no_byline_furniture(declared):
    names = clean_authors(declared)
    assert isinstance(names, tuple) and len(names) <= 10
    for name in names:
        assert name == name.strip() and name
        assert not name.lower().startswith("by ")
        assert "@" not in name and "|" not in name and ";" not in name


def test_a_record_saved_before_authors_still_loads():
    old = {"id": "x", "source": "/x.html", "title": "T", "author": "Helen Briggs BBC News", "tags": ["a"],
           "sections": [{"ordinal": 0, "heading": None, "path": [], "text": "Body."}]}
    article = Article.from_dict(old)
    assert article.authors == ("Helen Briggs",) and article.author == "Helen Briggs"
    assert Article.from_dict({**old, "author": "ABC News"}).authors == ()
    assert Article.from_dict({**old, "author": None}).authors == ()
    new = article.to_dict()
    assert new["authors"] == ["Helen Briggs"] and new["author"] == "Helen Briggs"
    assert Article.from_dict(new) == article
    # The stored article record and a section document's fields, old and new.
    record = {"record": json.dumps({**old, "content_hash": "h"})}
    assert article_record(record).authors == ("Helen Briggs",)
    section = {"article_id": "x", "title": "T", "source": "/x.html", "tags": "a"}
    assert article_info({**section, "author": "ROD NORDLAND;MAYY EL SHEIKH"}).authors == ("Rod Nordland", "Mayy El Sheikh")
    assert article_info({**section, "author": ["Ana Silva", "Lee Okafor"]}).author == "Ana Silva, Lee Okafor"
    assert article_info({**section, "author": None}).authors == ()


def test_show_and_search_give_the_authors(run):
    page = PAGES / "outlet-then-post-meta.html"
    assert run("ingest", str(page)).exit_code == 0
    result, shown = run.json("show", str(page.resolve()))
    assert result.exit_code == 0
    assert shown["authors"] == ["Christina Ng", "Lee Okafor"]
    assert shown["author"] == "Christina Ng, Lee Okafor"  # the joined string, kept for one release
    text = run("show", str(page.resolve())).stdout
    assert "authors:   Christina Ng; Lee Okafor" in text
    result, found = run.json("search", "renal crisis")
    assert result.exit_code == 0
    assert found["hits"][0]["article"]["authors"] == ["Christina Ng", "Lee Okafor"]
    assert found["hits"][0]["article"]["author"] == "Christina Ng, Lee Okafor"
