"""A damaged index: commands say so in one line and how to rebuild; `index
check` finds the damage; `index rebuild` keeps what can still be read."""

import gc
import json

import pytest

from sclerodex.whoosh_engine.storage import current_generation


def segment_file(run, suffix: str):
    (path,) = current_generation(run.index_dir).glob(f"*.{suffix}")
    return path


def damage(run, how: str) -> None:
    if how == "truncated-segment":  # the term dictionary, cut short
        path = segment_file(run, "trm")
        with open(path, "r+b") as handle:
            handle.truncate(path.stat().st_size // 3)
    elif how == "garbage-in-segment":  # the postings, overwritten
        path = segment_file(run, "pst")
        with open(path, "r+b") as handle:
            handle.seek(path.stat().st_size // 5)
            handle.write(b"garbage" * 3000)
    elif how == "missing-toc":
        for toc in current_generation(run.index_dir).glob("*.toc"):
            toc.unlink()


# Whoosh leaves a damaged segment's file open when it fails to read it; the
# warning is about Whoosh's file handle, not about what this test checks.
@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
@pytest.mark.parametrize("how", ["truncated-segment", "missing-toc"])
def test_unreadable_index_is_reported_with_the_way_out(sample_index, how):
    damage(sample_index, how)
    for args in (("search", "lung"), ("list",), ("ingest", "--samples"), ("show", "x"), ("index", "stats")):
        result = sample_index(*args)
        assert result.exit_code == 2, args
        message = result.stderr.strip()
        assert message.startswith(f"Error: the index at {sample_index.index_dir} is damaged (")
        assert "run 'sclerodex index check'" in message and "'sclerodex index rebuild'" in message
        assert len(message.splitlines()) == 1 and "Traceback" not in result.output
    check = sample_index("index", "check")
    assert check.exit_code == 1 and check.stdout.startswith("damaged: ")
    rebuild = sample_index("index", "rebuild")
    assert rebuild.exit_code == 2
    assert "nothing can be rebuilt from it: move it away and ingest your sources again" in rebuild.stderr
    del result, check, rebuild
    gc.collect()


@pytest.mark.filterwarnings("ignore::pytest.PytestUnraisableExceptionWarning")
def test_garbled_term_index_is_found_and_rebuilt_from_stored_text(sample_index):
    before = json.loads(sample_index("list", "--format", "json").stdout)
    damage(sample_index, "garbage-in-segment")
    check = sample_index("index", "check")
    assert check.exit_code == 1 and "damaged: " in check.stdout
    rebuild = sample_index("index", "rebuild")
    assert rebuild.exit_code == 0, rebuild.stderr
    assert sample_index("index", "check").stdout.startswith("ok: 8 articles")
    assert json.loads(sample_index("list", "--format", "json").stdout) == before
    assert sample_index("search", "cyclophosphamide", "lung").exit_code == 0
    del check, rebuild
    gc.collect()


def test_healthy_index_checks_ok(sample_index):
    result = sample_index("index", "check")
    assert result.exit_code == 0
    assert result.stdout.strip().startswith("ok: 8 articles, ")
