"""``python -m benchmarks.documents``: see the package's docstring."""

from __future__ import annotations

import argparse
import sys
from pathlib import Path
from typing import Any

from benchmarks import documents
from benchmarks.documents.report import report
from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path

SIZES = {
    "documents": Size(500, 40, "documents issued by the engine (and as many bare renders)"),
    "pages": Size(50, 10, "accept-the-complaint POSTs through the page (and as many GETs)"),
    "pdfs": Size(60, 6, "documents whose PDF the worker makes (0: skip the worker)", minimum=0),
    "conversions": Size(5, 2, "in-process LibreOffice conversions, the worker's baseline", minimum=0),
    "concurrency": Size(2, 2, "worker processes (celery --concurrency)"),
    "warmup": Size(5, 2, "untimed calls of each variant first", minimum=0),
}


def run(args: argparse.Namespace) -> dict[str, Any]:
    from benchmarks.documents.measure import run as measure

    return measure(args)


def output(results: dict[str, Any]) -> Path:
    count = results["options"]["documents"]
    return results_path("documents", results["date"], "" if count == SIZES["documents"].default else f"-n{count}")


def main(argv: list[str] | None = None) -> int:
    parser = bench_parser(documents.__doc__ or "", name="documents", database="tiepdan_bench_documents", sizes=SIZES)
    return bench_run(bench_args(parser, argv), run=run, report=report, output=output)


if __name__ == "__main__":
    sys.exit(main())
