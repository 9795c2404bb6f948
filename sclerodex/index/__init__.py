"""Index stage: schema, analysis, writing articles, locking.  Only this package
and ``sclerodex.search`` import Whoosh."""
