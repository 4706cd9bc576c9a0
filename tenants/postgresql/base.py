"""Django's PostgreSQL backend, under django-tenants' (``ORIGINAL_BACKEND``), without the ``_like`` twins.

For every indexed or unique ``CharField``/``TextField``, Django's PostgreSQL schema editor adds a
second index with the ``varchar_pattern_ops``/``text_pattern_ops`` operator class
(``<table>_<column>_<hash>_like``), which serves only case-sensitive prefix matches
(``LIKE 'abc%'``, ``startswith``) outside the C locale. None of our queries makes one on such a
column: lookups are by equality, searches go through ``unaccent``/``upper`` expressions or
trigram indexes, which that operator class cannot serve, and the one ``startswith`` (the staff
list leaving out system accounts) is a ``NOT LIKE``, which no index serves. Each twin is one more
relation in every unit's schema (20 of ~330), and a unit's onboarding time is PostgreSQL's
catalog work per relation (benchmarks/README.md, "onboarding").

The editor is the one both ways of making a schema go through: ``migrate`` builds the template and
any migrated schema with it, and the DDL script copies the template, so they stay equal
(``tests/tenants/test_schema_script.py``). Twins made before this backend are dropped by
``accounts.0006_no_pattern_ops_twin_indexes``, in the public schema, the template and every unit.
A query that needs a prefix match on a column should declare its own ``Index(opclasses=…)``.
"""

from __future__ import annotations

from typing import Any

from django.db.backends.postgresql import base, schema


class DatabaseSchemaEditor(schema.DatabaseSchemaEditor):
    """Django's editor, making no ``_like`` twin index (see the module's text)."""

    def _create_like_index_sql(self, model: Any, field: Any) -> None:
        return None


class DatabaseWrapper(base.DatabaseWrapper):
    SchemaEditorClass = DatabaseSchemaEditor
