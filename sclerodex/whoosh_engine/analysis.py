"""How text becomes index terms: the same analyser for documents and queries.

Words are lower-cased, accents folded (Sjögren = Sjogren), a short list of
English function words dropped and the rest stemmed (Porter), so "scarring"
finds "scar".  Numbers and one-letter words are kept ("type 2", "IL-6",
"T cells" mean something in medicine); a possessive "'s" is not a word.

Each searchable field also keeps its words unstemmed (Whoosh's spelling
subfield, ``spell_<field>``): the vocabulary that "Did you mean" suggests from.
"""

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

# Words and numbers; "2.5" and "e.g" stay one token; hyphens and slashes split
# ("SSc-ILD" is "ssc", "ild").  The "s" of a possessive ("Raynaud's", also with
# a typographic apostrophe) is skipped, a lone "s" elsewhere is not.
TOKEN_PATTERN = r"(?!(?<=['’])[sS]\b)\w+(?:\.?\w+)*"

# Function words that carry no topic (Lucene's English list and a few
# more).  Deliberately short: "may" (the month), "can", "will" and the like
# still match when asked for.
STOP_WORDS = frozenset(
    """a an and are as at be but by for from has have if in into is it its no not
    of on or such that the their then there these they this to was were which with""".split()
)


def text_analyzer():
    """The analyser of every searchable text field."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter(stoplist=STOP_WORDS, minsize=1)
        | StemFilter(cachesize=100_000)
    )
