"""The index folder: which generation is current, opening, creating, version.

Layout::

    INDEX/CURRENT        names the live generation, e.g. "gen-3"
    INDEX/gen-3/         a Whoosh index and its sclerodex.json (schema version)
    INDEX/write.lock     the writers' lock (see lock.py)

A rebuild writes a whole new generation and then replaces CURRENT in one
atomic rename, so searches see either the old index or the new one.
"""

from __future__ import annotations

import json
import os
import re
import shutil
from pathlib import Path

from whoosh import index as whoosh_index
from whoosh.index import EmptyIndexError

from sclerodex.errors import IndexIncompatible, IndexMissing
from sclerodex.index.schema import SCHEMA_VERSION, build_schema

CURRENT = "CURRENT"
VERSION_FILE = "sclerodex.json"
HOW_TO_INGEST = "run 'sclerodex ingest --samples' or 'sclerodex ingest PATH...' first"
_GENERATION = re.compile(r"^gen-(\d+)$")


def current_generation(index_dir: Path) -> Path | None:
    try:
        name = (index_dir / CURRENT).read_text().strip()
    except OSError:
        return None
    return index_dir / name if _GENERATION.match(name) else None


def new_generation(index_dir: Path) -> Path:
    """Create an empty Whoosh index in a new generation folder (not yet current)."""
    index_dir.mkdir(parents=True, exist_ok=True)
    numbers = [int(m.group(1)) for p in index_dir.iterdir() if (m := _GENERATION.match(p.name))]
    folder = index_dir / f"gen-{max(numbers, default=0) + 1}"
    folder.mkdir()
    whoosh_index.create_in(str(folder), build_schema())
    (folder / VERSION_FILE).write_text(json.dumps({"schema_version": SCHEMA_VERSION}) + "\n")
    return folder


def make_current(index_dir: Path, generation: Path) -> None:
    """Point CURRENT at ``generation`` atomically."""
    temp = index_dir / (CURRENT + ".tmp")
    with open(temp, "w") as handle:
        handle.write(generation.name + "\n")
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(temp, index_dir / CURRENT)


def remove_stale_generations(index_dir: Path, keep: int = 1) -> None:
    """Delete generations other than the current one and the ``keep - 1`` newest
    before it (a search may still be reading a just-replaced one).  Callers hold
    the write lock."""
    current = current_generation(index_dir)
    if current is None:
        return
    numbers = sorted(
        (int(m.group(1)), p) for p in index_dir.iterdir() if (m := _GENERATION.match(p.name)) and p != current
    )
    current_number = int(_GENERATION.match(current.name).group(1))
    older = [p for n, p in numbers if n < current_number]
    newer = [p for n, p in numbers if n > current_number]  # a rebuild that was killed
    for folder in older[: max(0, len(older) - (keep - 1))] + newer:
        shutil.rmtree(folder, ignore_errors=True)


def index_exists(index_dir: Path) -> bool:
    generation = current_generation(index_dir)
    return generation is not None and whoosh_index.exists_in(str(generation))


def open_index(index_dir: Path, create: bool = False):
    """Open the current generation; create a first one when asked and absent.
    Creating is for writers, who hold the write lock."""
    generation = current_generation(index_dir)
    if generation is None or not whoosh_index.exists_in(str(generation)):
        if not create:
            raise IndexMissing(f"no index at {index_dir}: {HOW_TO_INGEST}")
        generation = new_generation(index_dir)
        make_current(index_dir, generation)
    check_version(generation)
    try:
        return whoosh_index.open_dir(str(generation))
    except EmptyIndexError:
        raise IndexMissing(f"no index at {index_dir}: {HOW_TO_INGEST}") from None


def stored_schema_version(generation: Path) -> int | None:
    try:
        return json.loads((generation / VERSION_FILE).read_text()).get("schema_version")
    except (OSError, ValueError, AttributeError):
        return None


def check_version(generation: Path) -> None:
    version = stored_schema_version(generation)
    if version != SCHEMA_VERSION:
        raise IndexIncompatible(
            f"the index at {generation.parent} was written by another version of sclerodex "
            f"(schema {version}, this one reads {SCHEMA_VERSION}): run 'sclerodex index rebuild'"
        )
