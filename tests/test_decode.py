"""Bytes in every encoding the site's pages come in; binary refused."""

import os

import pytest

from sclerodex.errors import UnusableSource
from sclerodex.ingest.decode import declared_charset, decode_bytes

TEXT = "Sjögren’s syndrome – “overlap” with scleroderma."


@pytest.mark.parametrize(
    "data",
    [
        TEXT.encode("utf-8"),
        b"\xef\xbb\xbf" + TEXT.encode("utf-8"),
        TEXT.encode("utf-16"),  # with BOM
        TEXT.encode("utf-16-le"),  # without BOM
        TEXT.encode("utf-16-be"),
        TEXT.encode("cp1252"),
    ],
    ids=["utf8", "utf8-bom", "utf16-bom", "utf16le", "utf16be", "cp1252"],
)
def test_decodes_to_the_same_text(data):
    assert decode_bytes(data) == TEXT


def test_declared_charset_wins_and_latin1_means_windows_1252():
    assert declared_charset(b'<meta charset="ISO-8859-1">') == "cp1252"
    assert declared_charset(b'<meta http-equiv="Content-Type" content="text/html; charset=windows-1252">') == "cp1252"
    page = '<meta charset="koi8-r"><p>Привет</p>'.encode("koi8_r")
    assert "Привет" in decode_bytes(page)


@pytest.mark.parametrize("data", [b"", b"   \n\t ", os.urandom(0) + bytes(range(256)) * 8])
def test_empty_and_binary_are_unusable(data):
    with pytest.raises(UnusableSource):
        decode_bytes(data)


def test_an_english_page_with_a_few_broken_bytes_is_read_with_them_replaced():
    # Declared UTF-8, one UTF-8 sequence cut short and a byte windows-1252
    # leaves undefined: neither reads it whole; a browser shows the rest.
    page = b'<meta charset="utf-8"><p>' + b"Austerity cuts \xe2\x80 to the budget \x9d were debated. " * 3 + b"</p>" + b"plain words " * 400
    text = decode_bytes(page)
    assert "Austerity cuts \ufffd to the budget" in text
    assert text.count("were debated") == 3
