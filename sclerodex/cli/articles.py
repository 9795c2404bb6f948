"""``sclerodex remove``, ``show`` and ``list``: articles by name."""

from __future__ import annotations

import sys

import click

from sclerodex.cli.base import (
    EXIT_FOUND,
    EXIT_NOTHING,
    SclerodexCommandError,
    added_since_option,
    changed_since,
    cli,
    format_option,
    index_option,
    new_option,
    no_pager_option,
    print_listing,
    say_waiting,
    terminal_width,
    wait_option,
)


@cli.command()
@click.argument("articles", nargs=-1, required=True)
@wait_option
@index_option
@click.pass_obj
def remove(index_dir, articles, wait) -> None:
    """Remove articles, named by id, URL or source path, or every article
    under a folder or site URL.  Removed articles stay out: 'update' and
    the ingest of their folder or feed skip them (counted as excluded);
    naming the file or URL itself to 'sclerodex ingest' brings one back.

    \b
    Example:
      sclerodex remove https://sclerodermanews.com/2024/05/14/some-article/
      sclerodex remove ~/Downloads/articles/old-page.html
      sclerodex remove ~/Downloads/old-articles/
    """
    from sclerodex.index.catalog import remove_articles
    from sclerodex.output.articles import removed_note, removed_text

    removed, missing = remove_articles(index_dir, list(articles), wait=wait, on_wait=say_waiting)
    if removed:
        click.echo(removed_text(removed))
        click.echo(removed_note(removed), err=True)
    for key in missing:
        click.echo(f"not in the index: {key}", err=True)
    sys.exit(EXIT_NOTHING if missing else EXIT_FOUND)


@cli.command()
@click.argument("article")
@format_option()
@index_option
@no_pager_option
@click.pass_obj
def show(index_dir, article, output_format) -> None:
    """Print one whole article: metadata, every section, the disclaimer.

    ARTICLE is a hit number of the last search of this index (digits alone:
    'show 3'), else an article's id, URL or source path (a file named 3 is
    './3').

    \b
    Example:
      sclerodex show 3
      sclerodex show https://sclerodex.invalid/samples/raynauds-phenomenon/
    """
    from sclerodex.output.articles import article_json, article_text
    from sclerodex.search.by_name import article_named

    found = article_named(index_dir, article)
    if found is None:
        click.echo(f"not in the index: {article}", err=True)
        sys.exit(EXIT_NOTHING)
    from sclerodex.cli.paging import page

    page(article_json(found) if output_format == "json" else article_text(found, terminal_width()))


@cli.command(name="open")
@click.argument("article")
@index_option
@click.pass_obj
def open_command(index_dir, article) -> None:
    """Open an article in the web browser: its URL, or its saved page.

    ARTICLE is named as 'sclerodex show' takes it: a hit number of the last
    search ('sclerodex search raynaud', then 'sclerodex open 2'), else an id,
    URL or source path.

    \b
    Example:
      sclerodex open 2
      sclerodex open https://sclerodex.invalid/samples/raynauds-phenomenon/
    """
    import webbrowser

    from sclerodex.search.by_name import address_of, article_named

    found = article_named(index_dir, article)
    if found is None:
        click.echo(f"not in the index: {article}", err=True)
        sys.exit(EXIT_NOTHING)
    address = address_of(found)
    if address is None:
        click.echo(f"{found.id} has no URL and its saved page {found.source} is gone: 'sclerodex show' prints it", err=True)
        sys.exit(EXIT_NOTHING)
    if not webbrowser.open(address):
        raise SclerodexCommandError(f"no web browser could be started (set $BROWSER); the article is at {address}")
    click.echo(f"opened {address}")


@cli.command(name="list")
@format_option()
@index_option
@new_option
@added_since_option
@no_pager_option
@click.pass_obj
def list_command(index_dir, output_format, only_new, added_since) -> None:
    """List the indexed articles, newest first: date, title, id, source.

    \b
    Example:
      sclerodex list --format json
      sclerodex list --new
    """
    from sclerodex.index.catalog import list_articles
    from sclerodex.output.articles import list_json, list_text

    rows = list_articles(index_dir, only=changed_since(index_dir, only_new, added_since))
    print_listing(rows, output_format, list_json, list_text, empty=_no_articles(only_new, added_since))


def _no_articles(only_new: bool, added_since: str | None) -> str:
    """The line saying why ``list`` shows nothing."""
    if only_new and added_since:
        return f"no articles added or changed by the last run since {added_since}"
    if only_new:
        return "no articles added or changed by the last run"
    if added_since:
        return f"no articles added since {added_since}"
    return "no articles in the index: 'sclerodex ingest PATH' adds some"
