"""Onboarding benchmark: creating a unit's schema by cloning the template vs replaying migrations.

What is measured, per unit, in one run and on one database:

* ``clone``: ``tenants.provisioning.unit_provision`` as configured (``TENANT_BASE_SCHEMA`` +
  ``TENANT_CREATION_FAKES_MIGRATIONS=True``): the template schema is cloned, then the migrations
  are recorded as applied (faked);
* ``migrations``: the same ``unit_provision`` with ``TENANT_CREATION_FAKES_MIGRATIONS=False``:
  ``CREATE SCHEMA`` then ``migrate_schemas`` replays every tenant migration.

Two timings are taken for every unit: the whole ``unit_provision`` call (registry row, schema,
role groups, activation; the "provision" figures) and ``Unit.create_schema`` alone (the "schema"
figures). The two methods alternate unit by unit (clone first for even units, migrations first
for odd ones), so drift such as the growing catalogue affects both alike.

Each unit gets a new database connection by default (``--connection unit``; connecting is not
timed). A PostgreSQL session gets slower with every schema it creates, whatever the method, which
would hide the cost of the method itself; ``--connection run`` keeps one connection for the whole
run, as an onboarding job in the worker did before it closed its connection after each unit (see
README.md).

``--analyze-every N`` re-analyses the system catalogs (``tenants.provisioning.catalogs_analyze``, as
``onboarding_job_run`` does every ``CATALOG_ANALYZE_EVERY`` units) before every Nth unit of each
method, counting the warm-up units and starting with the first one. The ANALYZE runs outside the
unit's timing, on the public schema and outside any transaction; its durations are recorded
apart. The default, 0, never analyses (the behaviour before that mitigation).

Data: real units from the official list (``tenants.catalogue``); the clone method takes Lạng Sơn's
(province 20, 80 units), the migrations method Cao Bằng's (province 04, 71 units), and further
provinces when ``--units`` asks for more. Each method creates ``--units`` brand-new schemas
(default 50) after ``--warmup`` untimed ones (default 1). Also reported: the number of tenant
migrations replayed and the relations (tables, indexes, sequences…) in one unit schema.

Isolation: everything happens in its own database, ``tiepdan_bench`` (via ``DJANGO_DB_NAME``) on
the server of ``settings.DATABASES["default"]``, dropped and recreated at the start and dropped at
the end unless ``--keep``. Results are printed as a table and written to
``benchmarks/results/onboarding-<date>.json`` (``…-connection-run`` with ``--connection run``,
``…-analyze<N>`` with ``--analyze-every N``).

Run it (``make bench`` does the same)::

    .venv/bin/python -m config.launcher db-start
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/onboarding.py

Options: ``--units N`` ``--warmup N`` ``--connection unit|run`` ``--analyze-every N`` ``--keep``
``--output FILE``
(``--help`` explains them).
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

import django
from django.conf import settings
from psycopg2 import sql
from support import database_drop, database_recreate, machine_facts, percentile

if TYPE_CHECKING:
    from tenants.catalogue import UnitSpec

BENCH_DB_NAME = "tiepdan_bench"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
METHODS = ("clone", "migrations")
# The province whose units each method onboards first; larger runs go on with other provinces,
# whole ones, never shared between the methods.
FIRST_PROVINCE = {"clone": "20", "migrations": "04"}  # Lạng Sơn, Cao Bằng


@dataclass
class Stats:
    mean: float
    p50: float
    p95: float
    min: float
    max: float
    total: float

    @classmethod
    def of(cls, samples: list[float]) -> Stats:
        ordered = sorted(samples)
        return cls(
            mean=statistics.fmean(ordered),
            p50=statistics.median(ordered),
            p95=percentile(ordered, 95),
            min=ordered[0],
            max=ordered[-1],
            total=sum(ordered),
        )


@dataclass
class MethodResult:
    method: str
    provinces: list[str]
    units: int
    provision: Stats
    schema: Stats
    relations: dict[str, int]
    # Slope of the provision time against the unit schemas already in the database (Theil–Sen).
    growth_ms_per_existing_schema: float | None
    provision_samples: list[float] = field(repr=False)
    schema_samples: list[float] = field(repr=False)
    existing_schemas: list[int] = field(repr=False)
    # Indexes (into the samples) of the units preceded by a catalog ANALYZE (--analyze-every).
    analyzed_before: list[int] = field(repr=False)


@dataclass
class Sample:
    provision: float = 0.0
    schema: float = 0.0
    existing_schemas: int = 0
    analyzed_before: bool = False


def _growth_ms(existing: list[int], seconds: list[float]) -> float | None:
    """Theil–Sen slope (median of the pairwise slopes), in ms per schema: robust to a few spikes."""
    points = list(zip(existing, seconds, strict=True))
    slopes = [(y2 - y1) / (x2 - x1) for i, (x1, y1) in enumerate(points) for x2, y2 in points[i + 1 :] if x2 != x1]
    return 1000 * statistics.median(slopes) if slopes else None


#
# Units, timing and measurements
#
def unit_batches(count: int) -> dict[str, tuple[list[UnitSpec], list[str]]]:
    """``count`` distinct unit specs per method, and the provinces they come from."""
    from vietnam_provinces import Province

    from tenants.catalogue import province_units

    spare = [f"{province.code.value:02d}" for province in Province.iter_all()]
    spare = [code for code in spare if code not in FIRST_PROVINCE.values()]
    batches: dict[str, tuple[list[UnitSpec], list[str]]] = {}
    for method in METHODS:
        specs: list[UnitSpec] = []
        used: list[str] = []
        for province in [FIRST_PROVINCE[method], *spare]:
            if len(specs) >= count:
                break
            specs += province_units(province)
            used.append(province)
        if len(specs) < count:
            raise SystemExit(f"The official list has fewer than {count} units per method left.")
        spare = [code for code in spare if code not in used]
        batches[method] = (specs[:count], used)
    return batches


@contextmanager
def schema_timer(sample: Sample) -> Iterator[None]:
    """Record how long ``Unit.create_schema`` takes inside the block into ``sample.schema``."""
    from tenants.models import Unit

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
    from django.db import connection
    from django.test import override_settings

    from tenants.provisioning import unit_provision

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
    from django.db import connection

    from tenants.provisioning import catalogs_analyze

    connection.ensure_connection()
    connection.set_schema_to_public()
    if connection.in_atomic_block:
        raise RuntimeError("catalogs_analyze() would do nothing inside a transaction.")
    started = time.perf_counter()
    catalogs_analyze()
    analyze_seconds.append(time.perf_counter() - started)


def schema_relations(schema_name: str) -> dict[str, int]:
    """The relations in one schema by kind, and their total."""
    from django.db import connection

    kinds = {"r": "tables", "i": "indexes", "S": "sequences", "v": "views", "m": "materialized_views", "p": "tables"}
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.relkind, count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
            "WHERE n.nspname = %s GROUP BY c.relkind",
            [schema_name],
        )
        rows = cursor.fetchall()
    counts: dict[str, int] = {}
    for relkind, number in rows:
        name = kinds.get(relkind, f"relkind_{relkind}")
        counts[name] = counts.get(name, 0) + number
    counts["total"] = sum(number for _relkind, number in rows)
    return counts


def migration_counts(schema_name: str) -> dict[str, int]:
    """Migrations of the tenant apps (those that run in a unit schema) and all recorded ones."""
    from django.apps import apps
    from django.db import connection
    from django.db.migrations.loader import MigrationLoader

    labels = {config.label for config in apps.get_app_configs() if config.name in settings.TENANT_APPS}
    graph = MigrationLoader(None, ignore_no_migrations=True).graph
    tenant_nodes = [node for node in graph.nodes if node[0] in labels]
    with connection.cursor() as cursor:
        cursor.execute(sql.SQL("SELECT count(*) FROM {}.django_migrations").format(sql.Identifier(schema_name)))
        recorded = cursor.fetchone()[0]
    return {"tenant_apps": len(labels), "tenant_app_migrations": len(tenant_nodes), "recorded_in_schema": recorded}


def _server_version() -> str:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SHOW server_version")
        return cursor.fetchone()[0]


#
# The run
#
def run(units: int, warmup: int, connection_scope: str, analyze_every: int = 0) -> dict[str, Any]:
    from django.core.management import call_command
    from django.utils import timezone

    from tenants.models import schema_name_for_code

    fresh = connection_scope == "unit"
    load_before = os.getloadavg()[0]
    batches = unit_batches(units + warmup)
    specs = {method: batches[method][0] for method in METHODS}

    print(f"Migrating the bench database {BENCH_DB_NAME!r} (public schema and template)…", flush=True)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started

    analyze_seconds: list[float] = []

    def analyze_due(index: int) -> bool:
        """Whether the method's unit ``index`` (warm-up included) is preceded by a catalog ANALYZE."""
        if analyze_every and index % analyze_every == 0:
            catalogs_analyze_untimed(analyze_seconds)
            return True
        return False

    existing = 0  # unit schemas in the database
    for index in range(warmup):
        for method in METHODS:
            analyze_due(index)
            provision_timed(specs[method][index], method=method, fresh_connection=fresh)
            existing += 1

    samples: dict[str, list[Sample]] = {method: [] for method in METHODS}
    for index in range(warmup, warmup + units):
        order = METHODS if index % 2 == 0 else METHODS[::-1]
        for method in order:
            analyzed = analyze_due(index)
            sample = provision_timed(specs[method][index], method=method, fresh_connection=fresh)
            sample.existing_schemas = existing
            sample.analyzed_before = analyzed
            samples[method].append(sample)
            existing += 1
        done = index - warmup + 1
        if done % 10 == 0 or done == units:
            print(
                f"  {done}/{units} units: last clone {samples['clone'][-1].provision:.3f} s, "
                f"last migrations {samples['migrations'][-1].provision:.3f} s",
                flush=True,
            )

    results: dict[str, MethodResult] = {}
    for method in METHODS:
        provision = [sample.provision for sample in samples[method]]
        schema = [sample.schema for sample in samples[method]]
        before = [sample.existing_schemas for sample in samples[method]]
        results[method] = MethodResult(
            method=method,
            provinces=batches[method][1],
            units=units,
            provision=Stats.of(provision),
            schema=Stats.of(schema),
            relations=schema_relations(schema_name_for_code(specs[method][warmup].code)),
            growth_ms_per_existing_schema=_growth_ms(before, provision),
            provision_samples=provision,
            schema_samples=schema,
            existing_schemas=before,
            analyzed_before=[number for number, sample in enumerate(samples[method]) if sample.analyzed_before],
        )

    clone, migrations = results["clone"], results["migrations"]
    return {
        "benchmark": "onboarding",
        "date": timezone.localdate().isoformat(),
        "machine": {
            **machine_facts(_server_version()),
            # 1-minute load averages: other work on the machine skews the timings.
            "load_average_before": load_before,
            "load_average_after": os.getloadavg()[0],
        },
        "units_per_method": units,
        "warmup_units_per_method": warmup,
        "connection": connection_scope,
        # --analyze-every: catalog ANALYZE before every Nth unit of each method (0: never), untimed.
        "analyze_every": analyze_every,
        "catalog_analyze": {
            "count": len(analyze_seconds),
            "total_seconds": sum(analyze_seconds),
            "max_seconds": max(analyze_seconds, default=0.0),
        },
        "public_and_template_migrate_seconds": migrate_seconds,
        "migrations": migration_counts(schema_name_for_code(specs["migrations"][warmup].code)),
        "relations_per_unit_schema": clone.relations,
        "relations_equal": clone.relations == migrations.relations,
        "ratio_migrations_over_clone": {
            "provision_mean": migrations.provision.mean / clone.provision.mean,
            "provision_p50": migrations.provision.p50 / clone.provision.p50,
            "schema_mean": migrations.schema.mean / clone.schema.mean,
            "schema_p50": migrations.schema.p50 / clone.schema.p50,
        },
        "methods": {method: asdict(result) for method, result in results.items()},
    }


def _signed_ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f} ms"


def report(results: dict[str, Any]) -> str:
    methods = results["methods"]
    lines = [
        f"Onboarding benchmark, {results['date']}: {results['units_per_method']} units per method "
        f"({results['machine']['cpus']} CPUs, PostgreSQL {results['machine']['postgresql']}, "
        f"one database connection per {results['connection']}, "
        + (
            f"catalog ANALYZE every {results['analyze_every']} units)"
            if results.get("analyze_every")
            else "no catalog ANALYZE)"
        ),
        "",
        f"{'method':<11} {'timing':<10} {'mean s':>8} {'p50 s':>8} {'p95 s':>8} {'max s':>8} {'total s':>9}",
    ]
    for method in ("clone", "migrations"):
        for timing in ("provision", "schema"):
            stats = methods[method][timing]
            lines.append(
                f"{method:<11} {timing:<10} {stats['mean']:>8.3f} {stats['p50']:>8.3f} {stats['p95']:>8.3f} "
                f"{stats['max']:>8.3f} {stats['total']:>9.2f}"
            )
    ratio = results["ratio_migrations_over_clone"]
    migrations = results["migrations"]
    relations = results["relations_per_unit_schema"]
    other = {
        name: number
        for name, number in relations.items()
        if name not in ("total", "tables", "indexes", "sequences") and number
    }
    lines += [
        "",
        f"ratio migrations/clone: provision {ratio['provision_mean']:.1f}× (mean), {ratio['provision_p50']:.1f}× "
        f"(p50); schema {ratio['schema_mean']:.1f}× (mean), {ratio['schema_p50']:.1f}× (p50)",
        "growth per unit schema already in the database: "
        + ", ".join(f"{method} {_signed_ms(methods[method]['growth_ms_per_existing_schema'])}" for method in METHODS),
        f"migrations replayed per unit: {migrations['tenant_app_migrations']} (the {migrations['tenant_apps']} "
        f"tenant apps'; {migrations['recorded_in_schema']} recorded in django_migrations)",
        f"relations per unit schema: {relations['total']} ({relations.get('tables', 0)} tables, "
        f"{relations.get('indexes', 0)} indexes, {relations.get('sequences', 0)} sequences"
        + "".join(f", {number} {name}" for name, number in other.items())
        + ")"
        + ("" if results["relations_equal"] else " — WARNING: the two methods give different schemas"),
        *(
            [
                f"catalog ANALYZE: {analyze['count']} times, {analyze['total_seconds']:.2f} s in all "
                f"(max {analyze['max_seconds']:.2f} s), not in the timings"
            ]
            if (analyze := results.get("catalog_analyze")) and analyze["count"]
            else []
        ),
        f"clone units from province(s) {', '.join(methods['clone']['provinces'])}, "
        f"migrations units from province(s) {', '.join(methods['migrations']['provinces'])}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--units", type=int, default=50, help="units timed per method (default 50)")
    parser.add_argument("--warmup", type=int, default=1, help="untimed units per method first (default 1)")
    parser.add_argument(
        "--connection",
        choices=("unit", "run"),
        default="unit",
        help="a new database connection for every unit (default), or one for the whole run like an onboarding job",
    )
    parser.add_argument(
        "--analyze-every",
        type=int,
        default=0,
        metavar="N",
        help="ANALYZE the system catalogs (untimed) before every Nth unit of each method (default 0: never)",
    )
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB_NAME} database at the end")
    parser.add_argument(
        "--output",
        type=Path,
        help="JSON file (default benchmarks/results/onboarding-<date>[-connection-run][-analyze<N>].json)",
    )
    args = parser.parse_args(argv)
    if args.units < 1 or args.warmup < 0 or args.analyze_every < 0:
        parser.error("--units must be at least 1, --warmup and --analyze-every at least 0")

    # Before Django reads its settings: every connection of this process goes to the bench database.
    os.environ["DJANGO_DB_NAME"] = BENCH_DB_NAME
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    database_recreate(BENCH_DB_NAME)
    django.setup()
    try:
        results = run(args.units, args.warmup, args.connection, args.analyze_every)
    finally:
        if not args.keep:
            database_drop(BENCH_DB_NAME)

    print()
    print(report(results))
    suffix = ("" if args.connection == "unit" else "-connection-run") + (
        f"-analyze{args.analyze_every}" if args.analyze_every else ""
    )
    output = args.output or RESULTS_DIR / f"onboarding-{results['date']}{suffix}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"\nResults written to {output}")
    if args.keep:
        print(f"Database {BENCH_DB_NAME!r} kept.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
