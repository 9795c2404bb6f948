"""A file on a sync run, once a worker has read it (prepare.py): skipped with
its reason, unchanged, an article, or a feed whose items are read in turn."""

from __future__ import annotations

from sclerodex.index.manifest import SourceRecord
from sclerodex.ingest.sources import is_bundled_sample, with_sample_url
from sclerodex.sync.prepare import PreparedFile
from sclerodex.sync.run import SyncRun
from sclerodex.sync.web import read_feed


def read_prepared(run: SyncRun, prepared: PreparedFile) -> None:
    path = prepared.path
    known = run.record(path)
    if prepared.reason:
        if prepared.sha256 is None:  # not read at all (permissions, size): say so every time
            run.failed_source(path, prepared.reason)
            return run.skip(path, prepared.reason)
        skipped = SourceRecord(
            key=path, article_id=known.article_id if known else None, sha256=prepared.sha256,
            size=prepared.size, mtime_ns=prepared.mtime_ns, skipped=prepared.reason,
        )
        run.writer.touch_source(skipped)  # not reported again while its bytes stay the same
        return run.skip(path, prepared.reason)
    fresh = SourceRecord(
        key=path, article_id=None, sha256=prepared.sha256, size=prepared.size, mtime_ns=prepared.mtime_ns
    )
    if prepared.same_bytes:
        run.writer.touch_source(
            fresh.with_changes(article_id=known.article_id, skipped=known.skipped, excluded=known.excluded)
        )
        if known.skipped:
            return run.known_skip(path, known.skipped)
        return run.unchanged_record(known)
    if prepared.feed is not None:
        run.is_feed()
        return read_feed(run, path, prepared.feed, fresh, origin=path)
    article = with_sample_url(prepared.article) if is_bundled_sample(path) else prepared.article
    run.add(article, fresh.with_changes(article_id=article.id), path, prepared.analysis)
