"""``sclerodex search``, and the command class that lets query words start with - or +."""

from __future__ import annotations

import shutil
import sys

import click

from sclerodex.cli import base
from sclerodex.cli.base import (
    EXIT_FOUND,
    EXIT_NOTHING,
    added_since_option,
    changed_since,
    cli,
    format_option,
    index_option,
    new_option,
    no_pager_option,
)


class OptionalValue(click.Option):
    """An option whose value may be left out: alone it means ``bare``
    (``--color`` is ``--color always``).  QueryCommand reads ``bare`` here,
    public and ours, rather than a private attribute of click's Option;
    click itself is told the same through its public ``is_flag=False,
    flag_value=...``."""

    def __init__(self, *args, bare: str, **kwargs):
        super().__init__(*args, is_flag=False, flag_value=bare, **kwargs)
        self.bare = bare


class QueryCommand(click.Command):
    """A command whose query words may start with ``-`` or ``+`` anywhere
    (``sclerodex search lung -skin --limit 3``).

    click would read ``-skin`` as the short options ``-s -k -i -n``.  Here
    every argument that is not one of the command's options (or its value)
    is a query word, kept in order after a ``--``; an unknown ``--long``
    option is still refused.  ``--color`` without a value means ``always``.
    """

    def parse_args(self, ctx: click.Context, args: list[str]) -> list[str]:
        valued, flags, optional = set(), set(), {}
        for param in self.get_params(ctx):
            if not isinstance(param, click.Option):
                continue
            names = param.opts + param.secondary_opts
            if param.is_flag or param.count:
                flags.update(names)
            elif isinstance(param, OptionalValue):  # a value that may be left out
                optional.update({name: (param.bare, param.type) for name in names})
            else:
                valued.update(names)
        options, words = [], []
        i = 0
        while i < len(args):
            arg = args[i]
            name = arg.split("=", 1)[0] if arg.startswith("--") else arg
            if arg == "--":
                words.extend(args[i + 1 :])
                break
            if name in valued:
                options.append(arg)
                if "=" not in arg and i + 1 < len(args):
                    options.append(args[i + 1])
                    i += 1
            elif name in optional:
                flag_value, kind = optional[name]
                following = args[i + 1] if i + 1 < len(args) else None
                if "=" in arg:
                    options.append(arg)
                elif following in getattr(kind, "choices", ()):
                    options.append(f"{arg}={following}")
                    i += 1
                else:
                    options.append(f"{arg}={flag_value}")
            elif arg in flags or (arg[:2] in valued and arg[2:].isdigit()) or arg.startswith("--"):
                options.append(arg)  # a flag, "-n5", or a long option click names if unknown
            else:
                words.append(arg)
            i += 1
        return super().parse_args(ctx, [*options, "--", *words])


def _remember(index_dir, result) -> None:
    """Keep the hits for 'show N' and 'open N'; a cache that cannot be
    written costs only that, and is said."""
    from sclerodex.search.last_hits import remember_hits

    try:
        remember_hits(index_dir, result)
    except OSError as problem:
        click.echo(f"could not remember these hits for 'sclerodex show N' ({problem.strerror or problem})", err=True)


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most hits to show.")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY, or 7d, 2w, 6m, 1y, today, yesterday).")
@click.option("--until", metavar="DATE", help="Only articles published on or before DATE.")
@click.option("--tag", "tags", metavar="TAG", multiple=True, help="Only articles with this tag (repeat for several).")
@click.option("--site", metavar="NAME", help="Only articles from this site, e.g. 'Scleroderma News'.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True, help="Best match first, or newest first.")
@click.option("--per-article", default=2, show_default=True, type=click.IntRange(0), help="Most sections of one article in the list (0: no limit).")
@click.option("--synonyms/--no-synonyms", default=True, help="Also match brand/generic drug names and abbreviations (default: on).")
@format_option()
@click.option(
    "--color", cls=OptionalValue, bare="always", type=click.Choice(["auto", "always", "never"]), default="auto", show_default=True,
    help="Colour the matches: auto is on a terminal, unless NO_COLOR is set or TERM=dumb.",
)
@click.option("--no-color", is_flag=True, help="Same as --color never.")
@index_option
@new_option
@added_since_option
@no_pager_option
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
    color: str,
    no_color: bool,
    only_new: bool,
    added_since: str | None,
) -> None:
    """Search the index; each hit is a section with highlighted passages.

    Plain words are OR-ed, sections with every word ranked first; question
    words (how, do, my, what...) do not count; -word excludes, +word
    requires.  The query language means what it says: "quoted phrases", AND,
    OR, NOT, (groups), prefix* and field:term (title, heading, body, tag,
    site), words AND-ed; when that finds nothing, sections with any of the
    terms are shown.  A misspelt word that finds nothing is corrected.
    Exit 0 when something is found, 1 when nothing is, 2 on error.

    \b
    Example:
      sclerodex search cyclophosphamide lung
      sclerodex search Imuran --since 2024 --tag treatments
      sclerodex search '"lung function" NOT skin' --format json
      sclerodex search lung -skin --limit 3
    """
    from sclerodex.output.hits import color_wanted, nothing_found, notices, render_json, render_text
    from sclerodex.search.filters import Filters, date_bound
    from sclerodex.search.searcher import search as run_search

    filters = Filters(
        since=date_bound(since) if since else None,
        until=date_bound(until, end=True) if until else None,
        tags=tags,
        site=site,
        articles=changed_since(index_dir, only_new, added_since),
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
    from sclerodex.cli.paging import page

    _remember(index_dir, result)
    if output_format == "json":
        page(render_json(result))
    else:
        if not result.hits:
            click.echo(nothing_found(result), err=True)
        for line in notices(result):
            click.echo(line, err=True)
        if result.hits:
            tty = sys.stdout.isatty()
            width = shutil.get_terminal_size().columns if tty else None
            shown = render_text(result, color=color_wanted("never" if no_color else color, tty), width=width)
            page(shown)
    base.nothing_to_tear_down = True
    sys.exit(EXIT_FOUND if result.hits else EXIT_NOTHING)
