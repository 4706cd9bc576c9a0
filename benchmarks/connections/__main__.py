"""``python -m benchmarks.connections``: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks import connections
from benchmarks.connections.report import report
from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path

SIZES = {
    "units": Size(1_000, 20, "real units onboarded, each with a staff member and an API key"),
    "users": Size(4, 4, "locust users, each sending its next request as soon as the last one is answered"),
    "seconds": Size(60, 10, "seconds of load on one unit, and again across all the units, per deployment"),
    "warmup": Size(10, 3, "seconds of load on one unit first, unmeasured", minimum=0),
    "workers": Size(2, 2, "gunicorn worker processes"),
    "rounds": Size(1, 1, "deployments per variant; the variants alternate"),
}


def _limits(text: str) -> list[int]:
    values = [int(value) for value in text.split(",") if value.strip()]
    if not values or min(values) < 1:
        raise argparse.ArgumentTypeError("positive numbers of schemas, separated by commas")
    return values


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.connections.measure import run as measure

    return measure(args)


def output(results: dict[str, Any]) -> Path:
    units = results["options"]["units"]
    return results_path("connections", results["date"], "" if units == SIZES["units"].default else f"-u{units}")


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(
        connections.__doc__ or "", name="connections", database="tiepdan_bench_connections", sizes=SIZES
    )
    parser.add_argument(
        "--limits",
        type=_limits,
        default=[100, 300],
        metavar="M[,M…]",
        help="TIEPDAN_DB_CONN_MAX_SCHEMAS of the variants measured against recycling off (default 100,300)",
    )
    parser.add_argument(
        "--units-per-connection",
        type=int,
        default=0,
        metavar="U",
        help="TIEPDAN_DB_UNITS_PER_CONNECTION of the variants with a limit (0: one connection per thread; "
        "recycling off is always measured with one)",
    )
    parser.add_argument(
        "--conn-max-age", type=int, default=600, help="DJANGO_CONN_MAX_AGE of the deployment (default 600 s)"
    )
    parser.add_argument(
        "--redis", default="redis://127.0.0.1:6379/13", help="the deployment's Redis (cache), flushed at each start"
    )
    parser.add_argument(
        "--reuse", action="store_true", help="measure again in a database kept by an earlier run (--keep)"
    )
    args = bench_args(parser, argv)
    return bench_run(args, run=run, report=report, output=output, fresh=not args.reuse)


if __name__ == "__main__":
    sys.exit(main())
