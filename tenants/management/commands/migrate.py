from .migrate_schemas import Command  # noqa: F401  (plain `migrate` does the same)
