"""Writing to the index: articles replace all their earlier sections.

Everything is written in batches, each batch one commit of the store, so a long
ingest that is killed keeps every batch committed before it.  The writer holds
the index's write lock (see lock.py) from start to end.  An article whose
content hash is unchanged is not rewritten.  How much goes in a commit: commits.py;
what waits for the next one: write_queue.py; what one commit writes: batch_commit.py.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from concurrent.futures import wait as wait_for
from pathlib import Path

from sclerodex.engine import MergeRun, StoreWriter
from sclerodex.errors import IndexMissing
from sclerodex.index.batch_commit import PendingCommit, commit_batch, commit_merge
from sclerodex.index.commits import (
    DEFAULT_BATCH,
    GUESSED_COMMIT_SECONDS_PER_ARTICLE,
    MAX_SECTIONS_PER_COMMIT,
    SECTIONS_WRITTEN_IN_CHILD,
    writing,
)
from sclerodex.index.documents import doc_term, stored_source_records
from sclerodex.index.ledger import RUN, ledger_doc_id
from sclerodex.index.lock import IndexLock
from sclerodex.index.manifest import SourceRecord
from sclerodex.index.runs import KEEP_RUNS, RunRecord, last_run, now
from sclerodex.index.write_queue import WriteQueue
from sclerodex.index.write_summary import WriteSummary
from sclerodex.ingest.records import Article
from sclerodex.interrupts import KEEP_SECONDS, IngestInterrupted
from sclerodex.whoosh_engine import segment_builder
from sclerodex.whoosh_engine.preanalysis import PackedAnalysis
from sclerodex.whoosh_engine.segment_builder import SegmentBuilder
from sclerodex.whoosh_engine.storage import (
    HOW_TO_INGEST,
    current_generation,
    reading,
    remove_leftovers,
    remove_stale_generations,
)
from sclerodex.whoosh_engine.store import open_store


class ArticleWriter:
    """Writes to the index at ``path`` in batched commits, holding its lock.

    Use as a context manager: the last batch is committed on a clean exit and
    dropped (never half-written) on an exception, which leaves the index as
    the last commit left it.  On Ctrl-C (KeyboardInterrupt) in a logged run,
    what is queued is committed when that fits in ``KEEP_SECONDS``, and
    IngestInterrupted says how many articles the run kept.
    """

    def __init__(
        self,
        path: Path,
        batch_size: int = DEFAULT_BATCH,
        wait: float = 0.0,
        on_wait: Callable[[float], None] | None = None,
        force: bool = False,
        create: bool = True,
        log_run: bool = False,
        commit_seconds: float | None = None,
        on_commit: Callable[[int | None], None] | None = None,
        keep_duplicates: bool = False,
    ):
        """``create``: make the index when there is none (else IndexMissing);
        ``log_run``: keep this run in the run log (ingest and update do);
        ``commit_seconds``: also commit when the time since the last commit
        plus the expected time of committing what is queued reaches it, so a
        kill loses about that much work at most;
        ``on_commit``: told the number of articles before each commit and
        None after it (a progress bar shows the commit stage);
        ``keep_duplicates``: write a new article even when the same one is
        indexed under another id (batch_commit.py; as sclerodex did before
        it looked).

        Commits made for time or to bound memory write small segments; the
        run's last commit merges every segment this run wrote (into two, at
        once on two cores, when they are large), so the index ends with the
        few large segments that searches are fast on.
        """
        self.path = Path(path)
        self.batch_size = max(1, batch_size)
        self.commit_seconds = commit_seconds
        self.on_commit = on_commit
        self.force = force
        self.keep_duplicates = keep_duplicates
        self.summary = WriteSummary()
        if not create and current_generation(self.path) is None:
            raise IndexMissing(f"no index at {self.path}: {HOW_TO_INGEST}")
        self._lock = IndexLock(self.path, wait, on_wait)
        self._lock.acquire()
        try:
            with reading(self.path), writing(self.path):
                self.store = open_store(self.path, create=create)
                remove_stale_generations(self.path, keep=2)
                remove_leftovers(self.store.location)
            with reading(self.path):  # a failure here is damage, not a failure to write
                self._run = self._start_run() if log_run else None
                self._run_pending = False  # a finished run not yet written
                self._older_segments = self.store.segment_ids()
        except BaseException:
            self._lock.release()
            raise
        self._queue = WriteQueue()
        self._last_commit = time.monotonic()
        # Commits made because COMMIT_SECONDS were at stake, to keep a commit
        # within MAX_SECTIONS_PER_COMMIT, or written in halves by the
        # segment builder's children: the last one merges them.
        self._small_commits = 0
        self._commits_in_children = 0  # commits whose articles the segment builder wrote
        self._commit_cost = GUESSED_COMMIT_SECONDS_PER_ARTICLE  # seconds an article, as last measured
        self._builder = SegmentBuilder()
        self._pending: PendingCommit | None = None  # a commit whose articles' segment a child writes
        # The summary's counts as of the last finished commit, and as they
        # will be once the pending one is: an abandoned commit's are taken back.
        self._kept_mark = self._pending_mark = self._summary_mark()

    def _start_run(self) -> RunRecord:
        with self.store.reader() as reader:
            previous = last_run(reader)
        run = RunRecord(number=(previous.number + 1) if previous else 1, started=now())
        self.summary.run = run.number
        return run

    def __enter__(self) -> ArticleWriter:
        return self

    def __exit__(self, exc_type, exc, tb) -> None:
        try:
            if exc_type is None:
                self.flush(last=True)
            elif issubclass(exc_type, KeyboardInterrupt) and self._run is not None:
                problem = self._keep_on_interrupt()
                raise IngestInterrupted(self.kept(), problem) from None
        finally:
            try:
                self._abandon_pending()  # after an error: the last commit stays the index
                self._builder.close()
            finally:
                self._lock.release()

    def kept(self) -> int:
        """Articles this run has written (new or updated) in finished commits."""
        return self._kept_mark[3] + self._kept_mark[4]

    def _keep_on_interrupt(self) -> str | None:
        """After Ctrl-C: finish the pending commit and commit what is queued,
        in this process and without the run's merge, within about
        ``KEEP_SECONDS``: the queued articles that would take longer (as the
        run's commits measured) are left out.  None when everything was kept,
        else what was not."""
        deadline = time.monotonic() + KEEP_SECONDS
        try:
            if self._pending is not None and wait_for(self._pending.segments, timeout=KEEP_SECONDS).not_done:
                return (
                    f"as of the last commit: committing the articles parsed since would take more than "
                    f"{KEEP_SECONDS:g} s"
                )
            with reading(self.path), writing(self.path):
                self._finish_pending()
                fits = int(max(0.0, deadline - time.monotonic()) / self._commit_cost)
                left_out = self._queue.keep_first_articles(fits)
                if self._queue.holds_changes():
                    self._commit_queue(builder=None, merge_small=True)
        except Exception as problem:  # noqa: BLE001 -- the index is still the last commit; say why
            from sclerodex.errors import SclerodexError

            reason = str(problem) if isinstance(problem, SclerodexError) else type(problem).__name__
            return f"as of the last commit: the articles parsed since could not be committed: {reason}"
        if left_out:
            return (
                f"{left_out} more parsed were not committed: that would take more than {KEEP_SECONDS:g} s; "
                "the next run reads them again"
            )
        return None

    def _summary_mark(self) -> tuple[int, ...]:
        summary = self.summary
        return (
            summary.new, summary.updated, summary.unchanged,
            len(summary.new_articles), len(summary.updated_articles), len(summary.duplicates),
        )

    def _take_back(self, mark: tuple[int, ...]) -> None:
        """The summary as it was at ``mark``: what a dropped commit counted is not kept."""
        summary = self.summary
        summary.new, summary.updated, summary.unchanged = mark[:3]
        del summary.new_articles[mark[3]:]
        del summary.updated_articles[mark[4]:]
        del summary.duplicates[mark[5]:]

    # --- reading what is there ----------------------------------------------

    def sources(self) -> dict[str, SourceRecord]:
        """Every source record in the index, by key."""
        with reading(self.path), self.store.reader() as reader:
            return stored_source_records(reader)

    def remembered(self) -> dict:
        """Every remembered source (remembered.py), by name."""
        from sclerodex.index.remembered import remembered_sources

        with reading(self.path), self.store.reader() as reader:
            return {source.source: source for source in remembered_sources(reader)}

    def exclusions(self):
        """The articles 'sclerodex remove' keeps out (exclusions.py)."""
        from sclerodex.index.exclusions import Exclusions

        with reading(self.path), self.store.reader() as reader:
            return Exclusions.read(reader)

    def failing(self) -> dict:
        """What is still failing (failing.py), by key."""
        from sclerodex.index.failing import failing_records

        with reading(self.path), self.store.reader() as reader:
            return failing_records(reader)

    # --- queuing changes ----------------------------------------------------

    def add(
        self,
        article: Article,
        source: SourceRecord | None = None,
        replaces: str | None = None,
        analysis: PackedAnalysis | None = None,
    ) -> None:
        """Queue an article (replacing any earlier version) and its source record.

        ``replaces`` names an article the same source yielded before under
        another id: it is removed, and the change counts as an update.
        ``analysis``: its texts analysed ahead (preanalysis.analyse_texts of
        documents.searchable_texts), by a parsing worker.
        """
        self._queue.add(article, source, replaces, analysis)
        self._maybe_flush()

    def queued_source(self, key: str) -> SourceRecord | None:
        """The record of ``key`` waiting for the next commit, if any."""
        return self._queue.source(key)

    def touch_source(self, source: SourceRecord) -> None:
        """Record a source's new fingerprint without touching its article."""
        self._queue.touch_source(source)
        self._maybe_flush()

    def remove_article(self, article_id: str) -> None:
        """Queue an article's removal: its sections, record and sources."""
        self._queue.remove_article(article_id)
        self.summary.removed += 1
        self._maybe_flush()

    def drop_source(self, key: str) -> None:
        self._queue.drop_source(key)
        self._maybe_flush()

    def put_ledger(self, document: dict) -> None:
        """Queue a ledger document (ledger.py) to be written with the next batch."""
        self._queue.put_ledger(document)

    def drop_ledger(self, doc_id: str) -> None:
        self._queue.drop_ledger(doc_id)

    def skip(self, source: str, reason: str) -> None:
        self.summary.skipped.append((source, reason))

    def close_run(self) -> None:
        """Mark the run finished; written by the last commit."""
        if self._run is not None:
            self._run.finished = now()
            self._run_pending = True

    # --- committing ----------------------------------------------------------

    def _maybe_flush(self) -> None:
        if self._queue.size() >= self.batch_size:
            self.flush()
        elif self._queue.sections >= MAX_SECTIONS_PER_COMMIT or (
            self.commit_seconds is not None and self._at_stake() >= self.commit_seconds
        ):
            self.flush(small=True)

    def _at_stake(self) -> float:
        """Seconds of work a kill would lose now: since the last commit, plus
        committing what is queued."""
        return time.monotonic() - self._last_commit + len(self._queue.articles) * self._commit_cost

    def flush(self, last: bool = False, small: bool = False) -> None:
        """Commit everything queued as one batch; the ``last`` one of a run
        that committed for time or memory (``small``) also merges the run's
        segments.  Once a run has had segments written by the builder (below),
        its commits merge nothing more on the way: the engine's merges of small
        segments would pick up the builder's large ones as they pile up (three
        a commit), in this process and in memory, and the last commit merges
        them all anyway.

        A large batch has its articles' segments written by two child
        processes (segment_builder.py).  Unless it is the last, its commit is
        finished only when the next batch's starts, so this process queues
        the next batch meanwhile; a kill in between loses that batch too
        (the index is always the last finished commit)."""
        queued = self._queue.holds_changes() or self._run_pending
        if not queued and self._pending is None:
            return
        in_children = queued and self._queue.sections >= SECTIONS_WRITTEN_IN_CHILD and segment_builder.available()
        if small or (in_children and not last):  # a builder commit's segments are halves
            self._small_commits += 1
        if in_children:
            self._commits_in_children += 1
        merge = MergeRun(self._older_segments) if last and self._small_commits else None
        articles = len(self._queue.articles)
        if self.on_commit:
            self.on_commit(articles)
        started = time.monotonic()
        try:
            with reading(self.path), writing(self.path):
                self._finish_pending()
                if queued:
                    builder = self._builder if in_children else None
                    # The last commit's usual merge is the run's merge when there is one.
                    merge_small = merge is None if last else not self._commits_in_children
                    self._commit_queue(builder, merge_small)
                    if last:
                        self._finish_pending()
                committed = time.monotonic()
                if last:
                    self._builder.close()  # their memory is the merge's now
                if merge is not None:
                    commit_merge(self.store, merge)
        finally:
            if self.on_commit:
                self.on_commit(None)
        self._last_commit = time.monotonic()
        if articles >= 20:  # enough to time
            self._commit_cost = (committed - started) / articles

    def _commit_queue(self, builder: SegmentBuilder | None, merge_small: bool) -> None:
        """Commit what is queued (left pending with a ``builder``); the queue
        is emptied once its articles are in the commit."""
        log_run = self._log_run if self._run is not None else None
        before = self._summary_mark()
        try:
            self._pending = commit_batch(
                self.store, self._queue, self.summary, self.force, log_run, builder, merge_small,
                self.keep_duplicates,
            )
        except BaseException:
            self._take_back(before)
            raise
        self._queue.clear()
        if self._pending is None:
            self._kept_mark = self._summary_mark()
        else:
            self._pending_mark = self._summary_mark()

    def _finish_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            try:
                pending.finish()
            except BaseException:
                self._take_back(self._kept_mark)
                raise
            self._kept_mark = self._pending_mark

    def _abandon_pending(self) -> None:
        pending, self._pending = self._pending, None
        if pending is not None:
            pending.abandon()
            self._take_back(self._kept_mark)

    def _log_run(self, writer: StoreWriter) -> None:
        """This run's record, with what this batch wrote; the oldest runs go."""
        run = self._run
        run.new = [article_id for article_id, _ in self.summary.new_articles]
        run.updated = [article_id for article_id, _ in self.summary.updated_articles]
        writer.upsert(run.to_document())
        self._run_pending = False
        if run.number > KEEP_RUNS:
            writer.delete(*doc_term(ledger_doc_id(RUN, RunRecord(run.number - KEEP_RUNS, "").key())))


def write_articles(path: Path, articles: Iterable[Article], batch_size: int = DEFAULT_BATCH) -> WriteSummary:
    """Write ``articles`` to the index at ``path`` (created when absent)."""
    with ArticleWriter(path, batch_size) as writer:
        for article in articles:
            writer.add(article)
    return writer.summary
