"""A query as a small tree of sclerodex's own, not of any engine.

``search/`` builds every query as a tree of these frozen dataclasses -- plain
words, compounds, synonyms, the proximity bonus, the signs -- and an engine
reads its query language into the same tree (``whoosh_engine/queries.py``).
What a search does with a query (synonyms added, AND relaxed to OR, the words
to highlight, whether it can only find sections) is a function on the tree in
``search/``; the engine compiles a tree into its own query objects once per
search and scores it.  The nodes are hashable, so a tree's scores are
computed once however often a search asks for them.

The tree sits below both ``search/`` and the engine so that neither imports
the other's modules for it.  ``weight`` multiplies a node's score (Whoosh
calls it a boost).
"""

from __future__ import annotations

from dataclasses import dataclass

# The fields a word is searched in, and the only ones a query's words are
# highlighted from: an article's title, its section headings and their text.
SEARCH_FIELDS = ("title", "heading", "body")
# The fields a query-language query may name, and their other names
# (``tag:``, ``section:``, ``text:``).  Any other ``name:`` -- an internal
# field such as ``path:`` or ``record:`` -- is read as the plain word ``name``.
QUERY_FIELDS = (*SEARCH_FIELDS, "tags", "site")
FIELD_ALIASES = {"tags": ("tag",), "heading": ("section",), "body": ("text",)}


@dataclass(frozen=True)
class Unit:
    """A word of a query as the engine's analyser reads it, ``text[start:end]``:
    a plain word (``parts`` holds its one term) or a compound (``parts`` its
    parts' terms, ``joined`` all of them joined, ``whole`` the compound's own
    term).  Not a node: what a query's tree is built from."""

    start: int
    end: int
    whole: str
    parts: tuple[str, ...]
    joined: str | None = None

    @property
    def is_compound(self) -> bool:
        return len(self.parts) > 1


@dataclass(frozen=True)
class Word:
    """An index term in every searchable field, scored as one BM25F word."""

    term: str
    weight: float = 1.0


@dataclass(frozen=True)
class FieldTerm:
    """An index term in one field (``title:lung``, ``tags:raynaud``)."""

    field: str
    term: str
    weight: float = 1.0


@dataclass(frozen=True)
class Phrase:
    """Index terms in this order in one field, at most ``slop`` positions
    apart (1: next to each other)."""

    field: str
    words: tuple[str, ...]
    slop: int = 1
    weight: float = 1.0


@dataclass(frozen=True)
class Pattern:
    """Every term of ``field`` the pattern stands for: ``prefix`` (``lung*``),
    ``wildcard`` (``fibro?is``), ``range`` (``[a TO c]``, from ``text`` to
    ``end``) or ``every`` (every document with the field; ``field`` None: every
    document).  An engine scores each match alike (a constant score)."""

    kind: str
    field: str | None
    text: str | None = None
    end: str | None = None
    exclusive: tuple[bool, bool] = (False, False)
    weight: float = 1.0


@dataclass(frozen=True)
class AnyOf:
    """Matches what any child matches; the scores of the children that match add up."""

    children: tuple[Node, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class AllOf:
    """Matches what every child matches (a :class:`Not` child excludes); scores add up."""

    children: tuple[Node, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class BestOf:
    """Matches what any child matches, scored by the best child (a
    compound: its parts joined, or as a phrase)."""

    children: tuple[Node, ...]
    weight: float = 1.0


@dataclass(frozen=True)
class Not:
    """Inside an :class:`AllOf`: what ``child`` matches is excluded."""

    child: Node
    weight: float = 1.0


@dataclass(frozen=True)
class Adding:
    """``query``'s matches, with ``bonus``'s score added where it matches too."""

    query: Node
    bonus: Node
    weight: float = 1.0


@dataclass(frozen=True)
class Requiring:
    """``query``'s matches that ``required`` matches too, scored by ``query`` alone."""

    query: Node
    required: Node
    weight: float = 1.0


@dataclass(frozen=True)
class Nothing:
    """Matches nothing (a query of stop words only)."""


Node = Word | FieldTerm | Phrase | Pattern | AnyOf | AllOf | BestOf | Not | Adding | Requiring | Nothing
NOTHING = Nothing()


def children(node: Node) -> tuple[Node, ...]:
    """The nodes directly under ``node`` (none under a leaf)."""
    if isinstance(node, (AnyOf, AllOf, BestOf)):
        return node.children
    if isinstance(node, Not):
        return (node.child,)
    if isinstance(node, Adding):
        return (node.query, node.bonus)
    if isinstance(node, Requiring):
        return (node.query, node.required)
    return ()


def mapped(node: Node, change) -> Node:
    """``node`` with ``change`` applied to each node directly under it."""
    if isinstance(node, (AnyOf, AllOf, BestOf)):
        return type(node)(tuple(change(child) for child in node.children), node.weight)
    if isinstance(node, Not):
        return Not(change(node.child), node.weight)
    if isinstance(node, Adding):
        return Adding(change(node.query), change(node.bonus), node.weight)
    if isinstance(node, Requiring):
        return Requiring(change(node.query), change(node.required), node.weight)
    return node
