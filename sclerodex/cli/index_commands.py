"""``sclerodex index``: stats, check, rebuild, optimize."""

from __future__ import annotations

import sys

import click

from sclerodex.cli.base import (
    EXIT_NOTHING,
    cli,
    format_option,
    index_option,
    no_pager_option,
    say_waiting,
    wait_option,
)


@cli.group()
@index_option
def index() -> None:
    """Look after the index: stats, check, rebuild, optimize.

    \b
    Example:
      sclerodex index stats
    """


@index.command()
@click.option("--all", "show_all", is_flag=True, help="List every site and tag (text mode shows the 20 most common).")
@format_option()
@index_option
@no_pager_option
@click.pass_obj
def stats(index_dir, show_all, output_format) -> None:
    """Counts of articles, sections, sites and tags; size; last update.

    Text mode lists the 20 most common sites and tags and says how many more
    there are; --all lists every one (JSON always has them all).

    \b
    Example:
      sclerodex index stats --all
      sclerodex index stats --format json
    """
    from sclerodex.index.catalog import index_stats
    from sclerodex.output.index_stats import stats_json, stats_text

    figures = index_stats(index_dir)
    from sclerodex.cli.paging import page

    page(stats_json(figures) if output_format == "json" else stats_text(figures, show_all))


@index.command()
@index_option
@click.pass_obj
def check(index_dir) -> None:
    """Read the whole index and report any damage (exit 0 healthy, 1 damaged).

    \b
    Example:
      sclerodex index check
    """
    from sclerodex.index.check import check_index

    report = check_index(index_dir)
    if report.healthy:
        click.echo(f"ok: {report.articles} articles, {report.sections} sections, no damage found")
        return
    for problem in report.problems:
        click.echo(f"damaged: {problem}")
    click.echo("run 'sclerodex index rebuild' to rebuild the index from what can still be read", err=True)
    sys.exit(EXIT_NOTHING)


@index.command()
@wait_option
@index_option
@click.pass_obj
def rebuild(index_dir, wait) -> None:
    """Re-index every article from what the index stores (no source is read).

    Needed after an upgrade that changes the schema or the analyser; the new
    index replaces the old one in one step, so searches keep working.

    \b
    Example:
      sclerodex index rebuild
    """
    from sclerodex.index.maintenance import rebuild_index

    rebuilt = rebuild_index(index_dir, wait=wait, on_wait=say_waiting)
    click.echo(f"rebuilt: {rebuilt.articles} articles, {rebuilt.sections} sections")
    if rebuilt.lost:
        click.echo(
            f"{len(rebuilt.lost)} damaged documents could not be read; ingest their sources again to restore them",
            err=True,
        )
        sys.exit(EXIT_NOTHING)


@index.command()
@wait_option
@index_option
@click.pass_obj
def optimize(index_dir, wait) -> None:
    """Merge the index's segments into one, for faster searches.

    \b
    Example:
      sclerodex index optimize
    """
    from sclerodex.index.maintenance import optimize_index

    optimize_index(index_dir, wait=wait, on_wait=say_waiting)
    click.echo("optimized")
