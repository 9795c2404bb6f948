"""Ingest from the command line: samples, folders, re-ingest, bad sources."""

import os

from conftest import SAMPLES, SEED


def test_samples_ingest_and_report(run):
    result = run("ingest", "--samples")
    assert result.exit_code == 0
    summary, *titles = result.stdout.splitlines()
    assert summary == "8 new, 0 updated, 0 unchanged, 0 removed, 0 skipped"
    assert len(titles) == 8 and "  new:     Imuran (azathioprine)" in titles


def test_reingest_replaces_and_never_duplicates(run, tmp_path):
    run("ingest", "--samples")
    again = run("ingest", "--samples")
    assert again.stdout.strip() == "0 new, 0 updated, 8 unchanged, 0 removed, 0 skipped"
    result, answer = run.json("search", "Imuran", "--limit", "100", "--per-article", "0")
    keys = [(h["article"]["id"], h["section"]["ordinal"]) for h in answer["hits"]]
    assert len(keys) == len(set(keys)) == answer["total"]


def test_changed_article_replaces_its_sections(run, tmp_path):
    article = tmp_path / "note.txt"
    article.write_text("Intro about bosentan therapy.\nOld heading\nText about the zebrafish model.\n")
    run("ingest", str(article))
    assert run("search", "zebrafish").exit_code == 0
    article.write_text("Intro about bosentan therapy.\nNew heading\nText about the axolotl model.\n")
    assert run("ingest", str(article)).stdout.strip().startswith("0 new, 1 updated")
    assert run("search", "zebrafish").exit_code == 1
    result, answer = run.json("search", "axolotl")
    assert [h["section"]["heading"] for h in answer["hits"]] == ["New heading"]


def test_same_canonical_url_is_one_article_last_wins(run, tmp_path):
    page = (SAMPLES / "raynauds-phenomenon.html").read_text(encoding="utf-8")
    (tmp_path / "a.html").write_text(page, encoding="utf-8")
    (tmp_path / "b.html").write_text(page.replace("phenomenon is a condition", "phenomenon, edited, is a condition"), encoding="utf-8")
    result = run("ingest", str(tmp_path / "a.html"), str(tmp_path / "b.html"))
    assert result.stdout.startswith("1 new")
    result, answer = run.json("search", "edited")
    assert answer["total"] == 1 and answer["hits"][0]["article"]["source"].endswith("b.html")


def test_bad_sources_are_skipped_with_reasons_and_nothing_is_lost(run, tmp_path):
    run("ingest", "--samples")
    bad = tmp_path / "bad"
    bad.mkdir()
    (bad / "random.html").write_bytes(os.urandom(4096))
    (bad / "empty.txt").write_bytes(b"")
    (bad / "nothing.html").write_text("<html><body><nav>Menu</nav><p>Not found</p></body></html>")
    (bad / "legacy.txt").write_bytes("Caf\u00e9 culture and Raynaud\u2019s attacks in the cold.\n".encode("cp1252"))
    result = run("ingest", str(bad), str(tmp_path / "missing.html"))
    assert result.exit_code == 1
    assert result.stdout.splitlines()[0] == "1 new, 0 updated, 0 unchanged, 0 removed, 4 skipped"
    reasons = result.stderr
    assert f"skipped {bad / 'random.html'}: binary data, not text" in reasons
    assert f"skipped {bad / 'empty.txt'}: empty file" in reasons
    assert f"skipped {bad / 'nothing.html'}: no article text found in the page" in reasons
    assert "missing.html: no such file or folder" in reasons
    assert "Traceback" not in result.output
    assert run("search", "Café").exit_code == 0
    result, answer = run.json("search", "cyclophosphamide")
    assert {h["article"]["source"] for h in answer["hits"]} >= {str(SEED)}


def test_folders_are_read_recursively(run, tmp_path):
    nested = tmp_path / "a" / "b"
    nested.mkdir(parents=True)
    (nested / "deep.txt").write_text("A deep article about telangiectasia.\n")
    (tmp_path / "a" / "top.htm").write_text("<article><p>Calcinosis in the fingers.</p></article>")
    (tmp_path / "a" / "image.png").write_bytes(b"\x89PNG\r\n")
    assert run("ingest", str(tmp_path / "a")).stdout.startswith("2 new")


def test_ingest_without_sources_is_a_usage_error(run):
    result = run("ingest")
    assert result.exit_code == 2
    assert "give one or more files, folders or URLs to ingest" in result.stderr
