"""A tenant app for the migrations benchmark only (``benchmarks.migrations.settings`` adds it): one
migration adding a column and an index to every unit's petitions table."""
