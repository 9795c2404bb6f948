"""The words a plain-word query does not rank by: English function words and
the words questions are made of.

"how do i know if my kidneys are failing?" is about *know*, *kidneys* and
*failing*; *how*, *do*, *i*, *my* are in nearly every section and only drown
the words that matter.  The list is the Snowball English stop list (the one
Lucene, Elasticsearch and NLTK ship) with a few more question words.  It is
used on plain-word queries only: quoted phrases and the query language keep
every word, and a query made of nothing but these words is searched as typed.
An apostrophe splits a word ("don't" is "don", "t"); the one-letter halves are
kept, as everywhere ("T cells", "vitamin D").

Words that tell one question from another stay: *symptoms*, *treatment*,
*causes*, *risk*, *outlook*, *prevent*; so do *can*, *will* and *may*.
"""

QUERY_STOP_WORDS = frozenset(
    """
    i me my myself we our ours ourselves you your yours yourself yourselves
    he him his himself she her hers herself it its itself they them their
    theirs themselves what which who whom whose this that these those am is
    are was were be been being have has had having do does did doing would
    should could a an the and but if or because as while of at by for with
    about into to from in on so such
    here there when where why how
    don doesn didn isn aren wasn weren couldn shouldn wouldn hasn haven hadn
    im ive youre dont doesnt didnt isnt arent cant whats hows
    also get gets getting got just please tell us
    """.split()
)
