"""bench/fuzz.py's parts: ``inputs`` and ``generators`` make hostile input,
``mutators`` spoil it, ``checks`` say what must never happen, ``runner``
drives them (phases, watchdog, report, command line)."""

import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]  # the checkout: sclerodex is imported from it when not installed
if str(ROOT) not in sys.path:
    sys.path.insert(0, str(ROOT))
