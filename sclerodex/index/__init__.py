"""Index stage: schema, analysis, writing articles, locking.  Only this package
and ``sclerodex.search`` import Whoosh."""

from sclerodex.index import whoosh_fixes  # noqa: E402,F401  (applied on import)
