"""Opening and creating the index directory, with its schema-version check."""

from __future__ import annotations

import json
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from sclerodex.errors import IndexIncompatible, IndexMissing
from sclerodex.index.schema import SCHEMA_VERSION, build_schema

VERSION_FILE = "sclerodex.json"
HOW_TO_INGEST = "run 'sclerodex ingest --samples' or 'sclerodex ingest PATH...' first"


def create_index(path: Path):
    path.mkdir(parents=True, exist_ok=True)
    ix = whoosh_index.create_in(str(path), build_schema())
    (path / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")
    return ix


def open_index(path: Path, create: bool = False):
    """Open the index at ``path``; create it when asked and absent."""
    if not path.is_dir() or not whoosh_index.exists_in(str(path)):
        if create:
            return create_index(path)
        raise IndexMissing(f"no index at {path}: {HOW_TO_INGEST}")
    check_version(path)
    try:
        return whoosh_index.open_dir(str(path))
    except EmptyIndexError:
        raise IndexMissing(f"no index at {path}: {HOW_TO_INGEST}") from None


def check_version(path: Path) -> None:
    try:
        version = json.loads((path / VERSION_FILE).read_text()).get("schema_version")
    except (OSError, ValueError, AttributeError):
        version = None
    if version != SCHEMA_VERSION:
        raise IndexIncompatible(
            f"the index at {path} was written by another version of sclerodex "
            f"(schema {version}, this one reads {SCHEMA_VERSION}): run 'sclerodex index rebuild'"
        )
