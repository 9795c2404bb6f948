"""``sclerodex ingest`` and ``sclerodex update``: sources into the index, what is new, saved searches."""

from __future__ import annotations

import signal
import sys

import click

from sclerodex.cli.base import (
    EXIT_ERROR,
    EXIT_FOUND,
    EXIT_INTERRUPTED,
    EXIT_NOTHING,
    cli,
    format_option,
    index_option,
    say_waiting,
    wait_option,
)
from sclerodex.errors import SclerodexError


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
        click.option(
            "--verbose", "-v", is_flag=True,
            help="Also list the files skipped before and unchanged since, the duplicates and what is still failing.",
        ),
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
    from sclerodex.sync.driver import ingest_paths
    from sclerodex.sync.names import SAMPLES_SOURCE

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
    """Run an ingest or update: progress, summary, new titles, saved searches, exit code.

    Exit 0 when done, 1 when a source named could not be read, 2 when a saved
    search could not run (the ingest itself done) or on error, 130 on Ctrl-C."""
    from sclerodex.ingest.pool import default_jobs
    from sclerodex.interrupts import stop_at_second_interrupt
    from sclerodex.output.hits import color_wanted
    from sclerodex.output.ingest import ingest_details, ingest_json, ingest_text
    from sclerodex.output.watches import watch_failure_line, watch_notices, watches_text
    from sclerodex.search.saved import check_watches, mark_reported
    from sclerodex.sync.options import IngestOptions

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
    summary, check, watch_problem = None, None, None
    try:
        with stop_at_second_interrupt(_INTERRUPTED_AGAIN):
            summary = ingest_call(options, report, say_waiting, bar.committing if bar else None)
            if bar:
                bar.close()
            changed = [article_id for article_id, _ in summary.new_articles + summary.updated_articles]
            try:
                check = check_watches(index_dir, summary.run, changed)
            except SclerodexError as problem:  # the ingest is done: its summary must still be printed
                watch_problem = problem
    except KeyboardInterrupt as stopped:
        # Exiting now: a further Ctrl-C must not interrupt the clean-up (and
        # Python would let it kill the process while it shuts down).
        signal.signal(signal.SIGINT, signal.SIG_IGN)
        if bar:
            bar.close()
        click.echo(_interrupted(stopped, summary), err=True)
        sys.exit(EXIT_INTERRUPTED)
    finally:
        if bar:
            bar.close()
    if verbose:
        for source, reason in summary.known_skips:
            click.echo(f"skipped {source}: {reason} (as before; unchanged since)", err=True)
        for line in ingest_details(summary):
            click.echo(line, err=True)
    if output_format == "json":
        click.echo(ingest_json(summary, check))
    else:
        click.echo(ingest_text(summary), err=quiet)
        if check is not None and check.matched():
            click.echo(watches_text(check.matched(), color_wanted(None, sys.stdout.isatty())), color=True)
    if watch_problem:
        click.echo(f"Error: the saved searches were not run: {watch_problem}", err=True)
        sys.exit(EXIT_ERROR)
    for line in watch_notices(check):
        click.echo(line, err=True)
    for failure in check.failures:
        click.echo(watch_failure_line(failure) + "; it checks this run's articles after the next one", err=True)
    try:  # only now that they are printed
        mark_reported(index_dir, check, wait=max(wait, 30), on_wait=say_waiting)
    except SclerodexError as problem:
        click.echo(f"Error: what the saved searches found could not be recorded, so it is reported again: {problem}",
                   err=True)
        sys.exit(EXIT_ERROR)
    if check.failures:
        sys.exit(EXIT_ERROR)
    sys.exit(EXIT_NOTHING if summary.failed else EXIT_FOUND)


def _interrupted(stopped: KeyboardInterrupt, summary) -> str:
    """What Ctrl-C left: how many articles this run kept."""
    from sclerodex.interrupts import IngestInterrupted

    if isinstance(stopped, IngestInterrupted):
        kept = _articles(stopped.kept)
        if stopped.problem is None:
            return f"interrupted: kept {kept}; {_AGAIN}"
        return f"interrupted: kept {kept} ({stopped.problem}); {_AGAIN}"
    if summary is not None:  # the ingest was done; the saved searches were running
        kept = _articles(len(summary.new_articles) + len(summary.updated_articles))
        return f"interrupted: kept {kept}; the saved searches check them after the next run"
    return f"interrupted: everything committed before is kept; {_AGAIN}"


def _articles(count: int) -> str:
    return f"{count} article{'' if count == 1 else 's'}"


_AGAIN = "run the same command again to continue"
_INTERRUPTED_AGAIN = "interrupted again: stopped at once; everything committed before is kept."
