"""Allow ``python -m sclerodex``.

Guarded: worker processes started with ``spawn`` import the main module again,
and must not run the command line a second time.
"""

if __name__ == "__main__":
    from sclerodex.cli import main

    main()
