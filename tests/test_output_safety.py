"""No content-borne escape sequence, bidi override or control character ever
reaches the terminal; JSON output always parses."""

import json
import re

EVIL = "\x1b[31m\x1b]0;pwned\x07\u202e\u2066\u200b\x00\x08\r"
UNSAFE = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f\u200b\u200e\u200f\u202a-\u202e\u2066-\u2069\ud800-\udfff]")


def evil_page(tmp_path):
    page = tmp_path / "evil.html"
    page.write_text(
        f"""<html><head><title>Ev{EVIL}il title</title>
        <meta name="author" content="Mal{EVIL}lory">
        <meta property="article:tag" content="ta{EVIL}g">
        <script type="application/ld+json">{{"@type": "NewsArticle", "headline": "Head\\u202eline \\ud800"}}</script>
        </head><body><article><div class="entry-content">
        <p>Intro about sclero{EVIL}derma and right-to-left שלום text with e\u0301 and 🧑‍⚕️.</p>
        <h2>Head{EVIL}ing</h2><p>Body text mentions fibrosis{EVIL} twice: fibrosis.</p>
        </div></article></body></html>""",
        encoding="utf-8",
        errors="surrogatepass",
    )
    return page


def test_text_outputs_carry_no_control_characters(run, tmp_path):
    page = evil_page(tmp_path)
    assert run("ingest", str(page)).exit_code == 0
    for args in (("search", "fibrosis", "--no-color"), ("search", "fibrosis", "--color"), ("show", str(page)), ("list",)):
        out = run(*args).stdout
        shown = out.replace("\x1b[1;33m", "").replace("\x1b[0m", "").replace("\x1b[1m", "").replace("\x1b[2m", "")
        assert not UNSAFE.search(shown.replace("\n", "")), (args, [hex(ord(c)) for c in UNSAFE.findall(shown)])
    assert "שלום" in run("show", str(page)).stdout and "🧑‍⚕️" in run("show", str(page)).stdout


def test_json_outputs_parse_and_carry_clean_text(run, tmp_path):
    page = evil_page(tmp_path)
    run("ingest", str(page))
    for args in (("search", "fibrosis"), ("show", str(page)), ("list",)):
        document = json.loads(run(*args, "--format", "json").stdout)
        assert not UNSAFE.search(json.dumps(document, ensure_ascii=False).replace("\n", ""))


def test_control_characters_in_the_query_are_harmless(run, tmp_path):
    run("ingest", str(evil_page(tmp_path)))
    result = run("search", "fib\x1b[2Jrosis\x07")
    assert result.exit_code in (0, 1) and "\x1b[2J" not in result.output
