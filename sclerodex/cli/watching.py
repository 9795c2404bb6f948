"""``sclerodex watch``: saved searches."""

from __future__ import annotations

import sys

import click

from sclerodex.cli.base import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_NOTHING,
    cli,
    format_option,
    index_option,
    no_pager_option,
    print_listing,
    say_waiting,
    wait_option,
)
from sclerodex.cli.searching import QueryCommand


@cli.group()
@index_option
def watch() -> None:
    """Saved searches, run after every ingest and update over what it added
    or changed; each reports a section once (again only if it changed).
    One that cannot run is named on stderr, the others still report, and it
    reports the articles it missed after the next update (exit 2 then).

    \b
    Example:
      sclerodex watch add "nintedanib OR Ofev"
      sclerodex watch list
      sclerodex watch run 1
      sclerodex watch remove 1
    """


@watch.command(name="add", cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY, or 7d, 2w, 6m, 1y, today, yesterday; a time ago stays relative: checked against each run's date).")
@click.option("--until", metavar="DATE", help="Only articles published on or before DATE.")
@click.option("--tag", "tags", metavar="TAG", multiple=True, help="Only articles with this tag (repeat for several).")
@click.option("--site", metavar="NAME", help="Only articles from this site.")
@click.option("--synonyms/--no-synonyms", default=True, help="Also match brand/generic names and abbreviations.")
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most hits shown per run.")
@wait_option
@index_option
@click.pass_obj
def watch_add(index_dir, query, since, until, tags, site, synonyms, limit, wait) -> None:
    """Save a search: any query, with the options of 'sclerodex search'.

    The query is read as 'sclerodex search' reads it, and refused when
    search would refuse it (exit 2).  The same search saved again is not
    added twice.  It reports what the next ingest or update adds or changes.

    \b
    Example:
      sclerodex watch add "nintedanib OR Ofev"
      sclerodex watch add rituximab --tag "lung disease"
    """
    from sclerodex.search.saved import add_watch

    saved, added = add_watch(
        index_dir, " ".join(query), tags=tags, site=site, since=since, until=until, synonyms=synonyms,
        limit=limit, wait=wait, on_wait=say_waiting,
    )
    if added:
        click.echo(f"saved search {saved.number}: {saved.label()}")
    else:
        click.echo(f"already saved as {saved.number}: {saved.label()}")


@watch.command(name="list")
@format_option()
@index_option
@no_pager_option
@click.pass_obj
def watch_list(index_dir, output_format) -> None:
    """List the saved searches with their numbers.

    \b
    Example:
      sclerodex watch list --format json
    """
    from sclerodex.output.watches import watches_list_json, watches_list_text
    from sclerodex.search.saved import list_watches

    found = list_watches(index_dir)
    print_listing(found, output_format, watches_list_json, watches_list_text,
                  empty="no saved searches: 'sclerodex watch add QUERY' saves one")


@watch.command(name="remove")
@click.argument("number", type=click.IntRange(1))
@wait_option
@index_option
@click.pass_obj
def watch_remove(index_dir, number, wait) -> None:
    """Delete a saved search, by its number in 'sclerodex watch list'.

    \b
    Example:
      sclerodex watch remove 2
    """
    from sclerodex.search.saved import remove_watch

    removed = remove_watch(index_dir, number, wait=wait, on_wait=say_waiting)
    click.echo(f"removed saved search {removed.number}: {removed.label()}")


@watch.command(name="run")
@click.argument("number", type=click.IntRange(1), required=False)
@click.option("--new", "only_new", is_flag=True, help="Only the articles the last ingest or update added or changed.")
@format_option()
@index_option
@click.pass_obj
def watch_run(index_dir, number, only_new, output_format) -> None:
    """Run the saved searches now (or saved search NUMBER), over the whole
    index, and print their hits as 'update' does.  Nothing is marked
    reported: the next update reports what it would have.
    Exit 0 when something matched, 1 when nothing did, 2 on error (a saved
    search that could not run included).

    \b
    Example:
      sclerodex watch run
      sclerodex watch run 2 --new
    """
    from sclerodex.output.hits import color_wanted
    from sclerodex.output.watches import watch_failure_line, watch_run_json, watches_text
    from sclerodex.search.saved import run_watches

    check = run_watches(index_dir, number, only_new)
    if not check.reports and not check.failures:
        click.echo("no saved searches: 'sclerodex watch add QUERY' saves one", err=True)
    if output_format == "json":
        click.echo(watch_run_json(check))
    elif check.matched():
        click.echo(watches_text(check.matched(), color_wanted(None, sys.stdout.isatty()), new=False), color=True)
    for report in check.reports:
        if report.result is None and output_format != "json":
            among = "the articles the last run added or changed" if only_new else "the index"
            click.echo(f"saved search {report.watch.number}: no matches in {among}", err=True)
    for failure in check.failures:
        click.echo(watch_failure_line(failure), err=True)
    sys.exit(EXIT_ERROR if check.failures else EXIT_FOUND if check.matched() else EXIT_NOTHING)
