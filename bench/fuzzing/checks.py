"""What a fuzzed input must never do: characters that must not reach the
terminal, broken article invariants, broken search results, and refusals
that show the program's internals."""

from __future__ import annotations

import json
import re

from sclerodex.errors import SclerodexError  # noqa: E402
from sclerodex.ingest.feeds import article_from_item, parse_feed  # noqa: E402
from sclerodex.ingest.kinds import looks_like_feed  # noqa: E402
from sclerodex.ingest.records import Article  # noqa: E402
from sclerodex.ingest.sources import parse_document  # noqa: E402
from sclerodex.output.articles import article_text  # noqa: E402
from sclerodex.output.hits import render_json, render_text  # noqa: E402
from sclerodex.search.query import quoted  # noqa: E402
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


