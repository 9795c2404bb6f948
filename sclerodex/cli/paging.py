"""Long output through a pager, as git does.

On a terminal, output longer than the screen goes through ``$SCLERODEX_PAGER``,
else ``$PAGER``, else ``less -FRX`` when it is installed (``-F``: it quits at
once when the text fits after all; ``-R``: colours pass; ``-X``: the text stays
on the screen after it quits).  ``--no-pager``, a piped stdout, or a pager
set to ``cat`` or to nothing print straight away.  A pager that cannot be
started is said on stderr and the text printed anyway: nothing is lost.
"""

from __future__ import annotations

import math
import os
import shutil
import signal
import subprocess
import sys

import click

from sclerodex.output.fitting import visible_len

# Set in the click context's meta by --no-pager (cli/base.py's option).
NO_PAGER = "sclerodex.no_pager"

PAGER_VARIABLES = ("SCLERODEX_PAGER", "PAGER")
DEFAULT_PAGER = "less -FRX"
_NOT_FOUND = 127  # the shell's exit code for a command it cannot find


def pager_command() -> str | None:
    """The pager to use, or None for none (a variable set to '' or 'cat')."""
    for variable in PAGER_VARIABLES:
        if variable in os.environ:
            command = os.environ[variable].strip()
            return None if command in ("", "cat") else command
    return DEFAULT_PAGER if shutil.which("less") else None


def screen_lines(text: str, columns: int) -> int:
    """How many lines of the screen ``text`` takes, long lines folded."""
    return sum(max(1, math.ceil(visible_len(line) / max(1, columns))) for line in text.split("\n"))


def wants_pager(text: str) -> bool:
    context = click.get_current_context(silent=True)
    if context is not None and context.meta.get(NO_PAGER):
        return False
    if not sys.stdout.isatty():
        return False
    size = shutil.get_terminal_size()
    return screen_lines(text, size.columns) > size.lines - 1  # the prompt takes a line


def page(text: str) -> None:
    """Print ``text`` (and a newline), through the pager when it is longer
    than the screen and stdout is a terminal."""
    command = pager_command() if wants_pager(text) else None
    if command is None or not _through_pager(command, text + "\n"):
        click.echo(text, color=True)


def _through_pager(command: str, text: str) -> bool:
    """Run the pager on ``text``; False when it could not be started."""
    environment = dict(os.environ)
    environment.setdefault("LESS", "FRX")  # as git: less quits when the text fits, keeps colours
    environment.setdefault("LV", "-c")
    sys.stdout.flush()
    try:
        pager = subprocess.Popen(command, shell=True, stdin=subprocess.PIPE, env=environment)
    except OSError as problem:
        click.echo(f"the pager {command!r} could not be started ({problem.strerror}); printing directly", err=True)
        return False
    # Ctrl-C belongs to the pager while it runs (less uses it to stop a search).
    previous = signal.signal(signal.SIGINT, signal.SIG_IGN)
    try:
        try:
            pager.stdin.write(text.encode(sys.stdout.encoding or "utf-8", "replace"))
            pager.stdin.close()
        except (BrokenPipeError, OSError):  # the reader quit before the end: fine
            pass
        code = pager.wait()
    finally:
        signal.signal(signal.SIGINT, previous)
    if code == _NOT_FOUND:
        click.echo(f"the pager {command!r} was not found; printing directly", err=True)
        return False
    return True
