"""How text becomes index terms: the same analyser for documents and queries.

Words are lower-cased, accents folded (Sjögren = Sjogren), common English stop
words dropped and the rest stemmed (Porter), so "scarring" finds "scar".
"""

from whoosh.analysis import CharsetFilter, LowercaseFilter, RegexTokenizer, StemFilter, StopFilter
from whoosh.support.charset import accent_map

# Words and numbers; "2.5" and "e.g" stay one token, "Raynaud's" splits off a
# lone "s" that the stop filter drops.
TOKEN_PATTERN = r"\w+(?:\.?\w+)*"


def text_analyzer():
    """The analyser of every searchable text field."""
    return (
        RegexTokenizer(TOKEN_PATTERN)
        | LowercaseFilter()
        | CharsetFilter(accent_map)
        | StopFilter()
        | StemFilter(lang="en", cachesize=100_000)
    )
