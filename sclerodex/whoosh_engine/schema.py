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

from whoosh.fields import DATETIME, ID, KEYWORD, NUMERIC, STORED, TEXT, Schema

from sclerodex.whoosh_engine.analysis import text_analyzer

# Bump when the schema or analyser changes in a way old indexes cannot serve.
# 3: compounds indexed whole, as their parts and joined (IL-6: il-6, il, 6, il6).
SCHEMA_VERSION = 3

SECTION = "section"
ARTICLE = "article"

# BM25F field weights (sclerodex.search.ranking): a word in the title or a
# heading says more than one in the body.
FIELD_BOOSTS = {"title": 2.0, "heading": 1.5, "body": 1.0}


def build_schema() -> Schema:
    analyzer = text_analyzer()
    return Schema(
        doc_id=ID(stored=True, unique=True),
        kind=ID(stored=True),
        article_id=ID(stored=True),
        # spelling=True: also index the unstemmed words (spell_title...), the
        # vocabulary of "Did you mean".
        # A word of the query language that analyses to several terms (a
        # compound: IL-6 -> il 6) is the phrase of them, not their AND.
        title=TEXT(analyzer=analyzer, stored=True, spelling=True, multitoken_query="phrase"),
        heading=TEXT(analyzer=analyzer, stored=True, spelling=True, multitoken_query="phrase"),
        body=TEXT(analyzer=analyzer, stored=True, spelling=True, multitoken_query="phrase"),
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
