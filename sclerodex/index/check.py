"""``sclerodex index check``: read every part of the index and report damage.

It opens the current generation, reads every stored document, walks every
term's postings, and checks that each article has all of its sections, so
that a truncated, missing or garbled file is found before a search trips on
it.  Nothing is changed.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path

from sclerodex.engine import StoreReader
from sclerodex.errors import IndexMissing, SclerodexError
from sclerodex.index.documents import article_id_of, article_record, stored_role
from sclerodex.whoosh_engine.schema import ARTICLE, SECTION
from sclerodex.whoosh_engine.storage import current_generation
from sclerodex.whoosh_engine.store import open_store


@dataclass
class CheckReport:
    path: str
    articles: int = 0
    sections: int = 0
    problems: list[str] = field(default_factory=list)

    @property
    def healthy(self) -> bool:
        return not self.problems


def check_index(index_dir: Path) -> CheckReport:
    report = CheckReport(str(index_dir))
    generation = current_generation(index_dir)
    if generation is None:
        raise IndexMissing(f"no index at {index_dir}")
    try:
        store = open_store(index_dir)
    except SclerodexError as problem:
        report.problems.append(str(problem))
        return report
    except Exception as problem:  # any failure to open is damage, which is what we report
        report.problems.append(f"cannot open {generation.name}: {_describe(problem)}")
        return report
    try:
        reader = store.reader()
    except Exception as problem:
        report.problems.append(f"cannot read {generation.name}: {_describe(problem)}")
        return report
    with reader:
        _check_stored(reader, report)
        _check_postings(reader, report)
    return report


def _check_stored(reader: StoreReader, report: CheckReport) -> None:
    expected: dict[str, int] = {}
    found: Counter[str] = Counter()
    unreadable = 0
    for _, fields in reader.stored_documents():
        if fields is None:
            unreadable += 1
            continue
        role = stored_role(fields)
        if role == ARTICLE:
            try:
                article_id, count = article_id_of(fields), article_record(fields).section_count
            except (AttributeError, KeyError, TypeError, ValueError):  # a garbled record
                count = None
            if count is None:
                report.problems.append(f"article record unreadable: {article_id_of(fields, None)!r}")
            else:
                expected[article_id] = count
        elif role == SECTION:
            found[article_id_of(fields, None)] += 1
    if unreadable:
        report.problems.append(f"{unreadable} stored documents cannot be read")
    for article_id, count in expected.items():
        if found[article_id] != count:
            report.problems.append(f"article {article_id} has {found[article_id]} of its {count} sections")
    for article_id in found.keys() - expected.keys():
        report.problems.append(f"sections of {article_id} have no article record")
    report.articles = len(expected)
    report.sections = sum(found.values())


def _check_postings(reader: StoreReader, report: CheckReport) -> None:
    for fieldname, problem in reader.unreadable_fields():
        report.problems.append(f"the {fieldname!r} field's terms cannot be read: {_describe(problem)}")


def _describe(problem: Exception) -> str:
    return f"{type(problem).__name__}: {problem}"[:200]
