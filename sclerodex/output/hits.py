"""Search hits: a SearchResult as terminal text or JSON.

Text mode marks matches with colour on a terminal and with ``**term**`` when
colour is off.  Every answer that has hits ends with the disclaimers, each
its own paragraph.  Given a width (a terminal's), passages and disclaimers
are wrapped to it; piped output keeps each passage on one line.
"""

from __future__ import annotations

import json
import os

from sclerodex.output.fitting import shortened as squeezed
from sclerodex.output.fitting import wrap
from sclerodex.search.query import quoted, shortened
from sclerodex.search.records import Hit, Passage, SearchResult
from sclerodex.textutil import strip_unsafe

_BOLD = "\x1b[1m"
_DIM = "\x1b[2m"
_MATCH = "\x1b[1;33m"
_RESET = "\x1b[0m"
MARK = "**"


def color_wanted(when: str, stream_is_tty: bool) -> bool:
    """``always`` or ``never`` as asked; ``auto``: on a terminal, unless
    NO_COLOR is set or the terminal is ``TERM=dumb``."""
    if when != "auto":
        return when == "always"
    return stream_is_tty and not os.environ.get("NO_COLOR") and os.environ.get("TERM") != "dumb"


def mark_passage(passage: Passage, color: bool) -> str:
    """The passage text with every highlight marked (and nothing unsafe)."""
    opening, closing = (_MATCH, _RESET) if color else (MARK, MARK)
    text, out, position = passage.text, [], 0
    for start, end in passage.highlights:
        out += [strip_unsafe(text[position:start]), opening, strip_unsafe(text[start:end]), closing]
        position = end
    out.append(strip_unsafe(text[position:]))
    return "".join(out)


def _label(hit: Hit) -> str:
    return " › ".join((hit.article.title, *hit.section.path)) if hit.section.path else f"{hit.article.title} › Introduction"


def render_text(result: SearchResult, color: bool = False, width: int | None = None) -> str:
    """The hits, the count and the disclaimers; wrapped to ``width`` if given."""
    lines: list[str] = []
    for number, hit in enumerate(result.hits, 1):
        label = mark_passage(hit.label, color) if hit.label else strip_unsafe(_label(hit))
        numbered = wrap(label.replace("\n", " "), width, "   ", first=f"{number}. ", shorten_long=True)
        if color:
            lines.extend(f"{_BOLD}{line.replace(_RESET, _RESET + _BOLD)}{_RESET}" for line in numbered)
        else:
            lines.extend(numbered)
        # The URL, else the file: the article's id, the name show and remove take.
        where = strip_unsafe(hit.article.url or hit.article.source)
        details = []
        if hit.article.published:
            details.append(hit.article.published)
        details.append(f"score {hit.score:.2f}")
        rest = " · " + " · ".join(details)
        metas = [where + rest]
        if width is not None:  # the URL gives way (shortened in its middle), never the date
            if width - 3 - len(rest) >= 16:
                metas = [squeezed(where, width - 3 - len(rest)) + rest]
            else:  # too narrow for both: a line each
                metas = [squeezed(where, max(1, width - 3)), squeezed(rest[3:], max(1, width - 3))]
        lines.extend(f"   {_DIM}{meta}{_RESET}" if color else f"   {meta}" for meta in metas)
        for passage in hit.passages:
            lines.extend(wrap(mark_passage(passage, color).replace("\n", " "), width, "   ", shorten_long=True))
        lines.append("")
    if result.hits:
        lines.extend(wrap(f"{len(result.hits)} of {result.total} matching sections{_held_back(result)}.", width))
        for disclaimer in result.disclaimers:
            lines.append("")
            lines.extend(wrap(" ".join(strip_unsafe(disclaimer).split()), width))
    return "\n".join(lines)


def _held_back(result: SearchResult) -> str:
    """Why fewer hits show than match, when --per-article held some back."""
    if not result.held_back:
        return ""
    return f" ({result.held_back} more in the same articles held back: --per-article 0 shows them)"


def nothing_found(result: SearchResult) -> str:
    """The stderr line of a search without hits: and why, when filters emptied it."""
    line = f"no matches for {quoted(strip_unsafe(result.query))}"
    if not result.unfiltered_total:
        return line
    sections = "section matches" if result.unfiltered_total == 1 else "sections match"
    line += f" with these filters; {result.unfiltered_total} {sections} without them"
    if result.emptied_by:
        return line + f" ({', '.join(strip_unsafe(label) for label in result.emptied_by)} alone leaves none)"
    return line + " (no section passes them all together)"


def notices(result: SearchResult) -> list[str]:
    """What text mode says on stderr about how the query was read."""
    lines = []
    lines.extend(strip_unsafe(cut) for cut in result.cuts)
    if result.corrected:
        if result.replaced:
            why = f"no section holds {_listed(result.replaced)}"
        else:
            why = f"no matches for {quoted(strip_unsafe(result.query))}"
        lines.append(f"Showing results for {shortened(strip_unsafe(result.corrected), 60)} ({why})")
    if result.missing:
        lines.append("not found: " + _listed(result.missing))
    if result.any_term_fallback:
        lines.append("No section has all the terms; showing sections with any of them.")
    if result.expanded:
        lines.append("also matched: " + "; ".join(strip_unsafe(e.label()) for e in result.expanded))
    if result.did_you_mean:
        lines.append(f"Did you mean: {shortened(strip_unsafe(result.did_you_mean))}")
    lines.extend(strip_unsafe(notice) for notice in result.notices)
    return lines


def _listed(words: tuple[str, ...], shown: int = 8) -> str:
    """Words for a message: each cut to 30 characters, at most ``shown`` of them."""
    listed = ", ".join(shortened(strip_unsafe(word), 30) for word in words[:shown])
    return listed + (f" and {len(words) - shown} more" if len(words) > shown else "")


def result_dict(result: SearchResult) -> dict:
    """The JSON contract documented in the README."""
    return {
        "query": result.query,
        "total": result.total,
        "did_you_mean": result.did_you_mean,
        "corrected": result.corrected,
        "replaced": list(result.replaced),
        "missing": list(result.missing),
        "truncated": result.truncated,
        "cuts": list(result.cuts),
        "unfiltered_total": result.unfiltered_total,
        "emptied_by": list(result.emptied_by),
        "held_back": result.held_back,
        "per_article": result.per_article,
        "expanded": [e.added for e in result.expanded],
        "any_term_fallback": result.any_term_fallback,
        "notices": list(result.notices),
        "hits": [
            {
                "article": {
                    "id": hit.article.id,
                    "title": hit.article.title,
                    "url": hit.article.url,
                    "source": hit.article.source,
                    "site": hit.article.site,
                    "published": hit.article.published,
                    "authors": list(hit.article.authors),
                    "author": hit.article.author,
                    "tags": list(hit.article.tags),
                },
                "section": {
                    "heading": hit.section.heading,
                    "path": list(hit.section.path),
                    "ordinal": hit.section.ordinal,
                },
                "score": round(hit.score, 4),
                "passages": [
                    {"text": p.text, "highlights": [list(span) for span in p.highlights]} for p in hit.passages
                ],
                "disclaimer": hit.disclaimer,
            }
            for hit in result.hits
        ],
        "disclaimers": list(result.disclaimers),
    }


def render_json(result: SearchResult) -> str:
    return json.dumps(result_dict(result), ensure_ascii=False, indent=2)
