"""Files and folders -> articles, one result per source, never raising for one
bad source: the batch goes on and the bad source is reported with a reason."""

from __future__ import annotations

import os
import stat
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, replace
from pathlib import Path

from sclerodex.errors import UnusableSource
from sclerodex.ingest.decode import decode_bytes
from sclerodex.ingest.kinds import is_article_file, looks_like_html
from sclerodex.ingest.limits import DEFAULT_MAX_BYTES, too_large
from sclerodex.ingest.records import Article


@dataclass(frozen=True)
class SourceResult:
    """What became of one source: an article, or the reason it was skipped."""

    source: str
    article: Article | None = None
    reason: str | None = None


def parse_document(data: bytes, source: str) -> Article:
    """Bytes of a page or plain-text export -> Article; which one is sniffed
    from the content (kinds.py), not the name."""
    from sclerodex.ingest.plaintext import parse_plaintext
    from sclerodex.ingest.webpage import parse_webpage

    text = decode_bytes(data)
    if not text.strip():
        raise UnusableSource("empty file")
    if looks_like_html(text):
        return parse_webpage(text, source)
    return parse_plaintext(text, source)


def expand_paths(paths: Iterable[str | os.PathLike]) -> Iterator[tuple[str, str | None]]:
    """(resolved path, problem) for each file named or found in a folder.

    Folders are walked recursively in sorted order, keeping files with an
    article suffix; symlinks are not followed out of, or round, a folder.
    Files named explicitly are taken whatever their suffix.
    """
    for raw in paths:
        path = Path(raw).expanduser()
        if path.is_dir():
            yield from _walk(path)
        elif path.exists():
            yield str(path.resolve()), None
        elif path.is_symlink():
            yield str(path), "broken or looping symlink"
        else:
            yield str(path), "no such file or folder"


def _walk(root: Path) -> Iterator[tuple[str, str | None]]:
    """Article files below ``root``.  Symlinked folders are not entered (no
    loops); a symlinked file is read only when it points inside ``root``."""
    top = root.resolve()
    unreadable: list[OSError] = []
    for folder, dirs, files in os.walk(top, followlinks=False, onerror=unreadable.append):
        yield from _unreadable_folders(unreadable)
        dirs.sort()
        for name in sorted(files):
            if not is_article_file(name):
                continue
            full = Path(folder, name)
            try:
                resolved = full.resolve(strict=True)
            except (OSError, RuntimeError):
                yield str(full), "broken or looping symlink"
                continue
            if not resolved.is_relative_to(top):
                yield str(full), "symlink pointing out of the folder"
            else:
                yield str(resolved), None
    yield from _unreadable_folders(unreadable)


def _unreadable_folders(errors: list[OSError]) -> Iterator[tuple[str, str | None]]:
    """A folder os.walk could not list, as a skipped source with its reason."""
    while errors:
        problem = errors.pop(0)
        yield str(problem.filename), f"cannot read the folder: {problem.strerror or problem}"


def read_file(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[os.stat_result, bytes]:
    """A regular file's status and bytes; UnusableSource when it cannot be used."""
    try:
        status = os.stat(path)
        if not stat.S_ISREG(status.st_mode):
            raise UnusableSource("not a regular file")
        if status.st_size > max_bytes:
            raise too_large(max_bytes)
        with open(path, "rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as problem:
        raise UnusableSource(problem.strerror or str(problem)) from None
    if len(data) > max_bytes:
        raise too_large(max_bytes)
    return status, data


def read_source(path: str, max_bytes: int = DEFAULT_MAX_BYTES) -> SourceResult:
    """Read and parse one file; any problem becomes a skip reason."""
    try:
        return SourceResult(path, article=parse_document(read_file(path, max_bytes)[1], path))
    except UnusableSource as problem:
        return SourceResult(path, reason=str(problem))


_DATA = Path(__file__).resolve().parent.parent / "data"

# The page each bundled plain-text export was saved from: its id, wherever the
# package is installed (the sample pages name theirs in their HTML).
SAMPLE_URLS = {"000_f5aa47efbb1f98a4.txt": "https://sclerodermanews.com/imuran-azathioprine/"}


def sample_paths() -> list[str]:
    """The bundled sample articles: the seed export and the sample pages."""
    return [str(p) for p in sorted((_DATA / "seed").glob("*.txt"))] + [
        str(p) for p in sorted((_DATA / "samples").glob("*.html"))
    ]


def is_bundled_sample(path: str) -> bool:
    """A bundled sample's path, in this installation or any other one."""
    parts = Path(path).parts
    return len(parts) >= 4 and parts[-4:-2] == ("sclerodex", "data") and parts[-2] in ("seed", "samples")


def with_sample_url(article: Article) -> Article:
    """A bundled export's article under its page URL instead of its path."""
    url = SAMPLE_URLS.get(Path(article.source).name)
    if url is None or article.url is not None:
        return article
    return replace(article, id=url, url=url)
