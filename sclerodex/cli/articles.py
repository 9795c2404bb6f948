"""``sclerodex remove``, ``show`` and ``list``: articles by name."""

from __future__ import annotations

import sys

import click

from sclerodex.cli.base import (
    EXIT_FOUND,
    EXIT_NOTHING,
    cli,
    index_option,
    wait_option,
    format_option,
    say_waiting,
    new_option,
    added_since_option,
    changed_since,
    print_listing,
)


@cli.command()
@click.argument("articles", nargs=-1, required=True)
@wait_option
@index_option
@click.pass_obj
def remove(index_dir, articles, wait) -> None:
    """Remove articles, named by id, URL or source path.

    \b
    Example:
      sclerodex remove https://sclerodermanews.com/2024/05/14/some-article/
      sclerodex remove ~/Downloads/articles/old-page.html
    """
    from sclerodex.index.catalog import remove_articles

    removed, missing = remove_articles(index_dir, list(articles), wait=wait, on_wait=say_waiting)
    for article_id in removed:
        click.echo(f"removed {article_id}")
    for key in missing:
        click.echo(f"not in the index: {key}", err=True)
    sys.exit(EXIT_NOTHING if missing else EXIT_FOUND)


@cli.command()
@click.argument("article")
@format_option()
@index_option
@click.pass_obj
def show(index_dir, article, output_format) -> None:
    """Print one whole article: metadata, every section, the disclaimer.

    \b
    Example:
      sclerodex show https://sclerodex.invalid/samples/raynauds-phenomenon/
    """
    from sclerodex.index.catalog import show_article
    from sclerodex.output.articles import article_json, article_text

    found = show_article(index_dir, article)
    if found is None:
        click.echo(f"not in the index: {article}", err=True)
        sys.exit(EXIT_NOTHING)
    click.echo(article_json(found) if output_format == "json" else article_text(found))


@cli.command(name="list")
@format_option()
@index_option
@new_option
@added_since_option
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
