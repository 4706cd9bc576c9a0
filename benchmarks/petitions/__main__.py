"""``python -m benchmarks.petitions``: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks import petitions
from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path
from benchmarks.petitions.report import report

SIZES = {
    "petitions": Size(100_000, 2_000, "petitions in the big unit"),
    "small": Size(1_000, 100, "petitions bulk-loaded into the small unit, the lists' baseline", minimum=0),
    "registrations": Size(300, 30, "timed registrations per variant"),
    "lists": Size(100, 30, "timed list calls per unit"),
    "searches": Size(100, 30, "timed searches per method"),
    "pages": Size(20, 5, "page requests of the list and of the search, for information (0: none)", minimum=0),
    "warmup": Size(5, 5, "untimed registrations per variant first", minimum=0),
    "batch": Size(5_000, 5_000, "rows per bulk_create batch"),
}
DEFAULT_PETITIONS = SIZES["petitions"].default


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.petitions.measure import run as measure

    return measure(args)


def output(results: dict[str, Any]) -> Path:
    petitions_ = results["options"]["petitions"]
    return results_path("petitions", results["date"], "" if petitions_ == DEFAULT_PETITIONS else f"-n{petitions_}")


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(petitions.__doc__ or "", name="petitions", database="tiepdan_bench_petitions", sizes=SIZES)
    parser.add_argument("--seed", type=int, default=20261129, help="random seed of the generated data")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again in a database kept by an earlier run (--keep): no migration, no load",
    )
    args = bench_args(parser, argv)
    return bench_run(args, run=run, report=report, output=output, fresh=not args.reuse)


if __name__ == "__main__":
    sys.exit(main())
