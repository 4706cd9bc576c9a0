"""The command line every benchmark shares, and the run around it.

``python -m benchmarks.<name> [sizes] [--quick] [--database NAME] [--keep] [--output FILE]``:

* each size has its full-run default and a ``--quick`` value (a check while developing, a minute
  or less); an explicit size wins over both;
* ``--database`` names the bench database (default: one per benchmark), which is dropped and
  created again at the start and dropped at the end unless ``--keep``; its name must contain
  ``bench``, so that no developer's database is dropped by mistake;
* ``--output`` replaces the default results file ``benchmarks/results/<name>-<date>….json``.
"""

from __future__ import annotations

import argparse
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import django

from benchmarks.harness.database import database_drop, database_recreate, use_database
from benchmarks.harness.results import results_write


@dataclass(frozen=True)
class Size:
    default: int
    quick: int
    help: str
    minimum: int = 1


def bench_parser(doc: str, *, name: str, database: str, sizes: dict[str, Size]) -> argparse.ArgumentParser:
    """The parser of benchmark ``name``: its ``sizes`` (``per_unit`` → ``--per-unit``) and the common
    options. ``doc`` is the benchmark's docstring; its first line describes it."""
    parser = argparse.ArgumentParser(
        prog=f"python -m benchmarks.{name}",
        description=doc.strip().split("\n", 1)[0],
    )
    parser.set_defaults(sizes=sizes)
    for key, size in sizes.items():
        parser.add_argument(
            f"--{key.replace('_', '-')}",
            dest=key,
            type=int,
            default=None,
            metavar="N",
            help=f"{size.help} (default {size.default:,}; --quick {size.quick:,})",
        )
    parser.add_argument("--quick", action="store_true", help="small sizes, for a check while developing")
    parser.add_argument(
        "--database", default=database, help=f"the bench database, dropped and created again (default {database})"
    )
    parser.add_argument("--keep", action="store_true", help="keep the bench database at the end")
    parser.add_argument("--output", type=Path, help="results file (default in benchmarks/results/)")
    return parser


def bench_args(parser: argparse.ArgumentParser, argv: list[str] | None = None) -> argparse.Namespace:
    """Parse ``argv``; sizes not given take their ``--quick`` or default value."""
    args = parser.parse_args(argv)
    sizes: dict[str, Size] = args.sizes
    del args.sizes
    for key, size in sizes.items():
        if getattr(args, key) is None:
            setattr(args, key, size.quick if args.quick else size.default)
        if getattr(args, key) < size.minimum:
            parser.error(f"--{key.replace('_', '-')} must be at least {size.minimum}")
    if "bench" not in args.database:
        parser.error("the bench database's name must contain 'bench': it is dropped at the start")
    return args


def bench_run(
    args: argparse.Namespace,
    *,
    run: Callable[[argparse.Namespace], dict[str, Any]],
    report: Callable[[dict[str, Any]], str],
    output: Callable[[dict[str, Any]], Path],
    fresh: bool = True,
) -> int:
    """Run a benchmark in its own database: ``run(args)`` measures and returns the results, which
    are printed by ``report`` and written to ``args.output`` or ``output(results)``. With ``fresh``
    false (a rerun on a kept database), the database is not created again."""
    use_database(args.database)
    django.setup()
    if fresh:
        database_recreate(args.database)
    try:
        results = run(args)
    finally:
        if not args.keep:
            database_drop(args.database)
    print()
    print(report(results))
    path = results_write(results, args.output or output(results))
    print(f"\nResults written to {path}")
    if args.keep:
        print(f"Database {args.database!r} kept.")
    return 0
