"""Query trees in Whoosh's terms: the query language read into sclerodex's
tree (``sclerodex/querytree.py``), and a tree compiled into Whoosh's query
objects.

``search/`` decides *what* a query asks for, as a tree; this module is *how*
Whoosh is told: a :class:`~sclerodex.querytree.Word` is one BM25F-scored
:class:`FieldsWord` over every weighted field, the other nodes are Whoosh's
own queries.  Whoosh's parser reads the query language (a word in every
field becomes one ``Word``); nothing else of Whoosh's query objects leaves
the engine.
"""

from __future__ import annotations

from whoosh import query as wq

from sclerodex import querytree as qt
from sclerodex.whoosh_engine.analysis import units
from sclerodex.whoosh_engine.bm25f import FieldsWord, RankingKnobs


def query_schema(schema):
    """The part of ``schema`` a typed query may search."""
    from whoosh.fields import Schema

    return Schema(**{name: schema[name] for name in qt.QUERY_FIELDS if name in schema})


def make_parser(schema, fields: dict[str, float]):
    from whoosh import qparser  # only a query-language query needs it (2 ms to import)

    parser = qparser.MultifieldParser(list(qt.SEARCH_FIELDS), query_schema(schema), fieldboosts=fields)
    parser.add_plugin(qparser.FieldAliasPlugin({name: list(aliases) for name, aliases in qt.FIELD_ALIASES.items()}))
    return parser


class QueryLanguage:
    """How an index reads a query: its analyser (what plain words become)
    and the query language's parser, over ``schema`` (the index's, or the
    one new indexes get) with ``ranking``'s field weights."""

    def __init__(self, ranking: RankingKnobs, schema=None):
        if schema is None:
            from sclerodex.whoosh_engine.schema import build_schema

            schema = build_schema()
        self.schema = schema
        self.ranking = ranking
        self.analyzer = schema["body"].analyzer

    def units(self, text: str, no_morph: bool = False) -> list[qt.Unit]:
        """The words of ``text`` in order, a compound as one unit; their
        terms as indexed, or with ``no_morph`` as typed (unstemmed)."""
        return units(self.analyzer, text, no_morph=no_morph)

    def parse(self, text: str) -> qt.Node:
        """``text`` in the query language as a tree; raises whatever Whoosh's
        parser raises on odd input."""
        return parse(text, self.schema, self.ranking)


def parse(text: str, schema, ranking: RankingKnobs) -> qt.Node:
    """``text`` in the query language as a tree, each word-in-every-field one
    :class:`~sclerodex.querytree.Word`; raises whatever Whoosh's parser raises
    on odd input."""
    # Not normalised yet: flattening would merge a word's per-field Or into
    # its neighbours before _fields_words can see it.
    parsed = make_parser(schema, dict(ranking.field_weights)).parse(text, normalize=False)
    return _tree(_fields_words(parsed, ranking).normalize())


def _fields_words(node: wq.Query, ranking: RankingKnobs) -> wq.Query:
    """The parser's "word in title, heading or body" (an Or of one Term per
    field) as one BM25F-scored word."""
    children = list(node.children()) if not node.is_leaf() else []
    if (
        isinstance(node, wq.Or)
        and children
        and all(isinstance(c, wq.Term) and isinstance(c.text, str) for c in children)
        and {c.fieldname for c in children} == {name for name, _ in ranking.field_weights}
        and len({c.text for c in children}) == 1
    ):
        return FieldsWord(children[0].text, ranking, node.boost)
    if node.is_leaf():
        return node
    return node.apply(lambda child: _fields_words(child, ranking))


_GROUPS = ((wq.DisjunctionMax, qt.BestOf), (wq.Or, qt.AnyOf), (wq.And, qt.AllOf))
_PATTERNS = ((wq.Prefix, "prefix"), (wq.Wildcard, "wildcard"))


def _tree(node: wq.Query) -> qt.Node:
    """A normalised Whoosh query, as the parser makes them, as a tree.

    ``a ANDNOT b`` becomes ``a AND NOT b``: Whoosh's AndNot matcher misses a
    document excluded by ``b`` when ``b``'s first match comes before ``a``'s."""
    if node is wq.NullQuery or isinstance(node, wq.NullQuery.__class__):
        return qt.NOTHING
    if isinstance(node, FieldsWord):
        return qt.Word(node.text, node.boost)
    if isinstance(node, wq.Term):
        return qt.FieldTerm(node.fieldname, as_text(node.text), node.boost)
    if isinstance(node, wq.Phrase):
        return qt.Phrase(node.fieldname, tuple(map(as_text, node.words)), node.slop, node.boost)
    for kind, name in _PATTERNS:
        if isinstance(node, kind):
            return qt.Pattern(name, node.fieldname, as_text(node.text), weight=node.boost)
    if isinstance(node, wq.TermRange):
        start, end = (None if v is None else as_text(v) for v in (node.start, node.end))
        return qt.Pattern("range", node.fieldname, start, end, (node.startexcl, node.endexcl), node.boost)
    if isinstance(node, wq.Every):
        return qt.Pattern("every", node.fieldname, weight=node.boost)
    if isinstance(node, wq.Not):
        return qt.Not(_tree(node.query), node.boost)
    if isinstance(node, wq.AndNot):
        return qt.AllOf((_tree(node.a), qt.Not(_tree(node.b))), node.boost)
    if isinstance(node, wq.AndMaybe):
        return qt.Adding(_tree(node.a), _tree(node.b), node.boost)
    if isinstance(node, wq.Require):
        return qt.Requiring(_tree(node.a), _tree(node.b), node.boost)
    for kind, group in _GROUPS:
        if type(node) is kind:
            return group(tuple(_tree(child) for child in node.children()), node.boost)
    raise ValueError(f"the query parser made a {type(node).__name__}, which sclerodex cannot search")


def as_text(value) -> str:
    """A term as a string (Whoosh hands some back as UTF-8 bytes)."""
    return value.decode("utf-8") if isinstance(value, bytes) else value


# Compiling a tree


class Compiler:
    """Trees as Whoosh queries, each subtree compiled once (a search asks for
    the same words again and again: scoring, tiers, filters, highlights)."""

    def __init__(self, ranking: RankingKnobs):
        self.ranking = ranking
        self._compiled: dict[qt.Node, wq.Query] = {}

    def __call__(self, node: qt.Node) -> wq.Query:
        found = self._compiled.get(node)
        if found is None:
            found = self._compiled[node] = self._compile(node)
        return found

    def _compile(self, node: qt.Node) -> wq.Query:
        if isinstance(node, qt.Word):
            return FieldsWord(node.term, self.ranking, node.weight)
        if isinstance(node, qt.FieldTerm):
            return wq.Term(node.field, node.term, boost=node.weight)
        if isinstance(node, qt.Phrase):
            return wq.Phrase(node.field, list(node.words), slop=node.slop, boost=node.weight)
        if isinstance(node, qt.Pattern):
            return _pattern(node)
        if isinstance(node, qt.AnyOf):
            return wq.Or([self(c) for c in node.children], boost=node.weight)
        if isinstance(node, qt.AllOf):
            return wq.And([self(c) for c in node.children], boost=node.weight)
        if isinstance(node, qt.BestOf):
            return wq.DisjunctionMax([self(c) for c in node.children], boost=node.weight)
        if isinstance(node, qt.Not):
            return wq.Not(self(node.child), boost=node.weight)
        if isinstance(node, qt.Nothing):
            return wq.NullQuery
        if isinstance(node, qt.Adding):
            binary = wq.AndMaybe(self(node.query), self(node.bonus))
        elif isinstance(node, qt.Requiring):
            binary = wq.Require(self(node.query), self(node.required))
        else:
            raise TypeError(f"not a query tree node: {node!r}")
        binary.boost = node.weight
        return binary


def _pattern(node: qt.Pattern) -> wq.Query:
    if node.kind == "prefix":
        return wq.Prefix(node.field, node.text, boost=node.weight)
    if node.kind == "wildcard":
        return wq.Wildcard(node.field, node.text, boost=node.weight)
    if node.kind == "range":
        start_excluded, end_excluded = node.exclusive
        return wq.TermRange(node.field, node.text, node.end, start_excluded, end_excluded, boost=node.weight)
    return wq.Every(node.field, boost=node.weight)
