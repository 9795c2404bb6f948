"""``sclerodex completion``: the shell completion scripts."""

from __future__ import annotations

import click

from sclerodex.cli.base import cli


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
