"""Files people save from the web, at their worst: each is handled or skipped
with a one-line reason, never a traceback or a hang, and nothing is lost."""

import builtins
import errno
import os
import time

import pytest

from sclerodex.ingest.sources import parse_document, read_source

ARTICLE = "<html><body><article><div class='entry-content'>{}</div></article></body></html>"


def ingest_one(run, path, *args):
    started = time.monotonic()
    result = run("ingest", *args, str(path))
    assert "Traceback" not in result.output
    assert time.monotonic() - started < 30
    return result


def test_nul_bytes_inside_text_are_dropped(run, tmp_path):
    page = tmp_path / "nul.txt"
    page.write_bytes(b"Scleroderma\x00 affects the sk\x00in and lungs.\n")
    assert ingest_one(run, page).exit_code == 0
    result, answer = run.json("search", "lungs")
    assert "\x00" not in answer["hits"][0]["passages"][0]["text"]


def test_invalid_in_declared_charset_is_still_read(tmp_path):
    html = ("<html><head><meta charset='utf-8'></head><body><article><p>Caf\xe9 and na\xefve text.</p>"
            "</article></body></html>").encode("latin-1")
    assert parse_document(html, "x").sections[0].text == "Café and naïve text."


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le", "utf-16-be"])
def test_utf16_pages(encoding):
    html = ARTICLE.format("<p>Sjögren’s overlap – “hard skin”.</p>").encode(encoding)
    assert parse_document(html, "x").sections[0].text == "Sjögren’s overlap – “hard skin”."


def test_a_200_mb_file_is_skipped_by_the_size_cap(run, tmp_path):
    huge = tmp_path / "huge.html"
    with open(huge, "wb") as handle:
        handle.truncate(200 * 1024 * 1024)  # sparse: 200 MB without writing them
    result = ingest_one(run, huge)
    assert result.stderr.strip() == f"skipped {huge}: larger than the 50 MB limit (see --max-size)"
    result = ingest_one(run, huge, "--max-size", "10")
    assert result.stderr.strip() == f"skipped {huge}: larger than the 10 MB limit (see --max-size)"


@pytest.mark.parametrize(
    "body, expected",
    [
        ("<div>" * 100_000 + "<p>Deep.</p>" + "</div>" * 100_000, "skip"),
        ("<p>a b.</p>" * 1_000_000, "skip"),
        ("<h2>" + "word " * 10_000 + "</h2><p>Text under a giant heading.</p>", "ok"),
        ("<h2>Heading</h2>" * 5000, "skip"),
    ],
    ids=["nested-100000", "million-paragraphs", "heading-50000-chars", "all-headings"],
)
def test_pathological_pages_finish_quickly(body, expected):
    started = time.monotonic()
    try:
        article = parse_document(ARTICLE.format(body).encode(), "x.html")
        outcome = "ok"
        assert all(len(section.heading or "") <= 200 for section in article.sections)
    except Exception as problem:  # noqa: BLE001 - only UnusableSource is acceptable
        assert type(problem).__name__ == "UnusableSource", problem
        outcome = "skip"
    assert outcome == expected
    assert time.monotonic() - started < 20


@pytest.mark.parametrize(
    "html, text",
    [
        ("<html><head><title>t</title></head><p>" + "Words without a body tag. " * 10 + "</p></html>", "Words without"),
        ("<html><body><article><p>Short one.</p></article><article><p>The longer article is this one, "
         "with more words.</p></article></body></html>", "The longer article"),
        ("<html><body><noscript><article><p>Shown without scripts.</p></article></noscript></body></html>",
         "Shown without scripts."),
    ],
    ids=["no-body", "several-articles", "in-noscript"],
)
def test_odd_structures(html, text):
    article = parse_document(html.encode(), "x.html")
    assert text in article.sections[0].text


def test_article_inside_template_is_never_shown_so_never_read():
    html = "<html><body><template><article><p>Inert template text.</p></article></template></body></html>"
    with pytest.raises(Exception, match="no article text"):
        parse_document(html.encode(), "x.html")


def test_unreadable_file_is_skipped(run, tmp_path, monkeypatch):
    page = tmp_path / "secret.txt"
    page.write_text("Secret text.\n")
    real_open = builtins.open

    def denied(path, *args, **kwargs):
        if str(path) == str(page):
            raise PermissionError(errno.EACCES, os.strerror(errno.EACCES), str(path))
        return real_open(path, *args, **kwargs)

    monkeypatch.setattr(builtins, "open", denied)
    result = ingest_one(run, page)
    assert result.stderr.strip() == f"skipped {page}: Permission denied"


def test_file_removed_before_it_is_read(tmp_path):
    assert read_source(str(tmp_path / "gone.html")).reason == "No such file or directory"


def test_symlink_loops_and_links_out_of_the_folder(run, tmp_path):
    folder = tmp_path / "articles"
    folder.mkdir()
    (folder / "real.txt").write_text("Real article about morphea.\n")
    (folder / "loop").symlink_to(folder)  # a folder loop: never entered
    (folder / "a.txt").symlink_to(folder / "b.txt")
    (folder / "b.txt").symlink_to(folder / "a.txt")  # a file loop
    outside = tmp_path / "outside.txt"
    outside.write_text("Private notes.\n")
    (folder / "out.txt").symlink_to(outside)
    result = ingest_one(run, folder)
    assert result.stdout.startswith("1 new")
    assert f"skipped {folder / 'a.txt'}: broken or looping symlink" in result.stderr
    assert f"skipped {folder / 'out.txt'}: symlink pointing out of the folder" in result.stderr
    assert run("search", "private").exit_code == 1


def test_fifos_and_devices_are_never_opened(run, tmp_path):
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    result = ingest_one(run, tmp_path)
    assert f"skipped {fifo}: not a regular file" in result.stderr
    result = ingest_one(run, "/dev/zero")
    assert "skipped /dev/zero: not a regular file" in result.stderr


def test_file_that_grows_past_the_cap_after_stat_is_skipped(tmp_path, monkeypatch):
    page = tmp_path / "growing.txt"
    page.write_text("Text about esophageal reflux.\n")
    small = os.stat(page)
    page.write_text("Text about esophageal reflux.\n" * 1000)  # grew after it was looked at
    real_stat = os.stat
    monkeypatch.setattr(os, "stat", lambda path, *a, **k: small if str(path) == str(page) else real_stat(path, *a, **k))
    result = read_source(str(page), max_bytes=1024)
    assert result.article is None and result.reason.startswith("larger than the")


# Found by bench/fuzz.py; each once raised or hung.


@pytest.mark.parametrize("label", ["rot13", "base64", "hex", "zlib", "bz2", "quopri", "undefined", "utf-16"])
def test_declared_charset_that_is_not_a_text_codec(label):
    html = f'<html><head><meta charset="{label}"></head><body><article><p>Lung text.</p></article></body></html>'
    assert parse_document(html.encode(), "x").sections[0].text == "Lung text."


@pytest.mark.parametrize("control", ["\x0b", "\x1c", "\x0c"])
def test_control_character_after_an_invisible_element(control):
    html = f"<html><body><article><p>Lung text.</p><style>p{{}}</style>{control} and more text.</article></body></html>"
    assert "more text" in " ".join(s.text for s in parse_document(html.encode(), "x").sections)


def test_feed_with_a_broken_encoding_declaration(run, tmp_path):
    feed = tmp_path / "f.xml"
    feed.write_bytes(b'<?xml version="1.0" encoding="caf\xe9"?><rss version="2.0"><channel><title>x</title></channel></rss>')
    result = ingest_one(run, feed)
    assert result.exit_code == 1 and result.stderr.startswith(f"skipped {feed}: ")


def test_many_line_breaks_in_one_paragraph_read_in_linear_time():
    started = time.monotonic()
    article = parse_document(b"<html><body><article><p>" + b"line<br>" * 40000 + b"</p></article></body></html>", "x")
    assert time.monotonic() - started < 10
    assert article.sections[0].text.startswith("line line line")


def test_arabic_letter_mark_is_stripped():
    article = parse_document("<html><body><article><p>Left\u061cright text.</p></article></body></html>".encode(), "x")
    assert "\u061c" not in article.sections[0].text
