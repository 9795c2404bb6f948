"""The ``sclerodex`` command: parses options, calls the library, prints.

A module per group of commands; importing them registers them on the group
defined in :mod:`sclerodex.cli.base`.
"""

from __future__ import annotations

import signal
import sys

import click

from sclerodex.cli import articles, completion, index_commands, ingesting, searching, sources, watching  # noqa: F401
from sclerodex.cli.base import EXIT_INTERRUPTED, cli

__all__ = ["cli", "main"]


def main() -> None:
    try:
        cli(prog_name="sclerodex")
    except KeyboardInterrupt:  # Ctrl-C outside an ingest (which says more): no traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
