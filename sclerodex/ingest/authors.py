"""A page's declared author, as written, -> the people who wrote the article.

Pages declare authors in many shapes: ``Helen Briggs BBC News``,
``JoNel Aleccia, NBC News``, ``By Jane Doe | May 1, 2024``,
``ROD NORDLAND;MAYY EL SHEIKH``, ``Rudy Galfi, Product Manager, Google News``.
What is not a person is taken out: outlet and site names (the page's own, and
words that name one: News, Times, Press, .com...), dates and times, job titles,
"By"/"Posted by"/"Written by", e-mail addresses, social handles and link labels
("View Profile", "RSS").  Several authors are split on ``;``, on commas between
names and on "and"/"&"; ALL-CAPS names are title-cased; placeholders ("admin",
"Staff", "No Primary Author") and an outlet alone leave no author at all.
A credential after a comma ("Dana Whitfield, PhD") stays with its name.

See docs/extraction.md for the whole story.
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from sclerodex.textutil import clean_text

MAX_AUTHORS = 10
# A declaration longer than this is not a byline; only its start is read.
_MAX_DECLARED_CHARS = 1000
_MAX_NAME_WORDS = 5

# Words that make a name an outlet's or a publication's (the last word of the
# name: "ABC News", "Financial Times", "Dazed Digital").
MEDIA_WORDS = frozenset({
    "news", "times", "post", "press", "wire", "wires", "journal", "magazine", "mag", "daily", "tribune",
    "herald", "gazette", "telegraph", "guardian", "reuters", "network", "networks", "media", "radio",
    "tv", "television", "online", "digital", "weekly", "monthly", "today", "report", "chronicle",
    "observer", "bureau", "service", "services", "newsroom", "desk", "blog", "blogs", "community",
    "corporate", "inc", "ltd", "llc", "corp", "company", "group", "store", "shop", "agency", "review",
    "sentinel", "courier", "examiner", "dispatch", "bulletin", "insider", "newswire", "channel",
})
# News agencies and broadcasters written as one word.
OUTLET_WORDS = frozenset({
    "ap", "afp", "upi", "reuters", "cnn", "bbc", "nbc", "cbs", "abc", "npr", "pbs", "msnbc", "cnbc",
    "espn", "ians", "pti", "dpa", "efe", "ansa", "bloomberg", "xinhua", "aap",
})
# Words of a job title ("Education reporter", "Product Manager, Google News").
TITLE_WORDS = frozenset({
    "reporter", "correspondent", "editor", "editors", "writer", "writers", "contributor", "contributors",
    "columnist", "producer", "director", "manager", "engineer", "strategist", "analyst", "intern",
    "founder", "co-founder", "cofounder", "ceo", "cto", "cfo", "coo", "president", "officer",
    "specialist", "lead", "head", "chief", "senior", "photographer", "blogger", "anchor", "critic",
    "designer", "developer", "evangelist", "consultant", "coordinator", "executive", "advocate",
    "fellow", "staff", "team", "editorial", "contributing", "freelance", "journalist", "presenter",
    "researcher", "professor", "associate", "assistant", "deputy", "managing", "marketing", "product",
    "programs", "intern", "spokesperson", "spokesman", "spokeswoman", "publisher", "owner", "host",
})
# Names that stand for no one.
PLACEHOLDERS = frozenset({
    "admin", "administrator", "webmaster", "staff", "author", "authors", "guest", "guest author",
    "anonymous", "unknown", "editor", "editors", "the editors", "editorial", "team", "no primary author",
    "no author", "none", "null", "n/a", "na", "user", "owner", "moderator", "contributor", "sysop",
    "root", "blogger", "various", "wire", "newsroom", "staff writer", "staff reporter", "web editor",
    "site admin", "editorial staff", "editorial team", "news desk", "press release", "guest post",
    "guest blogger", "google profile", "profile", "view profile", "view my complete profile", "about us",
    "about me", "about", "rss", "rss feed", "email", "email author", "e-mail", "bio", "website",
    "homepage", "home", "twitter", "facebook", "google", "google+", "more", "contact", "author archive",
    "posts", "all posts", "follow",
})
# Any of these words makes the name a placeholder ("NFL.com Staff", "the CNN Wire Staff").
PLACEHOLDER_WORDS = frozenset({
    "admin", "administrator", "webmaster", "staff", "anonymous", "unknown", "contributors", "bloggers",
})
# Words that are never a name on their own (what is left of a byline's labels).
NOT_NAMES = frozenset({
    "by", "with", "view", "written", "posted", "date", "the", "a", "an", "one", "comment", "comments",
    "filed", "tagged", "share", "on", "at", "in", "and", "from", "story", "photo", "photos", "video",
    "uncategorized", "general", "home", "news", "blog", "read", "more", "here", "link", "reply", "says",
    "said", "views", "published", "updated", "edited", "via", "source", "credit", "image", "images", "continue",
})
# Credentials that stay with the name before them.
CREDENTIALS = frozenset({
    "phd", "ph.d", "ph.d.", "md", "m.d", "m.d.", "ms", "m.s", "m.s.", "msc", "mph", "rn", "np", "pa-c",
    "do", "dds", "dmd", "pharmd", "mba", "ma", "m.a.", "ba", "b.a.", "bsc", "bs", "jd", "j.d.", "rd", "rdn",
    "lpn", "cnp", "facp", "facr", "frcp", "mbbs", "dnp", "lcsw", "psyd", "edd", "jr", "jr.", "sr", "sr.",
    "ii", "iii", "iv",
})
MEDIA_WORDS = MEDIA_WORDS | {"presse", "france-presse", "associated"}
# Lowercase words that may stand inside a name ("Iljitsch van Beijnum").
NAME_PARTICLES = frozenset({
    "van", "von", "de", "da", "del", "della", "der", "den", "di", "du", "la", "le", "bin", "ibn", "al",
    "el", "y", "dos", "das", "ter", "ten", "st", "st.", "mac", "zu", "of",
})

_MONTH = (r"(?:jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?"
          r"|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?)\.?")
_WEEKDAY = r"(?:mon|tue|tues|wed|thu|thur|thurs|fri|sat|sun)(?:day|sday|nesday|rsday|urday)?\.?"
# Dates, times and "N days ago": each becomes a separator.
_DATE = re.compile(
    rf"\b{_WEEKDAY},?(?=\s|$)"
    rf"|\b{_MONTH}\s*[•·.,/-]?\s*\d{{1,2}}(?:st|nd|rd|th)?\b(?:\s*[•·.,/-]?\s*\d{{2,4}}\b)?"
    rf"|\b\d{{1,2}}(?:st|nd|rd|th)?\s+{_MONTH}(?:,?\s+\d{{2,4}})?\b"
    rf"|\b{_MONTH}\s+\d{{4}}\b"
    r"|\b\d{1,4}[./-]\d{1,2}[./-]\d{1,4}\b"
    r"|\b\d{1,2}:\d{2}(?::\d{2})?\s*(?:[ap]\.?m\.?)?(?:\s*(?:[ECMP][SD]?T|GMT|UTC|BST|CET))?\b"
    r"|\b(?:\d+|an?)\s*(?:seconds?|minutes?|mins?|hours?|hrs?|hr|min|days?|weeks?|months?|years?)(?:\s+ago)?\b"
    r"|\b(?:yesterday|today)\b|\b\d+\b",
    re.IGNORECASE,
)
# What a byline carries after the name that ends it: categories, a bio, the
# site's "@ blog" (the rest of the line goes).
_TRAILING_FIELDS = re.compile(
    r"\b(?:filed\s+under|tagged(?:\s+with)?|categor(?:y|ies)|posted\s+in|trackback|permalink"
    r"|bio\b|read\s+more|author\s+archive|you\s+can\s+visit|is\s+an?\s|is\s+the\s|has\s+written"
    r"|who\s+has\s+written|resize\b)|\s@\s|\s+in\s+(?=\W*[A-Z0-9])",
    re.IGNORECASE,
)
# Link labels and fields beside the name ("4 Comments", "View Profile",
# "Email Author", "Date:"): each becomes a separator.
_LABELS = re.compile(
    r"\b(?:\d+\s+comments?|(?:view\s+|no\s+)?comments?|leave\s+a\s+(?:comment|reply)|share|tweet|print"
    r"|view\s+(?:my\s+)?(?:complete\s+)?profile|view\s+all\s+posts|add\s+to\s+circle|follow(?:\s+(?:me|on))?"
    r"|e-?mail(?:\s+(?:the\s+)?author|\s+me|\s+him|\s+her)?|rss(?:\s+feed)?|website|twitter|facebook"
    r"|linkedin|more\s+(?:posts|articles|stories)\s+by|(?:date|with|time|source|section|location)\s*:)(?=\W|$)",
    re.IGNORECASE,
)
# What a byline says before the name.
_PREFIX = re.compile(
    r"^\s*(?:(?:this\s+(?:post|article|entry|story)\s+)?(?:was\s+)?"
    r"(?:(?:posted|written|words|story|reported|filed|published|modified|updated|compiled|edited|photos?|text"
    r"|view\s+all\s+posts|more\s+posts|all\s+posts|articles?|posts?|stories)\s+)?by|from|author(?:\(s\))?)"
    r"(?:\s*[:\-–—]?\s+|\s*:?\s*$)",
    re.IGNORECASE,
)
# "by" or "Author:" inside a line: the name follows it.
_BY = re.compile(r"(?:^|\s|\|)(?:by|author\s*:)\s*:?\s+(?=\S)", re.IGNORECASE)
_EMAIL_THEN_NAME = re.compile(r"[^\s@]+@[^\s@]+\.\w+\s*\(([^()@]+)\)")
_EMAIL = re.compile(r"[^\s@]+@[^\s@]+\.\w+")
_URL = re.compile(r"(?:https?://|www\.)\S+", re.IGNORECASE)
_HANDLE = re.compile(r"(?<![\w.])@\w+")
_BRACKETS = re.compile(r"\([^()]*\)|\[[^\[\]]*\]|\{[^{}]*\}")
_DOMAIN = re.compile(r"\b[\w-]+(?:\.[\w-]+)*\.(?:com|org|net|co\.uk|co|io|gov|edu|info|tv|us|uk|ca|au|biz|me|ly)\b",
                     re.IGNORECASE)
# Separators between the fields of a byline.
_FIELDS = re.compile(r"\s*(?:[|•·;/\n\t]|\s[-–—:]\s|\s[-–—]|[-–—]\s|\s@\s|\s{3,})\s*")
_AND = re.compile(r"\s+(?:and|&|with)\s+|\s*,\s+(?:and\s+)?", re.IGNORECASE)
_WORD_RUN = re.compile(r"[^\W\d_]+")
_NORMAL = re.compile(r"[\W_]+")
_NAME_CHARS = re.compile(r"^[^\W_][\w.'’\- ]*$")


def site_names(*names: str | None) -> tuple[str, ...]:
    """The normalised outlet names of a page (its site name, publisher, the
    title's site part) for comparison.  Not its host: a personal blog's host
    is its author's name (robertnyman.com)."""
    found = [_normal(name) for name in names if name and "://" not in name]
    return tuple(dict.fromkeys(n for n in found if len(n) >= 3))


def clean_authors(raw: str | None, outlets: Iterable[str] = ()) -> tuple[str, ...]:
    """The names of the people a declared author string names, cleaned; ()
    when it names no one (an outlet, a placeholder, a date)."""
    if not raw:
        return ()
    text = clean_text(raw[:_MAX_DECLARED_CHARS])
    if not text or text.lower().startswith(("http://", "https://")):
        return ()
    outlets = tuple(outlets)
    if "@" in text:
        text = _EMAIL_THEN_NAME.sub(r"\1", text)  # RSS's "jane@example.org (Jane Doe)"
        text = _EMAIL.sub(" | ", text)
    text = _URL.sub(" | ", text)
    text = _HANDLE.sub(" | ", text)
    text = _BRACKETS.sub(" | ", text)
    if (marker := _BY.search(text)) is not None:
        text = text[marker.end():]  # "November 12, 2012 by Sam Laird", "Category: X | Author: Jane Doe"
    if (cut := _TRAILING_FIELDS.search(text)) is not None:
        text = text[: cut.start()]
    text = _LABELS.sub(" | ", text)
    text = _DATE.sub(" | ", text)
    text = re.sub(r"(?:^|\s+)(?:published|updated|posted|modified|written|last\s+updated)\b(?:\s+on\b)?|\s+on\s*(?=\||$)"
                  r"|\s+at\s*(?=\||$)", " | ", text, flags=re.IGNORECASE)
    names: list[str] = []
    for field in _FIELDS.split(text):
        if names and _is_credential(field.strip(" ,")):
            names[-1] = f"{names[-1]}, {field.strip(' ,')}"  # "LISA SANDERS;M.D."
            continue
        names.extend(_names_in_field(field, outlets))
    return tuple(dict.fromkeys(names))[:MAX_AUTHORS]


def first_authors(declared: Iterable[str | None], outlets: Iterable[str] = ()) -> tuple[str, ...]:
    """The cleaned names of the first declaration that names anyone: a head
    that declares only its outlet ("ABC News") gives way to the byline."""
    outlets = tuple(outlets)
    for raw in declared:
        if names := clean_authors(raw, outlets):
            return names
    return ()


def _names_in_field(field: str, outlets: tuple[str, ...]) -> list[str]:
    """The names in one field of a byline (between separators)."""
    field = _strip_prefix(field)
    names: list[str] = []
    parts = [p for p in _AND.split(field) if p and p.strip()]
    for i, part in enumerate(parts):
        part = _strip_prefix(part).strip(" ,:;-–—'\"“”")
        if part.endswith(".") and re.search(r"[^\W\d_]{3}\.$", part):
            part = part[:-1]  # a sentence's full stop, not an initial's
        if not part:
            continue
        if names and _is_credential(part):
            names[-1] = f"{names[-1]}, {part}"
            continue
        # After a name, a comma-separated job title or outlet is dropped whole.
        name = _person(part, outlets, first=not names)
        if name:
            names.append(name)
    return names


def _strip_prefix(text: str) -> str:
    previous = None
    while previous != text:
        previous = text
        text = _PREFIX.sub("", text, count=1)
    return text.strip()


def _is_credential(part: str) -> bool:
    words = part.replace(",", " ").split()
    return bool(words) and all(word.lower() in CREDENTIALS for word in words)


def _normal(text: str) -> str:
    return _NORMAL.sub("", text.casefold().removeprefix("the "))


def _is_outlet(words: list[str], outlets: tuple[str, ...]) -> bool:
    """Whether these words name an outlet rather than a person."""
    if not words:
        return False
    text = " ".join(words)
    norm = _normal(text)
    if norm in outlets or _DOMAIN.search(text):
        return True
    last = words[-1].lower().strip(".!,")
    if last in MEDIA_WORDS or any(w.lower().strip(".!,") in OUTLET_WORDS for w in words):
        return True
    return len(words) == 1 and words[0].isupper() and len(words[0]) <= 5 and words[0].isalpha()


def _person(part: str, outlets: tuple[str, ...], first: bool) -> str | None:
    """A person's name from one part of a byline, or None."""
    words = part.split()
    if len(words) > 3 * _MAX_NAME_WORDS:
        return None  # a sentence, not a name with its title and outlet
    if words and re.fullmatch(r"[A-Z]{2,6}['’]s", words[0]):
        words = words[1:]  # "NBC's Chuck Todd"
    if not words:
        return None
    part = " ".join(words)
    all_caps = part.upper() == part and any(c.isalpha() for c in part)
    # Trailing outlet and job title: "Helen Briggs BBC News", "Judith Burns Education reporter".
    if not first and any(w.lower().strip(".,") in TITLE_WORDS or w.lower().strip(".,") in MEDIA_WORDS for w in words):
        return None  # "Erich Schmidt, Software Engineer", "Ezra Brettler, Google Ads Team"
    if not first and any(len(w) >= 4 and any(_normal(w) in o for o in outlets) for w in words):
        return None  # "Karl Johann Schmidt, Software Engineer, Google Maps" on Google's blog
    for i in range(2, len(words)):
        rest = words[i:]
        if _tail_is_not_name(rest, outlets, all_caps):
            if rest[0].islower() and rest[0] in TITLE_WORDS and i >= 3 and words[i - 1][:1].isupper():
                i -= 1  # "Education reporter": the word before a title qualifies it
            words = words[:i]
            break
    for k in range(2, len(words)):
        if words[k] == words[0]:
            words = words[:k]  # "Marty Padgett Marty Padgett": a name and its link, or its bio
            break
    if len(words) > _MAX_NAME_WORDS:
        return None
    if _is_outlet_strict(words, outlets) if all_caps and len(words) > 1 else _is_outlet(words, outlets):
        return None
    lowered = [w.lower() for w in words]
    if " ".join(lowered) in PLACEHOLDERS or set(lowered) & PLACEHOLDER_WORDS:
        return None
    if len(words) == 1 and lowered[0] in NOT_NAMES:
        return None
    if any(w.strip(".").lower() in TITLE_WORDS for w in words) and (not first or len(words) <= 2 and lowered[0] in TITLE_WORDS):
        return None
    name = " ".join(words)
    if not _NAME_CHARS.match(name) or not any(c.isalpha() for c in name) or any(w.isdigit() for w in words):
        return None
    if len(words) > 1:
        # A person's name is capitalised words (and particles): not "Geeks are Sexy", "the CNN Wire".
        if any(not (w[:1].isupper() or w.lower() in NAME_PARTICLES) for w in words):
            return None
        if lowered[0] in ("the", "a", "an", "my", "our", "your", "this", "about", "view", "more", "all"):
            return None
    if name.upper() == name and len(name) > 3:
        name = _WORD_RUN.sub(lambda m: m[0][0] + m[0][1:].lower(), name)
    return name


def _is_outlet_strict(words: list[str], outlets: tuple[str, ...]) -> bool:
    """For ALL-CAPS names, where every word looks like an acronym: only a
    known outlet word, a domain or the page's own outlet counts."""
    text = " ".join(words)
    return _normal(text) in outlets or bool(_DOMAIN.search(text)) or words[-1].lower() in MEDIA_WORDS \
        or any(w.lower() in OUTLET_WORDS for w in words)


def _tail_is_not_name(rest: list[str], outlets: tuple[str, ...], all_caps: bool) -> bool:
    """Whether the words after a name are an outlet or a job title."""
    first = rest[0].lower().strip(".,")
    if first in TITLE_WORDS and first not in ("head", "lead", "host", "owner"):
        return True
    if _normal(" ".join(rest)) in outlets or _DOMAIN.fullmatch(" ".join(rest)):
        return True
    if first in OUTLET_WORDS and (len(rest) == 1 or rest[-1].lower() in MEDIA_WORDS or len(rest) <= 2):
        return True
    if not all_caps and rest[0].isupper() and len(rest[0]) >= 2 and rest[0].isalpha() and len(rest) <= 3:
        return True  # "Helen Briggs BBC News": an acronym after a mixed-case name
    return len(rest) <= 3 and rest[-1].lower().strip(".") in MEDIA_WORDS and len(rest) >= 2
