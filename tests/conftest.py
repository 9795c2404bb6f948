"""Shared fixtures: the bundled articles, a CLI runner and a ready index."""

from __future__ import annotations

import json
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from sclerodex.cli import cli
from sclerodex.ingest.sources import sample_paths

PACKAGE_DATA = Path(__file__).resolve().parent.parent / "sclerodex" / "data"
SEED = PACKAGE_DATA / "seed" / "000_f5aa47efbb1f98a4.txt"
SEED_URL = "https://sclerodermanews.com/imuran-azathioprine/"  # the seed's id when ingested with --samples
SAMPLES = PACKAGE_DATA / "samples"
GOLDEN = json.loads((Path(__file__).parent / "golden" / "samples.json").read_text(encoding="utf-8"))


class Cli:
    """Runs ``sclerodex --index DIR ...`` in-process; stdout and stderr apart."""

    def __init__(self, index_dir: Path):
        self.index_dir = index_dir
        self.runner = CliRunner()

    def __call__(self, *args: str, env: dict | None = None):
        return self.runner.invoke(cli, ["--index", str(self.index_dir), *args], env=env, catch_exceptions=False)

    def json(self, *args: str):
        result = self(*args, "--format", "json")
        return result, json.loads(result.stdout)


@pytest.fixture
def run(tmp_path) -> Cli:
    return Cli(tmp_path / "index")


@pytest.fixture
def sample_index(run) -> Cli:
    result = run("ingest", "--samples")
    assert result.exit_code == 0, result.stderr
    return run


@pytest.fixture(scope="session")
def all_samples() -> list[str]:
    return sample_paths()


@pytest.fixture(scope="session")
def samples_index_dir(tmp_path_factory) -> Path:
    """An index of the bundled samples, built once, for tests that only read it."""
    from sclerodex.sync.driver import ingest_paths

    path = tmp_path_factory.mktemp("samples") / "index"
    ingest_paths(path, sample_paths())
    return path


def read_terminal(leader: int) -> bytes:
    """Everything a child wrote to a pseudo-terminal, until it closed its side
    (Linux reports that as EIO on the leader, or as an empty read)."""
    chunks = []
    while True:
        try:
            chunk = os.read(leader, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    return b"".join(chunks)
