"""A unit's schema made by a DDL script generated from the template schema.

The script is read from the catalogs of ``TENANT_BASE_SCHEMA`` once per migration state (the set
of migrations recorded in the template) and kept for the life of the process. Its statements are
top-level ``CREATE TABLE``, ``CREATE INDEX``, ``ALTER TABLE … ADD CONSTRAINT`` and ``CREATE
TRIGGER``, never PL/pgSQL: nothing in it matches catalog rows at run time (django-tenants' clone
function did, and its index-matching query stalled for seconds once hundreds of schemas existed,
benchmarks/README.md), and Citus converts only top-level ``CREATE TABLE`` into distributed tables.

Renaming without touching text: the definitions are printed by PostgreSQL's own ``pg_get_*def``
functions while ``search_path`` is the template alone, so the template's objects come out
unqualified and everything else (``public.f_unaccent``, the audit trigger's function) qualified.
The script then runs with ``search_path`` set to the new schema, so no string is rewritten and a
literal that happens to contain the template's name stays as it is.

The template's rows (the migration history, content types and permissions) are copied with
``INSERT … SELECT`` and its sequences set to the template's values, as the clone function's
``DATA`` mode did. Object kinds the script does not reproduce (views, functions or types in the
template schema, inheritance, row security, storage options…) stop the generation with
``SchemaScriptUnsupported`` rather than make a schema that differs silently; the catalog
comparison in ``tests/tenants/test_schema_script.py`` guards what it does reproduce.
"""

from __future__ import annotations

import hashlib
import threading
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import transaction
from psycopg2 import sql

from .citus import citus_active, ddl_prepare
from .db import connection

#: Part of the cache key: a new way of writing the script must not reuse a script written by the old one.
SCRIPT_VERSION = 1


class SchemaScriptUnsupported(Exception):
    """The template holds something the script would not reproduce."""


@dataclass(frozen=True)
class SchemaScript:
    """What makes a schema like the template: run it with ``search_path`` set to the new schema."""

    template: str
    state: str
    statements: tuple[str, ...]
    # True once the template holds rows or sequence positions the script does not copy (see _generate).
    drift_check: str

    @property
    def sql(self) -> str:
        return ";\n".join(self.statements) + ";\n"


_cache: dict[tuple[str, str], SchemaScript] = {}
_cache_lock = threading.Lock()


def _quote(name: str) -> str:
    connection.ensure_connection()
    return sql.Identifier(name).as_string(connection.connection)


def template_state(template: str | None = None) -> str:
    """A digest of the migrations recorded in the template: the key of its script."""
    template = template or settings.TENANT_BASE_SCHEMA
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL(
                "SELECT count(*), coalesce(string_agg(app || '.' || name, ',' ORDER BY app, name), '') "
                "FROM {}.django_migrations"
            ).format(sql.Identifier(template))
        )
        count, names = cursor.fetchone()
    return hashlib.sha256(f"{SCRIPT_VERSION}:{count}:{names}".encode()).hexdigest()[:16]


def schema_script(template: str | None = None) -> SchemaScript:
    """The script for the template's current migration state, generated on first use of that state."""
    template = template or settings.TENANT_BASE_SCHEMA
    state = template_state(template)
    with _cache_lock:
        script = _cache.get((template, state))
    if script is not None:
        with connection.cursor() as cursor:
            cursor.execute(script.drift_check)
            if cursor.fetchone()[0]:
                script = None
    if script is None:
        with transaction.atomic():  # set_config(..., true) lasts as long as the transaction
            statements, drift_check = _generate(template)
            script = SchemaScript(template=template, state=state, statements=tuple(statements), drift_check=drift_check)
        with _cache_lock:
            _cache[(template, state)] = script
    return script


def schema_cache_clear() -> None:
    with _cache_lock:
        _cache.clear()


def schema_create_from_script(schema_name: str, script: SchemaScript | None = None) -> None:
    """Create ``schema_name`` like the template; the caller holds the transaction (and the lock)."""
    if not connection.in_atomic_block:
        raise RuntimeError("A unit's schema is created inside a transaction, so that none is left half-made.")
    script = script or schema_script()
    with connection.cursor() as cursor:
        cursor.execute("SELECT current_setting('search_path')")
        (search_path,) = cursor.fetchone()
        cursor.execute(sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(schema_name)))
        cursor.execute("SELECT pg_catalog.set_config('search_path', %s, true)", [_quote(schema_name)])
        if citus_active():
            # Citus refuses several commands in one string; each statement is top-level, as it needs.
            ddl_prepare()
            for statement in script.statements:
                cursor.execute(statement)
        else:
            cursor.execute(script.sql)
        # django-tenants remembers the search_path it set on this connection: give it back.
        cursor.execute("SELECT pg_catalog.set_config('search_path', %s, true)", [search_path])


# --- Generation ---------------------------------------------------------------------------------

UNSUPPORTED = {
    "relations other than tables, indexes and sequences": """
        SELECT relname || ' (' || relkind::text || ')' FROM pg_class
        WHERE relnamespace = %(ns)s AND relkind NOT IN ('r', 'i', 'S')""",
    "tables with options the script does not copy": """
        SELECT relname FROM pg_class WHERE relnamespace = %(ns)s AND relkind = 'r'
          AND (relpersistence <> 'p' OR reloptions IS NOT NULL OR relrowsecurity OR relhasrules
               OR relispartition)""",
    "inheritance": """
        SELECT inhrelid::regclass::text FROM pg_inherits i JOIN pg_class c ON c.oid = i.inhrelid
        WHERE c.relnamespace = %(ns)s""",
    "functions": "SELECT proname FROM pg_proc WHERE pronamespace = %(ns)s",
    "types": """
        SELECT typname FROM pg_type t WHERE typnamespace = %(ns)s AND typrelid = 0
          AND NOT EXISTS (SELECT 1 FROM pg_type e WHERE e.oid = t.typelem AND e.typrelid <> 0)""",
    "policies": "SELECT polname FROM pg_policy p JOIN pg_class c ON c.oid = p.polrelid WHERE c.relnamespace = %(ns)s",
    "extended statistics": "SELECT stxname FROM pg_statistic_ext WHERE stxnamespace = %(ns)s",
    "collations": "SELECT collname FROM pg_collation WHERE collnamespace = %(ns)s",
    "operators": "SELECT oprname FROM pg_operator WHERE oprnamespace = %(ns)s",
    "column storage or statistics settings": """
        SELECT c.relname || '.' || a.attname FROM pg_attribute a JOIN pg_class c ON c.oid = a.attrelid
        JOIN pg_type t ON t.oid = a.atttypid
        WHERE c.relnamespace = %(ns)s AND c.relkind = 'r' AND a.attnum > 0 AND NOT a.attisdropped
          AND (a.attstorage <> t.typstorage OR a.attcompression <> ''
               OR coalesce(a.attstattarget, -1) <> -1)""",
    "comments on objects other than tables and columns": """
        SELECT d.objoid::regclass::text FROM pg_description d JOIN pg_class c ON c.oid = d.objoid
        WHERE d.classoid = 'pg_class'::regclass AND c.relnamespace = %(ns)s AND c.relkind <> 'r'
        UNION ALL
        SELECT con.conname FROM pg_description d JOIN pg_constraint con ON con.oid = d.objoid
        WHERE d.classoid = 'pg_constraint'::regclass AND con.connamespace = %(ns)s
        UNION ALL
        SELECT tg.tgname FROM pg_description d JOIN pg_trigger tg ON tg.oid = d.objoid
        JOIN pg_class c ON c.oid = tg.tgrelid
        WHERE d.classoid = 'pg_trigger'::regclass AND c.relnamespace = %(ns)s""",
}

COLUMNS = """
SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod),
       CASE WHEN a.attcollation <> t.typcollation THEN a.attcollation::regcollation::text END,
       a.attnotnull, pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
       pg_catalog.col_description(c.oid, a.attnum)
FROM pg_class c
JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
JOIN pg_type t ON t.oid = a.atttypid
LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
WHERE c.relnamespace = %(ns)s AND c.relkind = 'r'
ORDER BY c.relname, a.attnum
"""
# PostgreSQL 18 records NOT NULL as constraints with names of their own ('n'); kept by name.
NOT_NULL_NAMES = """
SELECT c.relname, a.attname, con.conname FROM pg_constraint con
JOIN pg_class c ON c.oid = con.conrelid
JOIN pg_attribute a ON a.attrelid = con.conrelid AND a.attnum = con.conkey[1]
WHERE con.connamespace = %(ns)s AND con.contype = 'n'
"""
SEQUENCES = """
SELECT c.relname, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
       s.seqcache, s.seqcycle, dep.deptype, owner.relname, a.attname
FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
     AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
LEFT JOIN pg_class owner ON owner.oid = dep.refobjid
LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
WHERE c.relnamespace = %(ns)s AND c.relkind = 'S'
ORDER BY c.relname
"""
CONSTRAINTS = """
SELECT c.relname, con.conname, con.contype, pg_catalog.pg_get_constraintdef(con.oid)
FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
WHERE con.connamespace = %(ns)s AND con.contype NOT IN ('n', 't')
ORDER BY c.relname, con.contype, con.conname
"""
INDEXES = """
SELECT pg_catalog.pg_get_indexdef(i.indexrelid, 0, true)
FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid
WHERE ic.relnamespace = %(ns)s
  AND NOT EXISTS (SELECT 1 FROM pg_constraint con WHERE con.conindid = i.indexrelid AND con.conrelid = i.indrelid
                  AND con.contype IN ('p', 'u', 'x'))
ORDER BY ic.relname
"""
TRIGGERS = """
SELECT pg_catalog.pg_get_triggerdef(tg.oid, true) FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
WHERE c.relnamespace = %(ns)s AND NOT tg.tgisinternal
ORDER BY c.relname, tg.tgname
"""


def _literal(value: Any) -> str:
    connection.ensure_connection()
    return sql.Literal(value).as_string(connection.connection)


def _sequence_options(row: tuple) -> str:
    _name, _type, start, increment, minimum, maximum, cache, cycle, *_ = row
    return f"START WITH {start} INCREMENT BY {increment} MINVALUE {minimum} MAXVALUE {maximum} CACHE {cache}" + (
        " CYCLE" if cycle else " NO CYCLE"
    )


def _generate(template: str) -> tuple[list[str], str]:
    """The statements, read from the catalogs with ``search_path`` = the template alone, and the
    query that tells whether the template's rows have changed since (``SchemaScript.drift_check``)."""
    q = _quote
    with connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [template])
        found = cursor.fetchone()
        if found is None:
            raise SchemaScriptUnsupported(f"The template schema {template} does not exist.")
        params = {"ns": found[0]}
        for what, query in UNSUPPORTED.items():
            cursor.execute(query, params)
            names = [row[0] for row in cursor.fetchall()]
            if names:
                raise SchemaScriptUnsupported(
                    f"The template schema {template} holds {what} ({', '.join(sorted(names)[:5])}), "
                    "which tenants.schema_script does not reproduce."
                )
        cursor.execute("SELECT current_setting('search_path')")
        (search_path,) = cursor.fetchone()
        cursor.execute("SELECT pg_catalog.set_config('search_path', %s, true)", [q(template)])
        try:
            cursor.execute(COLUMNS, params)
            columns = cursor.fetchall()
            cursor.execute(NOT_NULL_NAMES, params)
            not_null_names = {(table, column): name for table, column, name in cursor.fetchall()}
            cursor.execute(SEQUENCES, params)
            sequences = cursor.fetchall()
            cursor.execute(CONSTRAINTS, params)
            constraints = cursor.fetchall()
            cursor.execute(INDEXES, params)
            indexes = [row[0] for row in cursor.fetchall()]
            cursor.execute(TRIGGERS, params)
            triggers = [row[0] for row in cursor.fetchall()]
            cursor.execute(
                "SELECT relname, obj_description(oid, 'pg_class') FROM pg_class "
                "WHERE relnamespace = %(ns)s AND relkind = 'r' ORDER BY relname",
                params,
            )
            tables = cursor.fetchall()
        finally:
            cursor.execute("SELECT pg_catalog.set_config('search_path', %s, true)", [search_path])

    identity = {(row[9], row[10]): row for row in sequences if row[8] == "i"}
    definitions: dict[str, list[str]] = {table: [] for table, _comment in tables}
    copied: dict[str, list[str]] = {table: [] for table, _comment in tables}
    has_identity: set[str] = set()
    comments: list[str] = []
    for table, column, type_, collation, not_null, default, ident, generated, comment in columns:
        parts = [q(column), type_]
        if collation:
            parts.append(f"COLLATE {collation}")
        if generated:
            kind = {"s": "STORED", "v": "VIRTUAL"}[generated]
            parts.append(f"GENERATED ALWAYS AS ({default}) {kind}")
        elif default is not None:
            parts.append(f"DEFAULT {default}")
        if ident:
            sequence = identity[(table, column)]
            always = "ALWAYS" if ident == "a" else "BY DEFAULT"
            parts.append(
                f"GENERATED {always} AS IDENTITY (SEQUENCE NAME {q(sequence[0])} {_sequence_options(sequence)})"
            )
            has_identity.add(table)
        if not_null:
            name = not_null_names.get((table, column))
            parts.append(f"CONSTRAINT {q(name)} NOT NULL" if name else "NOT NULL")
        definitions[table].append(" ".join(parts))
        if not generated:
            copied[table].append(q(column))
        if comment is not None:
            comments.append(f"COMMENT ON COLUMN {q(table)}.{q(column)} IS {_literal(comment)}")
    foreign_keys: list[str] = []
    for table, name, contype, definition in constraints:
        if contype == "f":
            foreign_keys.append(f"ALTER TABLE {q(table)} ADD CONSTRAINT {q(name)} {definition}")
        else:
            definitions[table].append(f"CONSTRAINT {q(name)} {definition}")

    statements: list[str] = []
    for row in sequences:
        if row[8] != "i":
            statements.append(f"CREATE SEQUENCE {q(row[0])} AS {row[1]} {_sequence_options(row)}")
    for table, comment in tables:
        statements.append(f"CREATE TABLE {q(table)} (\n    " + ",\n    ".join(definitions[table]) + "\n)")
        if comment is not None:
            comments.append(f"COMMENT ON TABLE {q(table)} IS {_literal(comment)}")
    for row in sequences:
        if row[8] == "a":
            statements.append(f"ALTER SEQUENCE {q(row[0])} OWNED BY {q(row[9])}.{q(row[10])}")
    # The template's rows and sequence positions, read when the unit is made (the DATA clone mode),
    # for the tables that have rows and the sequences that have moved: the others would copy
    # nothing, at ~1 ms a statement. Only migrations write to the template, and a migration changes
    # the script's key; should rows appear otherwise, ``drift_check`` sees them and the script is
    # made again.
    source = q(template)
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT " + ", ".join(f"EXISTS (SELECT 1 FROM {source}.{q(table)})" for table, _comment in tables)
        )
        filled = [table for (table, _comment), has_rows in zip(tables, cursor.fetchone(), strict=True) if has_rows]
        moved: list[str] = []
        if sequences:
            cursor.execute("SELECT " + ", ".join(f"(SELECT is_called FROM {source}.{q(row[0])})" for row in sequences))
            moved = [row[0] for row, called in zip(sequences, cursor.fetchone(), strict=True) if called]
    for table in filled:
        columns_list = ", ".join(copied[table])
        overriding = " OVERRIDING SYSTEM VALUE" if table in has_identity else ""
        statements.append(
            f"INSERT INTO {q(table)} ({columns_list}){overriding} SELECT {columns_list} FROM {source}.{q(table)}"
        )
    for name in moved:
        statements.append(
            f"SELECT pg_catalog.setval({_literal(q(name))}, last_value, is_called) FROM {source}.{q(name)}"
        )
    drift = [f"EXISTS (SELECT 1 FROM {source}.{q(table)})" for table, _comment in tables if table not in filled]
    drift += [f"(SELECT is_called FROM {source}.{q(row[0])})" for row in sequences if row[0] not in moved]
    drift_check = "SELECT " + (" OR ".join(drift) if drift else "false")
    return statements + foreign_keys + indexes + triggers + comments, drift_check


# --- Comparison ---------------------------------------------------------------------------------

CATALOG_QUERIES = {
    "tables": "SELECT relname FROM pg_class WHERE relnamespace = %(ns)s AND relkind = 'r'",
    "columns": """
        SELECT c.relname, a.attname, pg_catalog.format_type(a.atttypid, a.atttypmod), a.attnotnull,
               pg_catalog.pg_get_expr(d.adbin, d.adrelid), a.attidentity, a.attgenerated,
               a.attcollation::regcollation::text,
               pg_catalog.col_description(c.oid, a.attnum),
               row_number() OVER (PARTITION BY c.relname ORDER BY a.attnum)
        FROM pg_class c JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
        LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
        WHERE c.relnamespace = %(ns)s AND c.relkind = 'r'""",
    "constraints": """
        SELECT c.relname, con.conname, con.contype, pg_catalog.pg_get_constraintdef(con.oid), con.convalidated,
               con.condeferrable, con.condeferred
        FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid
        WHERE con.connamespace = %(ns)s AND con.contype <> 'n'""",
    "indexes": """
        SELECT ic.relname, pg_catalog.pg_get_indexdef(i.indexrelid, 0, true), i.indisunique, i.indisprimary
        FROM pg_index i JOIN pg_class ic ON ic.oid = i.indexrelid WHERE ic.relnamespace = %(ns)s""",
    "sequences": """
        SELECT c.relname, pg_catalog.format_type(s.seqtypid, NULL), s.seqstart, s.seqincrement, s.seqmin, s.seqmax,
               s.seqcache, s.seqcycle, owner.relname, a.attname, dep.deptype
        FROM pg_class c JOIN pg_sequence s ON s.seqrelid = c.oid
        LEFT JOIN pg_depend dep ON dep.classid = 'pg_class'::regclass AND dep.objid = c.oid
             AND dep.refclassid = 'pg_class'::regclass AND dep.deptype IN ('a', 'i')
        LEFT JOIN pg_class owner ON owner.oid = dep.refobjid
        LEFT JOIN pg_attribute a ON a.attrelid = dep.refobjid AND a.attnum = dep.refobjsubid
        WHERE c.relnamespace = %(ns)s""",
    "triggers": """
        SELECT c.relname, tg.tgname, pg_catalog.pg_get_triggerdef(tg.oid, true), tg.tgenabled
        FROM pg_trigger tg JOIN pg_class c ON c.oid = tg.tgrelid
        WHERE c.relnamespace = %(ns)s AND NOT tg.tgisinternal""",
    "functions": "SELECT proname, pg_catalog.pg_get_functiondef(oid) FROM pg_proc WHERE pronamespace = %(ns)s",
    "table_comments": """
        SELECT relname, obj_description(oid, 'pg_class') FROM pg_class
        WHERE relnamespace = %(ns)s AND obj_description(oid, 'pg_class') IS NOT NULL""",
    "relation_kinds": "SELECT relkind, count(*) FROM pg_class WHERE relnamespace = %(ns)s GROUP BY relkind",
}


def schema_catalog(schema_name: str) -> dict[str, Any]:
    """Everything that makes up ``schema_name``, with its own name out of the definitions.

    Definitions are printed with ``search_path`` = the schema alone, so the schema's own objects
    appear unqualified and two schemas made alike compare equal. Also: every row of the non-empty
    tables (the seeded ones) and the position of every sequence.
    """
    catalog: dict[str, Any] = {}
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SELECT oid FROM pg_namespace WHERE nspname = %s", [schema_name])
        params = {"ns": cursor.fetchone()[0]}
        cursor.execute("SELECT current_setting('search_path')")
        (search_path,) = cursor.fetchone()
        cursor.execute("SELECT pg_catalog.set_config('search_path', %s, true)", [_quote(schema_name)])
        try:
            for name, query in CATALOG_QUERIES.items():
                cursor.execute(query, params)
                catalog[name] = sorted(tuple(str(value) for value in row) for row in cursor.fetchall())
            rows: dict[str, list] = {}
            positions: dict[str, tuple] = {}
            for (table,) in catalog["tables"]:
                cursor.execute(sql.SQL("SELECT * FROM {} ORDER BY 1").format(sql.Identifier(table)))
                content = cursor.fetchall()
                if content:
                    rows[table] = content
            for sequence in catalog["sequences"]:
                cursor.execute(sql.SQL("SELECT last_value, is_called FROM {}").format(sql.Identifier(sequence[0])))
                positions[sequence[0]] = cursor.fetchone()
        finally:
            cursor.execute("SELECT pg_catalog.set_config('search_path', %s, true)", [search_path])
    catalog["rows"] = rows
    catalog["sequence_positions"] = positions
    return catalog
