"""The onboarding results as a table and a few lines."""

from __future__ import annotations

from typing import Any

METHODS = ("clone", "migrations")


def _signed_ms(value: float | None) -> str:
    return "n/a" if value is None else f"{value:+.2f} ms"


def report(results: dict[str, Any]) -> str:
    methods = results["methods"]
    analyzed = results.get("analyze_every")
    lines = [
        f"Onboarding benchmark, {results['date']}: {results['units_per_method']} units per method "
        f"({results['machine']['cpus']} CPUs, PostgreSQL {results['machine']['postgresql']}, "
        f"one database connection per {results['connection']}, "
        + (f"catalog ANALYZE every {analyzed} units)" if analyzed else "no catalog ANALYZE)"),
        "",
        f"{'method':<11} {'timing':<10} {'mean s':>8} {'p50 s':>8} {'p95 s':>8} {'max s':>8} {'total s':>9}",
    ]
    for method in METHODS:
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
    analyze = results.get("catalog_analyze")
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
    ]
    if analyze and analyze["count"]:
        lines.append(
            f"catalog ANALYZE: {analyze['count']} times, {analyze['total_seconds']:.2f} s in all "
            f"(max {analyze['max_seconds']:.2f} s), not in the timings"
        )
    lines.append(
        f"clone units from province(s) {', '.join(methods['clone']['provinces'])}, "
        f"migrations units from province(s) {', '.join(methods['migrations']['provinces'])}"
    )
    return "\n".join(lines)
