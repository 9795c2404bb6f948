"""The run log: which articles each ingest or update added or changed.

``list --new``, ``search --new`` and the saved searches read it.  A run's
record is rewritten in every commit of the run, in the same commit as the
articles it names, so after a kill it still names exactly what was kept.
Only the last ``KEEP_RUNS`` runs are kept.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import asdict, dataclass, field

from sclerodex.engine import StoreReader
from sclerodex.index.documents import ledger_document, ledger_records
from sclerodex.index.ledger import RUN

KEEP_RUNS = 20


@dataclass
class RunRecord:
    """One run: when it started and ended, and the articles it wrote."""

    number: int
    started: str
    finished: str | None = None
    new: list[str] = field(default_factory=list)  # article ids
    updated: list[str] = field(default_factory=list)

    def key(self) -> str:
        return f"{self.number:09d}"

    def to_document(self) -> dict:
        return ledger_document(RUN, self.key(), asdict(self))

    @classmethod
    def from_record(cls, record: dict) -> RunRecord:
        return cls(
            number=record["number"],
            started=record["started"],
            finished=record.get("finished"),
            new=list(record.get("new") or ()),
            updated=list(record.get("updated") or ()),
        )

    def changed(self) -> list[str]:
        """Ids of the articles this run added or changed."""
        return self.new + [article_id for article_id in self.updated if article_id not in self.new]


def all_runs(reader: StoreReader) -> list[RunRecord]:
    """Every run kept, oldest first."""
    return sorted((RunRecord.from_record(r) for r in ledger_records(reader, RUN)), key=lambda run: run.number)


def last_run(reader: StoreReader) -> RunRecord | None:
    runs = all_runs(reader)
    return runs[-1] if runs else None


def changes_after(runs: list[RunRecord], after: int, through: int | None = None) -> tuple[frozenset[str], range]:
    """The articles changed by the kept ``runs`` numbered after ``after``
    (and up to ``through``), and the runs in that span no longer kept (their
    changes are unknown: only the last ``KEEP_RUNS`` are kept)."""
    wanted = [run for run in runs if run.number > after and (through is None or run.number <= through)]
    changed = frozenset(article_id for run in wanted for article_id in run.changed())
    first_kept = runs[0].number if runs else after + 1
    return changed, range(after + 1, max(after + 1, first_kept))


def now() -> str:
    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds")
