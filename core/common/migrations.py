"""Helpers for migrations that must run in every unit's schema.

A unit's schema is cloned from the template (django-tenants' ``clone_schema``), and the clone
recreates UNIQUE constraints under PostgreSQL's default names (``<table>_<columns>_key``), not the
names the model gives them. A migration that removes one by name works on the template and fails
on every cloned unit; these find it by its columns instead.
"""

from __future__ import annotations

from collections.abc import Iterable

UNIQUES_ON = """
SELECT format('ALTER TABLE %%I DROP CONSTRAINT %%I', rel.relname, con.conname)
FROM pg_constraint con
JOIN pg_class rel ON rel.oid = con.conrelid
WHERE rel.relnamespace = current_schema()::regnamespace
  AND rel.relname = %s
  AND con.contype = 'u'
  AND (SELECT array_agg(att.attname::text ORDER BY att.attname)
       FROM pg_attribute att
       WHERE att.attrelid = rel.oid AND att.attnum = ANY (con.conkey)) = %s::text[]
UNION ALL
SELECT format('DROP INDEX %%I', idx.relname)
FROM pg_index ind
JOIN pg_class idx ON idx.oid = ind.indexrelid
JOIN pg_class rel ON rel.oid = ind.indrelid
WHERE rel.relnamespace = current_schema()::regnamespace
  AND rel.relname = %s
  AND ind.indisunique AND NOT ind.indisprimary
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = ind.indexrelid)
  AND (SELECT array_agg(att.attname::text ORDER BY att.attname)
       FROM pg_attribute att
       WHERE att.attrelid = rel.oid AND att.attnum = ANY (ind.indkey)) = %s::text[]
"""


def uniques_drop(schema_editor, table: str, columns: Iterable[str]) -> int:
    """Drop every UNIQUE constraint or unique index of ``table`` (in the schema being migrated) over
    exactly ``columns``, whatever its name; how many were dropped."""
    names = sorted(columns)
    with schema_editor.connection.cursor() as cursor:
        cursor.execute(UNIQUES_ON, [table, names, table, names])
        statements = [row[0] for row in cursor.fetchall()]
        for statement in statements:
            cursor.execute(statement)
    return len(statements)
