"""Golden must / must-not strings on every sample page, and the HTML rules."""

import pytest
from conftest import GOLDEN, SAMPLES

from sclerodex.errors import UnusableSource
from sclerodex.ingest.sources import parse_document, read_source
from sclerodex.ingest.webpage import parse_webpage


def article_text(article) -> str:
    return "\n".join([article.title] + [" ".join(s.path) + "\n" + s.text for s in article.sections])


@pytest.fixture(scope="module", params=sorted(GOLDEN))
def page(request):
    name = request.param
    result = read_source(str(SAMPLES / name))
    assert result.reason is None
    return GOLDEN[name], result.article


def test_metadata_matches_golden(page):
    golden, article = page
    assert article.title == golden["title"]
    assert article.author == golden["author"]
    assert article.published.isoformat() == golden["published"]
    assert article.id == article.url == golden["url"]
    assert list(article.tags) == golden["tags"]
    assert article.site == "Scleroderma News"


def test_sections_match_golden(page):
    golden, article = page
    assert [list(s.path) for s in article.sections] == golden["sections"]
    assert article.sections[0].heading is None


def test_article_text_in_and_chrome_out(page):
    golden, article = page
    text = article_text(article).replace("\n", " ")
    for must in golden["must"]:
        assert must in text
    for must_not in golden["must_not"]:
        assert must_not not in text
        assert must_not not in (article.disclaimer or "")


def test_disclaimer_is_never_a_section(page):
    golden, article = page
    assert article.disclaimer.startswith(golden["disclaimer_starts"])
    assert "strictly a news" not in article_text(article)
    assert "***" not in article_text(article)


def test_lists_and_tables_are_readable_lines():
    def lines(name):
        article = read_source(str(SAMPLES / name)).article
        return [line for s in article.sections for line in s.text.split("\n")]

    assert any(" | " in line for line in lines("lung-disease-ild.html"))
    assert any(line.startswith("- ") for line in lines("raynauds-phenomenon.html"))
    assert any(line.startswith("1. ") for line in lines("digestive-problems.html"))


def test_windows_1252_page_decodes_without_mojibake():
    article = read_source(str(SAMPLES / "skin-thickening.html")).article
    text = article_text(article)
    assert "Sjögren’s" in text and "“hard skin.”" in text
    assert "Ã" not in text and "\ufffd" not in text


def test_h3_under_h2_gives_a_two_part_path():
    golden = GOLDEN["lung-disease-ild.html"]
    assert any(len(path) == 2 for path in golden["sections"])
    article = read_source(str(SAMPLES / "lung-disease-ild.html")).article
    nested = [s for s in article.sections if len(s.path) == 2]
    assert nested and all(s.heading == s.path[-1] for s in nested)


PAGE = """<!DOCTYPE html><html><head><title>{title}</title>{head}</head>
<body><nav class="main-navigation">Home News Forums</nav>{body}<footer>Copyright 2024</footer></body></html>"""


def page_bytes(body: str, title: str = "A page - Scleroderma News", head: str = "") -> bytes:
    return PAGE.format(title=title, head=head, body=body).encode("utf-8")


def test_title_suffixes_are_removed():
    body = "<article><div class='entry-content'><p>Some article text about skin.</p></div></article>"
    for title in ("Skin care - Scleroderma News", "Skin care | Scleroderma News"):
        assert parse_document(page_bytes(body, title), "p.html").title == "Skin care"


def test_page_without_an_article_is_unusable():
    with pytest.raises(UnusableSource, match="no article text"):
        parse_document(page_bytes("<div class='sidebar'>Trending now</div><p>Page not found</p>"), "p.html")


def test_control_characters_never_reach_a_field():
    body = "<article><div class='entry-content'><h2>Ti\x1b[31mtle</h2><p>Bad \x07bell \x1b[2Jclear and \u202eevil\u202c text.</p></div></article>"
    article = parse_document(page_bytes(body, "T\x1bitle"), "p.html")
    for value in (article.title, *(s.text for s in article.sections), *(s.heading or "" for s in article.sections)):
        assert not any(ch in value for ch in "\x1b\x07\u202e\u202c")


def test_format_is_sniffed_from_content_not_name():
    body = "<article><div class='entry-content'><p>Hello from an HTML page named .txt.</p></div></article>"
    article = parse_document(page_bytes(body, "Sniffed - Scleroderma News"), "page.txt")
    assert article.title == "Sniffed"


def test_declared_windows_1252_page():
    html = ("<html><head><meta charset='windows-1252'><title>Caf\xe9 \x93quotes\x94</title></head><body><article>"
            "<p>Na\xefve text \x96 with a dash.</p></article></body></html>").encode("latin-1")
    article = parse_webpage(html.decode("cp1252"), "x")
    assert article.title == "Café “quotes”"
    assert parse_document(html, "x").sections[0].text == "Naïve text – with a dash."
