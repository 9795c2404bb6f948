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
    # Articles kept out because 'sclerodex remove' removed them (exclusions.py).
    excluded: int = 0
    # Articles found again under another id: (id, the id it is indexed under, title).
    duplicates: list[tuple[str, str, str]] = field(default_factory=list)
    # Removed articles brought back by naming their file or URL: (id, title).
    restored: list[tuple[str, str]] = field(default_factory=list)
    # Remembered sources that are gone for good (a folder missing, a page 404/410).
    gone: list[str] = field(default_factory=list)
    # Failed items not tried in this run, for their backoff: (key, when next).
    held_back: list[tuple[str, str]] = field(default_factory=list)
    # Everything still failing after the run (index/failing.py's Failing records).
    still_failing: list = field(default_factory=list)

    def line(self) -> str:
        """The counts; excluded, duplicates and held back only when there are any."""
        line = (
            f"{self.new} new, {self.updated} updated, {self.unchanged} unchanged, "
            f"{self.removed} removed, {len(self.skipped) + len(self.known_skips)} skipped"
        )
        extra = [(self.excluded, "excluded"), (len(self.duplicates), "duplicate"), (len(self.held_back), "held back")]
        return line + "".join(f", {count} {name}" for count, name in extra if count)
