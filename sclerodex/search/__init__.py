"""Search stage: query parsing, ranking, passages and rendering."""
