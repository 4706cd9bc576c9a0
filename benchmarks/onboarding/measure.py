"""The run: both methods interleaved, unit by unit, on a fresh bench database."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from django.utils import timezone

from benchmarks.harness.database import migrate
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.sql import schema_relations
from benchmarks.harness.stats import Stats, rotation, theil_sen_slope
from benchmarks.onboarding.provision import (
    METHODS,
    Sample,
    catalogs_analyze_untimed,
    migration_counts,
    provision_timed,
    unit_batches,
)
from tenants.models import schema_name_for_code


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


def run(units: int, warmup: int, connection_scope: str, analyze_every: int = 0) -> dict[str, Any]:
    fresh = connection_scope == "unit"
    load_before = load_average()
    batches = unit_batches(units + warmup)
    specs = {method: batches[method][0] for method in METHODS}

    print("Migrating the bench database (public schema and template)…", flush=True)
    migrate_seconds = migrate()

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
        for method in rotation(METHODS, index):
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
        slope = theil_sen_slope(before, provision)
        results[method] = MethodResult(
            method=method,
            provinces=batches[method][1],
            units=units,
            provision=Stats.of(provision),
            schema=Stats.of(schema),
            relations=schema_relations(schema_name_for_code(specs[method][warmup].code)),
            growth_ms_per_existing_schema=None if slope is None else 1000 * slope,
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
            **machine_facts(server_facts(["server_version"])["server_version"]),
            "load_average_before": load_before,
            "load_average_after": load_average(),
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
