"""Writes to the public index, one module per kind of fact (cases, reception)."""
