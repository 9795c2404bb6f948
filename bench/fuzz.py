#!/usr/bin/env python3
"""Fuzz sclerodex's readers, query layer and renderers with hostile input.

    python bench/fuzz.py [--seed N] [--pages N] [--queries N] [--corpus N] [--seconds LIMIT]
    python bench/fuzz.py --seed N --only page:123 [--dump FILE]    # replay one input

Seeded and reproducible: input ``i`` of each kind is made by its own
``random.Random(f"{seed}:{kind}:{i}")``, so any one input can be replayed with
``--only KIND:I`` (kinds: page, corpus, query) without running the others.

Three phases:

1. **pages** - generated and mutated documents (the bundled sample pages and the
   seed export with byte flips, truncation, tag soup, deep nesting, huge, empty
   and duplicated elements, charset lies and re-encodings, control, bidi and
   zero-width characters, lone surrogates, NUL bytes, entity bombs, feeds...)
   go through what ``sclerodex ingest`` does with a file's bytes: the feed sniff,
   then ``parse_document``.  A ``SclerodexError`` is a clean rejection; a
   ``RecursionError`` is caught by the ingest path and skipped with a reason;
   anything else escaping is a traceback.  Accepted articles are checked: a
   title, no control, bidi or surrogate characters in any field, sections
   numbered in order, serialisable to JSON and hashable as the writer does.
2. **corpus** - a few hundred hostile (but not huge) pages are written to a
   folder and ingested with ``ingest_paths``; every article parse_document
   accepted must then be listed with all its sections, and a second ingest must
   find everything unchanged.
3. **queries** - random and mutated queries (unbalanced quotes and parentheses,
   lone operators, unknown and internal fields, wildcards, ranges, fuzzy terms,
   very long queries, control characters, argv-style lone surrogates, stop words
   only, unicode) run through ``search()`` on the samples index and on the
   hostile corpus index, then through the renderers: text mode (with and
   without colour) must hold no ESC other than the renderer's own colours, no
   bidi control and no other control character except newline, and must be
   writable as UTF-8; JSON must parse with ``json.loads`` and be writable as
   UTF-8, as the CLI would print it.

Prints counts, every failure with its reproducer, the slowest inputs, and a
JSON summary as the last line.  Exit status 1 when anything failed.
"""

from __future__ import annotations

import argparse
import faulthandler
import html
import json
import os
import random
import re
import shutil
import signal
import sys
import tempfile
import time
import traceback
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))

from sclerodex.errors import SclerodexError  # noqa: E402
from sclerodex.index.catalog import list_articles, show_article  # noqa: E402
from sclerodex.ingest.feeds import article_from_item, parse_feed  # noqa: E402
from sclerodex.ingest.kinds import looks_like_feed  # noqa: E402
from sclerodex.ingest.records import Article  # noqa: E402
from sclerodex.ingest.sources import parse_document, sample_paths, with_sample_url  # noqa: E402
from sclerodex.output.articles import article_text, list_text  # noqa: E402
from sclerodex.output.hits import render_json, render_text  # noqa: E402
from sclerodex.search.query import quoted  # noqa: E402
from sclerodex.search.searcher import search  # noqa: E402
from sclerodex.sync.driver import ingest_paths  # noqa: E402
from sclerodex.sync.options import IngestOptions  # noqa: E402
from sclerodex.textutil import clean_text  # noqa: E402

# --- what must never reach the terminal ------------------------------------

# Unicode's Bidi_Control characters (marks, embeddings, overrides, isolates).
BIDI_CONTROLS = "\u061c\u200e\u200f\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"
# C0 and C1 controls (ESC included), DEL, bidi controls and lone surrogates.
_FORBIDDEN = re.compile("[\x00-\x1f\x7f-\x9f" + BIDI_CONTROLS + "\ud800-\udfff]")
# The renderer's own colour codes: the only escapes allowed in coloured output.
_OWN_SGR = re.compile(r"\x1b\[(?:1|2|0|1;33)m")


def forbidden_chars(text: str, allow_newline: bool = True) -> list[str]:
    found = [m.group() for m in _FORBIDDEN.finditer(text) if not (allow_newline and m.group() == "\n")]
    return sorted({f"U+{ord(ch):04X}" for ch in found})


def check_terminal_text(text: str, what: str, color: bool = False) -> list[str]:
    """Problems with text the CLI would write to a terminal."""
    problems = []
    bad = forbidden_chars(_OWN_SGR.sub("", text) if color else text)
    if bad:
        problems.append(f"{what}: unsafe characters {', '.join(bad[:8])}")
    try:
        text.encode("utf-8")
    except UnicodeEncodeError as problem:
        problems.append(f"{what}: cannot be written as UTF-8 ({problem.reason} at {problem.start})")
    return problems


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


def m_truncate(g: Gen, t: str) -> str:
    cut = g.rng.randint(0, len(t))
    g.steps.append(f"truncate@{cut}")
    return t[:cut]


def m_cut_span(g: Gen, t: str) -> str:
    a = g.rng.randint(0, len(t))
    b = min(len(t), a + g.size(1, 10, 200, 5000))
    g.steps.append(f"delete[{a}:{b}]")
    return t[:a] + t[b:]


def m_duplicate_span(g: Gen, t: str) -> str:
    a = g.rng.randint(0, len(t))
    b = min(len(t), a + g.size(10, 500, 5000))
    k = g.size(2, 10, 100)
    g.steps.append(f"duplicate[{a}:{b}]x{k}")
    return t[:b] + t[a:b] * k + t[b:]


def m_tag_soup(g: Gen, t: str) -> str:
    tags = list(_TAG.finditer(t))
    k = g.size(1, 5, 30, 200)
    g.steps.append(f"tag_soup x{k}")
    if not tags:
        return _insert_at(t, _positions(g, t, k, False), lambda: g.pick(SCRIPTS_TAGS))
    edits = sorted({g.pick(tags).span() for _ in range(k)}, reverse=True)
    for a, b in edits:
        action = g.rng.random()
        if action < 0.3:
            t = t[:a] + t[b:]  # drop a tag
        elif action < 0.5:
            t = t[:a] + t[a:b].replace("</", "<") + t[b:]  # closing -> opening
        elif action < 0.7:
            t = t[:a] + f"<{g.pick(TAGS)}>" + t[b:]  # rename
        elif action < 0.85:
            t = t[:a] + g.pick(SCRIPTS_TAGS) + t[a:]  # insert something odd
        else:
            t = t[:a] + t[a:b][:-1] + t[b:]  # unterminated tag
    return t


def m_deep_nest(g: Gen, t: str) -> str:
    depth = g.size(10, 100, 1000, 1000, 5000, 20_000, 100_000)
    opening, closing = g.pick([
        ("<div>", "</div>"), ("<span>", "</span>"), ("<ul><li>", "</li></ul>"), ("<blockquote>", "</blockquote>"),
        ("<table><tr><td>", "</td></tr></table>"), ("<section>", "</section>"), ("<b>", "</b>"), ("<h2>", "</h2>"),
        ("<div class='share'>", "</div>"), ("<a href=#>", "</a>"), ("<p>", "</p>"), ("<dl><dd>", "</dd></dl>"),
    ])
    closed = g.rng.random() < 0.7
    g.steps.append(f"deep_nest {opening}x{depth}{'' if closed else ' unclosed'}")
    at = _region(t)
    inner = f"<p>{g.words(12)}.</p>"
    return t[:at] + opening * depth + inner + (closing * depth if closed else "") + t[at:]


def m_huge_element(g: Gen, t: str) -> str:
    kind = g.pick(["heading", "paragraph", "word", "attribute", "list", "paragraphs", "breaks", "table", "title", "comment"])
    n = g.size(1_000, 50_000, 200_000)
    g.steps.append(f"huge_{kind} {n}")
    at = _region(t)
    piece = {
        "heading": lambda: f"<h2>{'word ' * (n // 5)}</h2><p>Text under it.</p>",
        "paragraph": lambda: f"<p>{g.words(min(n, 100_000))}.</p>",
        "word": lambda: f"<p>{'x' * n}</p>",
        "attribute": lambda: f"<p class='{'a ' * n}' data-x=\"{'y' * n}\">attr</p>",
        "list": lambda: "<ul>" + "<li>item</li>" * (n // 5) + "</ul>",
        "paragraphs": lambda: "<p>a b.</p>" * n,
        "breaks": lambda: "<p>" + "line<br>" * (n // 2) + "</p>",
        "table": lambda: "<table>" + "<tr><td>c</td><td>d</td></tr>" * (n // 10) + "</table>",
        "title": lambda: f"<h1 class='entry-title'>{'T' * n}</h1>",
        "comment": lambda: "<!--" + "-" * n + "-->",
    }[kind]()
    return t[:at] + piece + t[at:]


def m_empty(g: Gen, t: str) -> str:
    kind = g.pick(["paragraphs", "all_text", "article", "whitespace", "nbsp"])
    g.steps.append(f"empty_{kind}")
    if kind == "paragraphs":
        return re.sub(r"<p([^>]*)>.*?</p>", r"<p\1></p>", t, flags=re.S)
    if kind == "all_text":
        return _TEXT_NODE.sub("><", t)
    if kind == "article":
        return re.sub(r"(<article[^>]*>).*(</article>)", r"\1\2", t, flags=re.S)
    if kind == "whitespace":
        return _TEXT_NODE.sub(lambda m: ">" + " \t\n" * 3 + "<", t)
    return _TEXT_NODE.sub(lambda m: ">&nbsp;\u00a0\u3000<", t)


def m_duplicate_elements(g: Gen, t: str) -> str:
    kind = g.pick(["article", "h2", "head", "all_headings", "body"])
    k = g.size(2, 5, 50, 500)
    g.steps.append(f"dup_{kind} x{k}")
    if kind == "all_headings":
        return re.sub(r"<(/?)(p|li|td|div)\b", r"<\1h2", t)
    pattern = {"article": r"<article.*?</article>", "h2": r"<h2.*?</h2>", "head": r"<head>.*?</head>", "body": r"<body.*?</body>"}[kind]
    m = re.search(pattern, t, flags=re.S)
    return t if not m else t[: m.end()] + m.group() * k + t[m.end():]


def m_inject(g: Gen, t: str) -> str:
    k = g.size(1, 3, 20, 200)
    in_text = g.rng.random() < 0.7
    g.steps.append(f"inject x{k}{' in text' if in_text else ''}")
    return _insert_at(t, _positions(g, t, k, in_text), g.hostile)


def m_entities(g: Gen, t: str) -> str:
    k = g.size(1, 5, 50)
    g.steps.append(f"entities x{k}")
    return _insert_at(t, _positions(g, t, k, True), lambda: g.pick(ENTITIES))


def m_entity_bomb(g: Gen, t: str) -> str:
    levels = g.size(3, 6, 10)
    decls = ['<!ENTITY a0 "lol">'] + [f'<!ENTITY a{i} "{f"&a{i - 1};" * 10}">' for i in range(1, levels)]
    if g.rng.random() < 0.5:
        decls.append('<!ENTITY xxe SYSTEM "file:///etc/passwd">')
    g.steps.append(f"entity_bomb {levels}")
    doctype = "<!DOCTYPE html [" + "".join(decls) + "]>"
    t = re.sub(r"<!DOCTYPE[^>]*>", "", t, count=1, flags=re.I)
    at = _region(t)
    return doctype + t[:at] + f"<p>&a{levels - 1}; &xxe; boom.</p>" + t[at:]


def m_many_entities(g: Gen, t: str) -> str:
    n = g.size(10_000, 300_000)
    g.steps.append(f"many_entities {n}")
    at = _region(t)
    return t[:at] + "<p>" + g.pick(["&amp;", "&#65;", "&nbsp;", "&x;", "&#x202e;"]) * n + "</p>" + t[at:]


def m_jsonld(g: Gen, t: str) -> str:
    value = g.pick([
        '"\\ud800"', '"\\udfff\\ud800x"', '"\\u0000\\u001b[31mred\\u202e"', '"' + "\\ud83d" * 50 + '"', "null", "5",
        "[" * 5000 + "]" * 5000, "[" * 100_000, '{"name": "\\ud800"}', '[{"name": 1}, {"name": ["x"]}]',
        '"' + "x" * 100_000 + '"', "true", '{"@id": "javascript:alert(1)"}', '"\\"}</script><p>escaped</p>"',
    ])
    key = g.pick(["headline", "author", "datePublished", "keywords", "mainEntityOfPage", "url", "publisher", "@type", "@graph"])
    g.steps.append(f"jsonld {key}={value[:20]!r}")
    script = ('<script type="application/ld+json">{"@context": "https://schema.org", "@type": "NewsArticle", '
              f'"{key}": {value}, "headline": "Fuzzed \\ud800 headline \\u202e"}}</script>')
    t = re.sub(r'<script type="application/ld\+json">.*?</script>', "", t, flags=re.S)
    at = t.find("</head>")
    return t[:at] + script + t[at:] if at != -1 else script + t


def m_meta(g: Gen, t: str) -> str:
    k = g.size(1, 3, 6)
    for _ in range(k):
        kind = g.pick(["date", "url", "site", "tags", "title", "author", "charset"])
        g.steps.append(f"meta_{kind}")
        if kind == "date":
            t = re.sub(r'(published_time" content=")[^"]*', lambda m: m.group(1) + g.pick(DATES), t)
        elif kind == "url":
            url = html.escape(g.pick(URLS).format(n=g.number), quote=True)
            t = re.sub(r'(rel="canonical" href=")[^"]*', lambda m: m.group(1) + url, t)
        elif kind == "site":
            t = t.replace('content="Scleroderma News"', f'content="{g.hostile()}News{g.hostile()}"')
        elif kind == "tags":
            n = g.size(0, 100, 10_000)
            at = t.find("</head>")
            tags = "".join(f'<meta property="article:tag" content="{g.hostile()}tag{i % 50}">' for i in range(n))
            t = t[:at] + tags + t[at:] if at != -1 else tags + t
        elif kind == "title":
            title = g.pick(["", " ", g.hostile() * 3, "T" * 100_000, "<b>bold</b>", f"{g.words(3)}{g.hostile()}"])
            t = re.sub(r"<title>.*?</title>", lambda m: f"<title>{title}</title>", t, flags=re.S)
            t = re.sub(r'(og:title" content=")[^"]*', lambda m: m.group(1) + html.escape(title), t)
        elif kind == "author":
            t = re.sub(r'("name": ")[^"]*', lambda m: m.group(1) + g.pick(["\\u001b[31m", "\\ud800", "", "https://x"]), t, count=1)
        else:
            label = g.pick(CHARSET_LABELS)
            t = re.sub(r'<meta charset="[^"]*">', lambda m: f'<meta charset="{label}">', t)
            g.steps[-1] += f" {label!r}"
    return t


def m_structure(g: Gen, t: str) -> str:
    kind = g.pick(["no_body", "no_html_head", "in_template", "in_noscript", "in_svg", "no_class", "several_articles",
                   "in_head", "in_iframe", "in_textarea", "plaintext_tag", "frameset"])
    g.steps.append(f"structure_{kind}")
    m = re.search(r"<article.*?</article>", t, flags=re.S)
    article = m.group() if m else ""
    if kind == "no_body":
        return re.sub(r"</?body[^>]*>", "", t)
    if kind == "no_html_head":
        return re.sub(r"</?(html|head)[^>]*>", "", t)
    if kind == "no_class":
        return t.replace("entry-content", "x-content").replace("<article", "<div").replace("</article>", "</div>")
    if kind == "several_articles":
        extra = "<article><p>Another short one.</p></article>" * g.size(2, 20)
        return t.replace(article, article + extra) if article else t + extra
    wrap = {"in_template": ("<template>", "</template>"), "in_noscript": ("<noscript>", "</noscript>"),
            "in_svg": ("<svg>", "</svg>"), "in_head": ("</body><head>", "</head><body>"),
            "in_iframe": ("<iframe>", "</iframe>"), "in_textarea": ("<textarea>", "</textarea>"),
            "plaintext_tag": ("<plaintext>", ""), "frameset": ("<frameset><frame>", "</frameset>")}[kind]
    return t.replace(article, wrap[0] + article + wrap[1]) if article else wrap[0] + t + wrap[1]


def m_plaintext(g: Gen, t: str) -> str:
    kind = g.pick(["headers", "line_endings", "no_newlines", "all_headings", "many_headings", "long_line", "stars",
                   "short_lines"])
    g.steps.append(f"text_{kind}")
    if kind == "headers":
        keys = ["Title", "URL", "Author", "Date", "Tags", "Site", "Published", "title", "URL "]
        lines = []
        for _ in range(g.size(1, 3, 8, 1000)):
            key = g.pick(keys)
            value = g.pick([g.hostile() + g.words(3), g.pick(DATES), g.pick(URLS).format(n=g.number), ",,,,", "x" * 10_000, ""])
            lines.append(f"{key}: {value}")
        return "\n".join(lines) + "\n" + t
    if kind == "line_endings":
        sep = g.pick(["\r\n", "\r", "\u2028", "\x0b", "\x1c", "\x85", "\n\n\n", "\u2029"])
        g.steps[-1] += f" {sep!r}"
        return t.replace("\n", sep)
    if kind == "no_newlines":
        return t.replace("\n", " ")
    if kind == "all_headings":
        return "\n".join(w.capitalize() for w in t.split())
    if kind == "many_headings":
        return ("Heading Line\nA paragraph under it.\n" * g.size(100, 10_000, 100_000)) + t
    if kind == "long_line":
        return t + "\n" + g.words(g.size(10_000, 200_000)) + "\n"
    if kind == "stars":
        return g.pick(["***\n" + t, t.replace("***", ""), t.replace("***", "***\n***\n* * *"), "***\n***\n***"])
    return "\n".join(f"L{i}" for i in range(g.size(1000, 200_000)))


TEXT_MUTATORS = [
    (m_truncate, 4), (m_cut_span, 4), (m_duplicate_span, 3), (m_tag_soup, 8), (m_deep_nest, 2), (m_huge_element, 2),
    (m_empty, 3), (m_duplicate_elements, 3), (m_inject, 12), (m_entities, 5), (m_entity_bomb, 1), (m_many_entities, 1),
    (m_jsonld, 5), (m_meta, 8), (m_structure, 5), (m_plaintext, 4),
]
# Mutators that make big or pathological documents; left out of the corpus.
# Inputs are cut to this size: big enough for every pathology, small enough
# that one input does not take minutes (the 50 MB file cap is tested elsewhere).
MAX_INPUT_BYTES = 8_000_000
HEAVY = {m_deep_nest, m_huge_element, m_many_entities, m_duplicate_span, m_entity_bomb, m_plaintext}


def encode(g: Gen, text: str) -> bytes:
    """The text as bytes: mostly UTF-8, else another encoding, declared or not."""
    choice = g.rng.random()
    if choice < 0.6:
        name, data = "utf-8", text.encode("utf-8", "surrogatepass")
    elif choice < 0.65:
        name, data = "utf-8-bom", b"\xef\xbb\xbf" + text.encode("utf-8", "surrogatepass")
    elif choice < 0.72:
        name = g.pick(["utf-16", "utf-16-le", "utf-16-be", "utf-32", "utf-32-le"])
        data = text.encode(name, "surrogatepass")
    elif choice < 0.85:
        name = g.pick(["cp1252", "latin-1", "shift_jis", "koi8-r", "gb18030", "mac-roman", "cp437"])
        data = text.encode(name, g.pick(["replace", "ignore", "xmlcharrefreplace"]))
    elif choice < 0.92:
        name = "mixed"  # a UTF-8 body with stretches in another encoding
        data = text.encode("utf-8", "surrogatepass")
        at = g.rng.randint(0, len(data))
        data = data[:at] + "Café naïve – “quotes”".encode(g.pick(["cp1252", "utf-16-le", "latin-1"]), "replace") + data[at:]
    else:
        name = "utf-8-surrogateescape"  # the raw bytes a lone \udcXX stands for
        try:
            data = text.encode("utf-8", "surrogateescape")
        except UnicodeEncodeError:
            data = text.encode("utf-8", "surrogatepass")
    g.steps.append(name)
    return data


def byte_mutate(g: Gen, data: bytes) -> bytes:
    kind = g.pick(["flip", "insert_random", "insert_nul", "truncate", "bom", "splice", "repeat"])
    data = bytearray(data)
    if kind == "flip":
        k = g.size(1, 10, 100, 1000)
        for _ in range(k):
            if data:
                data[g.rng.randrange(len(data))] ^= 1 << g.rng.randrange(8)
        g.steps.append(f"bitflip x{k}")
    elif kind == "insert_random":
        k = g.size(1, 10, 100)
        for _ in range(k):
            at = g.rng.randint(0, len(data))
            data[at:at] = g.rng.randbytes(g.size(1, 3, 16))
        g.steps.append(f"insert_bytes x{k}")
    elif kind == "insert_nul":
        k = g.size(1, 10, 1000, 20_000)
        for _ in range(k):
            at = g.rng.randint(0, len(data))
            data[at:at] = b"\x00"
        g.steps.append(f"insert_nul x{k}")
    elif kind == "truncate":
        cut = g.rng.randint(0, len(data))
        data = data[:cut]
        g.steps.append(f"truncate_bytes@{cut}")
    elif kind == "bom":
        bom = g.pick([b"\xef\xbb\xbf", b"\xff\xfe", b"\xfe\xff", b"\xff\xfe\x00\x00", b"\x00\x00\xfe\xff", b"\xef\xbb"])
        data = bytearray(bom) + data
        g.steps.append(f"bom {bytes(bom)!r}")
    elif kind == "splice":
        other = g.pick(SAMPLE_PAGES + SEED_TEXTS).encode("utf-8")
        a, b = g.rng.randint(0, len(data)), g.rng.randint(0, len(other))
        data = data[:a] + other[b:]
        g.steps.append(f"splice@{a}/{b}")
    else:
        k = g.size(2, 10, 200)
        data = data * k if len(data) * k < 8_000_000 else data
        g.steps.append(f"repeat x{k}")
    return bytes(data)


def scratch_page(g: Gen) -> str:
    """A page made from nothing: a random tree of tags, classes and text."""
    budget = [g.size(20, 200, 2000)]

    def node(depth: int) -> str:
        budget[0] -= 1
        if depth > 40 or budget[0] <= 0 or g.rng.random() < 0.3:
            text = g.words(g.rng.randint(0, 12)) + (g.hostile() if g.rng.random() < 0.2 else "")
            return html.escape(text) if g.rng.random() < 0.8 else text
        tag = g.pick(TAGS)
        attrs = f' class="{g.pick(CLASSES)}"' if g.rng.random() < 0.4 else ""
        if g.rng.random() < 0.1:
            attrs += f' dir="{g.pick(["rtl", "ltr", "auto"])}"'
        children = "".join(node(depth + 1) for _ in range(g.rng.randint(0, 5)))
        return f"<{tag}{attrs}>{children}" + (f"</{tag}>" if g.rng.random() < 0.9 else "")

    body = "".join(node(0) for _ in range(g.rng.randint(1, 6)))
    g.steps.append("scratch")
    if g.rng.random() < 0.5:
        head = f"<title>{html.escape(g.words(4))}{g.hostile()}</title><meta property='og:site_name' content='{g.hostile()}Site'>"
        return f"<!DOCTYPE html><html><head>{head}</head><body><article><div class='entry-content'>{body}</div></article></body></html>"
    return body


def scratch_feed(g: Gen) -> str:
    """An RSS feed whose items carry sample bodies (content:encoded), mutated."""
    n = g.size(0, 1, 5, 50, 200)
    items = []
    for i in range(n):
        page = g.pick(SAMPLE_PAGES)
        m = re.search(r'<div class="entry-content">(.*?)</article>', page, flags=re.S)
        body = m.group(1) if m else page
        if g.rng.random() < 0.3:
            body = _insert_at(body, _positions(g, body, 5, True), g.hostile)
        wrapped = f"<![CDATA[{body}]]>" if g.rng.random() < 0.7 else html.escape(body)
        link = g.pick(URLS + [""]).format(n=f"{g.number}-{i}")
        items.append(
            f"<item><title>{html.escape(g.words(4) + g.hostile(), quote=False)}</title><link>{html.escape(link)}</link>"
            f"<pubDate>{g.pick(DATES)}</pubDate><category>{g.hostile()}tag</category>"
            f"<content:encoded>{wrapped}</content:encoded></item>"
        )
    decl = g.pick(["", "", '<!DOCTYPE rss [<!ENTITY a "aaaa">]>'])
    g.steps.append(f"feed {n} items{' with entities' if decl else ''}")
    return (f'<?xml version="1.0" encoding="UTF-8"?>{decl}<rss version="2.0" '
            f'xmlns:content="http://purl.org/rss/1.0/modules/content/"><channel><title>Fuzz - Scleroderma News{g.hostile()}'
            f"</title>{''.join(items)}</channel></rss>")


def make_page(seed: int, number: int, kind: str = "page") -> tuple[bytes, str]:
    """Input ``number`` of ``kind`` ("page": anything; "corpus": hostile text
    but nothing huge or pathological) as bytes, and how it was made."""
    g = Gen(seed, kind, number)
    r = g.rng.random()
    if kind == "page" and r < 0.04:
        data = g.rng.randbytes(g.size(0, 1, 100, 5000, 100_000))
        g.steps.append(f"random_bytes {len(data)}")
        return data, "; ".join(g.steps)
    if r < 0.12:
        text = scratch_page(g)
    elif kind == "page" and r < 0.16:
        text = scratch_feed(g)
    else:
        is_text = g.rng.random() < 0.2
        text = g.pick(SEED_TEXTS if is_text else SAMPLE_PAGES)
        g.steps.append("seed.txt" if is_text else "sample.html")
        # a page of its own, so that corpus articles do not collapse into the 7 samples
        text = text.replace("https://sclerodex.invalid/samples/", f"https://sclerodex.invalid/{kind}-{number}/")
        mutators = [(m, w) for m, w in TEXT_MUTATORS if kind == "page" or m not in HEAVY]
        if kind == "corpus":  # always something for the renderers to choke on
            text = m_inject(g, text)
        for _ in range(g.rng.choice([1, 1, 2, 3, 4])):
            mutator = g.rng.choices([m for m, _ in mutators], [w for _, w in mutators])[0]
            text = mutator(g, text)
    data = encode(g, text)
    if kind == "page" and g.rng.random() < 0.3:
        data = byte_mutate(g, data)
    if len(data) > MAX_INPUT_BYTES:
        data = data[:MAX_INPUT_BYTES]
        g.steps.append(f"cut to {MAX_INPUT_BYTES:,} bytes")
    return data, "; ".join(g.steps)


# --- checks on articles -----------------------------------------------------


def article_problems(article: Article) -> list[str]:
    """What is wrong with an accepted article (empty when nothing is)."""
    problems = []
    if not isinstance(article.title, str) or not article.title.strip():
        problems.append("empty title")
    if not article.id:
        problems.append("empty id")
    fields = {"id": article.id, "title": article.title, "url": article.url, "site": article.site,
              "author": article.author, "disclaimer": article.disclaimer, "source": None}
    fields.update({f"tag[{i}]": tag for i, tag in enumerate(article.tags)})
    for name, value in fields.items():
        if value is not None and (bad := forbidden_chars(value, allow_newline=False)):
            problems.append(f"{name} holds {', '.join(bad[:5])}")
    if not article.sections:
        problems.append("no sections")
    for number, section in enumerate(article.sections):
        if section.ordinal != number:
            problems.append(f"section {number} has ordinal {section.ordinal}")
        if not section.text.strip():
            problems.append(f"section {number} is empty")
        if section.heading != (section.path[-1] if section.path else None):
            problems.append(f"section {number} heading is not the end of its path")
        for name, value in (("text", section.text), *((f"path[{i}]", p) for i, p in enumerate(section.path))):
            if bad := forbidden_chars(value, allow_newline=name == "text"):
                problems.append(f"section {number} {name} holds {', '.join(bad[:5])}")
        if "root:x:0:0" in section.text:
            problems.append(f"section {number} holds /etc/passwd (external entity resolved)")
    try:
        article.content_hash()  # what the writer does before writing
        if Article.from_dict(json.loads(json.dumps(article.to_dict()))) != article:
            problems.append("does not survive a JSON round trip")
    except Exception as problem:  # noqa: BLE001 - any failure here is a finding
        problems.append(f"cannot be serialised: {type(problem).__name__}: {problem}")
    if not problems and sum(len(section.text) for section in article.sections) < 300_000:
        # (a huge article's fields were checked above; wrapping it all is slow)
        problems += check_terminal_text(article_text(article), "show (text)")
    return problems


def read_like_ingest(data: bytes, source: str) -> list[Article]:
    """What ``sclerodex ingest`` makes of a file's bytes (sclerodex/sync/web.py):
    a feed's items with bodies, or one article.  Raises what it raises."""
    if looks_like_feed(data):
        feed = parse_feed(data)
        articles = []
        for item in feed.items:
            if item.content_html:
                try:
                    articles.append(article_from_item(item, feed.site))
                except SclerodexError:
                    pass  # that item is skipped with a reason; the others go on
        return articles
    return [parse_document(data, source)]


# --- inputs: queries --------------------------------------------------------

FIELDS = ["title", "heading", "body", "tag", "tags", "site", "section", "text", "author", "kind", "doc_id", "article_id",
          "record", "source_of", "ordinal", "published", "url", "path", "source", "nosuchfield", "", "TITLE", "a" * 300]
OPERATORS = ["AND", "OR", "NOT", "ANDNOT", "ANDMAYBE", "and", "or", "not", "&&", "||", "!", "-", "+", "^", "~"]
STOP_WORDS = ["the", "and", "of", "a", "to", "is", "in", "it", "for", "on", "with", "as", "at", "by", "an", "be", "this", "that"]
SPECIALS = list("\"()*?:~^[]{}\\-+!/'<>=&|;,.@#%") + ["TO", " ", "\t"]
WILDCARDS = ["*", "?", "**", "*osis", "*a*", "l?ng", "*:*", "\\*", "a*", "s*", "?*", "*?*?*", "[a TO z]", "{* TO *}",
             "[* TO *]", "[TO]", "[a TO]", "{TO z}", "published:[2020 TO 2024]", "published:>2020", "published:2024-13-45",
             "published:yesterday", "published:[now TO]", "ordinal:[0 TO 5]", "ordinal:>-1", "ordinal:1e308",
             "ordinal:abc", "kind:section", "kind:article", "kind:*", "doc_id:*", "source_of:*", "record:x"]
ARGV_BYTES = [bytes([b]).decode("utf-8", "surrogateescape") for b in range(0x80, 0x100)]


def make_query(seed: int, number: int, vocab: list[str]) -> tuple[str, int, str]:
    """Query ``number``: (text, limit, how it was made)."""
    g = Gen(seed, "query", number)
    word = lambda: g.pick(vocab)  # noqa: E731
    kind = g.rng.choices(
        ["words", "phrase", "boolean", "parens", "field", "wildcard", "fuzzy", "long", "hostile", "argv_bytes",
         "stop_words", "empty", "garbage", "escape"],
        [10, 6, 10, 6, 8, 8, 5, 3, 8, 3, 3, 2, 6, 2],
    )[0]
    if kind == "words":
        q = " ".join(word() for _ in range(g.rng.randint(1, 6)))
    elif kind == "phrase":
        q = '"' + " ".join(word() for _ in range(g.rng.randint(1, 4))) + g.pick(['"', '"', "", '""', '"~3', '"~999999'])
    elif kind == "boolean":
        parts = [g.pick(OPERATORS) if g.rng.random() < 0.4 else word() for _ in range(g.rng.randint(1, 8))]
        q = " ".join(parts)
    elif kind == "parens":
        depth = g.size(1, 3, 50, 500, 1500)
        opening, closing = "(" * depth, ")" * (depth if g.rng.random() < 0.5 else g.rng.randint(0, depth * 2))
        q = f"{opening}{word()} {g.pick(OPERATORS)} {word()}{closing}"
    elif kind == "field":
        q = " ".join(f"{g.pick(FIELDS)}:{g.pick([word(), '', '*', chr(34) + word() + chr(34), word() + '*', '(' + word()])}"
                     for _ in range(g.rng.randint(1, 3)))
    elif kind == "wildcard":
        q = " ".join(g.pick(WILDCARDS + [word()[:2] + "*", "*" + word()[-3:], word() + "?"]) for _ in range(g.rng.randint(1, 3)))
    elif kind == "fuzzy":
        q = word() + g.pick(["~", "~1", "~5", "~99999", "^5", "^1e308", "^-1", "^nan", "^", "~~", "~^", "^0"])
    elif kind == "long":
        shape = g.pick(["words", "token", "ors", "stars", "quotes"])
        n = g.size(2_000, 10_000, 100_000)
        q = {"words": lambda: " ".join(word() for _ in range(n // 6)), "token": lambda: "x" * n,
             "ors": lambda: " OR ".join(word() for _ in range(n // 10)), "stars": lambda: "*" * n,
             "quotes": lambda: '"' * n}[shape]()
        kind += f"_{shape}_{n}"
    elif kind == "hostile":
        q = " ".join(g.hostile() + word() if g.rng.random() < 0.5 else g.hostile() for _ in range(g.rng.randint(1, 5)))
    elif kind == "argv_bytes":  # what Python makes of invalid UTF-8 on the command line
        q = word() + "".join(g.pick(ARGV_BYTES) for _ in range(g.rng.randint(1, 4)))
    elif kind == "stop_words":
        q = " ".join(g.pick(STOP_WORDS) for _ in range(g.rng.randint(1, 5)))
    elif kind == "empty":
        q = g.pick(["", " ", "\t\n", "\u3000", "\u200b", "\x00", "\x1b", "\u202e", "   \u00a0  "])
    elif kind == "garbage":
        q = "".join(g.pick(SPECIALS) if g.rng.random() < 0.5 else word()[:3] for _ in range(g.rng.randint(1, 20)))
    else:
        q = g.pick([word() + "\\", "\\", '\\"', "\\(" + word(), word() + "\\:x", "\\\\\\", "\\u0000"])
    if g.rng.random() < 0.15 and len(q) < 5000:  # a further char-level mutation
        chars = list(q)
        for _ in range(g.rng.randint(1, 5)):
            chars.insert(g.rng.randint(0, len(chars)), g.pick(SPECIALS + [g.hostile()]))
        q = "".join(chars)
        kind += "+mutated"
    limit = g.pick([1, 3, 10, 10, 50, 1000])
    return q, limit, kind


def result_problems(result, limit: int) -> list[str]:
    """What is wrong with a search's answer and with how the CLI would print it."""
    problems = []
    if len(result.hits) > max(1, limit) or result.total < len(result.hits):
        problems.append(f"{len(result.hits)} hits, total {result.total}, limit {limit}")
    for n, hit in enumerate(result.hits):
        if not hit.disclaimer:
            problems.append(f"hit {n} has no disclaimer")
        for passage in hit.passages:
            spans = list(passage.highlights)
            if not all(0 <= s < e <= len(passage.text) for s, e in spans) or spans != sorted(spans):
                problems.append(f"hit {n} highlight offsets {spans[:4]} outside a passage of {len(passage.text)} chars")
    problems += check_terminal_text(render_text(result, color=False), "text")
    problems += check_terminal_text(render_text(result, color=True), "text --color", color=True)
    if not result.hits:
        problems += check_terminal_text(f"no matches for {result.query!r}", "no-match message")
    rendered = render_json(result)
    try:
        parsed = json.loads(rendered)
        if parsed["total"] != result.total or len(parsed["hits"]) != len(result.hits):
            problems.append("JSON figures differ from the result")
    except ValueError as problem:
        problems.append(f"JSON does not parse: {problem}")
    try:
        rendered.encode("utf-8")
    except UnicodeEncodeError as problem:
        problems.append(f"JSON cannot be written as UTF-8 ({problem.reason}: {rendered[problem.start]!r} "
                        f"in {rendered[max(0, problem.start - 30):problem.start + 5]!r})")
    return problems


# What a rejection message must never show: Python's own words for a failure.
INTERNALS = [
    ("a traceback", re.compile(r"Traceback|File \"[^\"]*\", line \d+")),
    ("an exception class", re.compile(r"\b\w+(?:Error|Exception|Warning)\b|\bStopIteration\b|\bKeyboardInterrupt\b")),
    ("recursion", re.compile(r"recursion", re.I)),
    ("an indexing failure", re.compile(r"index out of range|list index|tuple index|key ?error|not subscriptable", re.I)),
    ("an attribute or type failure", re.compile(r"has no attribute|object is not|NoneType|unsupported operand|"
                                                r"takes \d+ positional|got an unexpected keyword|argument must be", re.I)),
    ("a repr", re.compile(r"\b[A-Za-z_]\w*\((?:\w+=[^,()]*(?:, )?)+|<[\w.]+ object at 0x[0-9a-f]+>|"
                          r"\b(?:Term|And|Or|Not|Phrase|Wildcard|Prefix|FuzzyTerm|FieldsWord|NullQuery)\(")),
    ("a field type", re.compile(r"\b(?:STORED|KEYWORD|NUMERIC|DATETIME|TEXT|ID|BOOLEAN)\((?:\w+=|\))")),
    ("bytes", re.compile(r"\bb'[^']*'")),
    ("a codec failure", re.compile(r"codec can't|invalid start byte|surrogates not allowed")),
]
# A message is one line a person reads: the query in it is cut to ~80 characters.
MAX_MESSAGE_CHARS = 300


def leaked_internals(message: str, query: str = "") -> str:
    """What of Python's internals ``message`` shows ('' when none); the
    ``query`` it quotes is not looked at (a user may type "Error")."""
    if query:
        message = message.replace(quoted(clean_text(query)), "Q")
    return ", ".join(label for label, pattern in INTERNALS if pattern.search(message))


# --- running ----------------------------------------------------------------


class InputTimeout(BaseException):
    """Raised by the watchdog: one input took longer than --timeout."""


def _on_alarm(signum, frame):
    raise InputTimeout()


@dataclass
class Failure:
    kind: str  # traceback, hang, invariant, output
    input: str  # "page:12"
    made: str  # how the input was made
    summary: str
    where: str = ""
    detail: str = ""

    def signature(self) -> tuple[str, str, str]:
        """Failures with the same signature are one finding."""
        stable = self.summary.split(" (")[0].split("; ")[0]
        return self.kind, self.where, re.sub(r"(?<!U\+)\b\d+\b|'[^']*'", "#", stable)[:80]


SLOW_SECONDS = 5.0


@dataclass
class Tally:
    tried: int = 0
    accepted: int = 0
    rejected: int = 0
    too_deep: int = 0
    reasons: Counter = field(default_factory=Counter)
    slowest: list[tuple[float, str, str]] = field(default_factory=list)  # the 5 slowest
    seconds: float = 0.0
    slow: int = 0  # inputs over SLOW_SECONDS

    def time(self, elapsed: float, name: str, made: str) -> None:
        self.seconds += elapsed
        self.slow += elapsed > SLOW_SECONDS
        self.slowest = sorted([*self.slowest, (elapsed, name, made)], reverse=True)[:5]

    def top(self) -> tuple[float, str, str]:
        return self.slowest[0] if self.slowest else (0.0, "", "")


def where_raised(tb) -> str:
    """The innermost frame in sclerodex (else the innermost of all)."""
    frames = traceback.extract_tb(tb)
    ours = [f for f in frames if "/sclerodex/" in f.filename and "/bench/" not in f.filename]
    frame = (ours or frames or [None])[-1]
    if frame is None:
        return ""
    path = frame.filename.split("/sclerodex/", 1)[-1] if ours else os.path.basename(frame.filename)
    return f"{'sclerodex/' if ours else ''}{path}:{frame.lineno}"


def guarded(call, timeout: float):
    signal.setitimer(signal.ITIMER_REAL, timeout)
    try:
        return call()
    finally:
        signal.setitimer(signal.ITIMER_REAL, 0)


class Fuzzer:
    def __init__(self, args):
        self.args = args
        self.failures: list[Failure] = []
        self.pages = Tally()
        self.queries = Tally()
        self.corpus: dict = {}
        self.vocab = WORDS
        self.searches = 0
        self.workdir = Path(tempfile.mkdtemp(prefix="sclerodex-fuzz-"))

    def fail(self, kind: str, name: str, made: str, summary: str, where: str = "", detail: str = "") -> None:
        self.failures.append(Failure(kind, name, made, summary, where, detail))
        if self.args.verbose:
            print(f"  {kind} {name}: {summary} at {where}\n{detail}", file=sys.stderr)

    def exception(self, name: str, made: str, problem: BaseException) -> None:
        if isinstance(problem, InputTimeout):
            self.fail("hang", name, made, f"no answer within {self.args.timeout:g} s", where_raised(problem.__traceback__))
        else:
            detail = "".join(traceback.format_exception(problem))
            self.fail("traceback", name, made, f"{type(problem).__name__}: {str(problem)[:300]}",
                      where_raised(problem.__traceback__), detail)

    # pages ------------------------------------------------------------------

    def one_page(self, number: int, kind: str = "page") -> list[Article] | None:
        name = f"{kind}:{number}"
        data, made = make_page(self.args.seed, number, kind)
        if self.args.dump and self.args.only == name:
            Path(self.args.dump).write_bytes(data)
        tally = self.pages
        tally.tried += 1
        started = time.perf_counter()
        try:
            articles = guarded(lambda: read_like_ingest(data, f"/fuzz/{name}.html"), self.args.timeout)
        except SclerodexError as problem:
            tally.rejected += 1
            tally.reasons[re.sub(r"\d[\d,.]*", "N", str(problem))[:70]] += 1
            if problems := check_terminal_text(f"skipped x: {problem}", "skip message"):
                self.fail("output", name, made, "; ".join(problems))
            return None
        except RecursionError:
            tally.too_deep += 1  # the ingest path skips it: "document nested too deeply to read"
            return None
        except BaseException as problem:  # noqa: BLE001 - every other escape is a finding
            if isinstance(problem, KeyboardInterrupt):
                raise
            self.exception(name, made, problem)
            return None
        finally:
            tally.time(time.perf_counter() - started, name, made)
        tally.accepted += 1
        for article in articles:
            if problems := article_problems(article):
                self.fail("invariant", name, made, "; ".join(problems[:4]))
        return articles

    def run_pages(self, deadline: float) -> None:
        for number in range(self.args.pages):
            if time.monotonic() > deadline:
                self.pages_cut = number
                break
            self.one_page(number)
            self.progress("pages", number + 1, self.args.pages)

    # corpus -----------------------------------------------------------------

    def build_indexes(self) -> None:
        """The samples index, and the samples plus the hostile corpus."""
        self.samples_index = self.workdir / "samples-index"
        ingest_paths(self.samples_index, sample_paths())
        folder = self.workdir / "corpus"
        folder.mkdir()
        expected: dict[str, int] = {}  # article id -> sections, in ingest (file name) order
        made_by: dict[str, str] = {}  # article id -> the corpus input that made it
        files = left_out = 0
        for number in range(self.args.corpus):
            data, made = make_page(self.args.seed, number, "corpus")
            path = folder / f"c{number:05d}.html"
            if looks_like_feed(data):
                continue
            try:
                article = parse_document(data, str(path))
                expected[article.id] = len(article.sections)
                made_by[article.id] = f"corpus:{number}"
            except (SclerodexError, RecursionError):
                pass
            except Exception as problem:  # noqa: BLE001
                # A traceback here would abort the whole ingest below (and so
                # leave the query phase without hostile articles): report it
                # and leave the page out.
                self.exception(f"corpus:{number}", made, problem)
                left_out += 1
                continue
            path.write_bytes(data)
            files += 1
        self.corpus_index = self.workdir / "corpus-index"
        ingest_paths(self.corpus_index, sample_paths())
        samples = (with_sample_url(parse_document(Path(p).read_bytes(), p)) for p in sample_paths())  # ids as ingested
        expected.update({a.id: len(a.sections) for a in samples})
        figures = {"files": files, "left_out": left_out, "expected": len(expected)}
        try:
            first = ingest_paths(self.corpus_index, [folder], IngestOptions(batch_size=50))
            figures.update(new=first.new, updated=first.updated, skipped=len(first.skipped))
            second = ingest_paths(self.corpus_index, [folder])
            figures["reingest"] = second.line()
            if second.new or second.updated or second.removed:
                self.fail("invariant", "corpus", "second ingest", f"a second ingest of unchanged files: {second.line()}")
        except BaseException as problem:  # noqa: BLE001
            if isinstance(problem, KeyboardInterrupt):
                raise
            self.exception("corpus", "ingest_paths of the corpus folder", problem)
            self.corpus = figures
            return
        rows = {row.id: row for row in list_articles(self.corpus_index)}
        found = complete = 0
        for article_id, sections in expected.items():
            row = rows.get(article_id)
            article = show_article(self.corpus_index, article_id) if row else None
            name = made_by.get(article_id, "corpus")
            if article is None:
                self.fail("invariant", name, article_id, "article accepted by parse_document is not in the index")
                continue
            found += 1
            if row.sections == sections == len(article.sections):
                complete += 1
            else:
                self.fail("invariant", name, article_id, f"{len(article.sections)} sections indexed, {sections} expected")
            if problems := article_problems(article):
                self.fail("output", name, article_id, "as stored: " + "; ".join(problems[:4]))
        for problem in check_terminal_text(list_text(list(rows.values())), "list (text)"):
            self.fail("output", "corpus", "list", problem)
        figures.update(found=found, complete=complete, listed=len(rows))
        self.corpus = figures
        self.vocab = sorted({w for row in rows.values() for w in re.findall(r"\w{3,}", row.title)} | set(WORDS))

    # queries ----------------------------------------------------------------

    def one_query(self, number: int) -> None:
        text, limit, made = make_query(self.args.seed, number, self.vocab)
        name = f"query:{number}"
        made = f"{made}: {text[:60]!r}{'...' if len(text) > 60 else ''} limit {limit}"
        if self.args.dump and self.args.only == name:
            Path(self.args.dump).write_text(json.dumps(text), encoding="utf-8")
        self.queries.tried += 1
        for index in (self.samples_index, self.corpus_index):
            started = time.perf_counter()
            self.searches += 1
            try:
                result = guarded(lambda: search(index, text, limit=limit), self.args.timeout)
                problems = guarded(lambda: result_problems(result, limit), self.args.timeout)
            except SclerodexError as problem:
                self.queries.rejected += 1
                self.queries.reasons[re.sub(r"'.*'|\".*\"", "Q", str(problem))[:70]] += 1
                message = f"Error: {problem}"
                if "\n" in message.strip() or (problems := check_terminal_text(message, "error message")):
                    self.fail("output", name, made, f"error message {message[:100]!r} is not one safe line")
                if internals := leaked_internals(str(problem), text):
                    self.fail("output", name, made, f"error message {message[:100]!r} shows internals ({internals})")
                if len(message) > MAX_MESSAGE_CHARS:
                    self.fail("output", name, made, f"error message of {len(message)} characters: {message[:100]!r}")
                continue
            except BaseException as problem:  # noqa: BLE001
                if isinstance(problem, KeyboardInterrupt):
                    raise
                self.exception(name, made, problem)
                continue
            finally:
                self.queries.time(time.perf_counter() - started, f"{name} ({index.name})", made)
            self.queries.accepted += 1
            if problems:
                self.fail("output", name, made, "; ".join(problems[:3]))

    def run_queries(self, deadline: float) -> None:
        for number in range(self.args.queries):
            if time.monotonic() > deadline:
                self.queries_cut = number
                break
            self.one_query(number)
            self.progress("queries", number + 1, self.args.queries)

    def progress(self, what: str, done: int, total: int) -> None:
        if not self.args.quiet and (done % 500 == 0 or done == total):
            print(f"  {what}: {done}/{total}, {len(self.failures)} failures so far", file=sys.stderr, flush=True)

    # report -----------------------------------------------------------------

    @staticmethod
    def print_slowest(tally: Tally) -> None:
        print(f"         {tally.seconds:.1f} s in all; {tally.slow} took over {SLOW_SECONDS:g} s; slowest:")
        for elapsed, name, made in tally.slowest[:5]:
            print(f"           {elapsed:6.2f} s  {name}  [{made[:100]}]")

    def report(self, elapsed: float) -> int:
        by_kind = Counter(f.kind for f in self.failures)
        print(f"sclerodex fuzz, seed {self.args.seed}, {elapsed:.1f} s")
        p, q = self.pages, self.queries
        cut = f" (stopped by --seconds after {self.pages_cut})" if getattr(self, "pages_cut", None) is not None else ""
        print(f"pages:   {p.tried} tried{cut}: {p.accepted} read, {p.rejected} rejected cleanly (SclerodexError), "
              f"{p.too_deep} too deeply nested (RecursionError, skipped by the ingest path)")
        self.print_slowest(p)
        c = self.corpus
        if c:
            print(f"corpus:  {c.get('files', 0)} hostile pages ingested ({c.get('left_out', 0)} left out: they raise): {c.get('new', '?')} new, {c.get('updated', '?')} updated, "
                  f"{c.get('skipped', '?')} skipped; articles expected {c.get('expected', '?')} (with the samples), "
                  f"found {c.get('found', '?')}, with all their sections {c.get('complete', '?')}; "
                  f"again: {c.get('reingest', '?')}")
        cut = f" (stopped by --seconds after {self.queries_cut})" if getattr(self, "queries_cut", None) is not None else ""
        print(f"queries: {q.tried} tried{cut} on 2 indexes = {self.searches} searches: "
              f"{q.accepted} answered, {q.rejected} rejected cleanly (SclerodexError)")
        self.print_slowest(q)
        for label, tally in (("page", p), ("query", q)):
            if tally.reasons:
                top = ", ".join(f"{reason!r} {n}" for reason, n in tally.reasons.most_common(6))
                print(f"{label} rejections, most common: {top}")
        print(f"tracebacks: {by_kind['traceback']}, hangs: {by_kind['hang']}, "
              f"invariant failures: {by_kind['invariant']}, unsafe or unprintable output: {by_kind['output']}")
        groups: dict[tuple, list[Failure]] = {}
        for failure in self.failures:
            groups.setdefault(failure.signature(), []).append(failure)
        for (kind, where, _), failures in groups.items():
            first = failures[0]
            print(f"\n[{kind}] x{len(failures)} {first.summary[:300]}" + (f"\n    at {where}" if where else ""))
            failures = list({f.input: f for f in reversed(failures)}.values())[::-1]  # one line per input
            for failure in failures[: self.args.show]:
                replay = (f"--only {failure.input} --dump /tmp/input" if ":" in failure.input
                          else "--pages 0 --queries 0")  # the whole corpus phase
                print(f"    reproduce: python bench/fuzz.py --seed {self.args.seed} --corpus {self.args.corpus} "
                      f"{replay}   ({failure.made[:150]})")
            if len(failures) > self.args.show:
                others = ", ".join(f.input for f in failures[self.args.show:self.args.show + 20])
                print(f"    also: {others}{' ...' if len(failures) > self.args.show + 20 else ''}")
        summary = {
            "seed": self.args.seed,
            "seconds": round(elapsed, 1),
            "pages": {"tried": p.tried, "read": p.accepted, "rejected": p.rejected, "too_deep": p.too_deep,
                      "seconds": round(p.seconds, 1), "slow": p.slow,
                      "slowest": {"input": p.top()[1], "seconds": round(p.top()[0], 3)}},
            "corpus": self.corpus,
            "queries": {"tried": q.tried, "searches": self.searches, "answered": q.accepted, "rejected": q.rejected,
                        "seconds": round(q.seconds, 1), "slow": q.slow,
                        "slowest": {"input": q.top()[1], "seconds": round(q.top()[0], 3)}},
            "tracebacks": by_kind["traceback"],
            "hangs": by_kind["hang"],
            "invariant_failures": by_kind["invariant"],
            "output_failures": by_kind["output"],
            "failure_kinds": len(groups),
        }
        print(json.dumps(summary))
        return 1 if self.failures else 0


def main(argv=None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0], formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--pages", type=int, default=1500, help="generated and mutated documents (default 1500)")
    parser.add_argument("--queries", type=int, default=1000, help="queries, each run on two indexes (default 1000)")
    parser.add_argument("--corpus", type=int, default=200, help="hostile pages ingested for the query phase (default 200)")
    parser.add_argument("--seconds", type=float, default=300,
                        help="stop making new inputs after this long: 55%% for pages, the rest for queries (default 300)")
    parser.add_argument("--timeout", type=float, default=20, help="one input taking longer is a hang (default 20 s)")
    parser.add_argument("--only", metavar="KIND:N", help="replay one input (page:N, corpus:N or query:N) with its traceback")
    parser.add_argument("--dump", metavar="FILE", help="with --only: write the input's bytes (a query: as JSON) to FILE")
    parser.add_argument("--show", type=int, default=3, help="reproducers printed per kind of failure")
    parser.add_argument("--verbose", action="store_true", help="print each failure as it happens")
    parser.add_argument("--quiet", action="store_true", help="no progress lines on stderr")
    parser.add_argument("--keep", action="store_true", help="keep the work folder (indexes, corpus)")
    args = parser.parse_args(argv)

    sys.setrecursionlimit(max(sys.getrecursionlimit(), 1000))
    signal.signal(signal.SIGALRM, _on_alarm)
    faulthandler.enable()
    fuzzer = Fuzzer(args)
    started = time.monotonic()
    try:
        if args.only:
            kind, _, number = args.only.partition(":")
            if kind in ("page", "corpus"):
                fuzzer.one_page(int(number), kind)
            elif kind == "query":
                fuzzer.build_indexes()
                fuzzer.one_query(int(number))
            else:
                parser.error("--only takes page:N, corpus:N or query:N")
            mine = [f for f in fuzzer.failures if f.input == args.only]
            for failure in mine:
                print(f"[{failure.kind}] {failure.made}\n{failure.detail or failure.summary}")
            print(f"{args.only}: {len(mine)} failures ({mine[0].summary[:200] if mine else 'clean'})")
            return 1 if mine else 0
        budget = args.seconds
        fuzzer.run_pages(started + 0.55 * budget)
        fuzzer.build_indexes()
        fuzzer.run_queries(started + budget)
        return fuzzer.report(time.monotonic() - started)
    finally:
        if args.keep:
            print(f"work folder kept: {fuzzer.workdir}", file=sys.stderr)
        else:
            shutil.rmtree(fuzzer.workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
