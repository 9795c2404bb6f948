"""The ``sclerodex`` command: parses options, calls the library, prints.

Exit codes follow grep: 0 found (or done), 1 nothing found (or a source asked
for could not be read), 2 error; 130 when an ingest is interrupted.
"""

from __future__ import annotations

import shutil
import signal
import sys

import click

from sclerodex import __version__
from sclerodex.errors import SclerodexError

EXIT_FOUND, EXIT_NOTHING, EXIT_ERROR = 0, 1, 2
EXIT_INTERRUPTED = 130  # as the shell reports a command stopped by Ctrl-C


class SclerodexCommandError(click.ClickException):
    """A library error shown as one line, exiting 2 like grep."""

    exit_code = EXIT_ERROR


class SclerodexGroup(click.Group):
    """click's group, with a usage error shown as one ``Error:`` line and
    the ``--help`` hint (click puts the whole usage line first), and every
    library error of any command, however deep, as one ``Error:`` line
    and exit 2: the commands themselves never catch ``SclerodexError``."""

    def invoke(self, ctx: click.Context):
        try:
            return super().invoke(ctx)
        except SclerodexError as problem:
            raise SclerodexCommandError(str(problem)) from None

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
            elif param._flag_needs_value:  # a value that may be left out
                optional.update({name: (param.flag_value, param.type) for name in names})
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


def _index_after_command(ctx: click.Context, param: click.Parameter, value: str | None) -> None:
    """``--index DIR`` given after the command name: it wins over the one before."""
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


@click.group(cls=SclerodexGroup, context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(__version__, "--version", "-V", prog_name="sclerodex")
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


def _say_waiting(wait: float) -> None:
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
        "--format", "output_format", type=click.Choice(["text", "json"]), default="text", show_default=True, help=help
    )


def ingest_options(command):
    """The options ingest and update share."""
    for option in reversed([
        click.option("--force", is_flag=True, help="Re-read and rewrite every source, changed or not."),
        click.option("--prune", is_flag=True, help="Remove indexed articles whose file is gone from the folders given."),
        wait_option,
        click.option("--batch-size", default=5000, show_default=True, type=click.IntRange(1), help="Articles per commit."),
        click.option(
            "--commit-every", default=15.0, show_default=True, type=click.FloatRange(0), metavar="SECONDS",
            help="Also commit once this much work is at stake, so a kill loses at most that much (0: off).",
        ),
        click.option(
            "--max-size", default=50.0, show_default=True, type=click.FloatRange(0, min_open=True), metavar="MB",
            help="Skip files and pages larger than this.",
        ),
        click.option(
            "--timeout", default=20.0, show_default=True, type=click.FloatRange(0, min_open=True), metavar="SECONDS",
            help="Give up on a URL that has not fully answered in this time.",
        ),
        click.option(
            "--jobs", "-j", type=click.IntRange(1), default=None, metavar="N",
            help="Processes reading and parsing files (default: one per core).",
        ),
        click.option("--quiet", "-q", is_flag=True, help="No progress bar; the summary goes to stderr."),
        click.option("--verbose", "-v", is_flag=True, help="Also list the files skipped before and unchanged since."),
        format_option("json: one document with the counts, the new articles and the saved searches' hits."),
        index_option,
    ]):
        command = option(command)
    return command


@cli.command()
@click.argument("sources", nargs=-1)
@click.option("--samples", is_flag=True, help="Also ingest the bundled sample articles.")
@ingest_options
@click.pass_obj
def ingest(index_dir, sources, samples, **options) -> None:
    """Ingest articles: HTML pages, plain-text exports, folders, URLs and feeds.

    Folders are read recursively.  Run it again on the same sources to bring
    the index up to date: only new or changed articles are read and written.
    Feeds (RSS or Atom, as a URL or a file) ingest each of their items.
    Sources that cannot be used are skipped with a reason.  Every source
    given is remembered: 'sclerodex update' reads them all again.
    Exit 0 when done (files skipped inside a folder included), 1 when a
    source named here could not be read, 2 on error, 130 on Ctrl-C.

    \b
    Example:
      sclerodex ingest ~/Downloads/articles/ saved-page.html
      sclerodex ingest https://sclerodermanews.com/feed/
      sclerodex ingest --prune ~/Downloads/articles/
    """
    from sclerodex.sync.names import SAMPLES_SOURCE
    from sclerodex.sync.driver import ingest_paths

    paths = list(sources) + ([SAMPLES_SOURCE] if samples else [])
    if not paths:
        raise click.UsageError("give one or more files, folders or URLs to ingest, or --samples")
    run_ingest(index_dir, lambda *args: ingest_paths(index_dir, paths, *args), **options)


@cli.command()
@ingest_options
@click.pass_obj
def update(index_dir, **options) -> None:
    """Read every remembered source again (see 'sclerodex sources').

    Incremental, like ingest: only new or changed articles are read and
    written.  Ends with the summary line, the new articles' titles and what
    each saved search found in them.  Safe from cron: with no terminal there
    is no progress bar.  Exit codes as for ingest.

    \b
    Example:
      sclerodex update
      sclerodex update --quiet --format json
    """
    from sclerodex.sync.driver import update_sources

    run_ingest(index_dir, lambda *args: update_sources(index_dir, *args), **options)


def run_ingest(
    index_dir, ingest_call, *, force, prune, wait, batch_size, commit_every, max_size, timeout, jobs, quiet, verbose,
    output_format,
) -> None:
    """Run an ingest or update: progress, summary, new titles, saved searches, exit code."""
    from sclerodex.sync.options import IngestOptions
    from sclerodex.ingest.pool import default_jobs
    from sclerodex.interrupts import stop_at_second_interrupt
    from sclerodex.search.saved import check_watches
    from sclerodex.output.hits import color_wanted
    from sclerodex.output.ingest import ingest_json, ingest_text
    from sclerodex.output.watches import watches_text

    bar = None
    if not quiet and sys.stderr.isatty():
        from sclerodex.progress import ProgressBar

        bar = ProgressBar(sys.stderr)

    def report(progress) -> None:
        if progress.skipped and bar:
            bar.close()
        for source, reason in progress.skipped:
            click.echo(f"skipped {source}: {reason}", err=True)
        if bar:
            bar.update(progress.done, progress.total)

    options = IngestOptions(
        force=force,
        prune=prune,
        wait=wait,
        batch_size=batch_size,
        commit_seconds=commit_every or None,
        max_bytes=int(max_size * 1024 * 1024),
        timeout=timeout,
        jobs=jobs or default_jobs(),
    )
    watches, watch_problem = [], None
    try:
        with stop_at_second_interrupt(_INTERRUPTED_AGAIN):
            summary = ingest_call(options, report, _say_waiting, bar.committing if bar else None)
            if bar:
                bar.close()
            changed = [article_id for article_id, _ in summary.new_articles + summary.updated_articles]
            try:
                watches = check_watches(index_dir, changed, wait=max(wait, 30))
            except SclerodexError as problem:  # the ingest is done: its summary must still be printed
                watch_problem = problem
    except KeyboardInterrupt:
        # Exiting now: a further Ctrl-C must not interrupt the clean-up (and
        # Python would let it kill the process while it shuts down).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if bar:
            bar.close()
        click.echo(_INTERRUPTED, err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        if bar:
            bar.close()
    if verbose:
        for source, reason in summary.known_skips:
            click.echo(f"skipped {source}: {reason} (as before; unchanged since)", err=True)
    if output_format == "json":
        click.echo(ingest_json(summary, watches))
    else:
        click.echo(ingest_text(summary), err=quiet)
        if watches:
            click.echo(watches_text(watches, color_wanted(None, sys.stdout.isatty())), color=True)
    if watch_problem:
        click.echo(f"Error: the saved searches were not run: {watch_problem}", err=True)
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_NOTHING if summary.failed else EXIT_FOUND)


_INTERRUPTED = (
    "interrupted: the batch in progress was rolled back; everything committed before is kept. "
    "Run the same command again to continue."
)
_INTERRUPTED_AGAIN = "interrupted again: stopped at once; everything committed before is kept."


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

    removed, missing = remove_articles(index_dir, list(articles), wait=wait, on_wait=_say_waiting)
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


new_option = click.option("--new", "only_new", is_flag=True, help="Only articles added or changed by the last ingest or update.")
added_since_option = click.option(
    "--added-since", metavar="DATE", help="Only articles added or changed on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY; UTC)."
)


def changed_since(index_dir, only_new: bool, added_since: str | None) -> frozenset[str] | None:
    """The article ids --new and --added-since allow; None when neither is given."""
    if not only_new and not added_since:
        return None
    from sclerodex.index.catalog import changed_articles
    from sclerodex.search.filters import date_bound

    since = date_bound(added_since) if added_since else None
    return changed_articles(index_dir, last_run=only_new, since=since)


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
    if output_format == "json":
        click.echo(list_json(rows))
    elif rows:
        click.echo(list_text(rows))
    sys.exit(EXIT_FOUND if rows else EXIT_NOTHING)


@cli.group(invoke_without_command=True)
@format_option()
@index_option
@click.pass_context
def sources(ctx: click.Context, output_format) -> None:
    """List the remembered sources: every folder, file, page and feed given
    to ingest, with when it was last read and what it gave.

    'sclerodex update' reads them all again.

    \b
    Example:
      sclerodex sources --format json
      sclerodex sources remove ~/Downloads/articles/
    """
    if ctx.invoked_subcommand is not None:
        return
    from sclerodex.index.remembered import list_remembered
    from sclerodex.output.sources import sources_json, sources_text

    found = list_remembered(ctx.obj)
    if output_format == "json":
        click.echo(sources_json(found))
    elif found:
        click.echo(sources_text(found))
    sys.exit(EXIT_FOUND if found else EXIT_NOTHING)


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

    forgotten = forget_source(index_dir, source, wait=wait, on_wait=_say_waiting)
    if forgotten is None:
        click.echo(f"not a remembered source: {source}", err=True)
        sys.exit(EXIT_NOTHING)
    click.echo(f"forgot {forgotten.source}")


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
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE.")
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
        limit=limit, wait=wait, on_wait=_say_waiting,
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
    if output_format == "json":
        click.echo(watches_list_json(found))
    elif found:
        click.echo(watches_list_text(found))
    sys.exit(EXIT_FOUND if found else EXIT_NOTHING)


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

    removed = remove_watch(index_dir, number, wait=wait, on_wait=_say_waiting)
    click.echo(f"removed saved search {removed.number}: {removed.label()}")


@cli.group()
def index() -> None:
    """Look after the index: stats, check, rebuild, optimize.

    \b
    Example:
      sclerodex index stats
    """


@index.command()
@format_option()
@index_option
@click.pass_obj
def stats(index_dir, output_format) -> None:
    """Counts of articles, sections and sites; size; last update.

    \b
    Example:
      sclerodex index stats --format json
    """
    from sclerodex.index.catalog import index_stats
    from sclerodex.output.index_stats import stats_json, stats_text

    figures = index_stats(index_dir)
    click.echo(stats_json(figures) if output_format == "json" else stats_text(figures))


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

    rebuilt = rebuild_index(index_dir, wait=wait, on_wait=_say_waiting)
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

    optimize_index(index_dir, wait=wait, on_wait=_say_waiting)
    click.echo("optimized")


@cli.command(cls=QueryCommand)
@click.argument("query", nargs=-1, required=True)
@click.option("--limit", "-n", default=10, show_default=True, type=click.IntRange(1, 1000), help="Most hits to show.")
@click.option("--since", metavar="DATE", help="Only articles published on or after DATE (YYYY-MM-DD, YYYY-MM or YYYY).")
@click.option("--until", metavar="DATE", help="Only articles published on or before DATE.")
@click.option("--tag", "tags", metavar="TAG", multiple=True, help="Only articles with this tag (repeat for several).")
@click.option("--site", metavar="NAME", help="Only articles from this site, e.g. 'Scleroderma News'.")
@click.option("--sort", type=click.Choice(["relevance", "date"]), default="relevance", show_default=True, help="Best match first, or newest first.")
@click.option("--per-article", default=2, show_default=True, type=click.IntRange(0), help="Most sections of one article in the list (0: no limit).")
@click.option("--synonyms/--no-synonyms", default=True, help="Also match brand/generic drug names and abbreviations (default: on).")
@format_option()
@click.option(
    "--color", type=click.Choice(["auto", "always", "never"]), is_flag=False, flag_value="always", default="auto", show_default=True,
    help="Colour the matches: auto is on a terminal, unless NO_COLOR is set or TERM=dumb.",
)
@click.option("--no-color", is_flag=True, help="Same as --color never.")
@index_option
@new_option
@added_since_option
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
    from sclerodex.search.filters import Filters, date_bound
    from sclerodex.output.hits import color_wanted, nothing_found, notices, render_json, render_text
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
    if output_format == "json":
        click.echo(render_json(result))
    else:
        if not result.hits:
            click.echo(nothing_found(result), err=True)
        for line in notices(result):
            click.echo(line, err=True)
        if result.hits:
            tty = sys.stdout.isatty()
            width = shutil.get_terminal_size().columns if tty else None
            shown = render_text(result, color=color_wanted("never" if no_color else color, tty), width=width)
            click.echo(shown, color=True)
    sys.exit(EXIT_FOUND if result.hits else EXIT_NOTHING)


@cli.command()
@click.argument("shell", type=click.Choice(["bash", "zsh", "fish"]))
def completion(shell: str) -> None:
    """Print the shell completion script for bash, zsh or fish.

    \b
    Example:
      sclerodex completion bash > ~/.local/share/bash-completion/completions/sclerodex
      sclerodex completion zsh > "${fpath[1]}/_sclerodex"
      sclerodex completion fish > ~/.config/fish/completions/sclerodex.fish
    """
    from click.shell_completion import get_completion_class

    script = get_completion_class(shell)(cli, {}, "sclerodex", "_SCLERODEX_COMPLETE").source()
    click.echo(script)


def main() -> None:
    try:
        cli(prog_name="sclerodex")
    except KeyboardInterrupt:  # Ctrl-C outside an ingest (which says more): no traceback
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        click.echo("interrupted", err=True)
        sys.exit(EXIT_INTERRUPTED)
