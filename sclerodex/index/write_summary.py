"""What one ingest run wrote, as the writer counts it."""

from __future__ import annotations

from dataclasses import dataclass, field


@dataclass
class WriteSummary:
    """Counts of one ingest run.

    ``skipped`` holds (source, reason) pairs reported in this run,
    ``known_skips`` the files skipped for the same reason in an earlier run
    and unchanged since (counted, not reported again); ``failed`` the
    sources that were asked for and could not be read.  ``new_articles`` and
    ``updated_articles`` are (id, title) pairs in the order written.
    """

    new: int = 0
    updated: int = 0
    unchanged: int = 0
    removed: int = 0
    skipped: list[tuple[str, str]] = field(default_factory=list)
    known_skips: list[tuple[str, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)
    new_articles: list[tuple[str, str]] = field(default_factory=list)
    updated_articles: list[tuple[str, str]] = field(default_factory=list)
    run: int | None = None  # the run's number in the run log, when it keeps one

    def line(self) -> str:
        return (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {len(self.skipped) + len(self.known_skips)} skipped"
        )
