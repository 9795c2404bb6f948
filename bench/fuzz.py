#!/usr/bin/env python3
"""Fuzz sclerodex's readers, query layer and renderers with hostile input.

    python bench/fuzz.py [--seed N] [--pages N] [--queries N] [--corpus N] [--seconds LIMIT]
    python bench/fuzz.py --seed N --only page:123 [--dump FILE]    # replay one input

Seeded and reproducible: input ``i`` of each kind is made by its own
``random.Random(f"{seed}:{kind}:{i}")``, so any one input can be replayed with
``--only KIND:I`` (kinds: page, corpus, query) without running the others.

Three phases:

1. **pages** - generated and mutated documents (the bundled sample pages and the
   seed export with byte flips, truncation, tag soup, deep nesting, huge, empty
   and duplicated elements, charset lies and re-encodings, control, bidi and
   zero-width characters, lone surrogates, NUL bytes, entity bombs, feeds...)
   go through what ``sclerodex ingest`` does with a file's bytes: the feed sniff,
   then ``parse_document``.  A ``SclerodexError`` is a clean rejection; a
   ``RecursionError`` is caught by the ingest path and skipped with a reason;
   anything else escaping is a traceback.  Accepted articles are checked: a
   title, no control, bidi or surrogate characters in any field, sections
   numbered in order, serialisable to JSON and hashable as the writer does.
2. **corpus** - a few hundred hostile (but not huge) pages are written to a
   folder and ingested with ``ingest_paths``; every article parse_document
   accepted must then be listed with all its sections, and a second ingest must
   find everything unchanged.
3. **queries** - random and mutated queries (unbalanced quotes and parentheses,
   lone operators, unknown and internal fields, wildcards, ranges, fuzzy terms,
   very long queries, control characters, argv-style lone surrogates, stop words
   only, unicode) run through ``search()`` on the samples index and on the
   hostile corpus index, then through the renderers: text mode (with and
   without colour) must hold no ESC other than the renderer's own colours, no
   bidi control and no other control character except newline, and must be
   writable as UTF-8; JSON must parse with ``json.loads`` and be writable as
   UTF-8, as the CLI would print it.

Prints counts, every failure with its reproducer, the slowest inputs, and a
JSON summary as the last line.  Exit status 1 when anything failed.
"""

from __future__ import annotations

import sys
from pathlib import Path

if str(Path(__file__).parent) not in sys.path:  # loaded by path (the tests), not run as a script
    sys.path.insert(0, str(Path(__file__).parent))

from fuzzing.checks import leaked_internals  # noqa: F401, E402  (tests read it from here)
from fuzzing.runner import main  # noqa: E402

if __name__ == "__main__":
    sys.exit(main())
