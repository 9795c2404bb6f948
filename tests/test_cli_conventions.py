"""CLI conventions: --index after the command name, -V, completion scripts,
usage errors, colour and wrapping on a real (pseudo-)terminal, and an
example in every command's --help."""

import os
import pty
import re
import subprocess
import sys

import click
from click.testing import CliRunner
from conftest import read_terminal
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from sclerodex import __version__
from sclerodex.cli import cli

ESCAPE = re.compile(r"\x1b\[[0-9;]*m")


def test_index_after_the_command_name(sample_index, tmp_path):
    result = CliRunner().invoke(cli, ["search", "lung", "--index", str(sample_index.index_dir)], env={"SCLERODEX_INDEX": str(tmp_path / "none")})
    assert result.exit_code == 0 and "Lung" in result.stdout
    stats = CliRunner().invoke(cli, ["index", "stats", "--index", str(sample_index.index_dir)])
    assert "articles:    8" in stats.stdout


def test_version_completion_and_usage_errors(sample_index):
    assert sample_index("-V").stdout.strip().endswith(__version__)
    for shell, marker in (("bash", "complete -o"), ("zsh", "compdef"), ("fish", "complete --no-files")):
        result = sample_index("completion", shell)
        assert result.exit_code == 0 and "_SCLERODEX_COMPLETE" in result.stdout and marker in result.stdout
    result = sample_index("search", "lung", "--limit", "x")
    assert result.exit_code == 2
    error, hint = result.stderr.splitlines()  # click names the program after the function in CliRunner
    assert error == "Error: Invalid value for '--limit' / '-n': 'x' is not a valid integer range."
    assert hint.startswith("Try '") and hint.endswith(" search --help' for help.")


def test_query_words_and_options_in_any_order(sample_index):
    quoted = sample_index("search", "lung -skin +function", "--no-color", "-n", "3").stdout
    assert sample_index("search", "-skin", "lung", "-n3", "+function", "--no-color").stdout == quoted
    assert sample_index("search", "--color", "never", "lung", "-skin", "+function", "--limit", "3").stdout == quoted
    coloured = sample_index("search", "--color", "nintedanib")  # --color alone is "always"; nintedanib is the query
    assert coloured.exit_code == 0 and "\x1b[1;33m" in coloured.stdout
    unknown = sample_index("search", "lung", "--colour")
    assert unknown.exit_code == 2 and unknown.stderr.startswith("Error: No such option '--colour'")


SIGNED_WORDS = st.lists(
    st.tuples(
        st.sampled_from(["", "-", "+", "--", "-+", "+-"]),
        st.one_of(st.sampled_from(["lung", "skin", "n", "n5", "h", "color", "limit", "IL-6", '"lung', "AND", "(x"]), st.text(max_size=6)),
    ).map("".join),
    min_size=1,
    max_size=6,
)


@settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(SIGNED_WORDS)
def test_signed_words_on_the_command_line_never_crash(samples_index_dir, words):
    result = CliRunner().invoke(cli, ["--index", str(samples_index_dir), "search", *words], catch_exceptions=False)
    assert result.exit_code in (0, 1, 2)
    assert "Traceback" not in result.stdout + result.stderr
    if result.exit_code == 2:
        assert result.stderr.startswith("Error: ")


def on_a_terminal(index_dir, *args, **env):
    """Run ``sclerodex search`` with stdout on a pseudo-terminal (no pager: the
    colours and the wrapping are what is looked at); its output."""
    main, child = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    environment.update(SCLERODEX_INDEX=str(index_dir), **env)
    process = subprocess.Popen(
        [sys.executable, "-m", "sclerodex", "search", "--no-pager", *args], stdout=child, stderr=subprocess.DEVNULL,
        env=environment,
    )
    os.close(child)
    output = read_terminal(main)
    process.wait(timeout=60)
    os.close(main)
    return output.decode("utf-8").replace("\r\n", "\n")


def test_colour_and_wrapping_on_a_terminal(samples_index_dir):
    coloured = on_a_terminal(samples_index_dir, "cyclophosphamide", TERM="xterm", COLUMNS="60")
    assert "\x1b[1;33m" in coloured
    body = [ESCAPE.sub("", line) for line in coloured.splitlines() if not re.match(r"(\d+\. |   \S+ · )", ESCAPE.sub("", line))]
    assert max(len(line) for line in body) <= 60
    assert len(body) > 10
    assert "\x1b[" not in on_a_terminal(samples_index_dir, "cyclophosphamide", TERM="dumb")
    assert "\x1b[" not in on_a_terminal(samples_index_dir, "cyclophosphamide", "--color", "never", TERM="xterm")


def test_piped_output_is_not_wrapped(sample_index):
    out = sample_index("search", "cyclophosphamide", "--no-color").stdout
    assert max(len(line) for line in out.splitlines()) > 200
    assert "\x1b[" in sample_index("search", "cyclophosphamide", "--color", "always").stdout
    assert "\x1b[" in sample_index("search", "cyclophosphamide", "--color").stdout


def command_paths(command: click.Command, path: tuple[str, ...] = ()):
    """Every command and subcommand of the CLI, as the words that name it."""
    yield path
    if isinstance(command, click.Group):
        for name, subcommand in command.commands.items():
            yield from command_paths(subcommand, (*path, name))


def test_every_help_has_an_example_of_its_own_command():
    paths = list(command_paths(cli))
    assert ("sources", "remove") in paths and ("watch", "add") in paths and ("index", "rebuild") in paths
    for path in paths:
        result = CliRunner().invoke(cli, [*path, "--help"], prog_name="sclerodex")
        assert result.exit_code == 0, path
        _, found, after = result.stdout.partition("\n  Example:\n")
        examples = [line.strip() for line in after.split("\n\n")[0].splitlines()]
        assert found and examples, f"'sclerodex {' '.join(path)} --help' has no Example: section"
        assert all(line.startswith(" ".join(("sclerodex", *path))) for line in examples), (path, examples)
