"""Reading the user's query with Whoosh's query language.

AND is the default between words; OR, NOT, "phrases", (groups), wildcards and
field:term work as in Whoosh.  ``tag:``, ``site:``, ``author:`` and
``heading:`` name fields; an unknown field is searched as plain text.  The
parser is lenient: it never raises on what a user types.
"""

from __future__ import annotations

from whoosh import qparser, query as wq

from sclerodex.errors import QueryError
from sclerodex.index.schema import FIELD_BOOSTS
from sclerodex.textutil import clean_text

SEARCH_FIELDS = ("title", "heading", "body")
FIELD_ALIASES = {"tags": ["tag"], "heading": ["section"], "body": ["text"]}
MAX_QUERY_CHARS = 2000


def make_parser(schema) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=FIELD_BOOSTS)
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    return parser


def parse_query(text: str, schema) -> wq.Query:
    """The Whoosh query for ``text``; QueryError when there is nothing to search."""
    text = clean_text(text)[:MAX_QUERY_CHARS]
    if not text:
        raise QueryError("empty query: give one or more words to search for")
    try:
        parsed = make_parser(schema).parse(text)
    except Exception as problem:  # Whoosh's parser raises assorted types on odd input
        raise QueryError(f"cannot read the query {text!r}: {problem}") from None
    if parsed is wq.NullQuery:
        raise QueryError(f"nothing to search for in {text!r} (only common words?)")
    return parsed


def positive_terms(query: wq.Query, fieldnames=SEARCH_FIELDS) -> set[str]:
    """Indexed words the query asks for (not those under NOT), for highlighting."""
    terms: set[str] = set()
    stack = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, wq.Not):
            continue
        if isinstance(node, wq.AndNot):
            stack.append(node.a)
            continue
        if isinstance(node, wq.Term) and node.fieldname in fieldnames and isinstance(node.text, str):
            terms.add(node.text)
        elif isinstance(node, wq.Phrase) and node.fieldname in fieldnames:
            terms.update(word for word in node.words if isinstance(word, str))
        stack.extend(node.children())
    return terms
