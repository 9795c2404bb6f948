"""Recognising a site's "not medical advice" notice, and the generic fallback."""

from __future__ import annotations

import re

GENERIC_NOTICE = (
    "This content is for information only and is not medical advice, diagnosis or "
    "treatment. Always seek the advice of your physician or another qualified health "
    "provider with any questions about a medical condition."
)

# Wording that medical-news disclaimers use; two of them make a disclaimer.
_DISCLAIMER_PHRASES = re.compile(
    r"strictly a news and information website"
    r"|does not provide medical advice"
    r"|not intended to be a substitute for professional medical advice"
    r"|seek the advice of your physician"
    r"|never disregard professional medical advice",
    re.IGNORECASE,
)


def looks_like_disclaimer(text: str) -> bool:
    """True for a paragraph written as a medical disclaimer."""
    return len({m.group(0).lower() for m in _DISCLAIMER_PHRASES.finditer(text)}) >= 2


_SITE_IN_DISCLAIMER = re.compile(r"^(.{2,60}?) is strictly a news")


def site_named_in(disclaimer: str | None) -> str | None:
    """The site a disclaimer speaks for ("Scleroderma News is strictly a news...")."""
    match = _SITE_IN_DISCLAIMER.match(disclaimer or "")
    return match.group(1) if match else None
