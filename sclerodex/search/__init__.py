"""Search stage: query parsing, ranking and passages (printing is sclerodex.output's).

The package can also be called: ``sclerodex.search(index_dir, query, ...)``
is ``sclerodex.search.searcher.search``.  A program's ``from sclerodex import
search`` gets this package once anything has imported it (Python makes a
loaded subpackage an attribute of its parent), so the package answers the
call itself instead of shadowing the function.
"""

import sys
import types

import sclerodex.whoosh_engine  # noqa: F401  (Whoosh imported lightly, before a module here imports it)


class _CallablePackage(types.ModuleType):
    def __call__(self, *args, **kwargs):
        from sclerodex.search.searcher import search

        return search(*args, **kwargs)


sys.modules[__name__].__class__ = _CallablePackage
