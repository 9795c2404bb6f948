"""``sclerodex sources``: the remembered sources, and forgetting one."""

from __future__ import annotations

import sys

import click

from sclerodex.cli.base import (
    EXIT_NOTHING,
    cli,
    format_option,
    index_option,
    no_pager_option,
    print_listing,
    say_waiting,
    wait_option,
)


@cli.group(invoke_without_command=True)
@format_option()
@index_option
@no_pager_option
@click.pass_context
def sources(ctx: click.Context, output_format) -> None:
    """List the remembered sources: every folder, file, page and feed given
    to ingest, with when it was last read, what it gave (articles, skipped,
    excluded) and what of it is still failing, since when.

    'sclerodex update' reads them all again.

    \b
    Example:
      sclerodex sources --format json
      sclerodex sources remove ~/Downloads/articles/
    """
    if ctx.invoked_subcommand is not None:
        return
    from sclerodex.index.failing import failing_by_source
    from sclerodex.index.remembered import list_remembered
    from sclerodex.output.sources import sources_json, sources_text

    found = list_remembered(ctx.obj)
    failing = failing_by_source(ctx.obj) if found else {}
    print_listing(
        found, output_format, lambda rows: sources_json(rows, failing),
        lambda rows, width: sources_text(rows, width, failing),
        empty="no remembered sources: 'sclerodex ingest PATH' remembers each folder, file, page or feed",
    )


@sources.command(name="remove")
@click.argument("source")
@wait_option
@index_option
@click.pass_obj
def sources_remove(index_dir, source, wait) -> None:
    """Forget a source: 'update' no longer reads it.  Its articles stay
    (ingest --prune on its folder, or 'sclerodex remove', takes them out).

    \b
    Example:
      sclerodex sources remove https://sclerodermanews.com/feed/
    """
    from sclerodex.sync.names import forget_source

    forgotten = forget_source(index_dir, source, wait=wait, on_wait=say_waiting)
    if forgotten is None:
        click.echo(f"not a remembered source: {source}", err=True)
        sys.exit(EXIT_NOTHING)
    click.echo(f"forgot {forgotten.source}")
