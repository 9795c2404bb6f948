"""Passages: the densest windows of matches, cut at sentence boundaries.

The section is tokenised here, whole, with the index's analyser (Whoosh's
own highlighter stops looking after 32,768 characters; this does not).  A
single term is marked wherever it occurs; a phrase only where its words
occur in order, as one mark.  A window is a run of sentences of one
paragraph, short enough to read; the best window holds the most distinct
query terms in the fewest characters (then the most matches), and always
a word of prose (a list item's "2." takes in its sentence).  Passages are data
(text + highlight offsets), rendered elsewhere.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass

from sclerodex.search.records import Passage
from sclerodex.whoosh_engine.analysis import PART, WORD

MAX_PASSAGES = 3
MAX_PASSAGE_CHARS = 320
ELLIPSIS = "…"

# A sentence ends at . ! ? (with any closing quote or bracket) before
# whitespace and a capital, digit or opening quote; and at every line break.
_SENTENCE_END = re.compile(r"""(?<=[.!?])["”’')\]]*\s+(?=["“‘(\[]?[A-Z0-9])|\n""")


@dataclass(frozen=True)
class Match:
    """``text[start:end]`` matched ``term`` (a phrase's words joined by spaces)."""

    start: int
    end: int
    term: str


# A period after one of these, after a lone capital ("J. Smith") or after
# dotted letters ("U.S.", "e.g.") does not end a sentence.
_ABBREVIATIONS = frozenset("dr mr mrs ms prof st vs etc al fig figs no approx".split())


def _ends_sentence(text: str, position: int) -> bool:
    """Whether the punctuation just before ``position`` ends a sentence."""
    if text[position - 1] != ".":
        return True
    before = text[: position - 1].split()
    word = before[-1].lstrip("(\"“‘[") if before else ""
    if len(word) == 1 and word.isupper():
        return False
    if "." in word and all(len(part) <= 2 for part in word.split(".")):
        return False
    return word.lower() not in _ABBREVIATIONS


def sentence_spans(text: str) -> list[tuple[int, int]]:
    """(start, end) of each sentence; no sentence crosses a line break."""
    spans, start = [], 0
    for boundary in _SENTENCE_END.finditer(text):
        if text[boundary.start()] != "\n" and not _ends_sentence(text, boundary.start()):
            continue
        if boundary.start() > start:
            spans.append((start, boundary.start()))
        start = boundary.end()
    if start < len(text):
        spans.append((start, len(text)))
    return spans


def find_matches(
    text: str, terms: Iterable[str], analyzer, phrases: Iterable[tuple[str, ...]] = ()
) -> list[Match]:
    """Where the analysed tokens of ``text`` are one of ``terms``, or run
    through one of ``phrases`` word by word; in text order, never overlapping.
    A compound ("IL-6") is read as its parts, one after another, and is
    marked whole when it or its parts joined ("il6") is one of ``terms``."""
    terms = set(terms)
    phrases = sorted({tuple(p) for p in phrases if p}, key=len, reverse=True)
    if not terms and not phrases:
        return []
    tokens, compounds = [], {}
    for t in analyzer(text, chars=True, mode="index"):
        kind = getattr(t, "compound", WORD)
        if kind in (WORD, PART):
            tokens.append((t.text, t.startchar, t.endchar))
        elif t.text in terms:
            compounds[t.startchar] = (t.endchar, t.text)
    matches, i, done = [], 0, 0
    while i < len(tokens):
        if tokens[i][1] < done:  # inside a compound already marked
            i += 1
            continue
        for phrase in phrases:
            if tuple(word for word, _, _ in tokens[i : i + len(phrase)]) == phrase:
                matches.append(Match(tokens[i][1], tokens[i + len(phrase) - 1][2], " ".join(phrase)))
                done = tokens[i + len(phrase) - 1][2]
                i += len(phrase)
                break
        else:
            word, start, end = tokens[i]
            if start in compounds:
                end, word = compounds[start]
                matches.append(Match(start, end, word))
                done = end
            elif word in terms:
                matches.append(Match(start, end, word))
                done = end
            i += 1
    return matches


def build_passages(text: str, matches: list[Match], limit: int = MAX_PASSAGES) -> tuple[Passage, ...]:
    """Up to ``limit`` passages, in text order; the opening sentence when
    nothing in the text matched (a title-only or heading-only hit)."""
    spans = sentence_spans(text)
    if not spans:
        return ()
    per_sentence = _matches_by_sentence(spans, matches)
    if not any(per_sentence):
        return (_passage(text, spans[0], []),)
    windows: list[tuple[int, int]] = []
    used: set[int] = set()
    while len(windows) < limit:
        best = _best_window(text, spans, per_sentence, used)
        if best is None:
            break
        windows.append(best)
        used.update(range(best[0], best[1] + 1))
    passages = []
    for first, last in sorted(_with_prose(text, spans, windows)):
        span = (spans[first][0], spans[last][1])
        inside = [m for i in range(first, last + 1) for m in per_sentence[i]]
        passages.append(_passage(text, span, inside))
    return tuple(passages)


# A word of prose: two letters or more ("2." or "(b)" are not prose).
_PROSE = re.compile(r"[^\W\d_]{2,}")


def _with_prose(text: str, spans, windows: list[tuple[int, int]]) -> list[tuple[int, int]]:
    """Each window without a word of prose grown, within its paragraph, by
    the next (else the previous) sentence: a list item's "2." joins the
    sentence after it.  Windows that come to overlap are merged."""
    def same_paragraph(a: int, b: int) -> bool:
        return "\n" not in text[spans[a][1] : spans[b][0]]

    grown = []
    for first, last in windows:
        while not _PROSE.search(text, spans[first][0], spans[last][1]):
            if last + 1 < len(spans) and same_paragraph(last, last + 1):
                last += 1
            elif first > 0 and same_paragraph(first - 1, first):
                first -= 1
            else:
                break
        grown.append((first, last))
    merged: list[tuple[int, int]] = []
    for first, last in sorted(grown):
        if merged and first <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(last, merged[-1][1]))
        else:
            merged.append((first, last))
    return merged


def _matches_by_sentence(spans: list[tuple[int, int]], matches: list[Match]) -> list[list[Match]]:
    found: list[list[Match]] = [[] for _ in spans]
    i = 0
    for match in sorted(matches, key=lambda m: m.start):
        while i < len(spans) - 1 and match.start >= spans[i][1]:
            i += 1
        if spans[i][0] <= match.start < spans[i][1]:
            found[i].append(match)
    return found


def _best_window(text, spans, per_sentence, used) -> tuple[int, int] | None:
    """The unused run of sentences, starting and ending on a match, with the
    most distinct terms, then the fewest characters, then most matches."""
    best_key, best = None, None
    for first in range(len(spans)):
        if first in used or not per_sentence[first]:
            continue
        terms: set[str] = set()
        count = 0
        for last in range(first, len(spans)):
            if last in used:
                break
            if last > first and (
                "\n" in text[spans[last - 1][1] : spans[last][0]]
                or spans[last][1] - spans[first][0] > MAX_PASSAGE_CHARS
            ):
                break
            if not per_sentence[last]:
                continue
            terms.update(m.term for m in per_sentence[last])
            count += len(per_sentence[last])
            key = (len(terms), -(spans[last][1] - spans[first][0]), count)
            if best_key is None or key > best_key:
                best_key, best = key, (first, last)
    return best


def _passage(text: str, span: tuple[int, int], matches: list[Match]) -> Passage:
    """Cut ``span`` of ``text`` to a passage, trimming a long sentence to a
    window around its matches, with offsets made relative to the passage."""
    start, end = span
    if end - start > MAX_PASSAGE_CHARS:
        centre = _densest_point(matches) if matches else start
        start = max(start, centre - MAX_PASSAGE_CHARS // 6)
        end = min(end, start + MAX_PASSAGE_CHARS)
        start, end = _word_bounds(text, start, end, span)
    prefix = ELLIPSIS if start > span[0] else ""
    suffix = ELLIPSIS if end < span[1] else ""
    offset = len(prefix) - start
    body = text[start:end]
    highlights = tuple(
        (m.start + offset, m.end + offset) for m in matches if m.start >= start and m.end <= end
    )
    return Passage(prefix + body + suffix, highlights)


def _densest_point(matches: list[Match]) -> int:
    """Where the stretch of a passage's length holding the most distinct
    terms (then matches) starts."""
    reach = MAX_PASSAGE_CHARS * 2 // 3

    def key(i: int):
        inside = [m for m in matches[i:] if m.end <= matches[i].start + reach]
        return (len({m.term for m in inside}), len(inside), -i)

    return matches[max(range(len(matches)), key=key)].start


def _word_bounds(text: str, start: int, end: int, span: tuple[int, int]) -> tuple[int, int]:
    """Move a cut inwards to the nearest spaces so that no word is split."""
    if start > span[0]:
        space = text.find(" ", start, end)
        start = space + 1 if space != -1 else start
    if end < span[1]:
        space = text.rfind(" ", start, end)
        end = space if space > start else end
    return start, end
