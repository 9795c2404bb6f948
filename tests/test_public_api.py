"""The names a program imports from ``sclerodex`` itself, loaded lazily."""

from __future__ import annotations

import subprocess
import sys

import sclerodex


def test_every_public_name_is_there_and_is_the_library_s_own(samples_index_dir):
    from sclerodex.search.searcher import search
    from sclerodex.sync.driver import ingest_paths

    assert sclerodex.ingest_paths is ingest_paths
    # ``search`` is the search package (a loaded subpackage is an attribute of
    # its parent), which answers a call as the function does.
    assert sclerodex.search(samples_index_dir, "lung", limit=3) == search(samples_index_dir, "lung", limit=3)
    for name in sclerodex.__all__:
        assert getattr(sclerodex, name) is not None, name
    assert set(sclerodex.__all__) <= set(dir(sclerodex))


def test_an_unknown_name_is_an_attribute_error():
    try:
        sclerodex.no_such_thing
    except AttributeError as problem:
        assert "no_such_thing" in str(problem)
    else:
        raise AssertionError("an unknown name was found")


def test_importing_the_package_loads_no_engine_and_using_it_works(tmp_path):
    script = (
        "import sys, sclerodex\n"
        "assert 'whoosh' not in sys.modules and 'lxml' not in sys.modules, sorted(sys.modules)\n"
        "from pathlib import Path\n"
        "from sclerodex import ingest_paths, search\n"
        f"ingest_paths(Path({str(tmp_path / 'index')!r}), ['sclerodex:samples'])\n"
        f"result = search(Path({str(tmp_path / 'index')!r}), 'cyclophosphamide lung', limit=3)\n"
        "print(len(result.hits), bool(result.disclaimers))\n"
    )
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, timeout=120)
    assert done.returncode == 0, done.stderr
    assert done.stdout.split() == ["3", "True"]
