"""``python -m benchmarks.onboarding``: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks import onboarding
from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path
from benchmarks.onboarding.report import report

SIZES = {
    "units": Size(50, 3, "units timed per method at the start (province-level bodies)"),
    "warmup": Size(1, 1, "untimed units per method first", minimum=0),
    "baseline_units": Size(
        0,
        0,
        "province-level bodies onboarded first by the job as it ran before: 1 worker, 4 per transaction (--full: 150)",
        minimum=0,
    ),
    "communes": Size(0, 0, "communes onboarded by the real job after the start (--full: all 3,321)", minimum=0),
    "grow_to": Size(0, 0, "then schemas made by the script alone until this many exist (--full: 4,000)", minimum=0),
    "end_units": Size(0, 0, "units timed per method again at the end (--full: 50)", minimum=0),
}
FULL = {"units": 100, "baseline_units": 150, "communes": 3321, "grow_to": 4000, "end_units": 50}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.onboarding.measure import run as measure

    return measure(args)


def output(results: dict[str, Any]) -> Path:
    variant = "" if results["methods"] == ["script", "clone"] else "-" + "-".join(results["methods"])
    if "communes" in results["phases"] or "fill" in results["phases"]:
        variant += f"-{results['schemas_at_end']}-schemas"
    if results["connection"] != "unit":
        variant += "-connection-run"
    return results_path("onboarding", results["date"], variant)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(onboarding.__doc__ or "", name="onboarding", database="tiepdan_bench", sizes=SIZES)
    parser.add_argument(
        "--connection",
        choices=("unit", "run"),
        default="unit",
        help="a new database connection for every unit (default), or one for the whole run like an onboarding job",
    )
    parser.add_argument(
        "--analyze-every",
        type=int,
        default=20,
        metavar="N",
        help="ANALYZE the system catalogs (untimed) before every Nth clone, as the job did while it cloned "
        "(default 20; 0: never)",
    )
    parser.add_argument(
        "--methods",
        type=lambda value: value.split(","),
        default=["script", "clone"],
        help="comma-separated, from script, clone, migrations (default script,clone)",
    )
    parser.add_argument(
        "--job-workers",
        type=int,
        default=0,
        metavar="N",
        help="transactions the job runs at once for the communes (default: ONBOARDING_WORKERS, 1 on Citus)",
    )
    parser.add_argument(
        "--job-batch",
        type=int,
        default=0,
        metavar="N",
        help="units per transaction of the job for the communes (default: onboarding_batch: 4 over the workers)",
    )
    parser.add_argument(
        "--full",
        action="store_true",
        help="national scale: 100 units per method, all 3,321 communes by the job, fillers to 4,000 schemas, "
        "50 units per method again (an explicit size wins)",
    )
    args = bench_args(parser, argv)
    if args.full:
        given = set(argv if argv is not None else sys.argv[1:])
        for name, value in FULL.items():
            if f"--{name.replace('_', '-')}" not in given:
                setattr(args, name, value)
    if args.analyze_every < 0:
        parser.error("--analyze-every must be at least 0")
    if not args.methods or any(method not in ("script", "clone", "migrations") for method in args.methods):
        parser.error("--methods takes script, clone and migrations, comma-separated")
    return bench_run(args, run=run, report=report, output=output)


if __name__ == "__main__":
    sys.exit(main())
