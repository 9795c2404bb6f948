"""``sclerodex watch``: saved searches."""

from __future__ import annotations

import click

from sclerodex.cli.base import cli, format_option, index_option, print_listing, say_waiting, wait_option


@cli.group()
def watch() -> None:
    """Saved searches, run after every ingest and update over what it added
    or changed; each reports a section once (again only if it changed).

    \b
    Example:
      sclerodex watch add "nintedanib OR Ofev"
      sclerodex watch list
      sclerodex watch remove 1
    """


@watch.command(name="add")
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

    \b
    Example:
      sclerodex watch add "nintedanib OR Ofev"
      sclerodex watch add rituximab --tag "lung disease"
    """
    from sclerodex.search.saved import add_watch

    saved = add_watch(
        index_dir, " ".join(query), tags=tags, site=site, since=since, until=until, synonyms=synonyms,
        limit=limit, wait=wait, on_wait=say_waiting,
    )
    click.echo(f"saved search {saved.number}: {saved.label()}")


@watch.command(name="list")
@format_option()
@index_option
@click.pass_obj
def watch_list(index_dir, output_format) -> None:
    """List the saved searches with their numbers.

    \b
    Example:
      sclerodex watch list --format json
    """
    from sclerodex.search.saved import list_watches
    from sclerodex.output.watches import watches_list_json, watches_list_text

    found = list_watches(index_dir)
    print_listing(found, output_format, watches_list_json, watches_list_text)


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
