"""The run: grow the unit schemas step by step, time both commands' no-op at each step, then a real
migration over a subset with 1 and 2 workers and with the baseline."""

from __future__ import annotations

import os
import subprocess
import sys
import time
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.utils import timezone

from benchmarks.harness.database import migrate
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.stats import Stats, rotation
from benchmarks.migrations.data import (
    bench_code,
    records_complete,
    schemas_grow,
    scratch_pending_in,
    template_tables,
)
from benchmarks.onboarding.provision import catalogs_analyze

ROOT = Path(__file__).resolve().parents[2]
NEW = [sys.executable, "manage.py", "migrate", "--noinput", "-v", "0"]
BASELINE = [sys.executable, "-m", "benchmarks.migrations.baseline", "--noinput", "-v", "0"]
SCRATCH_SETTINGS = "benchmarks.migrations.settings"


def _command(argv: list[str], settings: str = "config.settings.test") -> float:
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": settings}
    started = time.perf_counter()
    done = subprocess.run(argv, cwd=ROOT, env=env, capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode != 0:
        raise RuntimeError(f"{' '.join(argv)} failed:\n{done.stdout[-2000:]}\n{done.stderr[-4000:]}")
    return seconds


def _relations() -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("SELECT count(*) FROM pg_class")
        return cursor.fetchone()[0]


def _plan_seconds() -> tuple[float, int, int]:
    from django.db import connection

    from tenants.migration_plan import migration_plan

    connection.close()
    started = time.perf_counter()
    plan = migration_plan()
    seconds = time.perf_counter() - started
    if plan.behind or plan.absent:
        raise RuntimeError("the bench schemas should all be at head")
    return seconds, len(plan.schemas), len(plan.head.nodes)


def _columns(schemas: list[str]) -> int:
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT count(*) FROM information_schema.columns WHERE table_schema = ANY(%s)"
            " AND table_name = 'petitions_petition' AND column_name = 'bench_note'",
            [schemas],
        )
        return cursor.fetchone()[0]


def run(steps: list[int], repeats: int, real: int, baseline_max: int, reuse: bool = False) -> dict[str, Any]:
    from django.db import connection

    load_before = load_average()
    migrate_seconds = None
    if not reuse:
        print("Migrating the bench database (public schema and template)…", flush=True)
        migrate_seconds = migrate()
    tables = template_tables()
    step_results = []
    for size in steps:
        print(f"Growing to {size:,} unit schemas…", flush=True)
        grow = schemas_grow(size, tables)
        catalogs_analyze()
        connection.close()
        # Untimed: whatever migration the tree gained since (a shared working tree) is recorded
        # here, so that the timed runs below are true no-ops; then one run to warm the caches.
        completed = records_complete()
        if completed:
            print(f"  {completed} schema(s) behind a migration added meanwhile: recorded", flush=True)
        _command(NEW)
        head_before = _plan_seconds()[1:]
        variants = ["new", "baseline"] if size <= baseline_max else ["new"]
        samples: dict[str, list[float]] = {variant: [] for variant in variants}
        for index in range(repeats):
            for variant in rotation(variants, index):
                seconds = _command(NEW if variant == "new" else BASELINE)
                samples[variant].append(seconds)
                print(f"  {size:,} schemas, {variant}: {seconds:.2f} s", flush=True)
        plan_seconds, schemas, head = _plan_seconds()
        if (schemas, head) != head_before:
            raise RuntimeError("the migrations changed during the step: run the benchmark again")
        step = {
            "units": size,
            "schemas": schemas,
            "relations": _relations(),
            "grow_seconds": grow,
            "plan_seconds": plan_seconds,
            "noop": {variant: asdict(Stats.of(values)) for variant, values in samples.items()},
            "samples": samples,
        }
        if "baseline" in samples:
            step["baseline_over_new"] = Stats.of(samples["baseline"]).p50 / Stats.of(samples["new"]).p50
        print(f"  plan alone: {plan_seconds:.3f} s", flush=True)
        step_results.append(step)

    subset = [f"u_{bench_code(i).lower()}" for i in range(min(real, steps[-1]))]
    everything = ["public", "tenant_template", *[f"u_{bench_code(i).lower()}" for i in range(steps[-1])]]
    real_results = {}
    real_variants = [
        ("workers_1", [*NEW[:-2], "--workers", "1", "-v", "0"]),
        ("workers_2", [*NEW[:-2], "--workers", "2", "-v", "0"]),
    ]
    if steps[-1] <= baseline_max:
        real_variants.append(("baseline", BASELINE))
    for variant, argv in real_variants:
        scratch_pending_in(subset, everything)
        connection.close()
        print(f"Real migration of {len(subset):,} of {steps[-1]:,} unit schemas, {variant}…", flush=True)
        seconds = _command(argv, SCRATCH_SETTINGS)
        migrated = _columns(subset)
        assert migrated == len(subset), f"{variant}: {migrated} of {len(subset)} schemas migrated"
        real_results[variant] = {"seconds": seconds, "per_schema": seconds / len(subset)}
        print(f"  {seconds:.2f} s ({seconds / len(subset):.3f} s per schema)", flush=True)

    from django.db import connection as conn

    return {
        "date": timezone.now().date().isoformat(),
        "machine": {
            **machine_facts(conn.pg_version),
            "load_before": load_before,
            "load_after": load_average(),
            **server_facts(["max_locks_per_transaction", "max_connections", "shared_buffers"]),
        },
        "tables_per_unit": len(tables),
        "bench_migrate_seconds": migrate_seconds,
        "repeats": repeats,
        "steps": step_results,
        "real": {"schemas": len(subset), "of": steps[-1], "variants": real_results},
    }
