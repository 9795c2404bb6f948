"""Bringing the index up to date with files, folders, URLs and feeds.

Only what is new or changed is read and written: a file whose size and mtime
match its record is not even opened; one whose bytes hash the same is not
parsed; an article whose content hash is unchanged is not rewritten.  A URL is
fetched with a conditional request, and a feed item the feed describes as
before is not fetched at all.  This module runs the sources in order;
``run.py`` keeps one run's books, ``files.py`` reads files into it and
``web.py`` pages and feeds.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Iterable
from contextlib import closing
from dataclasses import dataclass
from pathlib import Path

from sclerodex.errors import NothingRemembered
from sclerodex.index.remembered import list_remembered
from sclerodex.index.write_summary import WriteSummary
from sclerodex.index.writer import ArticleWriter
from sclerodex.ingest.fetch import is_url
from sclerodex.ingest.pool import map_in_order
from sclerodex.ingest.sources import expand_paths, sample_paths
from sclerodex.sync.files import read_prepared
from sclerodex.sync.names import SAMPLES_SOURCE, normalise_source
from sclerodex.sync.options import IngestOptions
from sclerodex.sync.prepare import prepare_file
from sclerodex.sync.run import SyncRun
from sclerodex.sync.web import read_url, retry_failing


@dataclass(frozen=True)
class Progress:
    """Reported after each source: how many of how many are done."""

    done: int
    total: int
    source: str
    skipped: tuple[tuple[str, str], ...] = ()  # (source, reason) for what this one skipped


def ingest_paths(
    index_dir: Path,
    sources: Iterable[str | os.PathLike],
    options: IngestOptions = IngestOptions(),
    on_progress: Callable[[Progress], None] | None = None,
    on_wait: Callable[[float], None] | None = None,
    on_commit: Callable[[int | None], None] | None = None,
    named: bool = True,
) -> WriteSummary:
    """Ingest files, folders, page URLs and feeds (files or URLs) into the index.

    ``SAMPLES_SOURCE`` among ``sources`` stands for the bundled samples.  A
    source that cannot be used is recorded in ``summary.skipped`` (and
    reported through ``on_progress``); the rest go on.  Each source given is
    remembered (names.py) for ``update_sources``, and the run is logged.
    ``on_commit`` is told when a commit starts (with its number of articles)
    and ends (None).  ``named``: the sources were named by the user (not
    read again by ``update``), so a removed article whose own file or URL
    is among them is brought back (index/exclusions.py).
    """
    specs = list(dict.fromkeys(normalise_source(os.fspath(s)) for s in sources))
    with ArticleWriter(
        index_dir, options.batch_size, options.wait, on_wait, options.force,
        log_run=True, commit_seconds=options.commit_seconds, on_commit=on_commit,
    ) as writer:
        run = SyncRun(
            writer, writer.sources(), writer.remembered(), options, writer.exclusions(), writer.failing(),
            named=frozenset(specs) if named else frozenset(),
        )
        units = [unit for number, spec in enumerate(specs) for unit in _units(number, spec)]
        # A file of two sources given (a folder, and the file itself) is read
        # and counted once; the later source only notes that it gave it.
        first = {}
        for number, source, _ in units:
            first.setdefault(source, number)
        # Files that must be read (not merely stat-ed as unchanged) are read
        # and parsed in worker processes, in order, while this one writes.
        to_read = [
            path for number, path, problem in units
            if first[path] == number and not problem and not is_url(path) and not run.unchanged_file(path)
        ]
        jobs = options.jobs if len(to_read) >= _POOL_THRESHOLD else 1
        prepared = map_in_order(
            prepare_file, ((path, run.known_sha256(path), options.max_bytes) for path in to_read), jobs
        )
        reading = set(to_read)
        with closing(prepared):  # on Ctrl-C or an error, the workers stop at once
            _read_units(run, units, specs, first, reading, prepared, on_progress)
        pruned = run.prune(specs) if options.prune else set()
        if SAMPLES_SOURCE in specs:
            run.repair_samples()
        run.remember(specs, pruned)
        writer.summary.still_failing = run.still_failing()
        writer.close_run()
    return writer.summary


def _read_units(run: SyncRun, units, specs, first: dict[str, int], reading: set[str], prepared, on_progress) -> None:
    """Each file, page or feed in turn (``first``: the spec that reads each
    source); ``prepared`` yields the files to read."""
    summary = run.writer.summary
    for done, (number, source, problem) in enumerate(units, 1):
        skipped_before = len(summary.skipped)
        run.begin(specs[number], source)
        if first[source] != number:
            run.gave_again(source)
        elif problem and source == specs[number] and specs[number] in run.remembered and not os.path.lexists(source):
            run.gone(source, problem)
        elif problem:
            run.skip(source, problem)
        elif is_url(source):
            read_url(run, source)
        elif source in reading:
            read_prepared(run, next(prepared))
        else:
            run.unchanged_path(source)
        retry_failing(run, source)
        if on_progress:
            on_progress(Progress(done, len(units), source, tuple(summary.skipped[skipped_before:])))


def update_sources(
    index_dir: Path,
    options: IngestOptions = IngestOptions(),
    on_progress: Callable[[Progress], None] | None = None,
    on_wait: Callable[[float], None] | None = None,
    on_commit: Callable[[int | None], None] | None = None,
) -> WriteSummary:
    """Read every remembered source again, as ``ingest_paths`` does."""
    names = [source.source for source in list_remembered(index_dir)]
    if not names:
        raise NothingRemembered(
            f"the index at {index_dir} remembers no sources yet: give them to 'sclerodex ingest' once"
        )
    return ingest_paths(index_dir, names, options, on_progress, on_wait, on_commit, named=False)


def _units(number: int, spec: str) -> list[tuple[int, str, str | None]]:
    """(spec number, source, problem) for each file or URL ``spec`` stands for."""
    if spec == SAMPLES_SOURCE:
        return [(number, path, None) for path in sample_paths()]
    if is_url(spec):
        return [(number, spec, None)]
    return [(number, path, problem) for path, problem in expand_paths([spec])]


# Below this many files to read, starting worker processes costs more than it saves.
_POOL_THRESHOLD = 24
