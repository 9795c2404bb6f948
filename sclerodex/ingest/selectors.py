"""Where the article is on a page, and what on a page is never article text.

Kept in one place so that supporting another theme of the site family means
editing constants, not code.
"""



def has_class(name: str) -> str:
    """XPath for elements whose class list contains ``name``."""
    return f"//*[contains(concat(' ', normalize-space(@class), ' '), ' {name} ')]"


def has_rel(name: str) -> str:
    """XPath predicate for a rel attribute containing ``name``."""
    return f"contains(concat(' ', normalize-space(@rel), ' '), ' {name} ')"


# Containers of the article body, most specific first (WordPress themes of the
# site family, then schema.org markup, then the generic fallbacks).
BODY_XPATHS = (
    has_class("entry-content"),
    has_class("td-post-content"),
    has_class("post-content"),
    has_class("article-content"),
    has_class("article-body"),
    has_class("article__body"),
    has_class("story-body"),
    "//*[@itemprop='articleBody']",
    "//article",
    "//*[@role='main']",
    "//main",
)

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
