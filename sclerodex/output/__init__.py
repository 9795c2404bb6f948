"""What the commands print: one module per kind of record, each with its
text and its JSON.  The CLI chooses the format and the stream and prints;
nothing here reads the index.  A command's one-line status (``removed ID``,
``forgot SOURCE``, ``not in the index: ...``) stays with the command.  A new
output format is one more function beside the text and JSON ones of each
module, and one more choice of ``--format``."""
