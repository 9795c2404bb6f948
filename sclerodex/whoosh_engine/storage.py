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
import time
from contextlib import contextmanager
from pathlib import Path

from whoosh.filedb.filestore import FileStorage
from whoosh.index import EmptyIndexError, FileIndex, LockError

from sclerodex.errors import IndexDamaged, IndexIncompatible, IndexLocked, IndexMissing, SclerodexError
from sclerodex.whoosh_engine import w3_internals
from sclerodex.whoosh_engine.schema import SCHEMA_VERSION, build_schema

CURRENT = "CURRENT"
VERSION_FILE = "sclerodex.json"
HOW_TO_INGEST = "run 'sclerodex ingest --samples' or 'sclerodex ingest PATH...' first"
INDEX_NAME = "MAIN"  # Whoosh's default name for the index in a folder
_GENERATION = re.compile(r"^gen-(\d+)$")


class _LockHeldElsewhere:
    """Whoosh's per-commit lock, made redundant by IndexLock (one writer per
    index for a whole run).  Whoosh leaks its lock when a writer fails while
    starting (a full disk), which would block the rest of the process."""

    def acquire(self, blocking: bool = False) -> bool:
        return True

    def release(self) -> None:
        pass


class IndexStorage(FileStorage):
    """A generation folder whose writers are serialised by IndexLock."""

    def lock(self, name):
        return _LockHeldElsewhere()


def open_generation(generation: Path):
    w3_internals.remember_absent_length_columns()  # a speed fix; FAST_PATHS only
    return FileIndex(IndexStorage(str(generation)), indexname=INDEX_NAME)


def remove_leftovers(generation: Path) -> None:
    """Delete the temporary files a killed or failed writer left behind.
    Callers hold the write lock, so no writer is using them."""
    for leftover in generation.glob("*.tmp"):
        if leftover.is_dir():
            shutil.rmtree(leftover, ignore_errors=True)
        else:
            leftover.unlink(missing_ok=True)


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
    FileIndex.create(IndexStorage(str(folder)), build_schema(), INDEX_NAME)
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


def open_index(index_dir: Path, create: bool = False):
    """Open the current generation; create a first one when asked and there
    is none.  Creating is for writers, who hold the write lock."""
    generation = current_generation(index_dir)
    if generation is None:
        if not create:
            raise IndexMissing(f"no index at {index_dir}: {HOW_TO_INGEST}")
        generation = new_generation(index_dir)
        make_current(index_dir, generation)
    if not generation.is_dir():
        raise IndexDamaged(damaged_message(index_dir, f"{generation.name} is missing"))
    check_version(generation)
    try:
        return _open_retrying(generation)
    except EmptyIndexError:
        raise IndexDamaged(damaged_message(index_dir, "its table of contents is missing")) from None


def open_writer(index, timeout: float = 5.0, in_memory: bool = False):
    """A Whoosh writer on ``index``; IndexLocked when Whoosh finds its
    per-commit lock held after ``timeout`` seconds.  ``in_memory``: its
    postings are held by term in memory (term_pool.py), for a commit the
    caller keeps small; otherwise Whoosh sorts them on disk past 128 MB."""
    # Imported here: a search (which never writes) need not import Whoosh's writing.
    from sclerodex.whoosh_engine.bulk_writing import TermSegmentWriter
    from sclerodex.whoosh_engine.term_pool import TermPool

    try:
        # Plain (not compound) segment files: a searcher maps them instead
        # of copying each segment into memory on every open, which made
        # searches and ingests of large indexes slow and memory-hungry.
        if not w3_internals.FAST_PATHS:  # Whoosh's own writer and pool
            return index.writer(timeout=timeout, compound=False)
        writer = TermSegmentWriter(index, timeout=timeout, compound=False)
    except LockError:
        raise IndexLocked("the index is locked by another writer; try again when it ends") from None
    if in_memory:
        writer.pool = TermPool()  # written a term at a time (bulk_writing.py)
    return writer


@contextmanager
def reading(index_dir: Path):
    """Report a failure inside Whoosh while reading the index as damage.

    Whoosh raises whatever its file parsing hits on a truncated or garbled
    file (EOFError, struct.error, IndexError, ValueError...); none of those
    is the user's fault, and each means the same thing to them.
    """
    try:
        yield
    except (SclerodexError, KeyboardInterrupt, NameError, ImportError, AssertionError):
        raise  # ours to report, or a bug in sclerodex that must not pass for damage
    except Exception as problem:  # see the docstring: any of them is damage
        detail = f"{type(problem).__name__}: {problem}"[:160]
        raise IndexDamaged(damaged_message(index_dir, detail)) from None


def read_with_retries(index_dir: Path, read, attempts: int = 4):
    """``read()`` (which opens the index and reads it), retried when it fails.

    A commit that merges segments deletes the files of the old ones, and
    Whoosh opens some of a segment's files only when first needed; a search
    that started just before such a commit can find them gone.  It is then
    simply run again on the new commit.  A failure that persists is damage.
    """
    for attempt in range(attempts):
        try:
            with reading(index_dir):
                return read()
        except IndexDamaged:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05 * (attempt + 1))


def damaged_message(index_dir: Path, what: str) -> str:
    return (
        f"the index at {index_dir} is damaged ({what}): run 'sclerodex index check' to see the damage "
        f"and 'sclerodex index rebuild' to rebuild it from what can still be read"
    )


def _open_retrying(generation: Path, attempts: int = 20):
    """Open a generation while writers commit to it.

    Whoosh finds the newest table of contents, then opens it; a commit in
    between replaces that file, so the open is retried (as Whoosh's own
    reader() does for segment files).
    """
    for attempt in range(attempts):
        try:
            return open_generation(generation)
        except FileNotFoundError:
            if attempt == attempts - 1:
                raise
            time.sleep(0.05)


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
