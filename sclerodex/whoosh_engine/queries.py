"""Query plans in Whoosh's terms: building the query trees and reading them.

``search/query.py`` decides *what* a query asks for (which words rank, which
are required or excluded, which synonyms join); this module is *how* Whoosh
is told: a word in every searchable field as one BM25F-scored
:class:`FieldsWord`, a phrase in any field, the proximity bonus, Whoosh's
query-language parser, and the walks over a parsed tree (synonyms added,
AND relaxed to OR, the words to highlight).  A second engine would offer the
same functions over its own query objects.
"""

from __future__ import annotations

from collections.abc import Callable

from whoosh import query as wq

from sclerodex.whoosh_engine.bm25f import FieldsWord
from sclerodex.whoosh_engine.schema import FIELD_BOOSTS

Query = wq.Query
SEARCH_FIELDS = ("title", "heading", "body")
FIELD_ALIASES = {"tags": ["tag"], "heading": ["section"], "body": ["text"]}
NOTHING = wq.NullQuery


def word(term: str, ranking, weight: float = 1.0) -> Query:
    """``term`` in any searchable field, scored as one BM25F word."""
    return FieldsWord(term, ranking, weight)


def across(ranking, tokens: tuple[str, ...], weight: float) -> Query:
    """A word or phrase in any searchable field."""
    if len(tokens) == 1:
        return word(tokens[0], ranking, weight)
    return wq.Or([wq.Phrase(name, list(tokens), boost=boost * weight) for name, boost in ranking.field_weights])


def compound(joined: str, parts: tuple[str, ...], ranking, weight: float = 1.0) -> Query:
    """A compound as one unit, scored as its best match: its parts joined
    (how "IL-6", "IL/6" and "IL6" are all indexed) or its parts as a phrase
    in any field ("IL 6")."""
    return wq.DisjunctionMax([word(joined, ranking, weight), across(ranking, parts, weight)])


def only_adding(query: Query, bonus: Query) -> Query:
    """``query``'s matches, each with ``bonus``'s score added where it matches too."""
    return wq.AndMaybe(query, bonus)


def proximity(tokens: list[str], ranking) -> list[Query]:
    """The bonus for consecutive query words found near each other."""
    pairs = dict.fromkeys((a, b) for a, b in zip(tokens, tokens[1:]) if a != b)
    return [
        wq.Phrase(name, [a, b], slop=ranking.proximity_slop, boost=boost * ranking.proximity_weight)
        for a, b in pairs
        for name, boost in ranking.field_weights
    ]


def any_of_these(queries: list[Query]) -> Query:
    return wq.Or(queries)


def every_one_of(queries: list[Query]) -> Query:
    return wq.And(queries)


def all_of_these(queries: list[Query]) -> Query:
    """Every query of ``queries`` (one is itself)."""
    return wq.And(queries) if len(queries) > 1 else queries[0]


# The query language


# The fields a query may name (``tag:`` and ``section:`` are aliases); any
# other ``name:`` -- an internal field such as ``path:`` or ``record:`` --
# is read as the plain word ``name``.
QUERY_FIELDS = (*SEARCH_FIELDS, "tags", "site")


def query_schema(schema):
    """The part of ``schema`` a typed query may search."""
    from whoosh.fields import Schema

    return Schema(**{name: schema[name] for name in QUERY_FIELDS if name in schema})


def make_parser(schema, fields: dict[str, float] = FIELD_BOOSTS):
    from whoosh import qparser  # only a query-language query needs it (2 ms to import)

    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), query_schema(schema), fieldboosts=fields)
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    return parser


def parse(text: str, schema, ranking) -> Query:
    """``text`` in Whoosh's query language, each word-in-every-field as one
    :class:`FieldsWord`; raises whatever Whoosh's parser raises on odd input."""
    # Not normalised yet: flattening would merge a word's per-field Or into
    # its neighbours before _fields_words can see it.
    parsed = make_parser(schema, ranking.fields()).parse(text, normalize=False)
    return _fields_words(parsed, ranking).normalize()


def _fields_words(node: Query, ranking) -> Query:
    """The parser's "word in title, heading or body" (an Or of one Term per
    field) as one BM25F-scored word."""
    children = list(node.children()) if not node.is_leaf() else []
    if (
        isinstance(node, wq.Or)
        and children
        and all(isinstance(c, wq.Term) and isinstance(c.text, str) for c in children)
        and {c.fieldname for c in children} == set(ranking.fields())
        and len({c.text for c in children}) == 1
    ):
        return FieldsWord(children[0].text, ranking, node.boost)
    if node.is_leaf():
        return node
    return node.apply(lambda child: _fields_words(child, ranking))


def any_of(node: Query) -> Query:
    """Every AND (said or implied) made an OR; what NOT excludes stays excluded:
    ``a AND b NOT c`` becomes ``(a OR b) AND NOT c``."""
    if isinstance(node, wq.And):
        children = list(node.children())
        wanted = [any_of(c) for c in children if not isinstance(c, wq.Not)]
        unwanted = [c.query for c in children if isinstance(c, wq.Not)]
        if not wanted:
            return node
        found = wanted[0] if len(wanted) == 1 else wq.Or(wanted, boost=node.boost)
        return wq.And([found, *(wq.Not(u) for u in unwanted)]) if unwanted else found
    if isinstance(node, wq.AndNot):
        return wq.AndNot(any_of(node.a), node.b)
    if node.is_leaf() or isinstance(node, wq.Not):
        return node
    return node.apply(any_of)


def with_alternatives(node: Query, alternatives_for: Callable[[tuple[str, ...]], list[tuple[str, ...]]], ranking) -> Query:
    """Each positive word or phrase of ``node`` OR-ed with the alternatives
    ``alternatives_for`` gives for its words (synonyms), searched where it is
    searched at the synonym weight; never under a NOT.

    ``a ANDNOT b`` becomes ``a AND NOT b``: Whoosh's AndNot matcher misses a
    document excluded by ``b`` when ``b``'s first match comes before ``a``'s.
    """

    def expand(node: Query) -> Query:
        if isinstance(node, wq.Not):
            return node
        if isinstance(node, wq.AndNot):
            return wq.And([expand(node.a), wq.Not(node.b)])
        if isinstance(node, FieldsWord):
            words = (node.text,)
        elif isinstance(node, wq.Term) and node.fieldname in SEARCH_FIELDS and isinstance(node.text, str):
            words = (node.text,)
        elif isinstance(node, wq.Phrase) and node.fieldname in SEARCH_FIELDS:
            words = tuple(node.words)
        else:
            return node.apply(expand) if not node.is_leaf() else node
        alternatives = [_like(node, tokens, ranking) for tokens in alternatives_for(words)]
        return wq.Or([node, *alternatives]) if alternatives else node

    return expand(node)


def _like(node: Query, tokens: tuple[str, ...], ranking) -> Query:
    """A synonym searched where ``node`` searches, at the synonym weight."""
    weight = node.boost * ranking.synonym_weight
    if isinstance(node, FieldsWord):
        return across(ranking, tokens, weight)
    if len(tokens) == 1:
        return wq.Term(node.fieldname, tokens[0], boost=weight)
    return wq.Phrase(node.fieldname, list(tokens), boost=weight)


# Reading a tree


def _positive_nodes(query: Query):
    stack = [query]
    while stack:
        node = stack.pop()
        if isinstance(node, wq.Not):
            continue
        if isinstance(node, wq.AndNot):
            stack.append(node.a)
            continue
        yield node
        stack.extend(node.children())


def positive_terms(query: Query, fieldnames=SEARCH_FIELDS) -> set[str]:
    """Single words the query asks for (not those under NOT), to highlight."""
    return {
        node.text
        for node in _positive_nodes(query)
        if isinstance(node, FieldsWord)
        or isinstance(node, wq.Term) and node.fieldname in fieldnames and isinstance(node.text, str)
    }


def positive_phrases(query: Query, fieldnames=SEARCH_FIELDS) -> list[tuple[str, ...]]:
    return [
        tuple(node.words)
        for node in _positive_nodes(query)
        if isinstance(node, wq.Phrase) and node.fieldname in fieldnames and all(isinstance(w, str) for w in node.words)
    ]


def expanded_words(query: Query, reader) -> set[str]:
    """The index words the positive prefix*, wildcards and ranges of
    ``query`` stand for (to highlight them)."""
    found = set()
    for node in _positive_nodes(query):
        if isinstance(node, wq.MultiTerm) and node.fieldname in SEARCH_FIELDS:
            found.update(_text(text) for _, text in node.existing_terms(reader, expand=True))
    return found


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def finds_sections_only(node: Query) -> bool:
    """Whether every document ``node`` can match holds one of its words in
    title, heading or body, i.e. is a section: article and source records
    have no searchable text.  Such a query needs no ``kind`` filter, the
    costliest part of a search on a large index.  False when unsure."""
    if node is wq.NullQuery or isinstance(node, FieldsWord):
        return True
    if isinstance(node, (wq.And, wq.Require)):
        return any(finds_sections_only(child) for child in node.children())
    if isinstance(node, (wq.Or, wq.DisjunctionMax)):
        return all(finds_sections_only(child) for child in node.children())
    if isinstance(node, (wq.AndNot, wq.AndMaybe)):
        return finds_sections_only(node.a)
    if isinstance(node, (wq.Term, wq.Phrase, wq.MultiTerm)):
        return node.fieldname in SEARCH_FIELDS
    return False
