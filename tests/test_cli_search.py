"""Search from the command line: passages, highlights, disclaimers, exit codes."""

import ast
import json

import pytest

from sclerodex.cli import cli
from sclerodex.whoosh_engine import w3_internals


def test_seed_question_highlights_the_right_section(sample_index):
    result, answer = sample_index.json("search", "azathioprine", "organ", "rejection")
    assert result.exit_code == 0
    hit = answer["hits"][0]
    assert hit["article"]["title"] == "Imuran (azathioprine)"
    assert hit["section"] == {"heading": None, "path": [], "ordinal": 0}
    passage = hit["passages"][0]
    marked = [passage["text"][s:e] for s, e in passage["highlights"]]
    assert {"azathioprine", "organ", "rejection"} <= {m.lower() for m in marked}


def test_text_output_marks_matches_and_ends_with_the_disclaimer(sample_index):
    result = sample_index("search", "cyclophosphamide", "lung", "--no-color")
    assert result.exit_code == 0
    out = result.stdout
    assert "**cyclophosphamide**" in out.lower()
    assert "Imuran (azathioprine) › Imuran in clinical trials for systemic scleroderma" in out
    assert "\x1b[" not in out
    assert out.count("Scleroderma News is strictly a news") == 1
    assert out.rindex("strictly a news") > out.rindex("**")


def test_color_on_request_and_no_color_env(sample_index):
    colored = sample_index("search", "nintedanib", "--color").stdout
    assert "\x1b[1;33m" in colored
    assert "\x1b[" not in sample_index("search", "nintedanib", env={"NO_COLOR": "1"}).stdout


def test_json_contract(sample_index):
    result, answer = sample_index.json("search", "Raynaud", "--limit", "3")
    assert set(answer) >= {"query", "total", "hits", "disclaimers"}
    assert answer["query"] == "Raynaud" and answer["total"] >= len(answer["hits"]) == 3
    for hit in answer["hits"]:
        assert set(hit["article"]) >= {"id", "title", "url", "source", "site", "published", "author", "tags"}
        assert set(hit["section"]) == {"heading", "path", "ordinal"}
        assert isinstance(hit["score"], float) and hit["disclaimer"]
        assert hit["disclaimer"] in answer["disclaimers"]
        for passage in hit["passages"]:
            for start, end in passage["highlights"]:
                assert 0 <= start < end <= len(passage["text"])
                assert passage["text"][start:end].lower().startswith("raynaud")


def test_phrase_not_and_field_queries(sample_index):
    result, answer = sample_index.json("search", '"lung function" NOT Imuran')
    assert answer["hits"] and all("Imuran" not in h["article"]["title"] for h in answer["hits"])
    result, answer = sample_index.json("search", "title:renal")
    assert {h["article"]["title"] for h in answer["hits"]} == {"Scleroderma Renal Crisis: Warning Signs & Treatment"}
    result, answer = sample_index.json("search", "tag:mrss")
    assert answer["hits"] and all("mRSS" in h["article"]["tags"] for h in answer["hits"])


def test_accents_fold_both_ways(sample_index):
    for query in ("Sjogren", "Sjögren"):
        result, answer = sample_index.json("search", query)
        assert answer["total"] == 1


def test_nothing_found_exits_1(sample_index):
    result = sample_index("search", "xylophone")
    assert result.exit_code == 1
    assert result.stdout == ""
    assert "no matches for 'xylophone'" in result.stderr
    result, answer = sample_index.json("search", "xylophone")
    assert result.exit_code == 1 and answer["hits"] == [] and answer["total"] == 0


def test_missing_index_says_how_to_ingest(run):
    result = run("search", "lung")
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: no index at ")
    assert "sclerodex ingest --samples" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("query", ["the", "(((", "NOT"])
def test_unreadable_queries_are_one_line_errors(sample_index, query):
    result = sample_index("search", query)
    assert result.exit_code == 2
    assert result.stderr.startswith("Error: ") and len(result.stderr.strip().splitlines()) == 1


def test_bad_option_exits_2(sample_index):
    assert sample_index("search", "lung", "--limit", "0").exit_code == 2
    assert sample_index("search", "lung", "--format", "xml").exit_code == 2


def test_article_without_disclaimer_gets_its_sites_then_the_generic_one(sample_index, tmp_path):
    page = tmp_path / "p.html"
    page.write_text(
        "<html><head><meta property='og:site_name' content='Scleroderma News'></head><body><article>"
        "<p>Hand therapy with paraffin wax baths.</p></article></body></html>"
    )
    other = tmp_path / "o.txt"
    other.write_text("Notes on paraffin gloves from another source.\n")
    sample_index("ingest", str(page), str(other))
    result, answer = sample_index.json("search", "paraffin")
    by_source = {h["article"]["source"]: h["disclaimer"] for h in answer["hits"]}
    assert by_source[str(page)].startswith("Scleroderma News is strictly a news")
    assert "not medical advice" in by_source[str(other)]
    assert len(answer["disclaimers"]) == 2


def test_every_command_has_help_with_an_example():
    from click.testing import CliRunner

    for name, command in cli.commands.items():
        result = CliRunner().invoke(cli, [name, "--help"])
        assert result.exit_code == 0 and "Example:" in result.stdout, name


def test_version_and_module_entry_point():
    import subprocess
    import sys

    from sclerodex import __version__

    result = subprocess.run([sys.executable, "-m", "sclerodex", "--version"], capture_output=True, text=True)
    assert result.returncode == 0 and __version__ in result.stdout


def test_the_search_path_imports_no_html_parser_http_client_or_progress_bar(sample_index):
    import subprocess
    import sys

    script = (
        "import sys, runpy, sclerodex.cli\n"
        "sclerodex.cli._exit_now = sys.exit  # the program ends at once after a search: end here instead\n"
        "sys.argv = ['sclerodex', '--index', sys.argv[1], 'search', 'lung']\n"
        "try:\n"
        "    runpy.run_module('sclerodex', run_name='__main__')\n"
        "except SystemExit:\n"
        "    pass\n"
        "heavy = ['bs4', 'lxml', 'feedparser', 'charset_normalizer', 'http.client', 'urllib.request',\n"
        "         'sclerodex.progress', 'sclerodex.ingest.webpage', 'sclerodex.ingest.fetch',\n"
        "         'asyncio', 'whoosh.lang.morph_en',  # imported by Whoosh for nothing we use\n"
        "         'textual', 'rich', 'sclerodex.browse', 'webbrowser']  # browse's, never search's\n"
        "print(sorted(m for m in heavy if m in sys.modules), file=sys.stderr)\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", script, str(sample_index.index_dir)], capture_output=True, text=True, timeout=60
    )
    assert "strictly a news" in result.stdout
    imported = ast.literal_eval(result.stderr.strip().splitlines()[-1])
    if not w3_internals.FAST_PATHS:  # Whoosh imported as it is (w3_internals.import_whoosh_lightly)
        imported = [m for m in imported if m not in ("http.client", "urllib.request", "asyncio", "whoosh.lang.morph_en")]
    assert imported == []


def test_query_with_undecodable_bytes_still_gives_valid_json(sample_index):
    result, answer = sample_index.json("search", "lung\udcff")
    assert answer["query"] == "lung"
    json.dumps(answer).encode("utf-8")


@pytest.mark.slow
def test_the_program_ends_at_once_after_a_search_with_its_output_and_exit_code(sample_index):
    """`sclerodex search` skips the interpreter's teardown: nothing printed is lost."""
    import subprocess
    import sys

    def program(*args):
        return subprocess.run(
            [sys.executable, "-m", "sclerodex", "--index", str(sample_index.index_dir), "search", *args],
            capture_output=True, text=True, timeout=60,
        )

    found = program("lung", "--format", "json", "--limit", "50")
    assert found.returncode == 0 and json.loads(found.stdout)["hits"]
    assert found.stdout.endswith("}\n")
    missing = program("zzzqqqxx")
    assert missing.returncode == 1 and missing.stdout == "" and "no matches for 'zzzqqqxx'" in missing.stderr
