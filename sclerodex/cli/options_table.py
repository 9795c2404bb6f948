"""The table of every command and option, for docs/reference.md, made from
the click commands themselves so that the docs cannot drift from the CLI
(tests/test_docs.py checks the file holds what this prints).

    python -m sclerodex.cli.options_table      # prints the table
    python -m sclerodex.cli.options_table --write docs/reference.md
"""

from __future__ import annotations

import sys
from pathlib import Path

import click

BEGIN = "<!-- options table: python -m sclerodex.cli.options_table --write docs/reference.md -->"
END = "<!-- end of the options table -->"


def options_table() -> str:
    """A markdown section per command: its one-line help, then its options."""
    from sclerodex.cli import cli

    blocks = []
    for path, command in _commands(cli, ("sclerodex",)):
        summary = command.get_short_help_str(limit=200)
        rows = [_row(param) for param in command.params if isinstance(param, click.Option) and not param.hidden]
        arguments = " ".join(_argument(param) for param in command.params if isinstance(param, click.Argument))
        block = [f"### `{' '.join(path)}{(' ' + arguments) if arguments else ''}`", "", summary, ""]
        if rows:
            block += ["| option | what | default |", "| --- | --- | --- |", *rows, ""]
        blocks.append("\n".join(block))
    return "\n".join(blocks).rstrip() + "\n"


def _commands(command: click.Command, path: tuple[str, ...]):
    yield path, command
    if isinstance(command, click.Group):
        for name in sorted(command.commands):
            yield from _commands(command.commands[name], (*path, name))


def _argument(param: click.Argument) -> str:
    name = param.human_readable_name.upper()
    return f"{name}..." if param.nargs == -1 else name


_METAVARS = {"directory": "DIR", "path": "PATH", "integer": "N", "float": "N", "integer range": "N", "float range": "N", "text": "TEXT"}


def _row(param: click.Option) -> str:
    names = ", ".join(f"`{name}`" for name in [*param.opts, *param.secondary_opts])
    if isinstance(param.type, click.Choice):
        names += " " + "\\|".join(param.type.choices)
    elif not param.is_flag and param.count is False:
        names += " " + (param.metavar or _METAVARS.get(param.type.name, param.type.name.upper()))
    default = ""
    if param.show_default and param.default is not None and param.default is not False and param.default != ():
        default = f"`{param.default}`"
    text = " ".join((param.help or "").split()).replace("|", "\\|")
    return f"| {names} | {text} | {default} |"


def with_table(document: str) -> str:
    """``document`` with the text between the table's markers replaced."""
    before, begin, rest = document.partition(BEGIN)
    _, end, after = rest.partition(END)
    if not begin or not end:
        raise ValueError("the document has no options table markers")
    return f"{before}{BEGIN}\n\n{options_table()}\n{END}{after}"


def main(argv: list[str]) -> None:
    if argv[:1] == ["--write"] and len(argv) == 2:
        target = Path(argv[1])
        target.write_text(with_table(target.read_text(encoding="utf-8")), encoding="utf-8")
    else:
        sys.stdout.write(options_table())


if __name__ == "__main__":
    main(sys.argv[1:])
