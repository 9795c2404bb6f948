"""CLI conventions: --index after the command name, -V, completion scripts,
usage errors, and colour and wrapping on a real (pseudo-)terminal."""

import os
import pty
import re
import subprocess
import sys

from click.testing import CliRunner

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


def on_a_terminal(index_dir, *args, **env):
    """Run ``sclerodex search`` with stdout on a pseudo-terminal; its output."""
    main, child = pty.openpty()
    environment = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "TERM", "COLUMNS")}
    environment.update(SCLERODEX_INDEX=str(index_dir), **env)
    process = subprocess.Popen(
        [sys.executable, "-m", "sclerodex", "search", *args], stdout=child, stderr=subprocess.DEVNULL, env=environment
    )
    os.close(child)
    chunks = []
    while True:
        try:
            chunk = os.read(main, 65536)
        except OSError:
            break
        if not chunk:
            break
        chunks.append(chunk)
    process.wait(timeout=60)
    os.close(main)
    return b"".join(chunks).decode("utf-8").replace("\r\n", "\n")


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
