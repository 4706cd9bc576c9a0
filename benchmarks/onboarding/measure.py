"""The run: the methods interleaved, the communes by the real job, fillers, the methods again."""

from __future__ import annotations

import time
from dataclasses import asdict, dataclass, field
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from benchmarks.harness.database import migrate
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.sql import schema_relations
from benchmarks.harness.stats import Stats, rotation, theil_sen_slope
from benchmarks.onboarding.provision import (
    Sample,
    catalogs_analyze_untimed,
    filler_timed,
    migration_counts,
    provision_timed,
    schemas_count,
    units_split,
)
from tenants.catalogue import UnitSpec
from tenants.models import schema_name_for_code
from tenants.provisioning import onboarding_batch, onboarding_job_create, onboarding_job_run, onboarding_workers
from tenants.schema_script import schema_catalog

#: A unit slower than this is a stall (the clone's bad plan gave 6–13 s).
STALL_SECONDS = 1.0
#: Units per transaction of the job before it ran transactions in parallel (the baseline phase).
BASELINE_BATCH = 4
#: Width of the growth table's rows, in schemas already in the database.
BUCKET = 500
RELATION_PARTS = ("tables", "columns", "constraints", "indexes", "sequences", "triggers", "functions")


@dataclass
class MethodResult:
    method: str
    units: int
    provision: Stats
    schema: Stats
    stalls: int
    # Slope of the provision time against the unit schemas already in the database (Theil–Sen).
    growth_ms_per_1000_schemas: float | None
    provision_samples: list[float] = field(repr=False)
    schema_samples: list[float] = field(repr=False)
    existing_schemas: list[int] = field(repr=False)


def _method_result(method: str, samples: list[Sample]) -> MethodResult:
    provision = [sample.provision for sample in samples]
    before = [sample.existing_schemas for sample in samples]
    slope = theil_sen_slope(before, provision)
    return MethodResult(
        method=method,
        units=len(samples),
        provision=Stats.of(provision),
        schema=Stats.of([sample.schema for sample in samples]),
        stalls=sum(1 for value in provision if value > STALL_SECONDS),
        growth_ms_per_1000_schemas=None if slope is None else 1_000_000 * slope,
        provision_samples=provision,
        schema_samples=[sample.schema for sample in samples],
        existing_schemas=before,
    )


def growth_table(existing: list[int], seconds: list[float]) -> list[dict[str, Any]]:
    """Per-unit seconds by the number of schemas already in the database, ``BUCKET`` wide."""
    rows: dict[int, list[float]] = {}
    for count, value in zip(existing, seconds, strict=True):
        rows.setdefault(count // BUCKET * BUCKET, []).append(value)
    return [
        {"schemas_from": start, "schemas_to": start + BUCKET - 1, **asdict(Stats.of(values))}
        for start, values in sorted(rows.items())
    ]


class Interleaved:
    """Several methods, unit by unit in rotation, each on a new connection; the clone preceded by
    a catalog ANALYZE every ``analyze_every`` of its units, as the job did while it cloned."""

    def __init__(self, methods: tuple[str, ...], analyze_every: int, fresh: bool) -> None:
        self.methods, self.analyze_every, self.fresh = methods, analyze_every, fresh
        self.analyze_seconds: list[float] = []
        self.clone_units = 0

    def phase(self, label: str, specs: dict[str, list[UnitSpec]], warmup: int, existing: int) -> dict[str, Any]:
        samples: dict[str, list[Sample]] = {method: [] for method in self.methods}
        count = len(specs[self.methods[0]])
        for index in range(count):
            for method in rotation(self.methods, index):
                analyzed = False
                if method == "clone" and self.analyze_every and self.clone_units % self.analyze_every == 0:
                    catalogs_analyze_untimed(self.analyze_seconds)
                    analyzed = True
                if method == "clone":
                    self.clone_units += 1
                sample = provision_timed(specs[method][index], method=method, fresh_connection=self.fresh)
                sample.existing_schemas, sample.analyzed_before = existing, analyzed
                existing += 1
                if index >= warmup:
                    samples[method].append(sample)
            done = index + 1
            if done % 10 == 0 or done == count:
                last = ", ".join(f"{method} {samples[method][-1].provision:.3f} s" for method in self.methods)
                print(f"  [{label}] {done}/{count} units per method, {existing} schemas: last {last}", flush=True)
        return {
            "label": label,
            "schemas_before": existing - count * len(self.methods),
            "warmup_units_per_method": warmup,
            "methods": {method: asdict(_method_result(method, samples[method])) for method in self.methods},
        }


def communes_job(specs: list[UnitSpec], existing: int, *, workers: int, batch: int, label: str) -> dict[str, Any]:
    """The real onboarding job (``onboarding_job_run``, ``batch`` units per transaction, ``workers``
    transactions at once) over ``specs``.

    Two figures per unit: its **latency**, the seconds of its batch's transaction over the batch's
    units (what a unit costs while it is made), and the job's **wall** time over its units (what
    decides how long a province or the country takes; with several workers it is below the latency).
    """
    job = onboarding_job_create(requested_by="benchmark", unit_codes=[spec.code for spec in specs], enqueue=False)
    per_unit: list[float] = []
    existing_before: list[int] = []
    started = time.perf_counter()
    first: list[float] = []

    def on_batch(done: Any, seconds: float) -> None:
        if not first:
            first.append(time.perf_counter() - started)  # includes the template's migrate check
        existing_before.extend(existing + len(per_unit) + number for number in range(len(done)))
        per_unit.extend([seconds / len(done)] * len(done))
        if len(per_unit) // 100 != (len(per_unit) - len(done)) // 100:
            elapsed = time.perf_counter() - started
            print(f"  [{label}] {len(per_unit)}/{len(specs)} units in {elapsed:.0f} s", flush=True)

    job = onboarding_job_run(job_id=job.pk, on_batch=on_batch, workers=workers, batch=batch)
    total = time.perf_counter() - started
    slope = theil_sen_slope(
        existing_before[:: max(1, len(existing_before) // 400)], per_unit[:: max(1, len(per_unit) // 400)]
    )
    return {
        "units": len(specs),
        "created": job.created,
        "status": job.status,
        "batch": batch,
        "workers": workers,
        "total_seconds": total,
        "wall_seconds_per_unit": total / len(specs),
        "first_batch_seconds": first[0] if first else 0.0,
        "per_unit": asdict(Stats.of(per_unit)),
        "stalled_batches": sum(1 for value in per_unit if value > STALL_SECONDS),
        "growth_ms_per_1000_schemas": None if slope is None else 1_000_000 * slope,
        "growth": growth_table(existing_before, per_unit),
        "per_unit_samples": per_unit,
    }


def fillers(start: int, target: int) -> dict[str, Any]:
    """Schemas made by the script alone until ``target`` exist."""
    seconds: list[float] = []
    existing: list[int] = []
    for number in range(target - start):
        existing.append(start + number)
        seconds.append(filler_timed(number))
        if (number + 1) % 100 == 0:
            print(f"  [fill] {start + number + 1}/{target} schemas: last {seconds[-1]:.3f} s", flush=True)
    return {
        "schemas": len(seconds),
        "seconds": asdict(Stats.of(seconds)) if seconds else None,
        "growth": growth_table(existing, seconds),
    }


def relations_compared(schemas: dict[str, str]) -> dict[str, Any]:
    """Whether the unit schemas of the methods have the template's relations (catalog comparison)."""
    template = schema_catalog(settings.TENANT_BASE_SCHEMA)
    return {
        method: {
            "schema": schema,
            "equal_to_template": all(schema_catalog(schema)[part] == template[part] for part in RELATION_PARTS),
        }
        for method, schema in schemas.items()
    }


def run(args: Any) -> dict[str, Any]:
    methods = tuple(args.methods)
    fresh = args.connection == "unit"
    load_before = load_average()
    bodies, communes = units_split()
    per_method = args.units + args.warmup
    needed = per_method * len(methods) + args.end_units * len(methods) + args.baseline_units
    if needed > len(bodies):
        raise SystemExit(
            f"The interleaved and baseline phases need {needed} province-level bodies; "
            f"the official list has {len(bodies)}."
        )
    start_specs = {
        method: bodies[number * per_method : (number + 1) * per_method] for number, method in enumerate(methods)
    }
    rest = bodies[per_method * len(methods) :]
    end_specs = {
        method: rest[number * args.end_units : (number + 1) * args.end_units] for number, method in enumerate(methods)
    }
    spare = rest[args.end_units * len(methods) :]

    print("Migrating the bench database (public schema and template)…", flush=True)
    migrate_seconds = migrate()
    interleaved = Interleaved(methods, args.analyze_every, fresh)
    started = time.perf_counter()
    phases: dict[str, Any] = {"start": interleaved.phase("start", start_specs, args.warmup, 0)}
    relations = relations_compared({method: schema_name_for_code(start_specs[method][-1].code) for method in methods})
    if args.baseline_units:
        # The job as it ran before (one transaction at a time, 4 units each), on units of its own:
        # the province-level bodies no other phase takes, so that all communes stay for the job.
        connection.close()
        phases["job_baseline"] = communes_job(
            spare[: args.baseline_units],
            schemas_count(),
            workers=1,
            batch=BASELINE_BATCH,
            label="job baseline",
        )
    if args.communes:
        connection.close()
        phases["communes"] = communes_job(
            communes[: args.communes],
            schemas_count(),
            workers=(workers := onboarding_workers(args.job_workers)),
            batch=args.job_batch or onboarding_batch(workers),
            label="communes",
        )
    if args.grow_to:
        connection.close()
        phases["fill"] = fillers(schemas_count(), args.grow_to - args.end_units * len(methods))
    if args.end_units:
        phases["end"] = interleaved.phase("end", end_specs, 0, schemas_count())
    connection.close()

    first = schema_name_for_code(start_specs[methods[0]][-1].code)
    return {
        "benchmark": "onboarding",
        "date": timezone.localdate().isoformat(),
        "machine": {
            **machine_facts(server_facts(["server_version"])["server_version"]),
            "load_average_before": load_before,
            "load_average_after": load_average(),
        },
        "methods": list(methods),
        "connection": args.connection,
        "analyze_every": args.analyze_every,
        "catalog_analyze": {
            "count": len(interleaved.analyze_seconds),
            "total_seconds": sum(interleaved.analyze_seconds),
            "max_seconds": max(interleaved.analyze_seconds, default=0.0),
        },
        "stall_seconds": STALL_SECONDS,
        "public_and_template_migrate_seconds": migrate_seconds,
        "run_seconds": time.perf_counter() - started,
        "schemas_at_end": schemas_count(),
        "migrations": migration_counts(first),
        "relations_per_unit_schema": schema_relations(first),
        "relations_equal_to_template": relations,
        "phases": phases,
    }
