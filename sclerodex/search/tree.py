"""What search does with a query tree (``sclerodex/querytree.py``), engine
aside: synonyms added beside what a query-language query asks for, its AND
relaxed to OR, the words and phrases to highlight, the patterns whose words
to highlight, and whether a tree can find sections only.  (A plain-word
query's tree is built in ``plain_words.py``.)
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping

from sclerodex import querytree as qt
from sclerodex.querytree import SEARCH_FIELDS
from sclerodex.search.plain_words import across
from sclerodex.search.ranking import Ranking

# Walking a query-language tree


def relaxed(node: qt.Node) -> qt.Node:
    """Every AND (said or implied) made an OR; what NOT excludes stays excluded:
    ``a AND b NOT c`` becomes ``(a OR b) AND NOT c``."""
    if isinstance(node, qt.AllOf):
        wanted = [relaxed(c) for c in node.children if not isinstance(c, qt.Not)]
        unwanted = [c for c in node.children if isinstance(c, qt.Not)]
        if not wanted:
            return node
        found = wanted[0] if len(wanted) == 1 else qt.AnyOf(tuple(wanted), node.weight)
        return qt.AllOf((found, *unwanted)) if unwanted else found
    if isinstance(node, qt.Not):
        return node
    return qt.mapped(node, relaxed)


def searched_words(node: qt.Node) -> Iterator[tuple[str, ...]]:
    """The words of each positive word, field term or phrase (in a searchable
    field) of ``node``, in the order of the query: what synonyms may be added for."""
    words = _searched(node)
    if words:
        yield words
    elif not isinstance(node, qt.Not):
        for child in qt.children(node):
            yield from searched_words(child)


def with_synonyms(node: qt.Node, synonyms: Mapping[tuple[str, ...], list[tuple[str, ...]]], ranking: Ranking) -> qt.Node:
    """Each positive word or phrase of ``node`` OR-ed with its ``synonyms``
    (words -> the alternatives' words), searched where it is searched at the
    synonym weight; never under a NOT."""

    def expand(node: qt.Node) -> qt.Node:
        if isinstance(node, qt.Not):
            return node
        words = _searched(node)
        if not words:
            return qt.mapped(node, expand)
        alternatives = [_like(node, tokens, ranking) for tokens in synonyms.get(words, ())]
        return qt.AnyOf((node, *alternatives)) if alternatives else node

    return expand(node)


def _like(node: qt.Word | qt.FieldTerm | qt.Phrase, tokens: tuple[str, ...], ranking: Ranking) -> qt.Node:
    """A synonym searched where ``node`` searches, at the synonym weight."""
    weight = node.weight * ranking.synonym_weight
    if isinstance(node, qt.Word):
        return across(ranking, tokens, weight)
    if len(tokens) == 1:
        return qt.FieldTerm(node.field, tokens[0], weight)
    return qt.Phrase(node.field, tokens, weight=weight)


def _searched(node: qt.Node) -> tuple[str, ...]:
    """The words of a word, or of a field term or phrase in a searchable
    field; () for any other node."""
    if isinstance(node, qt.Word):
        return (node.term,)
    if isinstance(node, qt.FieldTerm) and node.field in SEARCH_FIELDS:
        return (node.term,)
    if isinstance(node, qt.Phrase) and node.field in SEARCH_FIELDS:
        return node.words
    return ()


def _positive_nodes(node: qt.Node) -> Iterator[qt.Node]:
    """Every node of the tree that is not under a NOT."""
    stack = [node]
    while stack:
        found = stack.pop()
        if isinstance(found, qt.Not):
            continue
        yield found
        stack.extend(qt.children(found))


def positive_terms(node: qt.Node) -> set[str]:
    """Single words the query asks for in searchable fields (not those under NOT), to highlight."""
    return {found.term for found in _positive_nodes(node) if isinstance(found, (qt.Word, qt.FieldTerm)) and _searched(found)}


def positive_phrases(node: qt.Node) -> list[tuple[str, ...]]:
    return [found.words for found in _positive_nodes(node) if isinstance(found, qt.Phrase) and found.field in SEARCH_FIELDS]


def positive_patterns(node: qt.Node) -> list[qt.Pattern]:
    """The prefix*, wildcards and ranges the query asks for in searchable
    fields, whose words to highlight."""
    return [found for found in _positive_nodes(node) if isinstance(found, qt.Pattern) and found.field in SEARCH_FIELDS]


def finds_sections_only(node: qt.Node) -> bool:
    """Whether every document ``node`` can match holds one of its words in
    title, heading or body, i.e. is a section: article and source records
    have no searchable text.  Such a query needs no ``kind`` filter, the
    costliest part of a search on a large index.  False when unsure."""
    if isinstance(node, (qt.Nothing, qt.Word)):
        return True
    if isinstance(node, qt.AllOf):
        return any(finds_sections_only(child) for child in node.children)
    if isinstance(node, qt.Requiring):
        return finds_sections_only(node.query) or finds_sections_only(node.required)
    if isinstance(node, (qt.AnyOf, qt.BestOf)):
        return all(finds_sections_only(child) for child in node.children)
    if isinstance(node, qt.Adding):
        return finds_sections_only(node.query)
    if isinstance(node, qt.Pattern) and node.kind == "every":
        return False  # every document with the field: not known to be sections
    if isinstance(node, (qt.FieldTerm, qt.Phrase, qt.Pattern)):
        return node.field in SEARCH_FIELDS
    return False
