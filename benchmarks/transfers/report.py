"""The transfers results as a table and a few lines."""

from __future__ import annotations

from typing import Any

from benchmarks.harness.stats import ratio_line

LABELS = {
    "latency_forward": "forward, one at a time",
    "latency_noop": "no-op task, one at a time",
    "batch_wait_deliver": "in a batch: sent → inbox",
    "batch_wait_noop": "in a batch: sent → no-op ran",
}


def report(results: dict[str, Any]) -> str:
    machine, rates = results["machine"], results["per_second"]
    options = results["options"]
    lines = [
        f"Transfers benchmark, {results['date']}: {options['units']} units, worker of {options['concurrency']} "
        f"processes ({machine['cpus']} CPUs, PostgreSQL {machine['postgresql']['server_version']}, broker "
        f"{machine['broker']} polled every {machine['broker_polling_seconds']} s, load {machine['load_average']})",
        f"onboarding: {results['onboard_seconds']:.0f} s",
        "",
        f"throughput ({len(results['per_second_batches']['deliver'])} batches of {results['batch_size']} each):",
    ]
    for variant, label in (("deliver", "deliveries"), ("noop", "no-op tasks (baseline)")):
        batches = ", ".join(f"{value:.1f}" for value in results["per_second_batches"][variant])
        lines.append(f"  {label:<24} {rates[variant]['mean']:>7.1f} per second (batches: {batches})")
    lines += ["", f"{'latency':<30} {'n':>4} {'mean ms':>8} {'p50':>8} {'p95':>8} {'max':>8}"]
    for name, label in LABELS.items():
        s = results["stats"][name]
        lines.append(
            f"{label:<30} {s['count']:>4} {1000 * s['mean']:>8.1f} {1000 * s['p50']:>8.1f} "
            f"{1000 * s['p95']:>8.1f} {1000 * s['max']:>8.1f}"
        )
    lines += ["", f"forward / no-op, one at a time: {ratio_line(results['ratios']['latency_forward_over_noop'])}"]
    return "\n".join(lines)
