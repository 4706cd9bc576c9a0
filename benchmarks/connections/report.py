"""The connections results as a table and the goals."""

from __future__ import annotations

import statistics
from typing import Any

GOAL_MB = 100
GOAL_LOSS = 0.10
PHASES = ("one", "many", "again")


def _by_limit(results: dict[str, Any]) -> dict[int, list[dict[str, Any]]]:
    runs: dict[int, list[dict[str, Any]]] = {}
    for run in results["runs"]:
        runs.setdefault(run["limit"], []).append(run)
    return runs


def _cpu_ms(phase: dict[str, Any]) -> float:
    return phase["db_cpu_ms"] + phase["web_cpu_ms"]


def summary(results: dict[str, Any]) -> dict[int, dict[str, Any]]:
    """Per limit (0 = off), over its deployments: per phase the requests/s, p50/p95 and the largest
    backend's private memory; the loss of throughput from one unit to all of them (second pass)."""
    figures: dict[int, dict[str, Any]] = {}
    for limit, runs in _by_limit(results).items():
        phases = {
            phase: {
                "per_second": statistics.fmean(run[phase]["per_second"] for run in runs),
                "p50_ms": statistics.median(run[phase]["p50_ms"] for run in runs),
                "p95_ms": statistics.median(run[phase]["p95_ms"] for run in runs),
                "peak_mb": max(run[f"memory_{phase}"]["peak_mb"] for run in runs),
                # the same without the pages of PostgreSQL's dynamic shared memory (measure.private_bytes)
                "peak_own_mb": max(run[f"memory_{phase}"].get("peak_own_mb", float("nan")) for run in runs),
                "backends": max(run[f"memory_{phase}"]["backends_seen"] for run in runs),
                # CPU time per request of the database backends and of the gunicorn workers
                **{
                    f"{side}_cpu_ms": 1000
                    * sum(run[f"memory_{phase}"].get(f"{side}_cpu_seconds", float("nan")) for run in runs)
                    / sum(run[phase]["requests"] for run in runs)
                    for side in ("db", "web")
                },
            }
            for phase in PHASES
        }
        figures[limit] = {
            "phases": phases,
            "start_mb": max(run["memory_start"]["peak_mb"] for run in runs),
            "loss": 1 - phases["again"]["per_second"] / phases["one"]["per_second"],
            "loss_first_pass": 1 - phases["many"]["per_second"] / phases["one"]["per_second"],
            "peak_mb": max(phases[phase]["peak_mb"] for phase in PHASES),
            # The same loss from the CPU time per request (database + web) instead of the requests per
            # second, which a shared machine's other work moves far more: what a CPU-bound server loses.
            "cpu_loss": 1 - _cpu_ms(phases["one"]) / _cpu_ms(phases["again"]),
            "cpu_loss_first_pass": 1 - _cpu_ms(phases["one"]) / _cpu_ms(phases["many"]),
        }
    return figures


def report(results: dict[str, Any]) -> str:
    machine, options = results["machine"], results["options"]
    units = results["units"]
    labels = {"one": "1 unit", "many": f"{units} units, 1st pass", "again": f"{units} units, 2nd pass"}
    lines = [
        f"Connections benchmark, {results['date']}: {units} units, {options['workers']} gunicorn workers, "
        f"{options['users']} locust users, {options['seconds']} s per phase, CONN_MAX_AGE {options['conn_max_age']} s "
        f"({machine['cpus']} CPUs, PostgreSQL {machine['postgresql']['server_version']}, "
        f"load {machine['load_average']})",
        f"onboarding: {results['onboard_seconds']:.0f} s",
        "",
        f"{'recycling':<18} {'phase':<22} {'req/s':>7} {'p50 ms':>7} {'p95 ms':>7} {'peak MB':>8} {'backends':>8} "
        f"{'CPU ms/req: db':>14} {'web':>5}",
    ]
    runs = _by_limit(results)
    for limit, s in sorted(summary(results).items()):
        label = "off" if not limit else f"after {limit} schemas"
        if per_connection := runs[limit][0].get("units_per_connection"):
            label += f", {per_connection} units per connection"
        lines.append(f"{label:<18} {'(start)':<22} {'':>7} {'':>7} {'':>7} {s['start_mb']:>8.0f}")
        for phase in PHASES:
            p = s["phases"][phase]
            lines.append(
                f"{'':<18} {labels[phase]:<22} {p['per_second']:>7.1f} {p['p50_ms']:>7.0f} {p['p95_ms']:>7.0f} "
                f"{p['peak_mb']:>8.0f} {p['backends']:>8} {p['db_cpu_ms']:>14.1f} {p['web_cpu_ms']:>5.1f}"
            )
        met_memory = "met" if s["peak_mb"] < GOAL_MB else "NOT met"
        met_loss = "met" if s["loss"] <= GOAL_LOSS else "NOT met"
        lines.append(
            f"{'':<18} loss 1 → {units} units: {100 * s['loss']:.1f}% (1st pass {100 * s['loss_first_pass']:.1f}%); "
            f"by CPU per request: {100 * s['cpu_loss']:.1f}% (1st pass {100 * s['cpu_loss_first_pass']:.1f}%)"
        )
        own = " · ".join(f"{s['phases'][phase]['peak_own_mb']:.0f}" for phase in PHASES)
        lines.append(f"{'':<18} largest backend outside /dev/shm (dynamic shared memory), MB: {own}")
        served = [count for run in runs[limit] for count in run.get("served_all_units", {}).values()]
        if served:
            lines.append(
                f"{'':<18} distinct units served by each gunicorn worker over both passes: "
                f"{min(served)}–{max(served)} of {units}"
            )
        met_cpu = "met" if s["cpu_loss"] <= GOAL_LOSS else "NOT met"
        lines.append(
            f"{'':<18} goals: a backend < {GOAL_MB} MB {met_memory}, loss ≤ 10% {met_loss} (by CPU per request "
            f"{met_cpu})"
        )
    return "\n".join(lines)
