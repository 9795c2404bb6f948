"""A reproducible benchmark corpus: article pages in the site's HTML style.

Every page is built from one SciFact abstract (read from
``../shared/data/scifact/corpus.jsonl``, never copied into the repository):
the abstract becomes an introduction and ``<h2>`` sections (structured
abstracts split at their BACKGROUND / METHODS / RESULTS / CONCLUSIONS labels,
others grouped into 2-4 headed sections), wrapped in the page chrome of a
saved *Scleroderma News* page -- header navigation, search form, share
buttons, an advertisement inside the body, related articles, comments, a
newsletter form, a sidebar, the footer, scripts and styles -- with a byline,
``<time>``, ``article:published_time``, ``article:tag``, a canonical URL,
JSON-LD and the ``<p>***</p>`` + disclaimer ending.  When more sections are
wanted than one pass over the abstracts gives, the abstracts are used again
as *replicas*: distinct ids, URLs, titles ("follow-up N"), dates, authors and
section groupings.

Everything depends only on the seed: the same arguments give byte-identical
pages.  The generator also returns, for every page, the :class:`Article`
record the page should ingest into (the *pre-extracted sections*), used by
the engine-only rows of ``bench/perf.py`` (Whoosh ceiling, SQLite FTS5,
tantivy) so that all engines index the same text.

    python bench/corpus.py --sections 10000 --out bench/out/small
"""

from __future__ import annotations

import argparse
import datetime as dt
import hashlib
import html
import json
import os
import random
import re
import sys
import time
from collections.abc import Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sclerodex.ingest.records import Article, Section
from sclerodex.textutil import clean_text

ROOT = Path(__file__).resolve().parent.parent
SCIFACT = Path(os.environ.get("SCLERODEX_SCIFACT", ROOT.parent / "shared" / "data" / "scifact" / "corpus.jsonl"))
DEFAULT_OUT = ROOT / "bench" / "out"
DEFAULT_SEED = 20240514
SCALES = {"small": 10_000, "large": 100_000}
# Bump when the pages or records change, so that a cached corpus is rebuilt.
GENERATOR_VERSION = 1
PAGES_PER_FOLDER = 1000

SITE = "Scleroderma News"
BASE_URL = "https://sclerodex.invalid/bench"
DISCLAIMER = (
    "Scleroderma News is strictly a news and information website about the disease. It does not "
    "provide medical advice, diagnosis or treatment. This content is not intended to be a substitute "
    "for professional medical advice, diagnosis, or treatment. Always seek the advice of your "
    "physician or other qualified health provider with any questions you may have regarding a "
    "medical condition. Never disregard professional medical advice or delay in seeking it because "
    "of something you have read on this website."
)

AUTHORS = (
    "Dana Whitfield, PhD", "Lena Hartwig, PhD", "Marisa Oyelaran", "Tomás Ferreira, MSc",
    "Joana Carvalho, PhD", "Steve Bryson, PhD", "Inês Martins", "Patricia Inácio, PhD",
    "Alice Melão, MSc", "Margarida Maia, PhD", "Vanda Pinto, PhD", "Mary Chapman",
)
TOPIC_TAGS = (
    "clinical research", "immunology", "lung function", "skin thickening", "biomarkers",
    "genetics", "clinical trials", "treatment", "pulmonary hypertension", "Raynaud's phenomenon",
    "fibrosis", "inflammation", "epidemiology", "quality of life", "diagnosis", "imaging",
)
CATEGORIES = ("News", "Research", "Clinical Trials", "Disease Information", "Treatment")
HEADINGS = (
    "Study design", "What the researchers found", "Key findings", "Why it matters",
    "How the study was done", "Results in detail", "Looking ahead", "Limitations",
    "Implications for patients", "Next steps", "A closer look at the data", "The research team's view",
    "Background to the study", "What comes next", "Putting the findings in context",
)
SUBHEADINGS = (
    "In the laboratory", "In patients", "Early results", "Longer-term results", "Safety",
    "Secondary outcomes", "Subgroup analyses", "Statistical analysis",
)
COMMENTS = (
    "Thank you for explaining this so clearly!",
    "My rheumatologist mentioned a similar study at my last visit.",
    "I hope these results lead to new treatment options soon.",
    "Does anyone know whether this trial is still recruiting?",
    "Very interesting, I shared it with my support group.",
    "It is encouraging to see so much research going on.",
    "I have been living with this for eleven years and every bit of progress matters.",
    "Could you write a follow-up when the full results are published?",
    "My sister was diagnosed last spring; articles like this help us understand.",
    "Great summary of a complicated paper.",
)
COMMENTERS = ("Maureen K.", "Tobias R.", "Sandra P.", "George L.", "Ruth M.", "Ana S.", "Helen W.", "Carlos D.")
NAV = ("Home", "News", "Forums", "Columns", "Clinical Trials", "Podcast", "Resources", "About Us", "Contact")

# Label words of structured abstracts ("METHODS AND RESULTS", "MAIN OUTCOME MEASURES").
_LABEL_WORDS = frozenset("""
BACKGROUND CONTEXT OBJECTIVE OBJECTIVES PURPOSE AIM AIMS INTRODUCTION IMPORTANCE RATIONALE DESIGN
SETTING SETTINGS PARTICIPANTS PATIENTS SUBJECTS METHODS METHOD METHODOLOGY MATERIALS MATERIAL AND
RESULTS RESULT FINDINGS INTERPRETATION CONCLUSION CONCLUSIONS RELEVANCE TRIAL REGISTRATION FUNDING
DATA SOURCES SOURCE STUDY SELECTION EXTRACTION SYNTHESIS LIMITATIONS MAIN OUTCOME OUTCOMES MEASURE
MEASURES MEASUREMENTS INTERVENTION INTERVENTIONS EXPOSURE EXPOSURES SIGNIFICANCE SUMMARY PRINCIPAL
EVIDENCE REVIEW ELIGIBILITY CRITERIA SEARCH STRATEGY APPROACH QUESTION QUESTIONS PROCEDURES
""".split())
_LABEL = re.compile(
    r"(?:^|(?<=[.!?] ))(?:((?:[A-Z]+[ ,]+){0,5}[A-Z]{4,})(?=:? [A-Z0-9(])"  # METHODS AND RESULTS
    r"|((?:[A-Z][a-z]+[ ,]+(?:and )?){0,3}[A-Z][a-z]{3,})(?=: [A-Z0-9(]))"  # Methods and results:
)
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9(\[])")
_SLUG = re.compile(r"[^a-z0-9]+")

_STYLE = (
    "body{font-family:\"Source Sans Pro\",Arial,sans-serif;color:#222;margin:0}"
    ".site-header{background:#0b4f6c;color:#fff;padding:12px 24px}.main-navigation ul{display:flex;gap:18px;list-style:none}"
    ".entry-content p{margin:0 0 1.2em;line-height:1.6}.entry-content h2{font-size:1.5em;margin:1.4em 0 .6em}"
    ".ad-slot{min-height:250px;text-align:center;background:#f4f4f4}.share-buttons a{display:inline-block;margin-right:8px}"
    ".widget.trending li{list-style:decimal}.related-articles li{margin-bottom:6px}.comment-list{list-style:none;padding:0}"
    ".newsletter-signup{border:1px solid #ddd;padding:16px;margin:24px 0}.site-footer{background:#111;color:#bbb;padding:24px}"
    "@media (max-width:782px){.sidebar{display:none}.main-navigation ul{flex-direction:column}}"
) * 3
_THEME_JS = (
    "(function(){var t=document.querySelector('.menu-toggle');if(t){t.addEventListener('click',function(){"
    "document.body.classList.toggle('menu-open');});}window.bnAdQueue=window.bnAdQueue||[];"
    "var s=document.querySelectorAll('.share-buttons a');for(var i=0;i<s.length;i++){s[i].addEventListener('click',"
    "function(e){e.preventDefault();window.open(this.href,'share','width=600,height=480');});}"
    "var c=document.cookie.indexOf('bn_consent=1')<0;if(c){var b=document.createElement('div');b.className='cookie-banner';"
    "b.textContent='We use cookies to improve your experience.';document.body.appendChild(b);}})();"
) * 4


@dataclass(frozen=True)
class GeneratedPage:
    """One page: where it goes under ``pages/``, its HTML, and the article
    the library should read from it (``source`` is the relative path until
    the page is written)."""

    relpath: str
    html: str
    article: Article


# --- SciFact -----------------------------------------------------------------


def load_abstracts(path: Path = SCIFACT) -> list[dict]:
    """SciFact documents as {"_id", "title", "text"}, in file order."""
    if not path.is_file():
        raise SystemExit(f"SciFact corpus not found at {path} (set SCLERODEX_SCIFACT)")
    docs = []
    with path.open(encoding="utf-8") as handle:
        for line in handle:
            doc = json.loads(line)
            if clean_text(doc.get("text", "")) and clean_text(doc.get("title", "")):
                docs.append({"_id": str(doc["_id"]), "title": clean_text(doc["title"]), "text": clean_text(doc["text"])})
    return docs


def split_sentences(text: str) -> list[str]:
    return [s for s in (clean_text(p) for p in _SENTENCE.split(text)) if s]


def structured_parts(text: str) -> list[tuple[str | None, str]]:
    """(label, text) parts of a structured abstract, the unlabelled lead first;
    a single part (None, text) when the abstract has no labels."""
    cuts = []
    for match in _LABEL.finditer(text):
        group = 1 if match.group(1) else 2
        words = [w.upper() for w in re.split(r"[ ,]+", match.group(group)) if w]
        if words and all(w in _LABEL_WORDS for w in words) and any(w != "AND" for w in words):
            cuts.append((match.start(group), match.end(group), " ".join(words)))
    if not cuts:
        return [(None, text)]
    parts = []
    lead = text[: cuts[0][0]].strip()
    if lead:
        parts.append((None, lead))
    for i, (start, end, label) in enumerate(cuts):
        stop = cuts[i + 1][0] if i + 1 < len(cuts) else len(text)
        body = text[end:stop].lstrip(": ").strip()
        if body:
            parts.append((label.capitalize(), body))
    return parts


# --- article plan ------------------------------------------------------------


@dataclass
class _Block:
    """A section to render: its heading path and paragraphs (lists as ('ul', items))."""

    path: tuple[str, ...]
    paragraphs: list


def _plan_sections(doc: dict, rng: random.Random) -> list[_Block]:
    parts = structured_parts(doc["text"])
    blocks: list[_Block] = []
    if len(parts) > 1:
        # Structured: the first part is the introduction, each label a section.
        blocks.append(_Block((), split_sentences(parts[0][1])))
        for label, body in parts[1:]:
            blocks.append(_Block((label or rng.choice(HEADINGS),), split_sentences(body)))
    else:
        sentences = split_sentences(doc["text"])
        n_intro = 1 if len(sentences) < 6 else rng.randint(1, 2)
        blocks.append(_Block((), sentences[:n_intro]))
        rest = sentences[n_intro:]
        if rest:
            n_sections = max(1, min(len(rest), rng.randint(2, 4)))
            cuts = sorted(rng.sample(range(1, len(rest)), n_sections - 1)) if n_sections > 1 else []
            headings = rng.sample(HEADINGS, n_sections)
            for heading, (a, b) in zip(headings, zip([0, *cuts], [*cuts, len(rest)])):
                blocks.append(_Block((heading,), rest[a:b]))
    blocks = [b for b in blocks if b.paragraphs]
    # Some sections become an h2 with two h3 subsections (the h2 is then only a path).
    out: list[_Block] = []
    for block in blocks:
        if block.path and len(block.paragraphs) >= 4 and rng.random() < 0.15:
            half = len(block.paragraphs) // 2
            first, second = rng.sample(SUBHEADINGS, 2)
            out.append(_Block((block.path[0], first), block.paragraphs[:half]))
            out.append(_Block((block.path[0], second), block.paragraphs[half:]))
        else:
            out.append(block)
    # Group sentences into paragraphs; now and then the last ones as a list.
    for block in out:
        sentences, paragraphs = block.paragraphs, []
        if len(sentences) >= 4 and rng.random() < 0.1:
            items = sentences[-rng.randint(2, 3):]
            sentences = sentences[: len(sentences) - len(items)]
        else:
            items = []
        i = 0
        while i < len(sentences):
            size = rng.randint(1, 3)
            paragraphs.append(" ".join(sentences[i:i + size]))
            i += size
        if items:
            paragraphs.append(("ul", items))
        block.paragraphs = paragraphs
    return out


def _section_text(block: _Block) -> str:
    lines = []
    for para in block.paragraphs:
        if isinstance(para, tuple):
            lines.extend(f"- {item}" for item in para[1])
        else:
            lines.append(para)
    return "\n".join(lines)


def _slug(title: str) -> str:
    return "-".join(_SLUG.sub(" ", title.lower()).split()[:8]) or "article"


def make_page(doc: dict, replica: int, seed: int, pool: list[dict]) -> GeneratedPage:
    """The page (and its article record) for one abstract and replica number."""
    rng = random.Random(f"{seed}:{replica}:{doc['_id']}")
    blocks = _plan_sections(doc, rng)
    published = dt.date(2015, 1, 1) + dt.timedelta(days=rng.randrange(3800))
    hour, minute = rng.randrange(6, 20), rng.randrange(60)
    stamp = f"{published.isoformat()}T{hour:02d}:{minute:02d}:00+00:00"
    slug = _slug(doc["title"])
    suffix = f"-r{replica}" if replica else ""
    url = f"{BASE_URL}/{published:%Y/%m/%d}/{slug}-{doc['_id']}{suffix}/"
    author = rng.choice(AUTHORS)
    tags = ("Bench article", *rng.sample(TOPIC_TAGS, rng.randint(1, 3)))
    sections = tuple(
        Section(i, b.path[-1] if b.path else None, b.path, _section_text(b)) for i, b in enumerate(blocks)
    )
    relpath = f"{slug[:48]}-{doc['_id']}{suffix}.html"
    # A replica is another article, not the same one again: its title says
    # which (sclerodex indexes an article whose title and text it already
    # holds only once, as a duplicate).
    title = f"{doc['title']} (follow-up {replica})" if replica else doc["title"]
    article = Article(
        id=url, source=relpath, url=url, site=SITE, title=title, authors=(author,),
        published=published, tags=tags, disclaimer=DISCLAIMER, sections=sections,
    )
    others = [rng.choice(pool) for _ in range(8)]
    page = _render(doc, article, blocks, stamp, rng, others)
    return GeneratedPage(relpath, page, article)


# --- HTML ---------------------------------------------------------------------


def _e(text: str) -> str:
    return html.escape(text, quote=False)


def _a(text: str) -> str:
    return html.escape(text, quote=True)


def _inline(paragraph: str, rng: random.Random) -> str:
    """Escaped paragraph, now and then with a word in <strong>, <em> or a link."""
    words = paragraph.split(" ")
    if len(words) > 6 and rng.random() < 0.3:
        i = rng.randrange(len(words))
        tag = rng.choice(("strong", "em", "a"))
        opening = f'<a href="{BASE_URL}/tag/{_a(_slug(words[i]))}/">' if tag == "a" else f"<{tag}>"
        return " ".join([_e(" ".join(words[:i])), f"{opening}{_e(words[i])}</{tag}>", _e(" ".join(words[i + 1:]))]).strip()
    return _e(paragraph)


def _render(doc: dict, article: Article, blocks: list[_Block], stamp: str, rng: random.Random, others: list[dict]) -> str:
    title, url = article.title, article.url
    post_id = rng.randrange(10_000, 99_999)
    description = article.sections[0].text.split("\n")[0][:155]
    ld = json.dumps({
        "@context": "https://schema.org",
        "@type": "NewsArticle",
        "headline": title,
        "mainEntityOfPage": url,
        "datePublished": stamp,
        "dateModified": stamp,
        "author": {"@type": "Person", "name": article.author},
        "publisher": {"@type": "Organization", "name": SITE},
        "keywords": ", ".join(article.tags),
    }, ensure_ascii=False, indent=2).replace("</", "<\\/")
    out = [
        '<!DOCTYPE html>\n<html lang="en-US" class="no-js">\n<head>\n<meta charset="UTF-8">\n',
        "<!-- Generated by sclerodex bench/corpus.py from a SciFact abstract; not a real Scleroderma News page. -->\n",
        '<meta name="viewport" content="width=device-width, initial-scale=1" />\n',
        f"<title>{_e(title)} - {SITE}</title>\n",
        f'<meta name="description" content="{_a(description)}" />\n',
        f'<link rel="canonical" href="{_a(url)}" />\n',
        '<meta property="og:locale" content="en_US" />\n<meta property="og:type" content="article" />\n',
        f'<meta property="og:title" content="{_a(title)} - {SITE}" />\n',
        f'<meta property="og:description" content="{_a(description)}" />\n',
        f'<meta property="og:url" content="{_a(url)}" />\n',
        f'<meta property="og:site_name" content="{SITE}" />\n',
        f'<meta property="article:published_time" content="{stamp}" />\n',
        f'<meta property="article:section" content="{rng.choice(CATEGORIES)}" />\n',
        *(f'<meta property="article:tag" content="{_a(tag)}" />\n' for tag in article.tags),
        '<meta name="twitter:card" content="summary_large_image" />\n',
        f'<script type="application/ld+json">\n{ld}\n</script>\n',
        f'<link rel="stylesheet" id="theme-style-css" href="{BASE_URL}/wp-content/themes/bionews/style.css?ver=3.2.1" media="all" />\n',
        f'<style id="theme-inline-css">\n{_STYLE}\n</style>\n',
        "<script>\nwindow.dataLayer = window.dataLayer || [];\nfunction gtag(){dataLayer.push(arguments);}\n",
        f"gtag('js', new Date());\ngtag('config', 'G-BENCH{post_id}');\n</script>\n</head>\n",
        f'<body class="post-template-default single single-post postid-{post_id} single-format-standard">\n',
        '<a class="skip-link screen-reader-text" href="#content">Skip to content</a>\n',
        '<header id="masthead" class="site-header">\n  <div class="site-branding">\n',
        f'    <a href="{BASE_URL}/" rel="home" class="custom-logo-link"><img src="{BASE_URL}/logo.svg" alt="{SITE}" width="220" height="40" /></a>\n  </div>\n',
        '  <nav id="site-navigation" class="main-navigation" aria-label="Primary">\n',
        '    <button class="menu-toggle" aria-controls="primary-menu" aria-expanded="false">Menu</button>\n    <ul id="primary-menu" class="menu">\n',
        *(f'      <li class="menu-item"><a href="{BASE_URL}/{_slug(item)}/">{item}</a></li>\n' for item in NAV),
        "    </ul>\n  </nav>\n",
        f'  <form role="search" method="get" class="search-form" action="{BASE_URL}/">\n',
        '    <label><span class="screen-reader-text">Search for:</span>\n',
        '      <input type="search" class="search-field" placeholder="Search &hellip;" value="" name="s" /></label>\n',
        '    <button type="submit" class="search-submit">Search</button>\n  </form>\n</header>\n\n',
        '<div id="content" class="site-content">\n<main id="primary" class="site-main">\n',
        f'<article id="post-{post_id}" class="post post-{post_id} type-post status-publish hentry">\n',
        f'  <header class="entry-header">\n    <h1 class="entry-title">{_e(title)}</h1>\n',
        f'    <div class="entry-meta">By <a rel="author" href="{BASE_URL}/author/{_slug(article.author)}/">{_e(article.author)}</a>',
        f' | <time class="entry-date published" datetime="{stamp}">{article.published:%B} {article.published.day}, {article.published.year}</time></div>\n  </header>\n',
        '  <div class="share-buttons sharedaddy">Share this article:',
        *(f' <a class="share-{net.lower()}" href="https://sclerodex.invalid/share/{net.lower()}?u={_a(url)}">{net}</a>'
          for net in ("Facebook", "Twitter", "LinkedIn", "Email")),
        "</div>\n",
        '  <div class="entry-content">\n',
    ]
    ad_after = rng.randrange(1, max(2, len(blocks)))
    for i, block in enumerate(blocks):
        if block.path:
            if len(block.path) == 2 and (i == 0 or blocks[i - 1].path[:1] != block.path[:1]):
                out.append(f"<h2>{_e(block.path[0])}</h2>\n")
            out.append(f"<h{len(block.path) + 1}>{_e(block.path[-1])}</h{len(block.path) + 1}>\n")
        for para in block.paragraphs:
            if isinstance(para, tuple):
                out.append("<ul>\n" + "".join(f"<li>{_e(item)}</li>\n" for item in para[1]) + "</ul>\n")
            else:
                out.append(f"<p>{_inline(para, rng)}</p>\n")
        if i == ad_after - 1:
            out.append(
                f'<div class="ad-slot advertisement" data-slot="in-content-{post_id}">Advertisement &ndash; '
                f"Compare hearing aid plans near you<script>window.bnAdQueue = window.bnAdQueue || []; "
                f"window.bnAdQueue.push('in-content-{post_id}');</script></div>\n"
            )
    out += [
        "<p>***</p>\n",
        f"<p><em>{_e(DISCLAIMER)}</em></p>\n",
        "  </div><!-- .entry-content -->\n</article>\n\n",
        '<div class="related-articles">\n  <h3>Related Articles</h3>\n  <ul>\n',
        *(f'    <li><a href="{BASE_URL}/{_slug(o["title"])}/">{_e(o["title"])}</a></li>\n' for o in others[:4]),
        "  </ul>\n</div>\n\n",
        '<div class="newsletter-signup">\n  <h3>Subscribe to our newsletter</h3>\n',
        "  <p>Get the latest research news and patient stories delivered to your inbox every week.</p>\n",
        f'  <form class="newsletter-form" action="{BASE_URL}/newsletter/" method="post">\n',
        '    <input type="email" name="email" placeholder="Your email address" required />\n',
        '    <button type="submit">Sign up</button>\n  </form>\n</div>\n\n',
    ]
    n_comments = rng.randint(0, 4)
    out.append(f'<section id="comments" class="comments-area">\n  <h2 class="comments-title">{n_comments} thoughts on &ldquo;{_e(title)}&rdquo;</h2>\n  <ol class="comment-list">\n')
    for c in range(n_comments):
        out.append(
            f'    <li id="comment-{post_id}{c}" class="comment"><article class="comment-body">'
            f'<footer class="comment-meta"><span class="comment-author vcard"><b class="fn">{rng.choice(COMMENTERS)}</b></span>'
            f'<span class="comment-metadata"><time datetime="{stamp}">{article.published.isoformat()}</time></span></footer>'
            f'<div class="comment-content"><p>{_e(rng.choice(COMMENTS))}</p></div>'
            '<a class="comment-reply-link" href="#respond">Reply</a></article></li>\n'
        )
    out += [
        '  </ol>\n  <div id="respond" class="comment-respond">\n    <h3 id="reply-title" class="comment-reply-title">Leave a Reply</h3>\n',
        f'    <form action="{BASE_URL}/wp-comments-post.php" method="post" id="commentform" class="comment-form">\n',
        '      <p class="comment-notes">Your email address will not be published. Required fields are marked *</p>\n',
        '      <p class="comment-form-comment"><label for="comment">Comment</label> <textarea id="comment" name="comment" rows="8" required></textarea></p>\n',
        '      <p class="form-submit"><input name="submit" type="submit" id="submit" class="submit" value="Post Comment" /></p>\n',
        "    </form>\n  </div>\n</section>\n</main>\n\n",
        '<aside id="secondary" class="sidebar widget-area">\n  <section class="widget trending">\n    <h3 class="widget-title">Trending</h3>\n    <ul>\n',
        *(f'      <li><a href="{BASE_URL}/{_slug(o["title"])}/">{_e(o["title"])}</a></li>\n' for o in others[4:6]),
        '    </ul>\n  </section>\n  <section class="widget popular-posts">\n    <h3 class="widget-title">Popular</h3>\n    <ul>\n',
        *(f'      <li><a href="{BASE_URL}/{_slug(o["title"])}/">{_e(o["title"])}</a></li>\n' for o in others[6:8]),
        "    </ul>\n  </section>\n</aside>\n</div><!-- #content -->\n\n",
        '<footer id="colophon" class="site-footer">\n  <div class="site-info">\n',
        f"    <p>&copy; {article.published.year} {SITE} (benchmark pages). All rights reserved.</p>\n",
        f'    <p><a href="{BASE_URL}/privacy-policy/">Privacy Policy</a> &middot; <a href="{BASE_URL}/terms/">Terms of Use</a></p>\n',
        "  </div>\n</footer>\n",
        f'<script id="theme-js">\n{_THEME_JS}\nwindow.bnAdQueue.push({{slot: "in-content", post: {post_id}}});\n</script>\n',
        "</body>\n</html>\n",
    ]
    return "".join(out)


# --- corpus --------------------------------------------------------------------


def generate_pages(
    target_sections: int | None, seed: int = DEFAULT_SEED, abstracts: list[dict] | None = None,
    articles: int | None = None,
) -> Iterator[GeneratedPage]:
    """Pages until their sections add up to at least ``target_sections`` (or,
    when given, until there are ``articles`` pages).

    The abstracts are taken in a seeded order; after one pass they are used
    again as replicas (replica 1, 2, ...) with their own ids and layout.
    ``relpath`` includes a folder of at most 1,000 pages.
    """
    if target_sections is None and articles is None:
        raise ValueError("give target_sections or articles")
    docs = abstracts if abstracts is not None else load_abstracts()
    order = list(docs)
    random.Random(seed).shuffle(order)
    total, count, replica = 0, 0, 0

    def done() -> bool:
        return (articles is not None and count >= articles) or (target_sections is not None and total >= target_sections)

    while not done():
        for doc in order:
            page = make_page(doc, replica, seed, docs)
            relpath = f"{count // PAGES_PER_FOLDER:03d}/{page.relpath}"
            page = replace(page, relpath=relpath, article=replace(page.article, source=relpath))
            yield page
            total += len(page.article.sections)
            count += 1
            if done():
                return
        replica += 1


def extracted_articles(target_sections: int, seed: int = DEFAULT_SEED, pages_dir: Path | None = None) -> Iterator[Article]:
    """The pre-extracted sections: the Article each page ingests into, without
    HTML.  With ``pages_dir``, ``source`` is the path the library would record."""
    for page in generate_pages(target_sections, seed):
        if pages_dir is None:
            yield page.article
        else:
            yield replace(page.article, source=str((pages_dir / page.relpath).resolve()))


@dataclass(frozen=True)
class Corpus:
    """A written corpus: ``pages/`` (HTML), ``articles.jsonl`` (pre-extracted
    Article records, one a line) and ``manifest.json``."""

    root: Path
    manifest: dict

    @property
    def pages(self) -> Path:
        return self.root / "pages"

    @property
    def articles_file(self) -> Path:
        return self.root / "articles.jsonl"

    def articles(self) -> Iterator[Article]:
        with self.articles_file.open(encoding="utf-8") as handle:
            for line in handle:
                yield Article.from_dict(json.loads(line))

    def page_files(self) -> list[Path]:
        return sorted(self.pages.rglob("*.html"))


def write_corpus(
    out_dir: Path, target_sections: int | None, seed: int = DEFAULT_SEED, reuse: bool = True,
    abstracts: list[dict] | None = None, articles: int | None = None,
) -> Corpus:
    """Write the corpus to ``out_dir``; a complete corpus written earlier with
    the same arguments (and generator version) is reused as it is (not when
    ``abstracts`` other than SciFact's are given)."""
    reuse = reuse and abstracts is None
    out_dir = Path(out_dir)
    wanted = {"generator_version": GENERATOR_VERSION, "target_sections": target_sections, "target_articles": articles, "seed": seed}
    manifest_file = out_dir / "manifest.json"
    if reuse and manifest_file.is_file():
        try:
            manifest = json.loads(manifest_file.read_text())
        except ValueError:
            manifest = {}
        if all(manifest.get(k) == v for k, v in wanted.items()) and (out_dir / "pages").is_dir():
            return Corpus(out_dir, manifest)
    if manifest_file.exists():
        manifest_file.unlink()
    pages_dir = out_dir / "pages"
    if pages_dir.exists():
        _remove_tree(pages_dir)
    pages_dir.mkdir(parents=True)
    started = time.perf_counter()
    digest = hashlib.sha256()
    n_articles = n_sections = html_bytes = 0
    with (out_dir / "articles.jsonl").open("w", encoding="utf-8") as records:
        for page in generate_pages(target_sections, seed, abstracts, articles):
            path = pages_dir / page.relpath
            path.parent.mkdir(exist_ok=True)
            data = page.html.encode("utf-8")
            path.write_bytes(data)
            digest.update(page.relpath.encode() + b"\0" + data)
            article = replace(page.article, source=str(path.resolve()))
            records.write(json.dumps(article.to_dict(), ensure_ascii=False) + "\n")
            n_articles += 1
            n_sections += len(article.sections)
            html_bytes += len(data)
    manifest = {
        **wanted,
        "articles": n_articles,
        "sections": n_sections,
        "html_bytes": html_bytes,
        "sha256": digest.hexdigest(),
        "seconds": round(time.perf_counter() - started, 2),
    }
    manifest_file.write_text(json.dumps(manifest, indent=2) + "\n")
    return Corpus(out_dir, manifest)


def _remove_tree(path: Path) -> None:
    for folder, dirs, files in os.walk(path, topdown=False):
        for name in files:
            os.unlink(os.path.join(folder, name))
        for name in dirs:
            os.rmdir(os.path.join(folder, name))
    os.rmdir(path)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sections", default="small", help="small, large or a number of sections (default: small)")
    parser.add_argument("--out", type=Path, help="output folder (default: bench/out/<scale>)")
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    args = parser.parse_args(argv)
    target = SCALES.get(args.sections) or int(args.sections)
    out = args.out or DEFAULT_OUT / (args.sections if args.sections in SCALES else f"s{target}")
    corpus = write_corpus(out, target, args.seed)
    print(json.dumps({"root": str(corpus.root), **corpus.manifest}))
    return 0


if __name__ == "__main__":
    sys.exit(main())
