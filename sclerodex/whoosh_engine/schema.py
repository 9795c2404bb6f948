"""The Whoosh schema: one document per section, plus one per article.

Source documents (``kind`` "source", see manifest.py) record what each source
looked like when read, and name their article in ``source_of``.

Section documents carry their article's display fields so that a hit renders
without a second lookup.  Article documents (``kind`` "article") hold the
article's metadata, disclaimer and content hash as a stored JSON record; they
have no searchable text, so a search for words finds sections only; other
searches (``site:x`` alone, ``NOT x``) filter on ``kind`` "section".
Every document is built, and read back, in documents.py.
"""

from collections import defaultdict

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema
from whoosh.formats import Positions, tokens

from sclerodex.whoosh_engine.analysis import JOINED, WHOLE, text_analyzer

# Bump when the schema or analyser changes in a way old indexes cannot serve.
# 3: compounds indexed whole, as their parts and joined (IL-6: il-6, il, 6, il6).
SCHEMA_VERSION = 3

SECTION = "section"
ARTICLE = "article"


class WordPositions(Positions):
    """Whoosh's Positions, but a field's length counts words, not terms.

    Whoosh sums the frequencies that ``word_values`` gives into the field's
    length (BM25F's length normalisation).  A compound's whole and joined
    terms stand on its parts' positions: counted, they would make every
    field holding compounds look longer than the words it has (IL-6 three
    or four terms instead of two), and rank it lower for queries without
    compounds.  So a term's frequency counts only its occurrences as a word
    or a part; its positions and weight keep every occurrence.
    """

    def word_values(self, value, analyzer, **kwargs):
        fb = self.field_boost
        poses = defaultdict(list)
        weights = defaultdict(float)
        words = defaultdict(int)
        kwargs["positions"] = True
        kwargs["boosts"] = True
        for t in tokens(value, analyzer, kwargs):
            poses[t.text].append(t.pos)
            weights[t.text] += t.boost
            if getattr(t, "compound", None) not in (WHOLE, JOINED):
                words[t.text] += 1
        for w, poslist in poses.items():
            yield (w, words[w], weights[w] * fb, self.encode(poslist))


def _text(analyzer):
    """A searchable text field (see :class:`WordPositions`)."""
    # A word of the query language that analyses to several terms (a
    # compound: IL-6 -> il 6) is the phrase of them, not their AND.
    # spelling=True: also index the unstemmed words (spell_title...), the
    # vocabulary of "Did you mean".
    field = TEXT(analyzer=analyzer, stored=True, spelling=True, multitoken_query="phrase")
    field.format = WordPositions(field_boost=field.format.field_boost)
    return field


def build_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        article_id=ID(stored=True),
        title=_text(analyzer),
        heading=_text(analyzer),
        body=_text(analyzer),
        path=STORED(),
        ordinal=NUMERIC(stored=True),
        url=STORED(),
        source=ID(stored=True),
        site=ID(stored=True),
        author=STORED(),
        published=DATETIME(stored=True, sortable=True),
        tags=KEYWORD(stored=True, commas=True, lowercase=True, scorable=False),
        record=STORED(),
        source_of=ID(),
    )
