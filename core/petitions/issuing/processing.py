"""Documents issued by the processing steps (filled in by the documents work)."""
