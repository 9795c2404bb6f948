"""A week of real use: saved searches that never lose an alert, Ctrl-C that
keeps what was parsed, and empty answers that say so."""

from __future__ import annotations

import json


def test_every_empty_answer_is_said(run, tmp_path):
    run("watch", "add", "lung")  # an index, with nothing in it
    for args, said in [
        (("sources",), "no remembered sources: 'sclerodex ingest PATH' remembers each folder, file, page or feed"),
        (("list",), "no articles in the index: 'sclerodex ingest PATH' adds some"),
    ]:
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr.strip()) == (1, "", said)
    run("watch", "remove", "1")
    listed = run("watch", "list")
    assert (listed.exit_code, listed.stderr.strip()) == (1, "no saved searches: 'sclerodex watch add QUERY' saves one")
    as_json = run("watch", "list", "--format", "json")
    assert as_json.exit_code == 1 and json.loads(as_json.stdout) == []

    docs = tmp_path / "docs"
    docs.mkdir()
    (docs / "note.txt").write_text("A note about lungs.\nPart\nText about skin.\n")
    assert run("ingest", str(docs)).exit_code == 0
    assert run("ingest", str(docs)).exit_code == 0  # nothing new
    for args, said in [
        (("list", "--new"), "no articles added or changed by the last run"),
        (("list", "--added-since", "2030-01-01"), "no articles added since 2030-01-01"),
        (("list", "--new", "--added-since", "2030"), "no articles added or changed by the last run since 2030"),
    ]:
        result = run(*args)
        assert (result.exit_code, result.stdout, result.stderr.strip()) == (1, "", said)
