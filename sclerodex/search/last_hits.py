"""The hits of the last search, remembered per index so that ``show 3`` and
``open 3`` can name hit 3 of it.

They are kept in the user's cache folder (platformdirs: ``~/.cache/sclerodex``
on Linux, honouring ``$XDG_CACHE_HOME``), one small JSON file per index (by a
hash of its resolved path), replaced whole by each search (written aside,
then renamed: a reader never sees half a list).  Only names are kept, not
text: ``show 3`` reads the article from the index as it is now.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import asdict, dataclass
from pathlib import Path

from sclerodex.errors import NothingMatched
from sclerodex.search.records import SearchResult


@dataclass(frozen=True)
class RememberedHit:
    number: int
    article_id: str
    title: str
    path: tuple[str, ...]
    ordinal: int

    def label(self) -> str:
        return " › ".join((self.title, *self.path)) if self.path else self.title


def is_hit_number(name: str) -> bool:
    """A name made of digits only is a hit number (a file named ``3`` is
    given as ``./3``; no article id or URL is digits alone)."""
    return name.isascii() and name.isdigit()


def cache_folder() -> Path:
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("sclerodex", appauthor=False)) / "last-search"


def _file_of(index_dir: Path) -> Path:
    key = hashlib.sha256(str(Path(index_dir).expanduser().resolve()).encode("utf-8", "surrogateescape")).hexdigest()
    return cache_folder() / f"{key[:24]}.json"


def remember_hits(index_dir: Path, result: SearchResult) -> None:
    """Keep ``result``'s hits as the last search of ``index_dir``.  Raises
    OSError when the cache folder cannot be written."""
    hits = [
        RememberedHit(number, hit.article.id, hit.article.title, tuple(hit.section.path), hit.section.ordinal)
        for number, hit in enumerate(result.hits, 1)
    ]
    record = {"index": str(Path(index_dir).expanduser().resolve()), "query": result.query,
              "hits": [asdict(hit) for hit in hits]}
    target = _file_of(index_dir)
    target.parent.mkdir(parents=True, exist_ok=True)
    aside = target.with_suffix(f".{os.getpid()}.tmp")
    aside.write_text(json.dumps(record, ensure_ascii=False), encoding="utf-8")
    os.replace(aside, target)


def remembered_hit(index_dir: Path, number: int) -> RememberedHit:
    """Hit ``number`` of the last search of ``index_dir``; NothingMatched
    (exit 1) when there is no such hit, saying why."""
    try:
        record = json.loads(_file_of(index_dir).read_text(encoding="utf-8"))
        hits = [RememberedHit(**{**hit, "path": tuple(hit["path"])}) for hit in record["hits"]]
        query = str(record["query"])
    except FileNotFoundError:
        raise NothingMatched(f"no search of this index to take hit {number} from: run 'sclerodex search' first") from None
    except (OSError, ValueError, KeyError, TypeError):
        raise NothingMatched(
            f"the last search's hits could not be read from {_file_of(index_dir)}: run 'sclerodex search' again"
        ) from None
    if not 1 <= number <= len(hits):
        found = f"{len(hits)} hit{'s' if len(hits) != 1 else ''}" if hits else "no hits"
        raise NothingMatched(f"{number} is not a hit of the last search ({query!r} gave {found})")
    return hits[number - 1]
