"""Unit schemas in bulk: copies of the migrated template schema, each with a registry row."""

from __future__ import annotations

import time

from psycopg2 import sql

from tenants.models import Unit, UnitKind, UnitStatus

#: Schemas per transaction: enough to amortise the commit, few enough for the lock table.
PER_TRANSACTION = 5


def bench_code(index: int) -> str:
    return f"B{index:05d}"


def template_tables() -> list[str]:
    from django.conf import settings
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT tablename FROM pg_tables WHERE schemaname = %s ORDER BY tablename", [settings.TENANT_BASE_SCHEMA]
        )
        return [row[0] for row in cursor.fetchall()]


def schemas_grow(target: int, tables: list[str]) -> float:
    """Make unit schemas ``B00000``… until there are ``target``; the seconds it took."""
    from django.conf import settings
    from django.db import connection, transaction

    template = settings.TENANT_BASE_SCHEMA
    existing = Unit.objects.filter(code__startswith="B").count()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        # A bench database: losing the last commits in a crash costs nothing, waiting for each does.
        cursor.execute("SET synchronous_commit TO off")
    for first in range(existing, target, PER_TRANSACTION):
        indexes = range(first, min(first + PER_TRANSACTION, target))
        units = [
            Unit(
                schema_name=f"u_{bench_code(i).lower()}",
                code=bench_code(i),
                name=f"Bench unit {i}",
                kind=UnitKind.COMMUNE,
                status=UnitStatus.ACTIVE,
            )
            for i in indexes
        ]
        with transaction.atomic(), connection.cursor() as cursor:
            for unit in units:
                statements = [sql.SQL("CREATE SCHEMA {}").format(sql.Identifier(unit.schema_name))]
                statements += [
                    sql.SQL("CREATE TABLE {} (LIKE {} INCLUDING ALL)").format(
                        sql.Identifier(unit.schema_name, table), sql.Identifier(template, table)
                    )
                    for table in tables
                ]
                statements.append(
                    sql.SQL("INSERT INTO {} (app, name, applied) SELECT app, name, applied FROM {} ORDER BY id").format(
                        sql.Identifier(unit.schema_name, "django_migrations"),
                        sql.Identifier(template, "django_migrations"),
                    )
                )
                cursor.execute(sql.SQL("; ").join(statements).as_string(cursor.cursor))
            Unit.objects.bulk_create(units)
        connection.set_schema_to_public()
    return time.perf_counter() - started


def scratch_pending_in(schemas: list[str], all_schemas: list[str]) -> None:
    """Leave the scratch migration pending in ``schemas`` only: undo it there, record it elsewhere."""
    from django.db import connection

    label = ("bench_scratch", "0001_petition_bench_note")
    pending = set(schemas)
    with connection.cursor() as cursor:
        for schema in all_schemas:
            table = sql.Identifier(schema, "django_migrations")
            cursor.execute(sql.SQL("DELETE FROM {} WHERE app = %s AND name = %s").format(table), label)
            if schema in pending:
                cursor.execute(
                    sql.SQL("DROP INDEX IF EXISTS {}").format(sql.Identifier(schema, "petitions_petition_bench_note"))
                )
                cursor.execute(
                    sql.SQL("ALTER TABLE {} DROP COLUMN IF EXISTS bench_note").format(
                        sql.Identifier(schema, "petitions_petition")
                    )
                )
            else:
                cursor.execute(
                    sql.SQL("INSERT INTO {} (app, name, applied) VALUES (%s, %s, now())").format(table), label
                )


def records_complete() -> int:
    """Record every missing migration as applied, in every schema; the schemas it touched.

    Other work adds migrations to the tree while a long run goes on; the no-op timings need every
    schema at head, and replaying a new migration in 1,000 schemas would take the better part of an
    hour. What a no-op reads is the records, so the records are what is completed (untimed).
    """
    from django.db import connection

    from tenants.migration_plan import migration_plan

    plan = migration_plan()
    with connection.cursor() as cursor:
        for state in plan.behind:
            rows = [tuple(label.split(".", 1)) for label in state.missing]
            cursor.executemany(
                sql.SQL("INSERT INTO {} (app, name, applied) VALUES (%s, %s, now())")
                .format(sql.Identifier(state.schema, "django_migrations"))
                .as_string(cursor.cursor),
                rows,
            )
    return len(plan.behind)
