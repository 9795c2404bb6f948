"""The raw material of the fuzzed pages: hostile strings, tags, classes,
charsets, dates and URLs, the sample texts, and ``Gen``, the seeded random
source every input is made with."""

from __future__ import annotations

import random
import re
from pathlib import Path

from fuzzing import ROOT  # noqa: E402
from fuzzing.checks import BIDI_CONTROLS  # noqa: E402

# --- inputs: pages ----------------------------------------------------------

DATA = ROOT / "sclerodex" / "data"


def _text(path: Path) -> str:
    data = path.read_bytes()
    try:
        return data.decode("utf-8")
    except UnicodeDecodeError:
        return data.decode("cp1252")  # one sample page is saved in windows-1252


SAMPLE_PAGES = [_text(p) for p in sorted((DATA / "samples").glob("*.html"))]
SEED_TEXTS = [_text(p) for p in sorted((DATA / "seed").glob("*.txt"))]

ESCAPES = [
    "\x1b[31m", "\x1b[2J\x1b[H", "\x1b]0;pwned\x07", "\x1b]8;;http://evil.invalid/\x1b\\link\x1b]8;;\x1b\\",
    "\x1bP+q544e\x1b\\", "\x9b31m", "\x1b[6n", "\x1bc", "\x07", "\x08\x08\x08", "\r", "\x7f", "\x85", "\x0b",
    "\x0c", "\x1c", "\x00",
]
BIDI = list(BIDI_CONTROLS) + ["\u202eevil\u202c", "\u2067txet\u2069"]
ZERO_WIDTH = ["\u200b", "\u200c", "\u200d", "\u2060", "\ufeff", "\u2028", "\u2029", "\ufff9", "\ufffe", "\uffff"]
SURROGATES = ["\ud800", "\udfff", "\udc80", "\udbff\udbff", "\udcff"]
UNICODE = [
    "e\u0301", "Z" + "\u0301\u0327\u0308" * 60, "a" + "\u0301" * 2000, "👩‍👩‍👧‍👦", "🇫🇷", "שלום עולם", "مرحبا بالعالم",
    "中文字符", "𝕊𝕔𝕝𝕖𝕣𝕠𝕕𝕖𝕣𝕞𝕒", "\U0010ffff", "\ue000", "\ufffd", "İstanbul", "ß", "Sjögren", "ﬁbrosis", "\u3000",
    "\u00a0", "１２３", "Ⅻ", "ǅ",
]
HOSTILE = ESCAPES + BIDI + ZERO_WIDTH + SURROGATES + UNICODE
ENTITIES = [
    "&#27;[31m", "&#x1b;]0;t&#7;", "&#x202e;", "&#x2066;", "&#0;", "&#xd800;", "&#xdfff;", "&#x110000;", "&#128;",
    "&#150;", "&#155;31m", "&#99999999999;", "&#x;", "&#;", "&unknown;", "&amp", "&lt;script&gt;", "&nbsp;",
    "&NotNestedGreaterGreater;", "&#x200B;", "&#xFEFF;", "&#x85;", "&#13;",
]
SCRIPTS_TAGS = [
    "<script>", "<style>", "<template>", "<noscript>", "<textarea>", "<title>", "<xmp>", "<plaintext>",
    "<iframe srcdoc='<p>x</p>'>", "<svg><h2>svg heading</h2>", "<math><mi>", "<!--", "<!-->", "<![CDATA[",
    "<?php echo 1 ?>", "<!DOCTYPE html>", "</", "<", ">", "<a href=\"", "<p class='", "<table><p>",
    "<frameset>", "<select><option>", "<object data='x'>", "<bdo dir='rtl'>", "<ruby>rb<rt>", "<body>", "</body>",
    "<html>", "</html>", "<head>", "<base href='javascript:alert(1)'>", "<article>", "</article>",
    "<div class='entry-content'>", "<h2>", "</h2>", "<h3>", "<li>", "<ul>", "<ol start='-5'>", "<br>", "</br>",
]
TAGS = [
    "div", "span", "p", "h1", "h2", "h3", "h4", "h6", "ul", "ol", "li", "table", "tr", "td", "th", "caption",
    "blockquote", "pre", "section", "article", "main", "header", "footer", "nav", "aside", "figure", "figcaption",
    "dl", "dt", "dd", "details", "summary", "b", "i", "em", "strong", "a", "code", "sup", "sub", "bdo", "bdi",
    "script", "style", "noscript", "template", "form", "button", "svg", "iframe", "textarea", "address", "br", "wbr",
    "img", "hr", "font", "center", "marquee", "x-custom", "ruby", "rt",
]
CLASSES = [
    "entry-content", "post-content", "article-body", "td-post-content", "share", "related", "sidebar", "comments",
    "ad", "newsletter", "widget", "byline", "author", "entry-title", "screen-reader-text", "menu", "wrapper",
    "content", "main", "post",
]
CHARSET_LABELS = [
    "utf-8", "UTF-8", "utf8", "iso-8859-1", "latin1", "windows-1252", "ascii", "shift_jis", "euc-jp", "gb18030",
    "big5", "koi8-r", "utf-16", "utf-16le", "utf-32", "utf-7", "cp037", "iso-2022-jp", "hz", "x-unknown", "",
    "\"><script>", "utf-8\x00", "unicode_escape", "raw_unicode_escape", "idna", "punycode", "mac-roman",
    "rot13", "base64", "hex", "zlib", "bz2", "uu", "quopri", "undefined",
]
DATES = [
    "2024-05-14T08:00:00+00:00", "0000-00-00", "2024-13-45", "9999-12-31T23:59:59Z", "-0001-01-01", "99999-01-01",
    "1e308", "yesterday", "", "2024-02-30", "1900-01-01", "2024-05-14T25:61:61", "\u202e2024-05-14",
    "12/31/2024", "31.12.2024", "May 14, 2024", "2024-05-14T08:00:00+99:99", "１９９９-０１-０１", "NaN",
]
URLS = [
    "https://sclerodex.invalid/fuzz/{n}/", "javascript:alert(1)", "file:///etc/passwd", "ftp://x/y", "data:text/html,x",
    "http://", "https://", "https://sclerodex.invalid/\x1b[31m/{n}", "https://sclerodex.invalid/\u202e{n}",
    "https://exa mple.invalid/{n}", "https://例え.テスト/{n}", "//sclerodex.invalid/{n}", "https://x.invalid/" + "a" * 5000,
    "HTTPS://SCLERODEX.INVALID/{n}", "https://sclerodex.invalid/{n}?q=\"<>", "https://[::1]:99999/{n}",
]


class Gen:
    """A seeded generator of one input, recording what it did."""

    def __init__(self, seed: int, kind: str, number: int):
        self.rng = random.Random(f"{seed}:{kind}:{number}")
        self.steps: list[str] = []
        self.number = number

    def pick(self, items):
        return self.rng.choice(items)

    def size(self, *choices: int) -> int:
        return self.rng.choice(choices)

    def hostile(self) -> str:
        r = self.rng.random()
        pool = ESCAPES if r < 0.3 else BIDI if r < 0.5 else SURROGATES if r < 0.6 else ZERO_WIDTH if r < 0.75 else UNICODE
        return self.pick(pool)

    def words(self, n: int) -> str:
        return " ".join(self.pick(WORDS) for _ in range(n))


WORDS = sorted({w for text in SAMPLE_PAGES + SEED_TEXTS for w in re.findall(r"[A-Za-z][a-z]{2,}", re.sub(r"<[^>]*>", " ", text))})

# text positions between tags, i.e. inside text nodes
_TEXT_NODE = re.compile(r">([^<>]{3,})<")
_TAG = re.compile(r"<[^<>]*>")


def _positions(g: Gen, text: str, count: int, in_text: bool) -> list[int]:
    if in_text:
        nodes = [m.span(1) for m in _TEXT_NODE.finditer(text[:2_000_000])]
        if nodes:
            spans = [g.pick(nodes) for _ in range(count)]
            return sorted(g.rng.randint(a, b) for a, b in spans)
    return sorted(g.rng.randint(0, len(text)) for _ in range(count))


def _insert_at(text: str, positions: list[int], make) -> str:
    out, last = [], 0
    for p in positions:
        out += [text[last:p], make()]
        last = p
    out.append(text[last:])
    return "".join(out)


def _region(text: str) -> int:
    """Where the article body starts (or somewhere in the middle)."""
    at = text.find('class="entry-content"')
    at = text.find(">", at) + 1 if at != -1 else -1
    return at if at > 0 else len(text) // 2


# Text mutators: (name, function(g, text) -> text).  Each records its details.


