"""Documents issued by the denunciations steps (filled in by the documents work)."""
