"""Index stage: schema, analysis, writing articles, locking.  Only this package
and ``sclerodex.search`` import Whoosh."""

from sclerodex.whoosh_engine import fixes  # noqa: E402,F401  (applied on import)
