"""The docs say what the program does: the options table is the CLI's own,
and the README stays a ten-minute read whose links lead somewhere."""

from __future__ import annotations

import re
from pathlib import Path

from sclerodex.cli.options_table import BEGIN, END, options_table

ROOT = Path(__file__).resolve().parent.parent


def test_the_reference_lists_every_option_as_the_commands_define_them():
    reference = (ROOT / "docs" / "reference.md").read_text(encoding="utf-8")
    table = reference.split(BEGIN, 1)[1].split(END, 1)[0]
    assert table.strip() == options_table().strip(), (
        "docs/reference.md is out of date: python -m sclerodex.cli.options_table --write docs/reference.md"
    )
    for command in ("sclerodex ingest", "sclerodex search QUERY...", "sclerodex watch add QUERY..."):
        assert f"### `{command}" in table


def test_the_readme_is_short_and_its_links_lead_to_files_that_exist():
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    assert len(readme.splitlines()) <= 250
    for document in [ROOT / "README.md", *sorted((ROOT / "docs").glob("*.md"))]:
        text = document.read_text(encoding="utf-8")
        for target in re.findall(r"\]\(([^)#\s]+)(?:#[^)]*)?\)", text):
            if "://" in target:
                continue
            assert (document.parent / target).exists(), f"{document.name} links to a missing {target}"
