"""CLI conventions: --index after the command name, -V, completion scripts,
usage errors."""

from click.testing import CliRunner

from sclerodex import __version__
from sclerodex.cli import cli

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
