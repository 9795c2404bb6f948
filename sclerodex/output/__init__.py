"""What every command prints: one module per kind of record, each with its
text and its JSON.  The CLI chooses the format and prints; nothing here
reads the index.  A new output format is one more function beside the text
and JSON ones of each module, and one more choice of ``--format``."""
