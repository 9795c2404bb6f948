"""Bytes -> text: BOM, then the declared charset, then UTF-8, then detection.

Binary data is refused rather than decoded into garbage: a search index of
mojibake is worse than a skipped file.
"""

from __future__ import annotations

import codecs
import re

from sclerodex.errors import UnusableSource

_BOMS = (
    (codecs.BOM_UTF32_LE, "utf-32-le"),
    (codecs.BOM_UTF32_BE, "utf-32-be"),
    (codecs.BOM_UTF8, "utf-8"),
    (codecs.BOM_UTF16_LE, "utf-16-le"),
    (codecs.BOM_UTF16_BE, "utf-16-be"),
)

# <meta charset="x">, <meta http-equiv=... content="...; charset=x">, <?xml encoding="x"?>
_DECLARED = re.compile(
    rb"""<meta[^>]+charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]+)"""
    rb"""|<\?xml[^>]+encoding\s*=\s*["']([A-Za-z0-9_.:-]+)""",
    re.IGNORECASE,
)

# As browsers do (WHATWG Encoding): these labels mean windows-1252.
_WINDOWS_1252_ALIASES = {"iso-8859-1", "iso8859-1", "latin1", "latin-1", "l1", "ascii", "us-ascii"}

# Bytes that plain text never holds (C0 controls bar tab, LF, FF, CR, ESC).
_BINARY_BYTES = bytes(b for b in range(32) if b not in (9, 10, 12, 13, 27))
_BINARY_RATIO = 0.05
# At most this share of non-ASCII bytes reads as windows-1252 without detection.
_LEGACY_HIGH_RATIO = 0.03


def declared_charset(data: bytes) -> str | None:
    """The charset a document declares in its first few kilobytes, if any."""
    match = _DECLARED.search(data[:4096])
    if not match:
        return None
    label = (match.group(1) or match.group(2)).decode("ascii").lower()
    if label in _WINDOWS_1252_ALIASES:
        return "cp1252"
    try:
        codec = codecs.lookup(label)
    except LookupError:
        return None
    # rot13, base64, zlib... are codecs too, but not of text; and a document
    # that *declares* UTF-16/32 without a byte-order mark is almost always
    # mislabelled (real UTF-16 was recognised before this is asked).
    if not getattr(codec, "_is_text_encoding", True) or codec.name.startswith(("utf-16", "utf-32")):
        return None
    return codec.name


def _utf16_without_bom(data: bytes) -> str | None:
    """Guess BOM-less UTF-16 from where its zero bytes fall (ASCII-heavy text)."""
    sample = data[:4096]
    if len(sample) < 4:
        return None
    even_zeros = sample[0::2].count(0)
    odd_zeros = sample[1::2].count(0)
    half = len(sample) // 2
    if odd_zeros > 0.4 * half and even_zeros < 0.05 * half:
        return "utf-16-le"
    if even_zeros > 0.4 * half and odd_zeros < 0.05 * half:
        return "utf-16-be"
    return None


def _looks_binary(data: bytes) -> bool:
    sample = data[:8192]
    controls = sum(sample.count(bytes([b])) for b in _BINARY_BYTES)
    return controls > _BINARY_RATIO * len(sample)


def decode_bytes(data: bytes) -> str:
    """Decode a document; raise UnusableSource when it is not text."""
    if not data.strip():
        raise UnusableSource("empty file")
    for bom, encoding in _BOMS:
        if data.startswith(bom):
            try:
                return data[len(bom):].decode(encoding)
            except UnicodeDecodeError:
                raise UnusableSource(f"not valid {encoding} despite its byte-order mark") from None
    utf16 = _utf16_without_bom(data)
    if utf16:
        try:
            return data.decode(utf16)
        except UnicodeDecodeError:
            pass
    if _looks_binary(data):
        raise UnusableSource("binary data, not text")
    declared = declared_charset(data)
    if declared:
        try:
            return data.decode(declared)
        except (UnicodeError, LookupError):
            pass  # a wrong declaration is common; fall through to the evidence
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    if _mostly_ascii(data):
        # English text with a few smart quotes: statistical detection guesses
        # wildly on so little evidence (big5 for one ’), windows-1252 is right.
        try:
            return data.decode("cp1252")
        except UnicodeDecodeError:
            # Neither reads it whole: a few broken bytes in an English page
            # (a cut UTF-8 sequence, a byte windows-1252 leaves undefined).
            # Read it as UTF-8 with those bytes replaced, as a browser would.
            return data.decode("utf-8", errors="replace")
    return _detect(data)


def _mostly_ascii(data: bytes) -> bool:
    sample = data[:200_000]
    high = len(sample) - len(sample.translate(None, bytes(range(128, 256))))
    return high <= _LEGACY_HIGH_RATIO * len(sample)


def _detect(data: bytes) -> str:
    from charset_normalizer import from_bytes

    best = from_bytes(data[:200_000]).best()
    if best is None or best.encoding is None:
        raise UnusableSource("unknown character encoding")
    try:
        return data.decode(best.encoding)
    except (UnicodeError, LookupError):
        raise UnusableSource(f"not decodable as {best.encoding}") from None
