"""``python -m benchmarks.dashboard``: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks import dashboard
from benchmarks.dashboard.report import report
from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path

SIZES = {
    "units": Size(1000, 20, "units"),
    "per_unit": Size(200, 50, "petitions per unit"),
    "repeats": Size(30, 10, "timed runs per method"),
    "warmup": Size(2, 1, "untimed rounds first", minimum=0),
    "pages": Size(10, 3, "requests of the dashboard page, for information (0: none)", minimum=0),
}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.dashboard.measure import run as measure

    return measure(args)


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(dashboard.__doc__ or "", name="dashboard", database="tiepdan_bench_dashboard", sizes=SIZES)
    parser.add_argument("--province", default="19", help="the province asked about (default 19, Thái Nguyên)")
    parser.add_argument(
        "--period",
        default="year",
        choices=("q1", "q2", "q3", "q4", "6m", "9m", "year"),
        help="the report period of the current reporting year (default year)",
    )
    parser.add_argument("--seed", type=int, default=20261129, help="random seed of the generated data")
    parser.add_argument(
        "--provision",
        choices=("province", "all"),
        default="province",
        help="units onboarded with unit_provision: the measured province's (default; the others' schemas are "
        "copied from the template by plain DDL) or all",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the data of a database kept with --keep (same --units/--per-unit), no setup",
    )
    args = bench_args(parser, argv)

    def output(results: dict[str, Any]) -> Path:
        size = (
            ""
            if args.units == SIZES["units"].default and args.per_unit == SIZES["per_unit"].default
            else (f"-u{args.units}x{args.per_unit}")
        )
        return results_path("dashboard", results["date"], size)

    return bench_run(args, run=run, report=report, output=output, fresh=not args.reuse)


if __name__ == "__main__":
    sys.exit(main())
