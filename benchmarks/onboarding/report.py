"""The onboarding results as tables and a few lines."""

from __future__ import annotations

from typing import Any


def _ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.1f} ms"


def _growth(rows: list[dict[str, Any]]) -> list[str]:
    lines = [f"  {'schemas before':<16} {'units':>6} {'p50 s':>7} {'p95 s':>7} {'max s':>7}"]
    for row in rows:
        span = f"{row['schemas_from']}–{row['schemas_to']}"
        lines.append(f"  {span:<16} {row['count']:>6} {row['p50']:>7.3f} {row['p95']:>7.3f} {row['max']:>7.3f}")
    return lines


def _interleaved(phase: dict[str, Any], stall: float) -> list[str]:
    lines = [
        f"{phase['label']} ({phase['schemas_before']} schemas before): "
        f"{'method':<11} {'timing':<10} {'mean s':>7} {'p50 s':>7} {'p95 s':>7} {'max s':>7} "
        f"{'>' + str(stall) + ' s':>7} {'growth/1000':>12}"
    ]
    methods = phase["methods"]
    for method, result in methods.items():
        for timing in ("provision", "schema"):
            stats = result[timing]
            stalls = str(result["stalls"]) if timing == "provision" else ""
            growth = _ms(result["growth_ms_per_1000_schemas"]) if timing == "provision" else ""
            lines.append(
                f"{'':<{len(phase['label']) + 2}}{method:<11} {timing:<10} {stats['mean']:>7.3f} {stats['p50']:>7.3f} "
                f"{stats['p95']:>7.3f} {stats['max']:>7.3f} {stalls:>7} {growth:>12}"
            )
    if "script" in methods and "clone" in methods:
        script, clone = methods["script"]["provision"], methods["clone"]["provision"]
        lines.append(
            f"  clone/script: p50 {clone['p50'] / script['p50']:.1f}×, p95 {clone['p95'] / script['p95']:.1f}×, "
            f"max {clone['max'] / script['max']:.1f}×"
        )
    return lines


def report(results: dict[str, Any]) -> str:
    phases = results["phases"]
    stall = results["stall_seconds"]
    relations = results["relations_per_unit_schema"]
    lines = [
        f"Onboarding benchmark, {results['date']}: methods {', '.join(results['methods'])} "
        f"({results['machine']['cpus']} CPUs, PostgreSQL {results['machine']['postgresql']}, "
        f"one connection per {results['connection']}, clone after a catalog ANALYZE every "
        f"{results['analyze_every'] or 'never'}); {results['schemas_at_end']} unit schemas at the end, "
        f"{results['run_seconds']:.0f} s",
        "",
        *_interleaved(phases["start"], stall),
    ]
    for key, title in (
        ("job_baseline", "the job as before (baseline)"),
        ("communes", "communes by the onboarding job"),
    ):
        if key not in phases:
            continue
        job = phases[key]
        unit = job["per_unit"]
        lines += [
            "",
            f"{title}: {job['units']} units ({job['created']} created, {job['status']}), "
            f"{job['batch']} per transaction, {job.get('workers', 1)} at once, {job['total_seconds']:.0f} s in all "
            f"({job['total_seconds'] / 60:.1f} min, {job.get('wall_seconds_per_unit', 0.0):.3f} s a unit; "
            f"first batch with the template's check {job['first_batch_seconds']:.2f} s)",
            f"  per unit (its transaction's time over its units): p50 {unit['p50']:.3f} s, p95 {unit['p95']:.3f} s, "
            f"max {unit['max']:.3f} s; units in batches slower than {stall} s per unit: {job['stalled_batches']}; "
            f"growth {_ms(job['growth_ms_per_1000_schemas'])} per 1,000 schemas",
            *_growth(job["growth"]),
        ]
    if "fill" in phases and phases["fill"]["seconds"]:
        fill = phases["fill"]
        lines += [
            "",
            f"fillers (script only, no unit): {fill['schemas']} schemas, p50 {fill['seconds']['p50']:.3f} s, "
            f"p95 {fill['seconds']['p95']:.3f} s, max {fill['seconds']['max']:.3f} s",
            *_growth(fill["growth"]),
        ]
    if "end" in phases:
        lines += ["", *_interleaved(phases["end"], stall)]
    equal = results["relations_equal_to_template"]
    migrations = results["migrations"]
    lines += [
        "",
        f"relations per unit schema: {relations['total']} ({relations.get('tables', 0)} tables, "
        f"{relations.get('indexes', 0)} indexes, {relations.get('sequences', 0)} sequences); equal to the "
        "template's: "
        + ", ".join(f"{method} {'yes' if value['equal_to_template'] else 'NO'}" for method, value in equal.items()),
        f"tenant migrations: {migrations['tenant_app_migrations']} (the {migrations['tenant_apps']} tenant apps'; "
        f"{migrations['recorded_in_schema']} recorded in django_migrations)",
    ]
    analyze = results["catalog_analyze"]
    if analyze["count"]:
        lines.append(
            f"catalog ANALYZE before clones: {analyze['count']} times, {analyze['total_seconds']:.2f} s in all "
            f"(max {analyze['max_seconds']:.2f} s), not in the timings"
        )
    return "\n".join(lines)
