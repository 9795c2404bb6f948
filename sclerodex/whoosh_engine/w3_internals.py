"""Every use of Whoosh's private internals, and the gate that turns them off.

The speed work reaches past Whoosh's public API into its W3 codec, its
matchers and its segment writer (leading-underscore names, undocumented
module layout).  That is safe on one version only, the one pinned in
pyproject.toml (whoosh-reloaded 2.7.5, a fork no longer maintained), so it
all lives here: each function or class below says which internal it relies
on and why.  The other modules of whoosh_engine call these and never name a
private Whoosh attribute themselves (tests/engine/test_w3_internals.py greps).

The gate, :data:`FAST_PATHS`, is read once at import: true only on Whoosh
2.7.5 and when the environment does not say ``SCLERODEX_FAST_PATHS=0``.
When it is false every fast path here answers "not available" and the
engine goes Whoosh's public way -- ``writer.add_document``, Whoosh's own
posting pool, commit and merge, Whoosh's matchers and scorers -- with the
same hits, order and scores (the suite runs once more that way in .ci/run).
docs/architecture.md lists each internal with its public fallback.

The length-column fix (:func:`remember_absent_length_columns`) replaces a
method of Whoosh's ``W3PerDocReader`` class for the whole process, applied
when sclerodex first opens an index and only with FAST_PATHS.  A subclass or
a per-index hook is not possible with Whoosh's public API: the per-document
reader is made by the codec, and each segment carries its codec pickled in
the index's table of contents, so our own codec class would be written into
every index (unreadable without sclerodex); and a storage that remembered
absent files would remember them across writers of the same folder.  The
fix changes speed only (one file check per field instead of one per posting;
tests/engine/test_whoosh_fixes.py shows the same documents and hits with and
without it), so leaving it off on another version loses nothing but time.

Only ``whoosh`` itself (its version) is imported before the light import
below; the codec and matcher modules after it.  Nothing here imports
Whoosh's writing modules: a search never loads them.
"""

from __future__ import annotations

import functools
import importlib
import os
import sys
import types

import whoosh

PINNED_WHOOSH = "2.7.5"


def _whoosh_version() -> str:
    version = getattr(whoosh, "__version__", None)
    if isinstance(version, tuple):
        return ".".join(str(part) for part in version[:3])
    return str(version) if version is not None else "unknown"


WHOOSH_VERSION = _whoosh_version()
FAST_PATHS: bool = WHOOSH_VERSION == PINNED_WHOOSH and os.environ.get("SCLERODEX_FAST_PATHS", "1").strip() != "0"


# --- importing Whoosh -------------------------------------------------------


def _stand_in(name: str, **attributes) -> types.ModuleType:
    module = types.ModuleType(name)
    module.__dict__.update(attributes)
    return module


def import_whoosh_lightly() -> None:
    """Import Whoosh without three heavy imports it makes for nothing we use.

    Relies on Whoosh 2.7.5's module layout (undocumented): whoosh.compat
    imports urllib.request (and with it http.client: about 25 ms, a tenth of
    a search) only to re-export ``urlretrieve``; whoosh.reading takes
    ``cached_property`` from the package of that name, which imports asyncio
    (24-74 ms); whoosh.query imports the English morphology tables (8 ms of
    regular expressions) for a query type we never build.  They are given
    stand-ins while Whoosh is imported (the standard library's
    ``functools.cached_property`` does the same job on Whoosh's plain
    classes; the others load the real module on first use), then taken away,
    so the rest of the process imports the real modules as usual.  Without
    FAST_PATHS Whoosh is imported as it is.
    """
    if not FAST_PATHS or "whoosh.reading" in sys.modules:
        return

    def urlretrieve(*args, **kwargs):
        return importlib.import_module("urllib.request").urlretrieve(*args, **kwargs)

    def variations(word):
        return importlib.import_module("whoosh.lang.morph_en").variations(word)

    stand_ins = {
        "urllib.request": _stand_in("urllib.request", urlretrieve=urlretrieve),
        "whoosh.lang.morph_en": _stand_in("whoosh.lang.morph_en", variations=variations),
        "cached_property": _stand_in("cached_property", cached_property=functools.cached_property),
    }
    for name, module in stand_ins.items():
        sys.modules.setdefault(name, module)
    try:
        import whoosh.compat  # noqa: F401
        import whoosh.query  # noqa: F401
        import whoosh.reading  # noqa: F401
    finally:
        for name, module in stand_ins.items():
            if sys.modules.get(name) is module:
                del sys.modules[name]


import_whoosh_lightly()  # before the imports below, and before anything else imports Whoosh

from whoosh.codec import whoosh3  # noqa: E402
from whoosh.matching.wrappers import FilterMatcher  # noqa: E402

# --- reading postings and lengths a block at a time --------------------------


def without_deletions_filter(matcher):
    """(matcher, deleted document numbers): the matcher a segment with
    deletions wraps, and what it leaves out -- or ``(matcher, frozenset())``.
    Relies on ``FilterMatcher._exclude`` and ``._ids`` (the set a deletions
    filter excludes), so the inner W3 matcher can be read a block at a time."""
    if FAST_PATHS and isinstance(matcher, FilterMatcher) and matcher._exclude:
        return matcher.child, matcher._ids
    return matcher, frozenset()


def reads_blocks(matcher) -> bool:
    """Whether :func:`blocks` can read this matcher (Whoosh 2.7.5's own
    ``W3LeafMatcher``, FAST_PATHS on); if not, read it through its public
    ``is_active``/``id``/``weight``/``value``/``next``."""
    return FAST_PATHS and isinstance(matcher, whoosh3.W3LeafMatcher)


def blocks(matcher, values: bool = False):
    """A W3 matcher's remaining postings a block at a time: (ids, weights) or
    (ids, weights, encoded values).  Relies on ``W3LeafMatcher._read_ids``,
    ``_read_weights``, ``_read_values`` (decode the current block),
    ``_ids``/``_weights``/``_values`` (its arrays), ``_i`` (the position in
    the block: not 0 when a filter already moved past deleted documents) and
    ``_next_block``: Whoosh's public matcher costs several calls a posting."""
    while matcher.is_active():
        matcher._read_ids()
        matcher._read_weights()
        if values:
            matcher._read_values()
        start = matcher._i
        if values:
            yield matcher._ids[start:], matcher._weights[start:], matcher._values[start:]
        else:
            yield matcher._ids[start:], matcher._weights[start:]
        matcher._next_block()


def per_document_reader(reader):
    """A segment reader's W3 per-document reader, or None (FAST_PATHS off,
    another reader or codec).  Relies on ``SegmentReader._perdoc``."""
    perdoc = getattr(reader, "_perdoc", None) if FAST_PATHS else None
    return perdoc if isinstance(perdoc, whoosh3.W3PerDocReader) else None


NO_COLUMN = None  # the field stores no lengths (ID and KEYWORD fields)
NOT_BULK = object()  # the lengths cannot be read in one piece: ask per document


def length_column_bytes(perdoc, fieldname: str):
    """Every document's stored length byte of ``fieldname`` as one bytes
    object (shorter than the segment when its last documents lack the
    field), NO_COLUMN, or NOT_BULK.  ``perdoc``: from
    :func:`per_document_reader`, or a writer's ``per_document_reader()``.
    Relies on ``W3PerDocReader._cached_reader`` and ``whoosh3._lenfield``
    (the lengths column and its name), and on the one-byte
    ``NumericColumn.Reader``'s ``_fixedlen``, ``_dbfile``, ``_basepos`` and
    ``_count``: a file read per document length otherwise."""
    if not (FAST_PATHS and isinstance(perdoc, whoosh3.W3PerDocReader)):
        return NOT_BULK
    column = perdoc._cached_reader(whoosh3._lenfield(fieldname), whoosh3.LENGTHS_COLUMN)
    if column is None:
        return NO_COLUMN
    if type(column) is whoosh3.columns.NumericColumn.Reader and column._fixedlen == 1:
        return bytes(column._dbfile.get(column._basepos, column._count))
    return NOT_BULK


def segment_term_postings(reader, schema):
    """(term, a function giving its postings matcher) of each term of a W3
    segment in the order its terms file holds them, or None (FAST_PATHS off,
    another reader).  Relies on ``SegmentReader._terms`` (its
    ``W3TermsReader``) and that reader's ``_codec`` and ``_postfile``: each
    entry of the terms file says where its posting list is, so a merge walks
    the file straight through instead of looking up every term."""
    stored = getattr(reader, "_terms", None) if FAST_PATHS else None
    if not isinstance(stored, whoosh3.W3TermsReader):
        return None
    codec, postfile = stored._codec, stored._postfile

    def entries():
        for term, info in stored.items():
            if term[0] in schema:
                fmt = schema[term[0]].format
                yield term, functools.partial(codec.postings_reader, postfile, info, fmt, term=term, scorer=None)

    return entries()


# --- scoring ----------------------------------------------------------------


def bm25_score(scorer, weight: float, length: int) -> float:
    """What Whoosh's ``BM25FScorer`` gives a posting of this weight in a
    field of this length.  Relies on ``BM25FScorer._score(weight, length)``:
    its public ``score(matcher)`` needs a matcher positioned on the posting."""
    return scorer._score(weight, length)


# --- writing segments --------------------------------------------------------


class FlushTermsMixin:
    """For a subclass of Whoosh's ``SegmentWriter``: when its pool gives its
    postings a term at a time (``iter_terms``) and the segment is W3's, the
    subclass's ``write_terms(fieldwriter, schema, lengths, terms,
    doc_count)`` writes them.  Relies on ``SegmentWriter._flush_segment``
    (the step that writes the pool's postings; this is its body with
    write_terms for ``fieldwriter.add_postings``).  Without FAST_PATHS it is
    Whoosh's own method."""

    def _flush_segment(self):
        iter_terms = getattr(self.pool, "iter_terms", None)
        if not FAST_PATHS or iter_terms is None or not isinstance(self.fieldwriter, whoosh3.W3FieldWriter):
            return super()._flush_segment()
        self.perdocwriter.close()
        lengths = self.per_document_reader() if self.codec.length_stats else None
        self.write_terms(self.fieldwriter, self.schema, lengths, iter_terms(), self.docnum)
        self.fieldwriter.close()
        if lengths is not None:
            lengths.close()


def unlocked_writer(writer_class, index, **options):
    """A ``SegmentWriter`` (subclass) that takes no lock: a child process
    writing a segment while its parent holds the index's lock.  Relies on
    SegmentWriter's private ``_lk`` argument."""
    return writer_class(index, _lk=False, **options)


def finalize_segment(writer):
    """The new segment a writer has written, without committing it (no table
    of contents: the parent process's commit lists it).  Relies on
    ``SegmentWriter._finalize_segment``; Whoosh has no public way to write a
    segment that another writer's commit adds."""
    if not FAST_PATHS:
        raise RuntimeError("segments written apart need sclerodex's fast paths (Whoosh 2.7.5)")
    return writer._finalize_segment()


def check_writable(writer) -> None:
    """``SegmentWriter._check_state``: raises once the writer is closed."""
    writer._check_state()


def check_fields(writer, names) -> None:
    """``SegmentWriter._check_fields``: raises on a field the schema lacks."""
    writer._check_fields(writer.schema, names)


def mark_added(writer) -> None:
    """``SegmentWriter._added = True``: the writer has something to commit
    (set by Whoosh's add_document and add_reader, which these paths stand in for)."""
    writer._added = True


def postings_writer(fieldwriter):
    """A ``W3FieldWriter``'s postings writer (``_postwriter``), whose block
    buffer :func:`fill_block` fills."""
    return fieldwriter._postwriter


def block_limit(postwriter) -> int:
    """Postings in a full block (``W3PostingsWriter._blocklimit``)."""
    return postwriter._blocklimit


def write_block(postwriter) -> None:
    """Encode and write the full block buffered (``W3PostingsWriter._write_block``)."""
    postwriter._write_block()


def fill_block(postwriter, ids, weights, values, maxweight, minlength, maxlength) -> None:
    """Set the block buffer and statistics ``add_posting`` would leave after
    adding these postings to an empty block.  Relies on
    ``W3PostingsWriter._ids``, ``_weights``, ``_values``, ``_maxweight``,
    ``_minlength`` and ``_maxlength``; Whoosh's ``finish_term`` and
    ``_write_block`` encode them."""
    postwriter._ids = ids
    postwriter._weights = weights
    postwriter._values = values
    postwriter._maxweight = maxweight
    postwriter._minlength, postwriter._maxlength = minlength, maxlength


# --- the index ----------------------------------------------------------------


def segment_ids(index) -> set[str]:
    """The ids of the segments an index's current table of contents lists.
    Relies on ``FileIndex._segments()``; without FAST_PATHS, from the
    segment readers of a public ``index.reader()``."""
    if FAST_PATHS:
        return {segment.segment_id() for segment in index._segments()}
    from whoosh.reading import SegmentReader

    with index.reader() as reader:
        return {leaf.segment().segment_id() for leaf, _ in reader.leaf_readers() if isinstance(leaf, SegmentReader)}


_whoosh_cached_reader = None  # Whoosh's own method, once the fix has replaced it


def remember_absent_length_columns() -> None:
    """Whoosh caches a field's length-column reader but not the fact that a
    field has none (ID and KEYWORD fields), so every posting of such a field
    asked the filesystem again (one stat per posting while committing: about
    an eighth of ingest time).  Replaces ``W3PerDocReader._cached_reader``
    with :func:`cached_reader_remembering_absence`, for the whole process
    (see the module's docstring for why not per index); only with FAST_PATHS."""
    global _whoosh_cached_reader
    if not FAST_PATHS:
        return
    if _whoosh_cached_reader is None:
        _whoosh_cached_reader = whoosh3.W3PerDocReader._cached_reader
    whoosh3.W3PerDocReader._cached_reader = cached_reader_remembering_absence


def whoosh_cached_reader():
    """Whoosh's own ``W3PerDocReader._cached_reader`` (for the test that compares)."""
    return _whoosh_cached_reader or whoosh3.W3PerDocReader._cached_reader


def cached_reader_remembering_absence(self, fieldname, column):
    """``W3PerDocReader._cached_reader``, remembering a missing column too."""
    absent = self.__dict__.setdefault("_sclerodex_absent_columns", set())
    if fieldname in absent:
        return None
    reader = _whoosh_cached_reader(self, fieldname, column)
    if reader is None:
        absent.add(fieldname)
    return reader
