"""Where the index lives: --index DIR, else $SCLERODEX_INDEX, else a per-user
data directory."""

from __future__ import annotations

import os
from pathlib import Path

from sclerodex.errors import SclerodexError

ENV_VAR = "SCLERODEX_INDEX"


def resolve_index_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("sclerodex", appauthor=False)) / "index"


def index_from_environment() -> Path:
    """$SCLERODEX_INDEX, else the per-user folder; a variable that names a
    file is an error that says which variable to fix."""
    value = os.environ.get(ENV_VAR)
    if value and Path(value).expanduser().is_file():
        raise SclerodexError(f"{ENV_VAR}={value} names a file, not an index folder: set it to a folder")
    return resolve_index_dir()
