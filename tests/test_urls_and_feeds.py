"""Pages and feeds over HTTP from a local server: first ingest, conditional
re-ingest, a new item, a broken item, refused schemes."""

import datetime as dt
from email.utils import format_datetime
from html import escape

import pytest
from webserver import Resource

SUMMARY = "{} new, {} updated, {} unchanged, {} removed, {} skipped"


def page(slug: str, text: str) -> bytes:
    return (
        f"<html><head><title>{slug} - Scleroderma News</title>"
        f"<meta property='og:site_name' content='Scleroderma News'></head><body><article>"
        f"<h1 class='entry-title'>{slug}</h1><div class='entry-content'><p>{text}</p>"
        "<p>***</p><p>Scleroderma News is strictly a news and information website about the disease. "
        "It does not provide medical advice, diagnosis or treatment.</p></div></article></body></html>"
    ).encode()


def rss(base: str, items: list[tuple[str, str, str | None]]) -> bytes:
    """items: (slug, title, full body HTML or None)."""
    parts = []
    for n, (slug, title, body) in enumerate(items):
        date = format_datetime(dt.datetime(2024, 5, 1 + n, tzinfo=dt.timezone.utc))
        content = f"<content:encoded><![CDATA[{body}]]></content:encoded>" if body else ""
        parts.append(
            f"<item><title>{escape(title)}</title><link>{base}/{slug}/</link><pubDate>{date}</pubDate>"
            f"<category>Research</category><dc:creator>Pat Doe</dc:creator>{content}</item>"
        )
    return (
        '<?xml version="1.0" encoding="UTF-8"?><rss version="2.0" '
        'xmlns:content="http://purl.org/rss/1.0/modules/content/" xmlns:dc="http://purl.org/dc/elements/1.1/">'
        "<channel><title>Scleroderma News</title><link>" + base + "</link>" + "".join(parts) + "</channel></rss>"
    ).encode()


def summary(result) -> str:
    """The summary line: the first of stdout (the new articles' titles follow)."""
    return result.stdout.splitlines()[0]


def test_page_url_then_conditional_reingest(run, server):
    server.site.resources["/a/"] = Resource(page("Telangiectasia", "Small red spots called telangiectasias."))
    url = server.url + "/a/"
    assert summary(run("ingest", url)) == SUMMARY.format(1, 0, 0, 0, 0)
    path, headers = server.site.requests[0]
    assert headers["User-Agent"].startswith("sclerodex/")
    result, answer = run.json("search", "telangiectasias")
    assert answer["hits"][0]["article"]["id"] == url and answer["hits"][0]["article"]["source"] == url

    server.site.reset_counts()
    assert summary(run("ingest", url)) == SUMMARY.format(0, 0, 1, 0, 0)
    assert server.site.bodies_sent == []
    assert server.site.requests[0][1]["If-None-Match"] == server.site.resources["/a/"].etag

    server.site.resources["/a/"] = Resource(page("Telangiectasia", "Laser treatment fades telangiectasias."))
    assert summary(run("ingest", url)) == SUMMARY.format(0, 1, 0, 0, 0)
    assert run("search", "laser").exit_code == 0


def test_feed_items_with_full_bodies_fetch_nothing_else(run, server):
    base = server.url
    items = [("one", "Calcinosis update", "<p>Calcium deposits under the skin.</p><h2>Care</h2><p>Surgery is rare.</p>"),
             ("two", "Hand therapy", "<p>Paraffin baths ease stiff hands.</p>")]
    server.site.resources["/feed/"] = Resource(rss(base, items), "application/rss+xml")
    assert summary(run("ingest", base + "/feed/")) == SUMMARY.format(2, 0, 0, 0, 0)
    assert server.site.bodies_sent == ["/feed/"]
    result, answer = run.json("search", "surgery")
    hit = answer["hits"][0]
    assert hit["article"]["title"] == "Calcinosis update" and hit["section"]["path"] == ["Care"]
    assert hit["article"]["published"] == "2024-05-01" and hit["article"]["tags"] == ["Research"]
    assert hit["article"]["author"] == "Pat Doe"
    assert "not medical advice" in hit["disclaimer"]  # no disclaimer in the feed or the index: the generic one
    server.site.reset_counts()
    assert summary(run("ingest", base + "/feed/")) == SUMMARY.format(0, 0, 2, 0, 0)  # 304: its 2 items unchanged
    assert server.site.bodies_sent == []


def test_feed_linking_to_pages_reingests_with_conditional_requests(run, server):
    base = server.url
    server.site.resources["/one/"] = Resource(page("Gastric", "Gastric antral vascular ectasia bleeds."))
    server.site.resources["/two/"] = Resource(page("Kidneys", "Renal crisis needs ACE inhibitors."))
    server.site.resources["/feed/"] = Resource(
        rss(base, [("one", "Gastric", None), ("two", "Kidneys", None)]), "application/rss+xml"
    )
    feed = base + "/feed/"
    assert summary(run("ingest", feed)) == SUMMARY.format(2, 0, 0, 0, 0)

    server.site.reset_counts()
    assert summary(run("ingest", feed)) == SUMMARY.format(0, 0, 2, 0, 0)  # the feed itself: 304, its 2 items
    assert server.site.bodies_sent == []
    assert "If-None-Match" in server.site.requests[0][1]

    # A new item appears; one old item's page now 404s, another returns garbage.
    server.site.resources["/three/"] = Resource(page("Lungs", "Nintedanib slows lung function decline."))
    server.site.resources["/four/"] = Resource(bytes(range(256)) * 20, "text/html")
    server.site.resources["/feed/"] = Resource(
        rss(base, [("one", "Gastric", None), ("two", "Kidneys (updated)", None), ("three", "Lungs", None),
                   ("four", "Garbage", None)]),
        "application/rss+xml",
    )
    del server.site.resources["/two/"]
    server.site.reset_counts()
    result = run("ingest", feed)
    assert summary(result) == SUMMARY.format(1, 0, 1, 0, 2)
    assert f"{feed} item {base}/two/: HTTP 404" in result.stderr
    assert f"{feed} item {base}/four/: binary data, not text" in result.stderr
    assert sorted(server.site.bodies_sent) == ["/feed/", "/four/", "/three/"]  # item one not fetched again
    assert run("search", "nintedanib").exit_code == 0
    assert run("search", "renal").exit_code == 0  # the 404 lost nothing already indexed


def test_feed_file_is_recognised(run, tmp_path):
    feed = tmp_path / "saved-feed.xml"
    feed.write_bytes(rss("https://example.org", [("x", "Sclerodactyly", "<p>Fingers curl as skin tightens.</p>")]))
    assert summary(run("ingest", str(feed))) == SUMMARY.format(1, 0, 0, 0, 0)
    result, answer = run.json("search", "fingers")
    assert answer["hits"][0]["article"]["id"] == "https://example.org/x/"


@pytest.mark.parametrize(
    "url", ["file:///etc/passwd", "ftp://example.org/a.html", "data:text/html,<p>hi</p>", "javascript:alert(1)"]
)
def test_other_schemes_are_refused_by_name(run, url):
    result = run("ingest", url)
    assert result.exit_code == 1
    scheme = url.split(":")[0]
    assert f"skipped {url}: refusing {scheme}: URLs; only http and https are fetched" in result.stderr


def test_http_errors_and_wrong_content_types_are_reasons(run, server):
    server.site.resources["/img"] = Resource(b"\x89PNG....", "image/png")
    server.site.resources["/loop"] = Resource(b"", status=302, location="/loop")
    result = run("ingest", server.url + "/missing", server.url + "/img", server.url + "/loop")
    assert result.exit_code == 1
    assert "/missing: HTTP 404" in result.stderr
    assert "/img: not an article or feed (content type image/png)" in result.stderr
    assert "/loop: too many redirects" in result.stderr
    assert summary(result) == SUMMARY.format(0, 0, 0, 0, 3)
