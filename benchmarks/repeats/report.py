"""The repeats results as a table and a few lines."""

from __future__ import annotations

from typing import Any

from benchmarks.harness.stats import ratio_line


def _row(label: str, s: dict[str, Any]) -> str:
    return (
        f"{label:<34} {s['count']:>4} {1000 * s['mean']:>8.2f} {1000 * s['p50']:>8.2f} "
        f"{1000 * s['p95']:>8.2f} {1000 * s['max']:>8.2f}"
    )


def report(results: dict[str, Any]) -> str:
    machine, data = results["machine"], results["data"]
    lines = [
        f"Repeats benchmark, {results['date']}: {data['caseindex_citizenkey']['rows']:,} citizen keys and "
        f"{data['caseindex_caseindexentry']['rows']:,} index rows in province {results['province']} "
        f"({results['province_units']} units); registering in {results['unit']} "
        f"({machine['cpus']} CPUs, PostgreSQL {machine['postgresql']['server_version']}, "
        f"load {machine['load_average']})",
        "",
        f"{'registration':<34} {'n':>4} {'mean ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
        _row("check on", results["stats"]["check_on"]),
        _row("check off (baseline)", results["stats"]["check_off"]),
        *(_row(f"  {kind.replace('_', ' ')}", s) for kind, s in results["stats_by_kind"].items()),
        "",
        f"on/off: {ratio_line(results['ratios']['check_on_over_off'])}",
        "added by the check: "
        + ", ".join(f"{key.removesuffix('_ms')} {value:+.2f} ms" for key, value in results["added"].items()),
        f"repeats recorded: {results['matches_recorded']}",
        "statements per registration: "
        + ", ".join(
            f"{variant} {detail['round_trips']} round trips (SQL {1000 * detail['statements_seconds']:.1f} ms "
            f"of {1000 * detail['wall_seconds']:.1f} ms)"
            for variant, detail in results["statements"].items()
        ),
    ]
    for plan in results["statements"]["check_on"].get("explain", []):
        lines.append(f"lookup plan: {plan['execution']}; {plan['planning']}")
        lines += [f"    {line}" for line in plan["plan"][:8]]
    return "\n".join(lines)
