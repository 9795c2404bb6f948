"""Where the index lives: --index DIR, else $SCLERODEX_INDEX, else a per-user
data directory."""

from __future__ import annotations

import os
from pathlib import Path

ENV_VAR = "SCLERODEX_INDEX"


def resolve_index_dir(explicit: str | os.PathLike | None = None) -> Path:
    if explicit:
        return Path(explicit).expanduser()
    if os.environ.get(ENV_VAR):
        return Path(os.environ[ENV_VAR]).expanduser()
    from platformdirs import user_data_dir

    return Path(user_data_dir("sclerodex", appauthor=False)) / "index"
