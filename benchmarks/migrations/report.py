"""The migrations results as tables."""

from __future__ import annotations

from typing import Any


def report(results: dict[str, Any]) -> str:
    machine = results["machine"]
    lines = [
        f"Migrations benchmark, {results['date']}: {machine['cpus']} CPUs, PostgreSQL {machine['postgresql']}, "
        f"load {machine['load_before']:.1f} → {machine['load_after']:.1f}; {results['tables_per_unit']} tables per "
        f"unit schema; {results['repeats']} run(s) per command and size",
        "",
        "No-op `migrate` (whole process), p50 seconds:",
        f"{'units':>7} {'pg_class':>9} {'new':>8} {'baseline':>9} {'ratio':>7} {'plan alone':>11}",
    ]
    for step in results["steps"]:
        baseline = step["noop"].get("baseline")
        lines.append(
            f"{step['units']:>7,} {step['relations']:>9,} {step['noop']['new']['p50']:>8.2f} "
            + (f"{baseline['p50']:>9.2f} {step['baseline_over_new']:>6.1f}×" if baseline else f"{'—':>9} {'':>7}")
            + f" {step['plan_seconds']:>10.3f}"
        )
    real = results["real"]
    lines += ["", f"Real migration (a column and an index) of {real['schemas']:,} of {real['of']:,} unit schemas:"]
    for variant, figures in real["variants"].items():
        lines.append(f"  {variant:<10} {figures['seconds']:>8.2f} s  {figures['per_schema']:.3f} s per schema")
    return "\n".join(lines)
