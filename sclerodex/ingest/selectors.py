"""Where the article is on a page, and what on a page is never article text.

Kept in one place so that supporting another theme of the site family means
editing constants, not code.
"""

import re


def has_class(name: str) -> str:
    """XPath for elements whose class list contains ``name``."""
    # The plain contains() first: it rules out most elements cheaply.
    return f"//*[contains(@class, '{name}') and contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


def has_rel(name: str) -> str:
    """XPath predicate for a rel attribute containing ``name``."""
    return f"contains(@rel, '{name}') and contains(concat(' ', normalize-space(@rel), ' '), ' {name} ')"


# Class names that a page's template gives its article body (WordPress themes
# of the site family first); with ``itemprop="articleBody"`` they are taken
# when they hold most of the page's prose (see region.py).
DECLARED_BODY_CLASSES = (
    "entry-content", "td-post-content", "post-content", "article-content", "article-body",
    "article__body", "story-body",
)

# Elements that may hold an article, scored by the prose inside them.
CANDIDATE_TAGS = frozenset({
    "div", "article", "section", "main", "td", "blockquote", "pre", "body", "center", "font",
    "span", "form",
})
# Elements whose own text is a paragraph of prose when long enough.
PARAGRAPH_LIKE_TAGS = frozenset({"p", "pre", "dd", "li"})
# Elements that start a new block (a div holding one of them is a container,
# not a paragraph).
BLOCK_TAGS = frozenset({
    "address", "article", "aside", "blockquote", "center", "dd", "details", "dialog", "div", "dl",
    "dt", "fieldset", "figcaption", "figure", "footer", "form", "h1", "h2", "h3", "h4", "h5", "h6",
    "header", "hr", "li", "main", "nav", "ol", "p", "pre", "section", "table", "tbody", "td", "th",
    "thead", "tr", "ul",
})
# Text that is never read as prose.
TEXTLESS_TAGS = frozenset({"script", "style", "noscript", "template", "button", "select", "option", "textarea"})
# class/id words that make a container more or less likely to be the article.
POSITIVE_CLASS = frozenset({
    "article", "body", "content", "entry", "hentry", "main", "page", "post", "text", "blog", "story",
    "articlebody", "postbody", "storybody", "entrytext", "posttext",
})
NEGATIVE_CLASS = frozenset({
    "comment", "comments", "com", "contact", "foot", "footer", "footnote", "masthead", "media",
    "meta", "outbrain", "promo", "related", "scroll", "share", "shoutbox", "sidebar", "skyscraper",
    "sponsor", "shopping", "tags", "tool", "tools", "widget", "hidden", "banner", "combx", "menu",
    "nav", "ad", "ads", "social", "byline", "author", "popup", "rss", "subscribe", "login",
    "signup", "disqus", "reply", "respond", "rail", "recommended", "trending", "teaser",
    "newsletter", "subscription", "caption", "credit",
})
# class/id words of blocks whose text is never the article (comment threads,
# sidebars, menus...) unless a word of MAYBE_CLASS says otherwise.
UNLIKELY_CLASS = frozenset({
    "comment", "comments", "commentlist", "disqus", "dsq", "community", "remark", "footer",
    "menu", "rss", "shoutbox", "sidebar", "sponsor", "pagination", "pager", "popup", "tweet",
    "twitter", "respond", "replies", "breadcrumb", "breadcrumbs", "nav", "navbar", "navigation",
    "masthead", "agegate", "newsletter", "related", "copyright", "legal", "policy", "terms",
})
MAYBE_CLASS = frozenset({"and", "article", "body", "column", "main", "shadow", "content"})
# Parts of a class name or id that mark a comment thread wherever they stand
# ("commentbody", "dsq-comment-message"), whatever else the name says.
UNLIKELY_INSIDE_WORDS = ("comment", "disqus")

# Never shown to a reader, so never read, wherever they are on the page.
# (Scripts stay until the metadata is read: JSON-LD lives in them; inside the
# article they go with the chrome.)
INVISIBLE_TAGS = ("template", "style")

# Elements that are page furniture wherever they appear.
CHROME_TAGS = (
    "script", "style", "noscript", "template", "nav", "header", "footer", "aside",
    "form", "iframe", "svg", "button", "input", "select", "textarea", "label",
    "object", "embed", "canvas", "video", "audio", "map", "dialog", "link", "meta",
)

# class/id words (split on spaces, '-' and '_') that mark chrome: share buttons,
# advertisements, related articles, comments, newsletters, sidebars...
CHROME_WORDS = frozenset({
    "ad", "ads", "adsbygoogle", "advert", "adverts", "advertisement", "advertising",
    "sponsor", "sponsored", "promo", "promotion",
    "share", "sharing", "sharedaddy", "social", "addtoany", "a2a",
    "related", "jp-relatedposts", "yarpp", "recommended", "more-stories",
    "comment", "comments", "respond", "disqus",
    "newsletter", "subscribe", "subscription", "signup", "optin", "mailchimp",
    "sidebar", "widget", "widgets", "trending", "popular",
    "breadcrumb", "breadcrumbs", "pagination", "navigation", "nav", "menu",
    "cookie", "cookies", "consent", "popup", "screen-reader-text", "sr-only",
})

# The element that closes the article body before the disclaimer.
BODY_END_MARKS = ("***", "* * *")

HEADING_TAGS = ("h1", "h2", "h3", "h4", "h5", "h6")
PARAGRAPH_TAGS = ("p", "blockquote", "pre", "figcaption", "dt", "dd", "address", "caption")
LIST_TAGS = ("ul", "ol")

# --- lines inside the article that are furniture (see boilerplate.py) --------
# A short line made only of these words (and share counts) is a share bar.
SHARE_WORDS = frozenset({
    "share", "shares", "shared", "sharing", "this", "article", "story", "post", "page", "on", "via",
    "tweet", "tweets", "email", "e", "mail", "print", "facebook", "twitter", "x", "linkedin",
    "pinterest", "reddit", "whatsapp", "tumblr", "google", "plus", "pin", "it", "like", "likes",
    "copy", "link", "more", "options", "show", "stumbleupon", "digg", "delicious", "save", "send",
    "flipboard", "messenger", "telegram", "gift", "reprints", "permalink", "buffer",
})
# Headings whose section is furniture: related reading, author boxes...
FURNITURE_HEADING = re.compile(
    r"^\s*(?:related(?:\s+(?:articles?|stories|posts|content|coverage|reading|links|topics|news))?"
    r"|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy|be\s+interested\s+in)"
    r"|recommended(?:\s+(?:for\s+you|reading|stories|articles))?"
    r"|more\s+(?:from|on|in|stories|news|articles)\b.*|read\s+(?:more|next)|most\s+(?:read|popular|viewed|shared)"
    r"|trending(?:\s+(?:now|stories))?|popular\s+(?:posts|stories|articles)|about\s+the\s+authors?|author\s+bio"
    r"|further\s+reading|see\s+also|also\s+(?:read|on)\b.*|don'?t\s+miss|latest\s+(?:news|stories|posts|articles)"
    r"|share\s+this(?:\s+(?:article|story|post|page))?|tags|sponsored(?:\s+content)?|advertisement"
    r"|(?:sign\s+up|subscribe)\b.*|newsletter)\s*[:.!]?\s*$",
    re.IGNORECASE,
)
# A heading or short line that opens the comment thread.
# ("Comment", "Discussion" or "Responses" alone can be the article's own
# headings: only the plural "Comments", or a count, opens a thread.)
COMMENTS_HEADING = re.compile(
    r"^\s*(?:comments|\d+\s+(?:comments?|responses?|replies)|reader\s+comments|leave\s+a\s+(?:comment|reply)"
    r"|post\s+a\s+comment|add\s+a\s+comment|join\s+the\s+(?:conversation|discussion)|what\s+do\s+you\s+think\??"
    r"|comments?\s+(?:are\s+)?closed|(?:\d+|one)\s+thoughts?\s+on\b.*)\s*(?:\(\d+\))?\s*[:.!?]?\s*$",
    re.IGNORECASE,
)
# Short lines that are furniture wherever they stand.
BOILERPLATE_LINE = re.compile(
    r"^\s*(?:tags?|tagged(?:\s+with)?|filed\s+under|categories|category|topics|posted\s+in|labels)\s*:"
    r"|^\s*(?:photo|photograph|image|picture|illustration|graphic)s?\s*(?:credit)?\s*(?::|by\b|courtesy\b)"
    r"|^\s*(?:©|\(c\)\s|copyright\b)"
    r"|^\s*(?:read\s+more|read\s+next|related(?:\s+(?:articles?|stories|posts|coverage|content|links))?"
    r"|more\s+(?:stories\s+)?from\b[^:]*|you\s+(?:may|might)\s+(?:also\s+)?(?:like|enjoy)|recommended(?:\s+for\s+you)?"
    r"|see\s+also|also\s+read|don'?t\s+miss|most\s+(?:read|popular|viewed))\s*(?:[:»›>|…]|$)"
    r"|^\s*(?:advertisement|advertising|sponsored(?:\s+content)?|ad)\s*$"
    r"|\b(?:sign\s+up|subscribe)\s+(?:for|to)\s+(?:our|the)\s+(?:\w+\s+){0,3}(?:newsletters?|mailing\s+list|e-?mails?)\b"
    r"|\b(?:we\s+use\s+cookies|(?:this|our)\s+(?:web)?site\s+uses\s+cookies|by\s+continuing\s+to\s+(?:use|browse))\b"
    r"|^\s*(?:something\s+went\s+wrong|loading\.*|please\s+enable\s+javascript|javascript\s+is\s+(?:disabled|required))\b"
    r"|\b(?:getty\s+images|shutterstock|istock(?:photo)?|ap\s+photo|afp\s+photo)\b[^.]{0,40}$",
    re.IGNORECASE,
)
# A byline: "By Jane Doe", "Written by Jane Doe | May 1, 2024".
BYLINE = re.compile(r"^\s*(?i:by|written\s+by|posted\s+by|words\s+by|story\s+by|reported\s+by)\s*:?\s+(?P<rest>[A-Z].*)$")
# What may stand before a dateline's date.
DATELINE_PREFIX = re.compile(r"^\s*(?:posted|published|updated|last\s+updated|last\s+modified|date|on)(?:\s+on)?\s*:?\s*", re.IGNORECASE)

# Labels and link texts that stand for furniture inside a story: BBC's
# "Continue reading the main story" and pull-quote labels, "Advertisement",
# "Story continues below", a picture's "Hide caption" and "Enlarge photo".  A line or heading that is only these is dropped;
# at a line's start or end they are cut off.
LEFTOVER_PHRASE = (
    r"(?:continue\s+reading\s+(?:the\s+)?main\s+story|(?:start|end)\s+quote"
    r"|(?:the\s+)?(?:story|article|post)\s+continues\s+(?:below|after\s+(?:the\s+)?(?:advertisement|ad))"
    r"(?:\s+(?:the\s+)?advertisement)?|continue\s+reading\s+below|skip\s+(?:the\s+)?advertisement"
    r"|advertisement|hide\s+caption|(?:click\s+(?:here\s+)?to\s+)?enlarge(?:\s+(?:this\s+)?(?:photo|image|picture))?"
    r"|(?:watch|play)\s+(?:the\s+)?video|(?:photo|image)\s+gallery)"
)
LEFTOVER_LINE = re.compile(rf"^[\W_]*{LEFTOVER_PHRASE}[\W_]*$", re.IGNORECASE)
LEFTOVER_EDGE = re.compile(r"^[\s“”\"']*(?:start|end)\s+quote\b[\s“”\"']*|\s*\bcontinue\s+reading\s+(?:the\s+)?main\s+story\s*$",
                           re.IGNORECASE)
# A signature line: "Post written by Leo Babauta." (a byline wherever it stands).
SIGNATURE = re.compile(
    r"^\s*(?:this\s+)?(?:(?:guest\s+)?post|article|story|entry)\s+(?:was\s+)?(?:written|contributed|submitted)\s+by\s+"
    r"(?P<rest>\S.{0,80}?)\s*\.?\s*$",
    re.IGNORECASE,
)
# A blog post's footer line: "Posted by Ree on October 3, 2012 | 12 Comments".
POST_FOOTER = re.compile(r"^\s*(?:posted|written|filed|published)\s+by\s*:?\s+(?P<rest>\S.*)$", re.IGNORECASE)
