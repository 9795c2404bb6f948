"""The program's edges: no arguments, --index at every level, the index
variable named in its errors, and exit codes for names that match nothing."""

from __future__ import annotations

from click.testing import CliRunner

from sclerodex.cli import cli


def test_sclerodex_alone_prints_the_help_and_exits_0():
    result = CliRunner().invoke(cli, [], prog_name="sclerodex", catch_exceptions=False)
    assert result.exit_code == 0
    assert result.stdout.startswith("Usage: sclerodex") and "Commands:" in result.stdout
    assert "Error" not in result.output


def test_index_is_taken_by_groups_and_their_commands(sample_index):
    sample_index("watch", "add", "lung")
    where = str(sample_index.index_dir)
    runner = CliRunner()
    for args in (["watch", "--index", where, "list"], ["watch", "list", "--index", where],
                 ["index", "--index", where, "stats"], ["sources", "--index", where]):
        result = runner.invoke(cli, args, env={"SCLERODEX_INDEX": "/nonexistent/elsewhere"}, catch_exceptions=False)
        assert result.exit_code == 0, (args, result.output)
        assert "No such option" not in result.output
    stats = runner.invoke(cli, ["index", "--index", where, "stats"], catch_exceptions=False)
    assert f"index:       {where}" in stats.stdout


def test_an_index_variable_naming_a_file_is_named_in_the_error(sample_index, tmp_path):
    a_file = tmp_path / "not-a-folder"
    a_file.write_text("x")
    runner = CliRunner()
    bad = runner.invoke(cli, ["search", "lung"], env={"SCLERODEX_INDEX": str(a_file)}, catch_exceptions=False)
    assert bad.exit_code == 2
    assert bad.stderr.startswith("Error: SCLERODEX_INDEX=") and "names a file" in bad.stderr
    assert "--index" not in bad.stderr
    # an --index after the command's name replaces the variable: no error then
    good = runner.invoke(cli, ["search", "lung", "--index", str(sample_index.index_dir)],
                         env={"SCLERODEX_INDEX": str(a_file)}, catch_exceptions=False)
    assert good.exit_code == 0, good.stderr


def test_a_name_that_matches_nothing_exits_1_a_name_that_cannot_be_one_exits_2(sample_index):
    sample_index("watch", "add", "lung")
    nothing = [("watch", "remove", "99"), ("sources", "remove", "/no/such/source"),
               ("show", "https://example.org/none/"), ("remove", "https://example.org/none/")]
    for args in nothing:
        result = sample_index(*args)
        assert result.exit_code == 1, (args, result.output)
        assert result.stderr.strip(), args  # and says so
    for args in (("watch", "remove", "abc"), ("watch", "remove", "0"), ("watch", "remove")):
        result = sample_index(*args)
        assert result.exit_code == 2, (args, result.output)
    assert [w["number"] for w in sample_index.json("watch", "list")[1]] == [1]
