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
    "units": Size(50, 3, "units timed per method"),
    "warmup": Size(1, 1, "untimed units per method first", minimum=0),
}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.onboarding.measure import run as measure

    return measure(args.units, args.warmup, args.connection, args.analyze_every)


def output(results: dict[str, Any]) -> Path:
    variant = "" if results["connection"] == "unit" else "-connection-run"
    if results["analyze_every"]:
        variant += f"-analyze{results['analyze_every']}"
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
        default=0,
        metavar="N",
        help="ANALYZE the system catalogs (untimed) before every Nth unit of each method (default 0: never)",
    )
    args = bench_args(parser, argv)
    if args.analyze_every < 0:
        parser.error("--analyze-every must be at least 0")
    return bench_run(args, run=run, report=report, output=output)


if __name__ == "__main__":
    sys.exit(main())
