"""Setting up 1,000 units: their schemas (cloned, or copied by plain DDL), their caseload, and the
limit's plain shared tables."""

from __future__ import annotations

import random
import time
from dataclasses import asdict
from datetime import date
from typing import Any

from django.conf import settings
from django.db import connection, transaction
from django_tenants.utils import schema_context

from benchmarks.dashboard.data import unit_load
from benchmarks.harness.database import connection_renew
from benchmarks.harness.generate import FIELD_WEIGHTS
from benchmarks.harness.stats import Stats
from benchmarks.onboarding.provision import CATALOG_ANALYZE_EVERY, catalogs_analyze
from core.accounts.services import roles_ensure
from core.caseindex.models import CaseEvent, CaseIndexEntry
from core.catalogue.models import PetitionField
from tenants.catalogue import UnitSpec
from tenants.models import Unit, UnitStatus, schema_name_for_code
from tenants.provisioning import unit_provision, unit_register

TARGET = "@@TARGET@@"  # the new schema's quoted name in the copy script
#: The public tables and their plain copies (the limit, ``a``).
PUBLIC_TABLES = {"caseindex_caseindexentry": "bench_shared", "caseindex_caseevent": "bench_shared_events"}
#: Public rows are written in bulk once this many are pending.
PUBLIC_ROWS_PENDING = 20_000


def copy_script(template: str) -> list[str]:
    """SQL that makes a schema like ``template`` (tables with their columns, defaults, checks,
    indexes and new identity sequences, the rows of its non-empty tables, foreign keys), with the
    new schema's name left as ``TARGET``: a plain-DDL stand-in for django-tenants' clone_schema()."""
    quote = connection.ops.quote_name
    source = quote(template)
    statements = [f"CREATE SCHEMA {TARGET}"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid, c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace "
            "AND c.relkind IN ('r', 'p') ORDER BY c.relname",
            [template],
        )
        tables = cursor.fetchall()
        inserts, sequences = [], []
        for oid, name in tables:
            table = quote(name)
            statements.append(f"CREATE TABLE {TARGET}.{table} (LIKE {source}.{table} INCLUDING ALL)")
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {source}.{table})")
            if cursor.fetchone()[0]:
                cursor.execute(
                    "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                    "WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped AND attgenerated = ''",
                    [oid],
                )
                columns = cursor.fetchone()[0]
                inserts.append(f"INSERT INTO {TARGET}.{table} ({columns}) SELECT {columns} FROM {source}.{table}")
            cursor.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s AND attidentity <> ''", [oid])
            for (column,) in cursor.fetchall():
                sequences.append(
                    f"SELECT setval(pg_get_serial_sequence('{TARGET}.{table}', '{column}'), "
                    f"COALESCE(max({quote(column)}), 1), max({quote(column)}) IS NOT NULL) FROM {TARGET}.{table}"
                )
        cursor.execute(
            "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
            "JOIN pg_class c ON c.oid = con.conrelid WHERE con.connamespace = %s::regnamespace AND con.contype = 'f' "
            "ORDER BY 1, 2",
            [template],
        )
        foreign_keys = [
            f"ALTER TABLE {TARGET}.{quote(name)} ADD CONSTRAINT {quote(constraint)} "
            + definition.replace(f"REFERENCES {template}.", f"REFERENCES {TARGET}.").replace(
                f"REFERENCES {source}.", f"REFERENCES {TARGET}."
            )
            for name, constraint, definition in cursor.fetchall()
        ]
    return statements + inserts + sequences + foreign_keys


def unit_copy(spec: UnitSpec, script: list[str]) -> Unit:
    """Register ``spec``'s unit and make its schema with ``script`` instead of clone_schema(); then
    its roles and activation, as ``unit_provision`` does."""
    with transaction.atomic():
        unit = unit_register(spec=spec)
        with connection.cursor() as cursor:
            cursor.execute(";\n".join(script).replace(TARGET, connection.ops.quote_name(unit.schema_name)))
        with schema_context(unit.schema_name):
            roles_ensure(unit=unit)
        unit.status = UnitStatus.ACTIVE
        unit.save(update_fields=["status"])
    connection.set_schema_to_public()
    return unit


def setup(
    specs: list[UnitSpec], *, provision: str, per_unit: int, seed: int, today: date
) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """Onboard every unit (one connection each, catalog ANALYZE every 20) and load its petitions.

    With ``provision="province"``, the measured province's units (the first ones) go through
    ``unit_provision``; the others get their schema from ``copy_script`` (see ``unit_copy``)."""
    fields = list(PetitionField.objects.filter(is_active=True).values_list("code", flat=True)) or list(FIELD_WEIGHTS)
    real = {spec.code for spec in specs if provision == "all" or spec.province_code == specs[0].province_code}
    script = copy_script(settings.TENANT_BASE_SCHEMA)
    timings: dict[str, list[float]] = {"provision": [], "copy": [], "load": [], "catalog_analyze": []}
    pending: list[Any] = []
    started = time.perf_counter()
    for index, spec in enumerate(specs):
        connection_renew()
        if index % CATALOG_ANALYZE_EVERY == 0:
            mark = time.perf_counter()
            catalogs_analyze()
            timings["catalog_analyze"].append(time.perf_counter() - mark)
        mark = time.perf_counter()
        if spec.code in real:
            unit, created = unit_provision(spec=spec)
            if not created:
                raise RuntimeError(f"{unit.schema_name} existed already: the bench database is not fresh.")
            timings["provision"].append(time.perf_counter() - mark)
        else:
            unit = unit_copy(spec, script)
            timings["copy"].append(time.perf_counter() - mark)
        mark = time.perf_counter()
        with schema_context(unit.schema_name), transaction.atomic():
            rng = random.Random(seed * 100_003 + index)
            pending += unit_load(unit, count=per_unit, rng=rng, today=today, fields=fields)
        if len(pending) >= PUBLIC_ROWS_PENDING or index == len(specs) - 1:
            connection.set_schema_to_public()
            CaseIndexEntry.objects.bulk_create([row for row in pending if isinstance(row, CaseIndexEntry)], 5000)
            CaseEvent.objects.bulk_create([row for row in pending if isinstance(row, CaseEvent)], 5000)
            pending = []
        timings["load"].append(time.perf_counter() - mark)
        done = index + 1
        if done % 50 == 0 or done == len(specs):
            elapsed = time.perf_counter() - started
            last = "provision" if spec.code in real else "copy"
            print(
                f"  {done}/{len(specs)} units ({elapsed:.0f} s, ETA {elapsed / done * (len(specs) - done):.0f} s; "
                f"last {last} {timings[last][-1]:.3f} s, load {timings['load'][-1]:.3f} s)",
                flush=True,
            )
    connection.close()
    summary = {
        "total_seconds": time.perf_counter() - started,
        "provisioned_units": len(timings["provision"]),
        "copied_units": len(timings["copy"]),
        **{name: asdict(Stats.of(timings[name])) for name in ("provision", "copy", "load") if timings[name]},
        "catalog_analyze": {"count": len(timings["catalog_analyze"]), "total_seconds": sum(timings["catalog_analyze"])},
        "copy_script_statements": len(script),
    }
    return summary, timings


def schema_relations(specs: list[UnitSpec], copied: bool) -> dict[str, Any]:
    """Relations by kind in one provisioned and one copied unit schema (they should be alike)."""
    provisioned = schema_name_for_code(specs[0].code)
    other = schema_name_for_code(specs[-1].code) if copied else None
    counts: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for role, schema in (("provisioned", provisioned), ("copied", other)):
            if schema is None:
                continue
            cursor.execute(
                "SELECT c.relkind, count(*) FROM pg_class c WHERE c.relnamespace = %s::regnamespace GROUP BY 1 "
                "ORDER BY 1",
                [schema],
            )
            relations = dict(cursor.fetchall())
            cursor.execute("SELECT count(*) FROM pg_constraint WHERE connamespace = %s::regnamespace", [schema])
            counts[role] = {"schema": schema, "relations_by_kind": relations, "constraints": cursor.fetchone()[0]}
    return counts


def shared_tables_create() -> dict[str, Any]:
    """The limit's plain tables: the rows of the case index and of the case events, each copied into
    one table with the same indexes; then ``VACUUM (ANALYZE)`` of all four."""
    connection.set_schema_to_public()
    started = time.perf_counter()
    copied = []
    with connection.cursor() as cursor:
        for source, target in PUBLIC_TABLES.items():
            cursor.execute(f"DROP TABLE IF EXISTS public.{target}")
            cursor.execute(f"CREATE TABLE public.{target} AS SELECT * FROM public.{source}")
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s "
                "ORDER BY indexname",
                [source],
            )
            for number, (name, definition) in enumerate(cursor.fetchall()):
                new_name = f"{target}_{number}_{name}"[:63]
                statement = definition.replace(f"INDEX {name} ON", f"INDEX {new_name} ON").replace(
                    f"public.{source} ", f"public.{target} "
                )
                cursor.execute(statement)
                copied.append(statement)
        create_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for source, target in PUBLIC_TABLES.items():
            cursor.execute(f"VACUUM (ANALYZE) public.{source}")
            cursor.execute(f"VACUUM (ANALYZE) public.{target}")
    vacuum_seconds = time.perf_counter() - started
    return {"create_seconds": create_seconds, "vacuum_analyze_seconds": vacuum_seconds, "indexes": copied}
