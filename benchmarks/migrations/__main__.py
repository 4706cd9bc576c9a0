"""``python -m benchmarks.migrations``: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks import migrations
from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path
from benchmarks.migrations.report import report

SIZES = {
    "real": Size(100, 10, "unit schemas the real migration runs in"),
    "repeats": Size(2, 1, "runs of each command at each size"),
    "baseline_max": Size(1000, 100, "largest size at which the baseline is run too", minimum=0),
}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.migrations.measure import run as measure

    return measure(args.steps, args.repeats, args.real, args.baseline_max, reuse=args.reuse)


def output(results: dict[str, Any]) -> Path:
    return results_path("migrations", results["date"], f"-{results['steps'][-1]['units']}")


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(migrations.__doc__ or "", name="migrations", database="tiepdan_bench_migrations", sizes=SIZES)
    parser.add_argument(
        "--steps",
        type=lambda text: sorted({int(part) for part in text.split(",")}),
        default=None,
        metavar="N,N,…",
        help="unit schemas at each step (default 100,300,1000; --quick 20,60)",
    )
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="use the bench database as a previous run left it (--keep, or stopped): no new database, no migrate",
    )
    args = bench_args(parser, argv)
    if args.steps is None:
        args.steps = [20, 60] if args.quick else [100, 300, 1000]
    return bench_run(args, run=run, report=report, output=output, fresh=not args.reuse)


if __name__ == "__main__":
    sys.exit(main())
