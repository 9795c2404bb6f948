"""The merge policy of a run's last commit, in Whoosh's segment terms."""

from __future__ import annotations


def merge_segments_except(older: set[str]):
    """A Whoosh merge policy: merge every segment not in ``older`` (those
    this run wrote) into the one being committed; the older ones as usual."""
    from whoosh.reading import SegmentReader
    from whoosh.writing import MERGE_SMALL

    def policy(writer, segments):
        kept = []
        for segment in segments:
            if segment.segment_id() in older:
                kept.append(segment)
                continue
            reader = SegmentReader(writer.storage, writer.schema, segment)
            writer.add_reader(reader)
            reader.close()
        return MERGE_SMALL(writer, kept)

    return policy
