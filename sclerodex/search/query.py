"""Reading the user's query: plain words, or Whoosh's query language.

Plain words (what most people type, punctuation and brackets included) are
searched as the OR of their words, sections with every word ranked first and
words found next to each other ranked higher: a long natural-language query
never comes back empty while one of its words matches.  Function and question
words (:mod:`sclerodex.search.stopwords`) do not rank; ``-word`` excludes and
``+word`` requires, as in a web search box.

A query that uses the query language -- a "quoted phrase", AND, OR, NOT,
field:term or a wildcard* -- means what it says: its words are AND-ed.
``tag:``, ``site:`` and ``heading:`` name fields; an unknown field is searched
as plain text.  The parser is lenient: it never raises on what a user types.

Either way the query is a :class:`QueryPlan`: what ranks, what every word
requires, what to highlight and which synonyms were added.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field, replace

from whoosh import qparser, query as wq

from sclerodex.errors import QueryError
from sclerodex.search.ranking import DEFAULT_RANKING, Ranking
from sclerodex.search.stopwords import QUERY_STOP_WORDS
from sclerodex.search.synonyms import NO_SYNONYMS, Expansion, SynonymMatch, Synonyms
from sclerodex.textutil import clean_text
from sclerodex.whoosh_engine.bm25f import FieldsWord
from sclerodex.whoosh_engine.schema import FIELD_BOOSTS

SEARCH_FIELDS = ("title", "heading", "body")
FIELD_ALIASES = {"tags": ["tag"], "heading": ["section"], "body": ["text"]}
MAX_QUERY_CHARS = 2000

_FIELD_NAMES = "|".join(["title", "heading", "body", "tags", "site", *(a for names in FIELD_ALIASES.values() for a in names)])
# What makes a query "written in the query language".  Brackets alone do not:
# "sudden infant death syndrome (SIDS)" is plain words.
QUERY_SYNTAX = re.compile(rf'"|\b(?:AND|OR|NOT|ANDNOT)\b|\b(?:{_FIELD_NAMES}):|\w\*|\*\w')


@dataclass(frozen=True)
class Highlights:
    """What to mark in passages: single terms anywhere, phrases only whole."""

    terms: frozenset[str] = frozenset()
    phrases: tuple[tuple[str, ...], ...] = ()


@dataclass(frozen=True)
class Added:
    """A synonym added to the query, with the query that finds it alone."""

    expansion: Expansion
    query: wq.Query


@dataclass(frozen=True)
class QueryPlan:
    """A query ready to run.

    ``scoring`` ranks the matches; for plain words ``required`` matches the
    sections that hold every word (or a synonym of it), which rank first.
    ``any_term`` is set on a query-language query whose AND was relaxed to OR.
    A match must also match every query of ``must`` (``+word``) and none of
    ``exclude`` (``-word``).  ``searched`` pairs each word searched for, as
    typed, with its index term (to tell which words the index lacks).
    """

    text: str
    scoring: wq.Query
    required: wq.Query | None
    uses_syntax: bool
    highlights: Highlights
    added: tuple[Added, ...] = field(default=())
    any_term: bool = False
    must: tuple[wq.Query, ...] = ()
    exclude: tuple[wq.Query, ...] = ()
    searched: tuple[tuple[str, str], ...] = ()
    truncated: bool = False


def uses_query_syntax(text: str) -> bool:
    return bool(QUERY_SYNTAX.search(text))


def clean_query(text: str) -> str:
    text = clean_text(text)[:MAX_QUERY_CHARS]
    if not text:
        raise QueryError("empty query: give one or more words to search for")
    return text


def shortened(text: str, limit: int = 80) -> str:
    """``text`` cut to ``limit`` characters for a message, with "…" when cut."""
    return text if len(text) <= limit else text[: limit - 1] + "…"


def quoted(text: str, limit: int = 80) -> str:
    """``text`` in quotes for a message, cut to about ``limit`` characters."""
    return repr(shortened(text, limit))


def plan_query(
    text: str,
    schema,
    ranking: Ranking = DEFAULT_RANKING,
    synonyms: Synonyms = NO_SYNONYMS,
    any_term: bool = False,
) -> QueryPlan:
    """The plan for ``text``; QueryError when there is nothing to search."""
    truncated = len(clean_text(text)) > MAX_QUERY_CHARS
    text = clean_query(text)
    if uses_query_syntax(text):
        plan = _syntax_plan(text, schema, ranking, synonyms, any_term)
    else:
        plan = _words_plan(text, schema, ranking, synonyms)
    return replace(plan, truncated=truncated) if truncated else plan


# Plain words


@dataclass(frozen=True)
class QueryWord:
    """A word of a plain-word query: ``text[start:end]`` as typed, its
    unstemmed ``form``, its index ``term``, where its space-separated
    ``chunk`` starts and the ``sign`` typed there ("+", "-" or "")."""

    start: int
    end: int
    form: str
    term: str
    chunk: int
    sign: str


def query_words(text: str, analyzer) -> list[QueryWord]:
    """The words of ``text``, each with the sign of its chunk: ``-SSc-ILD``
    signs both its words, ``IL-6`` signs neither, and ``-2`` or ``+1`` are
    numbers, not signs."""
    stems = {t.startchar: t.text for t in analyzer(text, chars=True)}
    words = []
    for token in analyzer(text, chars=True, no_morph=True):
        chunk = text.rfind(" ", 0, token.startchar) + 1
        sign = text[chunk] if text[chunk] in "+-" and text[chunk + 1 : chunk + 2].isalpha() else ""
        words.append(QueryWord(token.startchar, token.endchar, token.text, stems[token.startchar], chunk, sign))
    return words


def _words_plan(text: str, schema, ranking: Ranking, synonyms: Synonyms) -> QueryPlan:
    words = query_words(text, schema["body"].analyzer)
    if not words:
        raise QueryError(f"nothing to search for in {quoted(text)} (only common words?)")
    unsigned = [w for w in words if not w.sign]
    if any(w.form not in QUERY_STOP_WORDS for w in unsigned):
        words = [w for w in words if w.sign or w.form not in QUERY_STOP_WORDS]
    wanted = [w for w in words if w.sign != "-"]
    if not wanted:
        raise QueryError(f"nothing to search for in {quoted(text)}: give a word that is not excluded with -")
    tokens = [w.term for w in wanted]
    matches = synonyms.find(tokens)
    added = {e.tokens: Added(e, _across(ranking, e.tokens, 1.0)) for m in matches for e in m.expansions}
    scoring = [FieldsWord(term, ranking) for term in dict.fromkeys(tokens)]
    scoring += [_across(ranking, tokens, ranking.synonym_weight) for tokens in added]
    if ranking.proximity_weight > 0:
        scoring += _proximity(tokens, ranking)
    required = _every_word(tokens, matches, ranking) if ranking.all_words_first and len(set(tokens)) > 1 else None
    phrases = tuple(t for t in added if len(t) > 1)
    terms = frozenset(tokens) | {t[0] for t in added if len(t) == 1}
    return QueryPlan(
        text=text,
        scoring=wq.Or(scoring),
        required=required,
        uses_syntax=False,
        highlights=Highlights(terms, phrases),
        added=tuple(added.values()),
        must=_signed(words, "+", ranking),
        exclude=_signed(words, "-", ranking),
        searched=tuple((text[w.start : w.end], w.term) for w in wanted),
    )


def _signed(words: list[QueryWord], sign: str, ranking: Ranking) -> tuple[wq.Query, ...]:
    """One query per chunk typed with ``sign``: a word, or the phrase of a
    hyphenated chunk such as ``-SSc-ILD``."""
    chunks: dict[int, list[str]] = {}
    for w in words:
        if w.sign == sign:
            chunks.setdefault(w.chunk, []).append(w.term)
    return tuple(dict.fromkeys(_across(ranking, tuple(terms), 1.0) for terms in chunks.values()))


def _every_word(tokens: list[str], matches: list[SynonymMatch], ranking: Ranking) -> wq.Query:
    """Sections with every word; a run of words naming a synonym entry
    counts as present when all its words are, or one of the entry's names."""
    starts = {m.start: m for m in matches}
    units: list[wq.Query] = []
    i = 0
    while i < len(tokens):
        match = starts.get(i)
        if match:
            words = wq.And([FieldsWord(term, ranking) for term in tokens[match.start : match.end]])
            units.append(wq.Or([words, *(_across(ranking, e.tokens, 1.0) for e in match.expansions)]))
            i = match.end
        else:
            units.append(FieldsWord(tokens[i], ranking))
            i += 1
    units = list(dict.fromkeys(units))
    return wq.And(units) if len(units) > 1 else units[0]


def _across(ranking: Ranking, tokens: tuple[str, ...], weight: float) -> wq.Query:
    """A word or phrase in any searchable field."""
    if len(tokens) == 1:
        return FieldsWord(tokens[0], ranking, weight)
    return wq.Or([wq.Phrase(name, list(tokens), boost=boost * weight) for name, boost in ranking.field_weights])


def _proximity(tokens: list[str], ranking: Ranking) -> list[wq.Query]:
    """The bonus for consecutive query words found near each other."""
    pairs = dict.fromkeys((a, b) for a, b in zip(tokens, tokens[1:]) if a != b)
    return [
        wq.Phrase(name, [a, b], slop=ranking.proximity_slop, boost=boost * ranking.proximity_weight)
        for a, b in pairs
        for name, boost in ranking.field_weights
    ]


# The query language


def make_parser(schema, fields: dict[str, float] = FIELD_BOOSTS) -> qparser.QueryParser:
    parser = qparser.MultifieldParser(list(SEARCH_FIELDS), schema, fieldboosts=fields)
    parser.add_plugin(qparser.FieldAliasPlugin(FIELD_ALIASES))
    return parser


# A + or - starting a word, phrase or group (not the hyphen of "IL-6", not
# the sign of a number).
_SIGN = re.compile(r'(?:^|(?<=[\s(]))([+-])(?=[^\W\d_]|["(])')


def web_signs(text: str) -> str:
    """``-x`` as ``NOT x`` and ``+x`` as ``x`` (the query language ANDs its
    words anyway), outside quoted phrases."""
    parts = text.split('"')
    for i in range(0, len(parts), 2):
        parts[i] = _SIGN.sub(lambda m: "NOT " if m.group(1) == "-" else "", parts[i])
    return '"'.join(parts)


def _syntax_plan(text: str, schema, ranking: Ranking, synonyms: Synonyms, any_term: bool) -> QueryPlan:
    try:
        # Not normalised yet: flattening would merge a word's per-field Or
        # into its neighbours before _fields_words can see it.
        parsed = make_parser(schema, ranking.fields()).parse(web_signs(text), normalize=False)
        parsed = _fields_words(parsed, ranking)
        parsed = parsed.normalize()
    except Exception as problem:  # Whoosh's parser raises assorted types on odd input
        raise QueryError(f"cannot read the query {quoted(text)}: {problem}") from None
    if parsed is wq.NullQuery:
        raise QueryError(f"nothing to search for in {quoted(text)} (only common words?)")
    if any_term:
        parsed = any_of(parsed)
    added: dict[tuple[str, ...], Added] = {}
    expanded = _expand(parsed, synonyms, ranking, added)
    terms, phrases = positive_terms(expanded), _positive_phrases(expanded)
    wanted = set(terms).union(*phrases)
    searched = tuple(
        (text[t.startchar : t.endchar], t.text) for t in schema["body"].analyzer(text, chars=True) if t.text in wanted
    )
    return QueryPlan(
        text=text,
        scoring=expanded,
        required=None,
        uses_syntax=True,
        highlights=Highlights(frozenset(terms), tuple(dict.fromkeys(phrases))),
        added=tuple(added.values()),
        any_term=any_term,
        searched=searched,
    )


def any_of(node: wq.Query) -> wq.Query:
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


def _expand(node: wq.Query, synonyms: Synonyms, ranking: Ranking, added: dict) -> wq.Query:
    """Add the synonyms of each positive word or phrase, never of a NOT.

    ``a ANDNOT b`` becomes ``a AND NOT b``: Whoosh's AndNot matcher misses a
    document excluded by ``b`` when ``b``'s first match comes before ``a``'s.
    """
    if isinstance(node, wq.Not):
        return node
    if isinstance(node, wq.AndNot):
        return wq.And([_expand(node.a, synonyms, ranking, added), wq.Not(node.b)])
    if isinstance(node, FieldsWord):
        words = (node.text,)
    elif isinstance(node, wq.Term) and node.fieldname in SEARCH_FIELDS and isinstance(node.text, str):
        words = (node.text,)
    elif isinstance(node, wq.Phrase) and node.fieldname in SEARCH_FIELDS:
        words = tuple(node.words)
    else:
        return node.apply(lambda child: _expand(child, synonyms, ranking, added)) if not node.is_leaf() else node
    expansions = synonyms.exact(words)
    if not expansions:
        return node
    alternatives = []
    for expansion in expansions:
        alternatives.append(_like(node, expansion.tokens, ranking))
        added.setdefault(expansion.tokens, Added(expansion, _across(ranking, expansion.tokens, 1.0)))
    return wq.Or([node, *alternatives])


def _like(node: wq.Query, tokens: tuple[str, ...], ranking: Ranking) -> wq.Query:
    """A synonym searched where ``node`` searches, at the synonym weight."""
    weight = node.boost * ranking.synonym_weight
    if isinstance(node, FieldsWord):
        return _across(ranking, tokens, weight)
    if len(tokens) == 1:
        return wq.Term(node.fieldname, tokens[0], boost=weight)
    return wq.Phrase(node.fieldname, list(tokens), boost=weight)


def _fields_words(node: wq.Query, ranking: Ranking) -> wq.Query:
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


def _positive_nodes(query: wq.Query):
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


def highlights_in(plan: QueryPlan, reader) -> Highlights:
    """The plan's highlights plus the words its prefix* and wildcards found."""
    found = set()
    for node in _positive_nodes(plan.scoring):
        if isinstance(node, wq.MultiTerm) and node.fieldname in SEARCH_FIELDS:
            found.update(_text(text) for _, text in node.existing_terms(reader, expand=True))
    if not found:
        return plan.highlights
    return Highlights(plan.highlights.terms | found, plan.highlights.phrases)


def _text(value) -> str:
    return value.decode("utf-8") if isinstance(value, bytes) else value


def positive_terms(query: wq.Query, fieldnames=SEARCH_FIELDS) -> set[str]:
    """Single words the query asks for (not those under NOT), to highlight."""
    return {
        node.text
        for node in _positive_nodes(query)
        if isinstance(node, FieldsWord)
        or isinstance(node, wq.Term) and node.fieldname in fieldnames and isinstance(node.text, str)
    }


def _positive_phrases(query: wq.Query, fieldnames=SEARCH_FIELDS) -> list[tuple[str, ...]]:
    return [
        tuple(node.words)
        for node in _positive_nodes(query)
        if isinstance(node, wq.Phrase) and node.fieldname in fieldnames and all(isinstance(w, str) for w in node.words)
    ]


def finds_sections_only(node: wq.Query) -> bool:
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
