"""Whole inputs, each from its seed and number: pages (mutated samples or
made from scratch), feeds, and queries."""

from __future__ import annotations

import html
import re

from fuzzing.inputs import CLASSES, DATES, SAMPLE_PAGES, SEED_TEXTS, TAGS, URLS, Gen, _insert_at, _positions  # noqa: E402
from fuzzing.mutators import HEAVY, MAX_INPUT_BYTES, TEXT_MUTATORS, byte_mutate, encode, m_inject  # noqa: E402


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


