"""The filter bar of ``sclerodex browse``: ``tag:lung site:"Scleroderma News"
since:2024 until:2025-06`` read into the filters ``search`` takes, with the
same date rules as ``--since`` and ``--until``."""

from __future__ import annotations

import shlex
from dataclasses import dataclass

from sclerodex.errors import QueryError
from sclerodex.search.filters import Filters, date_bound

KEYS = ("tag", "site", "since", "until")


@dataclass(frozen=True)
class FilterLine:
    tags: tuple[str, ...] = ()
    site: str | None = None
    since: str | None = None
    until: str | None = None

    def filters(self) -> Filters:
        return Filters(
            since=date_bound(self.since) if self.since else None,
            until=date_bound(self.until, end=True) if self.until else None,
            tags=self.tags,
            site=self.site,
        )

    def text(self) -> str:
        """The line as it would be typed (empty when nothing is set)."""
        parts = [f"tag:{shlex.quote(tag)}" for tag in self.tags]
        parts += [f"{key}:{shlex.quote(value)}" for key, value in
                  (("site", self.site), ("since", self.since), ("until", self.until)) if value]
        return " ".join(parts)


def read_filter_line(text: str) -> FilterLine:
    """``key:value`` words (quote a value with spaces); QueryError, in
    plain words, for anything else."""
    try:
        words = shlex.split(text)
    except ValueError:
        raise QueryError("a quote is not closed in the filters") from None
    tags: list[str] = []
    values: dict[str, str] = {}
    for word in words:
        key, colon, value = word.partition(":")
        key = key.strip().lower()
        if not colon or key not in KEYS or not value.strip():
            raise QueryError(f"cannot read the filter {word!r}: use tag:TAG, site:NAME, since:DATE or until:DATE")
        if key == "tag":
            tags.append(value.strip())
        else:
            values[key] = value.strip()
    line = FilterLine(tuple(tags), values.get("site"), values.get("since"), values.get("until"))
    line.filters()  # dates that cannot be read are refused now, not at the next keystroke
    return line
