"""How the writer commits: how much goes in one commit, and what a failure
while writing becomes (how the last commit of a run merges its segments:
whoosh_engine/merging.py)."""

from __future__ import annotations

from contextlib import contextmanager
from pathlib import Path

from sclerodex.errors import IndexWriteError

# Articles per commit.  Each commit writes a segment, and Whoosh merges
# segments as they pile up, in the writing process.  Measured at 100,000
# sections (bench/out/large, 2 cores): batches of 200 took 441 s to ingest,
# 1,000 took 317 s, 2,000 took 237 s and 5,000 took 223 s; warm searches on
# the results took about 24 ms (200: one large merged segment and ten small
# ones), 34 ms (2,000: thirteen unmerged segments) and 25 ms (5,000: five).
# A kill loses at most one batch: about a minute of work at 5,000, so a batch
# is also committed once COMMIT_SECONDS of work are at stake (ArticleWriter).
DEFAULT_BATCH = 5000
COMMIT_SECONDS = 15.0
# Sections per commit at most: a commit's postings are held in memory
# (whoosh_engine/term_pool.py: about 110 postings a section, plus the queued
# articles' analysed text), so this bounds the writer's memory whatever the
# batch size.  30,000 sections (bench/corpus.py): the writer's peak RSS was
# 243 MB at 10,000 a commit, 152 MB at 5,000 and 104 MB at 2,500.
MAX_SECTIONS_PER_COMMIT = 5_000
# From this many sections on, a commit that is not a run's last has its
# articles' segment written by a child process while the writer queues the
# next batch (writer.py): the child's start (about half a second) is then
# a small part of what it takes over.
SECTIONS_WRITTEN_IN_CHILD = 1_000
# Whoosh's share of the work (analysing and writing an article) happens in the
# commit; until one has been timed, guess it from the 100,000-section bench
# (about 9 ms an article for the whole ingest, most of it in the writer).
GUESSED_COMMIT_SECONDS_PER_ARTICLE = 0.01


@contextmanager
def writing(path: Path):
    """Turn an operating-system failure while writing into IndexWriteError."""
    try:
        yield
    except OSError as problem:
        reason = problem.strerror or str(problem)
        raise IndexWriteError(
            f"cannot write to the index at {path}: {reason}; everything committed before is kept"
        ) from None


def cancel_quietly(writer) -> None:
    try:
        writer.cancel()
    except Exception:  # the writer is already broken; the lock release is what matters
        pass
