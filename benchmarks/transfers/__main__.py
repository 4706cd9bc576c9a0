"""``python -m benchmarks.transfers``: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks import transfers
from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path
from benchmarks.transfers.report import report

SIZES = {
    "units": Size(100, 10, "real units onboarded (senders and receivers)"),
    "transfers": Size(600, 60, "forwards delivered in batches (and as many no-op tasks)"),
    "batches": Size(4, 2, "batches the forwards are split into, alternating with the no-op batches"),
    "latency": Size(100, 15, "forwards sent one at a time (and as many single no-op tasks)"),
    "concurrency": Size(2, 2, "worker processes (celery --concurrency)"),
    "warmup": Size(4, 2, "untimed deliveries and no-ops first", minimum=0),
}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.transfers.measure import run as measure

    return measure(args)


def output(results: dict[str, Any]) -> Path:
    units = results["options"]["units"]
    return results_path("transfers", results["date"], "" if units == SIZES["units"].default else f"-u{units}")


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(transfers.__doc__ or "", name="transfers", database="tiepdan_bench_transfers", sizes=SIZES)
    parser.add_argument("--seed", type=int, default=20261203, help="random seed of the pairs")
    return bench_run(bench_args(parser, argv), run=run, report=report, output=output)


if __name__ == "__main__":
    sys.exit(main())
