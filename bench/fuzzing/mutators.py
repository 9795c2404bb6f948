"""What is done to a page to make it hostile: text mutators (tag soup,
deep nesting, entity bombs, injected control characters...), encodings and
byte flips."""

from __future__ import annotations

import html
import re

from fuzzing.inputs import (  # noqa: E402
    _TAG,
    _TEXT_NODE,
    CHARSET_LABELS,
    DATES,
    ENTITIES,
    SAMPLE_PAGES,
    SCRIPTS_TAGS,
    SEED_TEXTS,
    TAGS,
    URLS,
    Gen,
    _insert_at,
    _positions,
    _region,
)


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


