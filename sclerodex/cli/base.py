"""What every ``sclerodex`` command shares: the group (its one place for
errors), the index folder, the exit codes and the common options.

Exit codes follow grep: 0 found (or done), 1 nothing found (or a source asked
for could not be read), 2 error; 130 when an ingest is interrupted.  A name
that matches nothing (an article, a remembered source, a saved search number)
is "nothing found": 1.  A name that cannot be one (``watch remove abc``, an
unknown option) is a usage error: 2.
"""

from __future__ import annotations

import sys

import click

from sclerodex import __version__
from sclerodex.errors import SclerodexError

EXIT_FOUND, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # as the shell reports a command stopped by Ctrl-C

# Set by a command that leaves nothing to close (a search only read the index
# and printed): the ``sclerodex`` program then exits without the interpreter's
# teardown.  Only the program's entry point (cli.main) looks at it.
nothing_to_tear_down = False


_LATER_ARGS = "sclerodex.arguments"  # what follows the program's own options


class SclerodexCommandError(click.ClickException):
    """A library error shown as one line, exiting 2 like grep."""

    exit_code = EXIT_ERROR


class SclerodexGroup(click.Group):
    """click's group, with a usage error shown as one ``Error:`` line and
    the ``--help`` hint (click puts the whole usage line first), and every
    library error of any command, however deep, as one ``Error:`` line
    and exit 2: the commands themselves never catch ``SclerodexError``."""

    def invoke(self, ctx: click.Context):
        ctx.meta.setdefault(_LATER_ARGS, [*getattr(ctx, "_protected_args", ()), *ctx.args])
        try:
            return super().invoke(ctx)
        except SclerodexError as problem:
            error = SclerodexCommandError(str(problem))
            error.exit_code = getattr(problem, "exit_code", EXIT_ERROR)
            raise error from None

    def main(self, *args, standalone_mode: bool = True, **kwargs):
        if not standalone_mode:
            return super().main(*args, standalone_mode=False, **kwargs)
        try:
            code = super().main(*args, standalone_mode=False, **kwargs)
        except click.UsageError as problem:
            click.echo(f"Error: {problem.format_message()}", err=True)
            if problem.ctx is not None:
                click.echo(f"Try '{problem.ctx.command_path} --help' for help.", err=True)
            sys.exit(EXIT_ERROR)
        except click.ClickException as problem:
            problem.show()
            sys.exit(problem.exit_code)
        except click.Abort:
            click.echo("Aborted!", err=True)
            sys.exit(1)
        sys.exit(code if isinstance(code, int) else 0)


def _index_after_command(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--index DIR`` given after a group's or a command's name: it wins
    over the one before (the innermost is read last)."""
    if value is not None:
        from sclerodex.index.location import resolve_index_dir

        ctx.obj = resolve_index_dir(value)


index_option = click.option(
    "--index",
    type=click.Path(file_okay=False),
    expose_value=False,
    callback=_index_after_command,
    help="Index folder (also accepted before the command name).",
)


def _no_pager(ctx: click.Context, param: click.Parameter, value: bool) -> None:
    if value:
        from sclerodex.cli.paging import NO_PAGER

        ctx.meta[NO_PAGER] = True

no_pager_option = click.option(
    "--no-pager", is_flag=True, expose_value=False, callback=_no_pager,
    help="Print long output straight to the terminal, without a pager.",
)


@click.group(
    cls=SclerodexGroup, invoke_without_command=True, context_settings={"help_option_names": ["-h", "--help"]}
)
@click.version_option(__version__, "--version", "-V", prog_name="sclerodex")
@click.option(
    "--index",
    "index_dir",
    type=click.Path(file_okay=False),
    help="Index folder (default: $SCLERODEX_INDEX, else a per-user data folder).",
)
@no_pager_option
@click.pass_context
def cli(ctx: click.Context, index_dir: str | None) -> None:
    """Full-text search for health-news articles, from the terminal.

    \b
    Example:
      sclerodex ingest --samples
      sclerodex search "cyclophosphamide lung"
      sclerodex browse
    """
    if ctx.invoked_subcommand is None:  # "sclerodex" alone: what it can do, not an error
        click.echo(ctx.get_help())
        ctx.exit(EXIT_FOUND)
    from sclerodex.index.location import index_from_environment, resolve_index_dir

    # $SCLERODEX_INDEX is read here rather than by click, so that an error
    # about it names the variable, not an option the user never typed.
    later = ctx.meta.get(_LATER_ARGS, ())  # an --index after a command's name replaces the variable
    ctx.obj = resolve_index_dir(index_dir) if index_dir or "--index" in later else index_from_environment()


def terminal_width() -> int | None:
    """The terminal's width when stdout is one ($COLUMNS first), else None:
    piped output is not wrapped."""
    if not sys.stdout.isatty():
        return None
    import shutil

    return shutil.get_terminal_size().columns


def say_waiting(wait: float) -> None:
    click.echo(f"waiting up to {wait:g}s for another sclerodex process to finish writing...", err=True)


wait_option = click.option(
    "--wait",
    default=0.0,
    show_default=True,
    type=click.FloatRange(0),
    metavar="SECONDS",
    help="How long to wait for another process writing to the index.",
)


def format_option(help: str | None = None):
    """``--format text|json``, the same choice on every command that prints records."""
    return click.option(
        "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True,
        help=help or "text for people, or one JSON document for programs.",
    )


new_option = click.option("--new", "only_new", is_flag=True, help="Only articles added or changed by the last ingest or update.")
added_since_option = click.option(
    "--added-since", metavar="DATE", help="Only articles added or changed on or after DATE (YYYY-MM-DD, YYYY-MM, YYYY, or 7d, 2w, 6m, 1y, today, yesterday; UTC)."
)


def changed_since(index_dir, only_new: bool, added_since: str | None) -> frozenset[str] | None:
    """The article ids --new and --added-since allow; None when neither is given."""
    if not only_new and not added_since:
        return None
    from sclerodex.index.catalog import changed_articles
    from sclerodex.search.filters import added_since_day

    since = added_since_day(added_since) if added_since else None
    return changed_articles(index_dir, last_run=only_new, since=since)


def print_listing(rows: list, output_format: str, as_json, as_text, empty: str) -> None:
    """Print a listing (articles, sources, saved searches) and exit like grep:
    0 when it holds something, 1 when it is empty (JSON prints ``[]`` then),
    the line ``empty`` on stderr saying so."""
    from sclerodex.cli.paging import page

    if output_format == "json":
        page(as_json(rows))
    elif rows:
        page(as_text(rows, terminal_width()))
    if not rows:
        click.echo(empty, err=True)
    sys.exit(EXIT_FOUND if rows else EXIT_NOTHING)
