"""Onboarding one unit with one method, timed (also used by ``benchmarks.clone_plan``).

* ``script``: what ``tenants.provisioning.unit_provision`` does, the schema made by the template's
  DDL script (``tenants.schema_script``);
* ``clone``: the baseline, django-tenants' ``clone_schema()`` of the template then the migrations
  recorded as applied (``Unit.create_schema`` with ``TENANT_CREATION_FAKES_MIGRATIONS=True``), as
  onboarding did before the script;
* ``migrations``: ``CREATE SCHEMA`` then every tenant migration replayed.

The three go through the same ``units_provision`` (registry row, roles, activation), each with its
own ``schema_maker``.
"""

from __future__ import annotations

import time
from collections.abc import Callable
from dataclasses import dataclass

from django.apps import apps
from django.conf import settings
from django.db import transaction
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from psycopg2 import sql

from benchmarks.harness.units import province_codes, units_take
from tenants.catalogue import UnitSpec, province_units
from tenants.db import connection
from tenants.models import COMMUNE_LEVEL_KINDS, Unit
from tenants.provisioning import units_provision
from tenants.schema_script import schema_create_from_script, schema_script

METHODS = ("script", "clone", "migrations")
# The province whose units each method onboards first in ``unit_batches`` (clone_plan); larger
# runs go on with other provinces, whole ones, never shared between the methods.
FIRST_PROVINCE = {"script": "08", "clone": "20", "migrations": "04"}  # Tuyên Quang, Lạng Sơn, Cao Bằng
# django-tenants' clone function needed fresh catalog statistics: its index-matching query got a
# bad plan as schemas piled up, so onboarding analysed them every N clones. The script has no such
# query; only the baselines here (and benchmarks that grow schemas) still do it.
CATALOG_ANALYZE_EVERY = 20
CATALOGS = ("pg_class", "pg_index", "pg_namespace", "pg_attribute", "pg_constraint", "pg_depend", "pg_type")


@dataclass
class Sample:
    provision: float = 0.0
    schema: float = 0.0
    existing_schemas: int = 0
    analyzed_before: bool = False


def unit_batches(count: int) -> dict[str, tuple[list[UnitSpec], list[str]]]:
    """``count`` distinct unit specs per method, and the provinces they come from."""
    spare = [code for code in province_codes() if code not in FIRST_PROVINCE.values()]
    batches: dict[str, tuple[list[UnitSpec], list[str]]] = {}
    for method in METHODS:
        specs, used = units_take(count, [FIRST_PROVINCE[method], *spare])
        spare = [code for code in spare if code not in used]
        batches[method] = (specs, list(used))
    return batches


def units_split() -> tuple[list[UnitSpec], list[UnitSpec]]:
    """Every unit of the official list: the province-level bodies, and the communes (wards, zones)."""
    bodies: list[UnitSpec] = []
    communes: list[UnitSpec] = []
    for code in province_codes():
        for spec in province_units(code):
            (communes if spec.kind in COMMUNE_LEVEL_KINDS else bodies).append(spec)
    return bodies, communes


def schema_maker(method: str, sample: Sample) -> Callable[[Unit], None]:
    """The method's way of making a unit's schema, timed into ``sample.schema``."""

    def make(unit: Unit) -> None:
        started = time.perf_counter()
        try:
            if method == "script":
                schema_create_from_script(unit.schema_name, schema_script())
            else:
                with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=method == "clone"):
                    unit.create_schema(check_if_exists=True, verbosity=0)
        finally:
            sample.schema = time.perf_counter() - started

    return make


def provision_timed(spec: UnitSpec, *, method: str, fresh_connection: bool) -> Sample:
    """Provision one brand-new unit with ``method`` and time it (connecting is not timed)."""
    sample = Sample()
    if fresh_connection:
        connection.close()
    connection.ensure_connection()
    connection.set_schema_to_public()
    started = time.perf_counter()
    [(unit, created)] = units_provision(specs=[spec], schema_maker=schema_maker(method, sample))
    sample.provision = time.perf_counter() - started
    if not created:
        raise RuntimeError(f"{unit.schema_name} existed already: the bench database is not fresh.")
    return sample


def filler_timed(number: int) -> float:
    """One schema made by the script with no unit behind it (to reach a schema count the official
    list does not have), on a new connection; the seconds it took."""
    connection.close()
    connection.ensure_connection()
    connection.set_schema_to_public()
    started = time.perf_counter()
    with transaction.atomic():
        schema_create_from_script(f"bench_fill_{number:05d}", schema_script())
    return time.perf_counter() - started


def catalogs_analyze() -> None:
    """ANALYZE the system catalogs the clone's queries read; nothing inside a transaction (it cannot run there)."""
    if connection.in_atomic_block:
        return
    with connection.cursor() as cursor:
        for catalog in CATALOGS:
            cursor.execute(f"ANALYZE pg_catalog.{catalog}")


def catalogs_analyze_untimed(analyze_seconds: list[float]) -> None:
    """``catalogs_analyze`` on the public schema, outside any transaction.

    Its duration goes to ``analyze_seconds``, never into a unit's timings. With one connection per
    unit, ``provision_timed`` then opens the unit's own connection as for any other unit.
    """
    connection.ensure_connection()
    connection.set_schema_to_public()
    if connection.in_atomic_block:
        raise RuntimeError("catalogs_analyze() would do nothing inside a transaction.")
    started = time.perf_counter()
    catalogs_analyze()
    analyze_seconds.append(time.perf_counter() - started)


def schemas_count() -> int:
    """Unit schemas (and fillers) in the database: every schema but the system ones, public and the template."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM pg_namespace WHERE nspname NOT LIKE 'pg\\_%%' "
            "AND nspname NOT IN ('information_schema', 'public', %s)",
            [settings.TENANT_BASE_SCHEMA],
        )
        return cursor.fetchone()[0]


def migration_counts(schema_name: str) -> dict[str, int]:
    """Migrations of the tenant apps (those that run in a unit schema) and all recorded ones."""
    labels = {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    tenant_nodes = [node for node in graph.nodes if node[0] in labels]
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}.django_migrations").format(sql.Identifier(schema_name)))
        recorded = cursor.fetchone()[0]
    return {"tenant_apps": len(labels), "tenant_app_migrations": len(tenant_nodes), "recorded_in_schema": recorded}
