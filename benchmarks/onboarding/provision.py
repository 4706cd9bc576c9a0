"""Onboarding one unit with either method, timed (also used by ``benchmarks.clone_plan``)."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

from django.apps import apps
from django.conf import settings
from django.db import connection
from django.db.migrations.loader import MigrationLoader
from django.test import override_settings
from psycopg2 import sql

from benchmarks.harness.units import province_codes, units_take
from tenants.catalogue import UnitSpec
from tenants.models import Unit
from tenants.provisioning import catalogs_analyze, unit_provision

METHODS = ("clone", "migrations")
# The province whose units each method onboards first; larger runs go on with other provinces,
# whole ones, never shared between the methods.
FIRST_PROVINCE = {"clone": "20", "migrations": "04"}  # Lạng Sơn, Cao Bằng


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


@contextmanager
def schema_timer(sample: Sample) -> Iterator[None]:
    """Record how long ``Unit.create_schema`` takes inside the block into ``sample.schema``."""
    original: Callable[..., Any] = Unit.create_schema

    def timed(self: Unit, *args: Any, **kwargs: Any) -> Any:
        started = time.perf_counter()
        try:
            return original(self, *args, **kwargs)
        finally:
            sample.schema = time.perf_counter() - started

    Unit.create_schema = timed  # type: ignore[method-assign]
    try:
        yield
    finally:
        Unit.create_schema = original  # type: ignore[method-assign]


def provision_timed(spec: UnitSpec, *, method: str, fresh_connection: bool) -> Sample:
    """Provision one brand-new unit with ``method`` and time it (connecting is not timed)."""
    sample = Sample()
    if fresh_connection:
        connection.close()
    connection.ensure_connection()
    connection.set_schema_to_public()
    with override_settings(TENANT_CREATION_FAKES_MIGRATIONS=method == "clone"), schema_timer(sample):
        started = time.perf_counter()
        unit, created = unit_provision(spec=spec)
        sample.provision = time.perf_counter() - started
    if not created:
        raise RuntimeError(f"{unit.schema_name} existed already: the bench database is not fresh.")
    return sample


def catalogs_analyze_untimed(analyze_seconds: list[float]) -> None:
    """``tenants.provisioning.catalogs_analyze`` on the public schema, outside any transaction.

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


def migration_counts(schema_name: str) -> dict[str, int]:
    """Migrations of the tenant apps (those that run in a unit schema) and all recorded ones."""
    labels = {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    tenant_nodes = [node for node in graph.nodes if node[0] in labels]
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}.django_migrations").format(sql.Identifier(schema_name)))
        recorded = cursor.fetchone()[0]
    return {"tenant_apps": len(labels), "tenant_app_migrations": len(tenant_nodes), "recorded_in_schema": recorded}
