"""Allow ``python -m sclerodex``."""

from sclerodex.cli import main

main()
