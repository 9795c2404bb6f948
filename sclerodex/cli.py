"""The ``sclerodex`` command: parses options, calls the library, prints.

Exit codes follow grep: 0 found (or done), 1 nothing found (or some sources
skipped), 2 error.
"""

from __future__ import annotations

import sys

import click

from sclerodex import __version__
from sclerodex.errors import SclerodexError

EXIT_FOUND, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2


class SclerodexCommandError(click.ClickException):
    """A library error shown as one line, exiting 2 like grep."""

    exit_code = EXIT_ERROR


def fail(problem: Exception) -> SclerodexCommandError:
    return SclerodexCommandError(str(problem))


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", prog_name="sclerodex")
@click.option(
    "--index",
    "index_dir",
    envvar="SCLERODEX_INDEX",
    type=click.Path(file_okay=False),
    help="Index folder (default: $SCLERODEX_INDEX, else a per-user data folder).",
)
@click.pass_context
def cli(ctx: click.Context, index_dir: str | None) -> None:
    """Full-text search for health-news articles, from the terminal.

    \b
    Example:
      sclerodex ingest --samples
      sclerodex search "cyclophosphamide lung"
    """
    from sclerodex.index.location import resolve_index_dir

    ctx.obj = resolve_index_dir(index_dir)


@cli.command()
@click.argument("sources", nargs=-1, type=click.Path())
@click.option("--samples", is_flag=True, help="Also ingest the bundled sample articles.")
@click.option("--quiet", "-q", is_flag=True, help="Print only the summary line and skip reasons.")
@click.pass_obj
def ingest(index_dir, sources: tuple[str, ...], samples: bool, quiet: bool) -> None:
    """Ingest articles: HTML pages and plain-text exports, files or folders.

    Folders are read recursively.  An article ingested again replaces its
    earlier version.  Sources that cannot be used are skipped with a reason.

    \b
    Example:
      sclerodex ingest ~/Downloads/articles/ saved-page.html
      sclerodex ingest --samples
    """
    from sclerodex.index.sync import ingest_paths
    from sclerodex.ingest.sources import sample_paths

    paths = list(sources) + (sample_paths() if samples else [])
    if not paths:
        raise click.UsageError("give one or more files or folders to ingest, or --samples")

    def report(result) -> None:
        if result.article is None:
            click.echo(f"skipped {result.source}: {result.reason}", err=True)

    try:
        summary = ingest_paths(index_dir, paths, on_result=report)
    except SclerodexError as problem:
        raise fail(problem) from None
    click.echo(summary.line(), err=quiet)
    sys.exit(EXIT_NOTHING if summary.skipped else EXIT_FOUND)


@cli.command()
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most hits to show.")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", metavar="DATE", help="Only articles published on or before DATE.")
@click.option("--tag", "tags", metavar="TAG", multiple=True, help="Only articles with this tag (repeat for several).")
@click.option("--site", metavar="NAME", help="Only articles from this site, e.g. 'Scleroderma News'.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True, help="Best match first, or newest first.")
@click.option("--per-article", default=2, show_default=True, type=click.IntRange(0), help="Most sections of one article in the list (0: no limit).")
@click.option("--synonyms/--no-synonyms", default=True, help="Also match brand/generic drug names and abbreviations (default: on).")
@click.option("--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True)
@click.option("--color/--no-color", default=None, help="Colour the matches (default: on a terminal, unless NO_COLOR is set).")
@click.pass_obj
def search(
    index_dir,
    query: tuple[str, ...],
    limit: int,
    since: str | None,
    until: str | None,
    tags: tuple[str, ...],
    site: str | None,
    sort: str,
    per_article: int,
    synonyms: bool,
    output_format: str,
    color: bool | None,
) -> None:
    """Search the index; each hit is a section with highlighted passages.

    Plain words are OR-ed, sections with every word ranked first.  The query
    language means what it says: "quoted phrases", AND, OR, NOT, (groups),
    prefix* and field:term (title, heading, body, tag, site), words AND-ed;
    when that finds nothing, sections with any of the terms are shown.
    Exit 0 when something is found, 1 when nothing is, 2 on error.

    \b
    Example:
      sclerodex search cyclophosphamide lung
      sclerodex search Imuran --since 2023 --tag "lung disease"
      sclerodex search '"lung function" NOT skin' --format json
    """
    from sclerodex.search.filters import Filters, date_bound
    from sclerodex.search.render import color_wanted, notices, render_json, render_text
    from sclerodex.search.searcher import search as run_search

    try:
        filters = Filters(
            since=date_bound(since) if since else None,
            until=date_bound(until, end=True) if until else None,
            tags=tags,
            site=site,
        )
        result = run_search(
            index_dir,
            " ".join(query),
            limit=limit,
            filters=filters,
            sort=sort,
            per_article=per_article or None,
            synonyms=synonyms,
        )
    except SclerodexError as problem:
        raise fail(problem) from None
    if output_format == "json":
        click.echo(render_json(result))
    else:
        if not result.hits:
            click.echo(f"no matches for {result.query!r}", err=True)
        for line in notices(result):
            click.echo(line, err=True)
        if result.hits:
            click.echo(render_text(result, color=color_wanted(color, sys.stdout.isatty())), color=True)
    sys.exit(EXIT_FOUND if result.hits else EXIT_NOTHING)


def main() -> None:
    cli(prog_name="sclerodex")
