"""``sclerodex browse``: the interactive search screen.

Textual is imported inside the command, never at start-up: ``sclerodex
search`` and every other command start without it.
"""

from __future__ import annotations

import sys

import click

from sclerodex.cli.base import EXIT_FOUND, SclerodexCommandError, cli, index_option


@cli.command()
@click.argument("query", nargs=-1)
@index_option
@click.pass_obj
def browse(index_dir, query) -> None:
    """Search as you type, on a full-screen view: the hits, a preview of the
    selected one with its passage marked in its section, and the source's
    disclaimer always under it.

    \b
    Keys: type to search; Down or Enter: to the hits; Up/Down: select;
    Left/Right: the article's other sections; Enter: the whole article;
    o: open in the web browser; w: save the query as a saved search;
    /: filters (tag:TAG site:NAME since:DATE until:DATE); Esc: back;
    q, Ctrl-C: quit.

    \b
    Example:
      sclerodex browse
      sclerodex browse raynaud cold
    """
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        raise SclerodexCommandError("browse needs a terminal: use 'sclerodex search' in scripts and pipes")
    from sclerodex.whoosh_engine.store import open_store

    open_store(index_dir)  # no index: the usual one-line error, before the screen takes over
    from sclerodex.browse.app import BrowseApp

    BrowseApp(index_dir, " ".join(query)).run()
    sys.exit(EXIT_FOUND)
