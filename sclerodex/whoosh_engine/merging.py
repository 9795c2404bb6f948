"""The merge of a run's segments, in Whoosh's segment terms.

Whoosh merges a segment by adding every one of its postings to the writer's
pool, which sorts them all again -- on disk, a posting at a time, past 128 MB
-- although each segment's postings are already in term order.  At the end of
a large ingest that sort was about half of the writer's time.  Here the
merged segments are read term by term and joined as they are read: for each
term (in the order of all the segments' terms), each segment's postings in
segment order, which is document order.  The stored fields, lengths and
columns are copied as Whoosh copies them (``write_per_doc``); the segment
written is the one Whoosh's own merge writes (tests/engine/test_term_pool.py).
Without FAST_PATHS (w3_internals.py) the policy has Whoosh merge them itself,
in the commit's own writer (``add_reader``), as its MERGE_SMALL does.
"""

from __future__ import annotations

import heapq
import os
from functools import partial
from itertools import groupby
from pathlib import Path

from whoosh.matching.wrappers import FilterMatcher
from whoosh.reading import SegmentReader
from whoosh.writing import MERGE_SMALL

from sclerodex.children import start_workers, stop_at_once
from sclerodex.whoosh_engine import w3_internals as w3
from sclerodex.whoosh_engine.bulk_postings import blocks_with_values
from sclerodex.whoosh_engine.bulk_writing import postings_of, uncommitted_segment_writer
from sclerodex.whoosh_engine.storage import open_generation

# From this many documents on, a run's segments are merged in two halves at
# once, one in a child process: the merge is the end of an ingest, when the
# parsing workers are done and a core would wait.  Under it, starting a child
# (about half a second) costs more than it saves.
PARALLEL_MERGE_DOCS = 20_000


def merge_segments_except(older: set[str]):
    """A Whoosh merge policy for a commit that adds nothing itself: merge
    every segment not in ``older`` (those this run wrote), and of the older
    ones those Whoosh would merge anyway, into new segments -- two when
    there are many documents, written at once on two cores."""

    def policy(writer, segments):
        chosen: set[str] = set()
        kept = MERGE_SMALL(_Choosing(writer, chosen), [s for s in segments if s.segment_id() in older])
        merged = [s for s in segments if s.segment_id() not in older or s.segment_id() in chosen]
        if not w3.FAST_PATHS:  # Whoosh's own merge, in this writer's commit, as MERGE_SMALL does it
            for segment in merged:
                reader = SegmentReader(writer.storage, writer.schema, segment)
                writer.add_reader(reader)
                reader.close()
            return kept
        folder = writer.storage.folder
        documents = sum(s.doc_count_all() for s in merged)
        halves = _halves(folder, merged) if documents >= PARALLEL_MERGE_DOCS and len(merged) > 1 else [merged]
        if len(halves) == 1:
            new = [merge_into_new_segment(folder, _ids(merged))]
        else:
            workers = start_workers(1)
            try:
                second = workers.submit(merge_into_new_segment, folder, _ids(halves[1]))
                new = [merge_into_new_segment(folder, _ids(halves[0])), second.result()]
            except BaseException:
                stop_at_once(workers)
                raise
            workers.shutdown(wait=True)
        return kept + [segment for segment in new if segment.doc_count_all()]

    return policy


def merge_into_new_segment(folder: str, segment_ids: list[str]):
    """Merge these segments of the index generation in ``folder`` into a new
    segment, written but not committed: the caller's commit lists it."""
    writer = uncommitted_segment_writer(open_generation(Path(folder)))
    merged = StreamedMerge(writer)
    writer.pool = merged
    wanted = set(segment_ids)
    for segment in writer.segments:  # the generation's, as its table of contents lists them
        if segment.segment_id() in wanted:
            merged.add_reader(SegmentReader(writer.storage, writer.schema, segment))
    # Not writer.commit(): no table of contents (the caller's commit writes
    # it), and the temporary folder is the caller's writer's to remove.
    return w3.finalize_segment(writer)


def _halves(folder: str, segments: list) -> list[list]:
    """The segments in two runs, in order, of about as many bytes each (the
    merge's work goes with its postings and terms, not its documents)."""
    sizes = [_bytes_of(folder, segment) for segment in segments]
    total = sum(sizes)
    cut = min(range(1, len(segments)), key=lambda at: abs(2 * sum(sizes[:at]) - total))
    return [segments[:cut], segments[cut:]]


def _bytes_of(folder: str, segment) -> int:
    """The size of a segment's files."""
    prefix = segment.segment_id() + "."
    return sum(entry.stat().st_size for entry in os.scandir(folder) if entry.name.startswith(prefix))


def _ids(segments: list) -> list[str]:
    return [segment.segment_id() for segment in segments]


class _Choosing:
    """What Whoosh's merge policies use of a writer; the segments they would
    merge are noted in ``chosen`` instead."""

    def __init__(self, writer, chosen: set[str]):
        self.storage, self.schema = writer.storage, writer.schema
        self._chosen = chosen

    def add_reader(self, reader) -> None:
        self._chosen.add(reader.segment().segment_id())


class StreamedMerge:
    """Stands in for the writer's pool in a commit that only merges: the
    merged segments' postings, read at the commit in term order."""

    def __init__(self, writer):
        self._writer = writer
        self._segments: list[tuple[SegmentReader, int, dict | None]] = []

    def add_reader(self, reader: SegmentReader) -> None:
        """What ``SegmentWriter.add_reader`` does, but the postings are read later."""
        writer = self._writer
        w3.check_writable(writer)
        basedoc = writer.docnum
        indexed = {name for name in reader.indexed_field_names() if name in writer.schema}
        docmap = writer.write_per_doc(set(writer.schema.names()) | indexed, reader)
        self._segments.append((reader, basedoc, docmap))
        w3.mark_added(writer)

    def add(self, item) -> None:
        raise AssertionError("a merge-only commit adds no postings of its own")

    def iter_terms(self):
        """Each merged term's postings as (fieldname, term bytes, docnums,
        weights, values), in term order and each term's postings in the
        order Whoosh's pool gives them (bulk_writing.py writes them)."""
        schema = self._writer.schema
        streams = [_numbered(number, _terms(reader, schema)) for number, (reader, _, _) in enumerate(self._segments)]
        merged = heapq.merge(*streams, key=lambda entry: entry[:2])
        for term, found in groupby(merged, key=lambda entry: entry[0]):
            docnums, weights, values = [], [], []
            for _, number, postings in found:
                self._read_into(number, postings, docnums, weights, values)
            if not docnums:
                continue  # only in deleted documents
            if any(b <= a for a, b in zip(docnums, docnums[1:])):
                # Whoosh's spelling postings repeat a document number
                docnums, weights, values = zip(*sorted(zip(docnums, weights, values)))
            yield (*term, docnums, weights, values)

    def iter_postings(self):
        """(fieldname, term bytes, docnum, weight, value) of every merged
        posting, in the order Whoosh's pool gives them."""
        return postings_of(self.iter_terms())

    def _read_into(self, number: int, postings, docnums: list, weights: list, values: list) -> None:
        """Append a segment's postings of a term, renumbered as merged."""
        _, basedoc, docmap = self._segments[number]
        for ids, block_weights, block_values in blocks_with_values(_unfiltered(postings())):
            if docmap is None:
                # As zip() pairs them: a fixed-size value field (Whoosh's
                # spelling words) can hold more values than postings.
                count = min(len(ids), len(block_weights), len(block_values))
                docnums.extend(basedoc + docnum for docnum in ids[:count])
                weights.extend(block_weights[:count])
                values.extend(block_values[:count])
            else:
                for docnum, weight, value in zip(ids, block_weights, block_values):
                    if docnum in docmap:  # not deleted
                        docnums.append(docmap[docnum])
                        weights.append(weight)
                        values.append(value)

    def cleanup(self) -> None:
        for reader, _, _ in self._segments:
            reader.close()
        self._segments.clear()


def _numbered(number: int, terms):
    """(term, segment number, postings) of each of a segment's terms."""
    for term, postings in terms:
        yield term, number, postings


def _terms(reader, schema):
    """(term, a function giving its postings matcher) of each term of a
    segment in the schema, in order and read as the merge goes.  Whoosh 2.7.5's
    own terms file is walked straight through (w3_internals); any other
    through the reader."""
    stored = w3.segment_term_postings(reader, schema)
    if stored is not None:
        yield from _in_order(stored)
    else:
        for term, _ in _in_order((term, None) for term in reader.all_terms()):
            if term[0] in schema:
                yield term, partial(reader.postings, *term)


def _in_order(entries):
    """A segment's (term, info) entries as stored, which is their order
    (Whoosh writes them from its sorted pool): checked, not sorted, so they
    are read as the merge goes and never all held at once."""
    last = None
    for entry in entries:
        if last is not None and entry[0] <= last:
            raise AssertionError(f"segment terms out of order: {last!r} before {entry[0]!r}")
        last = entry[0]
        yield entry


def _unfiltered(matcher):
    """A postings matcher with deleted documents included: the docmap leaves them out."""
    return matcher.child if isinstance(matcher, FilterMatcher) else matcher
