"""Servers that misbehave: every one ends in a one-line reason within the
timeout, and nothing already indexed is lost.  All on 127.0.0.1."""

import gzip
import time

import pytest
from webserver import RawServer, Resource, TestServer

TIMEOUT = "1.5"
HEAD = b"HTTP/1.1 200 OK\r\nContent-Type: text/html\r\n"


def never_answer(connection, stopping):
    stopping.wait(10)


def one_byte_a_second(connection, stopping):
    connection.sendall(HEAD + b"Content-Length: 100000\r\n\r\n")
    while not stopping.wait(0.5):
        connection.sendall(b"<")


def endless_body(connection, stopping):
    connection.sendall(HEAD + b"\r\n")
    chunk = b"<p>more text</p>" * 4096
    while not stopping.is_set():
        connection.sendall(chunk)


def gzip_bomb(connection, stopping):
    bomb = gzip.compress(b"\0" * (64 * 1024 * 1024), compresslevel=9)
    connection.sendall(HEAD + b"Content-Encoding: gzip\r\nContent-Length: %d\r\n\r\n" % len(bomb) + bomb)


def short_body(connection, stopping):
    connection.sendall(HEAD + b"Content-Length: 100000\r\n\r\n<html><body><p>cut</p>")


def binary_called_html(connection, stopping):
    body = bytes(range(256)) * 64
    connection.sendall(HEAD + b"Content-Length: %d\r\n\r\n" % len(body) + body)


@pytest.mark.parametrize(
    "behave, reason",
    [
        (never_answer, "no complete answer within 1.5s"),
        (one_byte_a_second, "no complete answer within 1.5s"),
        (endless_body, "larger than the 1 MB limit (see --max-size)"),
        (gzip_bomb, "larger than the 1 MB limit (see --max-size)"),
        (short_body, "the server closed the connection before the end of the body"),
        (binary_called_html, "binary data, not text"),
    ],
    ids=["never-answers", "drip", "endless-body", "gzip-bomb", "short-content-length", "lying-content-type"],
)
def test_misbehaving_servers(sample_index, behave, reason):
    with RawServer(behave) as server:
        started = time.monotonic()
        result = sample_index("ingest", "--timeout", TIMEOUT, "--max-size", "1", server.url + "/page")
        elapsed = time.monotonic() - started
    assert result.exit_code == 1
    assert result.stderr.strip() == f"skipped {server.url}/page: {reason}"
    assert elapsed < 10
    assert sample_index("search", "cyclophosphamide").exit_code == 0


def test_huge_feed_is_capped_with_a_message(run, monkeypatch):
    # The cap is 5,000 items; a cap of 50 over a feed of 2,000 takes the same
    # path in a second instead of a minute.
    monkeypatch.setattr("sclerodex.ingest.feeds.MAX_ITEMS", 50)
    items = "".join(
        f"<item><title>Item {n}</title><link>https://example.org/{n}/</link>"
        f"<content:encoded><![CDATA[<p>Body number {n} of the feed.</p>]]></content:encoded></item>"
        for n in range(2_000)
    )
    feed = (
        '<?xml version="1.0"?><rss version="2.0" xmlns:content="http://purl.org/rss/1.0/modules/content/">'
        f"<channel><title>Big</title>{items}</channel></rss>"
    ).encode()
    with TestServer() as server:
        server.site.resources["/feed/"] = Resource(feed, "application/rss+xml")
        result = run("ingest", "--max-size", "100", "--quiet", server.url + "/feed/")
    assert result.exit_code == 1
    assert f"skipped {server.url}/feed/: feed has more than 50 items; the rest were not read" in result.stderr
    assert "50 new" in result.stderr


def test_billion_laughs_feed_is_refused(run, tmp_path):
    entities = '<!ENTITY lol "lol">' + "".join(
        f'<!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">' for i in range(1, 10)
    )
    feed = tmp_path / "laughs.xml"
    feed.write_text(
        f'<?xml version="1.0"?><!DOCTYPE rss [{entities}]><rss version="2.0"><channel><title>t</title>'
        "<item><title>&lol9;</title><link>https://example.org/x/</link><description>&lol9;</description></item>"
        "</channel></rss>"
    )
    result = run("ingest", str(feed))
    assert result.exit_code == 1
    assert result.stderr.strip() == f"skipped {feed}: feed declares XML entities, which are refused"
