"""``python -m benchmarks.repeats``: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks import repeats
from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path
from benchmarks.repeats.report import report

SIZES = {
    "rows": Size(200_000, 5_000, "case-index rows (one sender key each) in the province"),
    "registrations": Size(300, 30, "timed registrations per variant"),
    "warmup": Size(5, 5, "untimed registrations per variant first", minimum=0),
    "match_percent": Size(30, 30, "percentage of registrations whose sender has a case at another unit", minimum=0),
    "batch": Size(10_000, 5_000, "rows per bulk_create batch"),
}
DEFAULT_ROWS = SIZES["rows"].default


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.repeats.measure import run as measure

    return measure(args)


def output(results: dict[str, Any]) -> Path:
    rows = results["options"]["rows"]
    return results_path("repeats", results["date"], "" if rows == DEFAULT_ROWS else f"-n{rows}")


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(repeats.__doc__ or "", name="repeats", database="tiepdan_bench_repeats", sizes=SIZES)
    parser.add_argument("--seed", type=int, default=20261203, help="random seed of the generated data")
    return bench_run(bench_args(parser, argv), run=run, report=report, output=output)


if __name__ == "__main__":
    sys.exit(main())
