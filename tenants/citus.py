"""Citus schema-based sharding: what onboarding and ``migrate`` do differently on a Citus coordinator.

On a coordinator with ``citus.enable_schema_based_sharding`` on, every ``CREATE SCHEMA`` becomes a
distributed schema, placed whole on one worker, and every top-level ``CREATE TABLE`` in it becomes
one of its tables (docs/citus.md). What the platform does about it:

- The template schema is not a unit: it is created with sharding off, so it stays an ordinary
  schema on the coordinator, read only to write the DDL script (``tenants.schema_script``).
- A unit's schema is created by that script, one top-level statement at a time (Citus refuses
  several commands in one string, and converts nothing created inside PL/pgSQL); in the same
  transaction ``schema_tables_check`` refuses a schema with a table Citus does not know, so a
  unit is never left undistributed on the coordinator.
- The audit log's append-only triggers exist on distributed tables only with
  ``citus.enable_unsafe_triggers``. "Unsafe" means a trigger function that reads or writes other
  tables, which may sit on another node; ``public.tiepdan_audit_append_only`` touches no table
  (it only raises), so the setting is turned on for the transactions that create them.
- Every table of the public schema is registered with Citus (``citus_add_local_table_to_metadata``)
  after each public migration: a transaction writing a unit's tables (on a worker) and the case
  index (on the coordinator) then commits by two-phase commit, not one node after the other.
- No foreign key runs between unit schemas, nor from a unit into ``public`` (Citus would need the
  target to be a reference table); ``tests/citus`` asserts it.

On a plain PostgreSQL every function here does nothing, and costs one query per process.
"""

from __future__ import annotations

from django.db import transaction
from psycopg2 import sql

from .db import connection

_active: dict[tuple[str, str, str], bool] = {}


class CitusSchemaError(Exception):
    """A unit's schema holds tables Citus does not distribute."""


def citus_active() -> bool:
    """Whether the default database is a Citus coordinator (the extension is installed)."""
    settings = connection.settings_dict
    key = (str(settings.get("HOST")), str(settings.get("PORT")), str(settings.get("NAME")))
    if key not in _active:
        with connection.cursor() as cursor:
            cursor.execute("SELECT EXISTS (SELECT 1 FROM pg_extension WHERE extname = 'citus')")
            _active[key] = bool(cursor.fetchone()[0])
    return _active[key]


def ddl_prepare(*, distribute: bool = True) -> None:
    """Set up the current transaction for creating schemas and tables (see the module's text)."""
    if not connection.in_atomic_block:
        raise RuntimeError("SET LOCAL lasts for a transaction: call ddl_prepare inside one.")
    if not citus_active():
        return
    with connection.cursor() as cursor:
        cursor.execute("SET LOCAL citus.enable_unsafe_triggers TO on")
        if not distribute:
            cursor.execute("SET LOCAL citus.enable_schema_based_sharding TO off")


UNDISTRIBUTED = """
SELECT n.nspname, c.relname
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = ANY(%s) AND c.relkind IN ('r', 'p')
  AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)
ORDER BY 1, 2
"""
NOT_TENANT_SCHEMAS = """
SELECT n.nspname FROM pg_namespace n
WHERE n.nspname = ANY(%s)
  AND NOT EXISTS (SELECT 1 FROM pg_dist_schema s WHERE s.schemaid = n.oid)
ORDER BY 1
"""


def schemas_undistributed(schemas: list[str]) -> dict[str, list[str]]:
    """For each of ``schemas`` that is not a distributed schema or holds a table Citus does not
    know, what is wrong with it (empty on plain PostgreSQL)."""
    if not schemas or not citus_active():
        return {}
    problems: dict[str, list[str]] = {}
    with connection.cursor() as cursor:
        cursor.execute(NOT_TENANT_SCHEMAS, [schemas])
        for (schema,) in cursor.fetchall():
            problems.setdefault(schema, []).append("(not a distributed schema)")
        cursor.execute(UNDISTRIBUTED, [schemas])
        for schema, table in cursor.fetchall():
            problems.setdefault(schema, []).append(table)
    return problems


def schema_tables_check(schemas: list[str]) -> None:
    """Raise ``CitusSchemaError`` naming what is not distributed among ``schemas``."""
    problems = schemas_undistributed(schemas)
    if problems:
        shown = "; ".join(f"{schema}: {', '.join(tables[:5])}" for schema, tables in sorted(problems.items())[:5])
        raise CitusSchemaError(f"{len(problems)} unit schema(s) are not distributed by Citus: {shown}")


PUBLIC_UNREGISTERED = """
SELECT c.oid::regclass::text
FROM pg_class c
WHERE c.relnamespace = 'public'::regnamespace AND c.relkind IN ('r', 'p') AND NOT c.relispartition
  AND NOT EXISTS (SELECT 1 FROM pg_dist_partition p WHERE p.logicalrelid = c.oid)
ORDER BY 1
"""


OWNED_SEQUENCES = """
SELECT s.sequencename, s.last_value
FROM pg_depend d
JOIN pg_class c ON c.oid = d.objid AND c.relkind = 'S'
JOIN pg_sequences s ON s.schemaname = 'public' AND s.sequencename = c.relname
WHERE d.classid = 'pg_class'::regclass AND d.refclassid = 'pg_class'::regclass
  AND d.deptype IN ('a', 'i') AND d.refobjid = ANY(%s::regclass[])
"""


def public_tables_register() -> list[str]:
    """Register every public table not yet known to Citus as a Citus local table (with the
    tables its foreign keys reach); returns those registered. Idempotent."""
    if not citus_active():
        return []
    registered: list[str] = []
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(PUBLIC_UNREGISTERED)
        pending = [row[0] for row in cursor.fetchall()]
        if not pending:
            return []
        # Registering restarts a table's identity sequence (citusdata/citus#6591's family): the next
        # row would take id 1 again. The sequences of the tables about to be registered are read
        # before and set after, never backwards (sequences ignore transactions).
        cursor.execute(OWNED_SEQUENCES, [pending])
        positions = [(name, value) for name, value in cursor.fetchall() if value is not None]
        while pending:
            # cascade: a table's foreign-key neighbours are registered with it, so re-read the list.
            cursor.execute(
                "SELECT citus_add_local_table_to_metadata(%s, cascade_via_foreign_keys => true)", [pending[0]]
            )
            registered.append(pending[0])
            cursor.execute(PUBLIC_UNREGISTERED)
            pending = [row[0] for row in cursor.fetchall()]
        for name, value in positions:
            cursor.execute(
                "SELECT pg_catalog.setval(%s, GREATEST(%s, coalesce((SELECT last_value FROM pg_sequences "
                "WHERE schemaname = 'public' AND sequencename = %s), 0)), true)",
                [sql.Identifier("public", name).as_string(connection.connection), value, name],
            )
    return registered
