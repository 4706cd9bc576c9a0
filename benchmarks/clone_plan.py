"""Clone-plan benchmark: clone-only onboarding that watches the plan of ``clone_schema()``'s index-matching query.

Companion to ``benchmarks.onboarding`` (finding 2 in README.md). It provisions ``--units`` units by
cloning only (django-tenants' clone function, which onboarding used before the DDL script of
``tenants.schema_script``), each on a new connection, and times ``Unit.create_schema``. Every 10
units it runs pg-clone-schema's per-table index-matching query (the ``pg_indexes`` self-join) for
``petitions_petition`` under ``EXPLAIN ANALYZE`` twice:

* ``custom``: with the schema and table names as literals (a custom plan);
* ``generic``: as a prepared statement under ``plan_cache_mode = force_generic_plan``, which is
  the plan PL/pgSQL switches to after five executions in a session when it looks no costlier.

It also records ``pg_class``'s ``n_distinct`` statistics for ``relname`` and ``relnamespace`` and
how often the catalogs were (auto-)analysed.

Variants: ``--analyze-every N`` calls ``benchmarks.onboarding.provision.catalogs_analyze()`` (untimed) before
every Nth unit; ``--plan-cache-mode custom|generic`` sets ``plan_cache_mode`` on each unit's session
before ``unit_provision``.

Database: ``tiepdan_bench_plan`` (``--database``). Results:
``benchmarks/results/clone-plan-<date>-analyze<N>-plan-<mode>.json``.

Run it: ``make bench BENCH=clone_plan ARGS="--units 200"`` or
``.venv/bin/python -m benchmarks.clone_plan --help``.
"""

from __future__ import annotations

import argparse
import sys
import time
from typing import Any

from benchmarks.harness.cli import Size, bench_args, bench_parser, bench_run
from benchmarks.harness.results import results_path

PROBE_TABLE = "petitions_petition"
PROBE_EVERY = 10
QUERY = """SELECT old.indexname, new.indexname FROM pg_indexes old, pg_indexes new
WHERE old.schemaname = {src} AND new.schemaname = {dst} AND old.tablename = new.tablename
  AND old.tablename = {tbl} AND old.indexname <> new.indexname
  AND regexp_replace(old.indexdef, E'.*USING','') = regexp_replace(new.indexdef, E'.*USING','')
ORDER BY old.indexdef, new.indexdef"""


def scans(node: dict[str, Any]) -> list[str]:
    """The plan's scans in plan order: node, relation, index, actual rows × loops."""
    own = []
    if "Relation Name" in node:
        own.append(
            f"{node['Node Type']} {node['Relation Name']} {node.get('Index Name', '')} "
            f"{node.get('Actual Rows')}x{node.get('Actual Loops')}".replace("  ", " ")
        )
    return own + [scan for child in node.get("Plans", []) for scan in scans(child)]


def probe(database: str, dest_schema: str) -> dict[str, Any]:
    """Both plans of the index-matching query, on a connection of their own, and the statistics."""
    from django.conf import settings

    from benchmarks.harness.database import connect

    conn = connect(database)
    args = (settings.TENANT_BASE_SCHEMA, dest_schema, PROBE_TABLE)
    result: dict[str, Any] = {}
    try:
        with conn.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + QUERY.format(src="%s", dst="%s", tbl="%s"), args)
            plan = cursor.fetchone()[0][0]
            result["custom_ms"] = plan["Planning Time"] + plan["Execution Time"]
            result["custom_scans"] = scans(plan["Plan"])
            cursor.execute("PREPARE q(name, name, name) AS " + QUERY.format(src="$1", dst="$2", tbl="$3"))
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE q(%s, %s, %s)", args)
            plan = cursor.fetchone()[0][0]
            result["generic_ms"] = plan.get("Planning Time", 0.0) + plan["Execution Time"]
            result["generic_scans"] = scans(plan["Plan"])
            cursor.execute(
                "SELECT attname, n_distinct FROM pg_stats WHERE schemaname = 'pg_catalog' "
                "AND tablename = 'pg_class' AND attname IN ('relname', 'relnamespace')"
            )
            result["pg_class_n_distinct"] = dict(cursor.fetchall())
            cursor.execute(
                "SELECT analyze_count, autoanalyze_count FROM pg_stat_all_tables "
                "WHERE relid = 'pg_catalog.pg_class'::regclass"
            )
            result["pg_class_analyze_count"], result["pg_class_autoanalyze_count"] = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM pg_namespace")
            result["namespaces"] = cursor.fetchone()[0]
    finally:
        conn.close()
    return result


def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.db import connection
    from django.utils import timezone

    from benchmarks.harness.database import connection_renew, migrate
    from benchmarks.harness.machine import load_average
    from benchmarks.onboarding.provision import catalogs_analyze_untimed, provision_timed, unit_batches
    from tenants.models import schema_name_for_code

    units, analyze_every, plan_cache_mode = args.units, args.analyze_every, args.plan_cache_mode
    load_before = load_average()
    migrate()
    specs = unit_batches(units)["clone"][0]
    analyze_seconds: list[float] = []
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for index, spec in enumerate(specs):
        analyzed = bool(analyze_every) and index % analyze_every == 0
        if analyzed:
            catalogs_analyze_untimed(analyze_seconds)
        connection_renew()
        if plan_cache_mode != "auto":
            with connection.cursor() as cursor:
                cursor.execute(f"SET plan_cache_mode = force_{plan_cache_mode}_plan")
        sample = provision_timed(spec, method="clone", fresh_connection=False)
        row: dict[str, Any] = {
            "index": index,
            "elapsed": time.perf_counter() - started,
            "schema": sample.schema,
            "provision": sample.provision,
            "analyzed_before": analyzed,
        }
        if index % PROBE_EVERY == 0 or index == units - 1:
            row.update(probe(args.database, schema_name_for_code(spec.code)))
            print(
                f"  unit {index:3d}: clone {sample.schema:6.3f} s; query custom {row['custom_ms']:7.1f} ms, "
                f"generic {row['generic_ms']:7.1f} ms; n_distinct {row['pg_class_n_distinct']}, "
                f"{row['namespaces']} schemas",
                flush=True,
            )
        rows.append(row)
    connection.close()
    return {
        "benchmark": "clone_plan",
        "date": timezone.localdate().isoformat(),
        "units": units,
        "analyze_every": analyze_every,
        "plan_cache_mode": plan_cache_mode,
        "catalog_analyze": {"count": len(analyze_seconds), "total_seconds": sum(analyze_seconds)},
        "load_average_before": load_before,
        "load_average_after": load_average(),
        "rows": rows,
    }


def report(results: dict[str, Any]) -> str:
    probed = [row for row in results["rows"] if "custom_ms" in row]
    worst = max(results["rows"], key=lambda row: row["schema"])
    return "\n".join(
        [
            f"Clone-plan benchmark, {results['date']}: {results['units']} units cloned, catalog ANALYZE every "
            f"{results['analyze_every'] or 'never'}, plan_cache_mode {results['plan_cache_mode']}",
            f"slowest clone: unit {worst['index']}, {worst['schema']:.3f} s",
            "index-matching query, custom/generic ms: "
            + ", ".join(f"#{row['index']} {row['custom_ms']:.1f}/{row['generic_ms']:.1f}" for row in probed),
        ]
    )


def output(results: dict[str, Any]) -> Any:
    variant = f"-analyze{results['analyze_every']}-plan-{results['plan_cache_mode']}"
    return results_path("clone-plan", results["date"], variant)


def main(argv: list[str] | None = None) -> int:
    sizes = {"units": Size(200, 12, "units cloned")}
    parser = bench_parser(__doc__ or "", name="clone_plan", database="tiepdan_bench_plan", sizes=sizes)
    parser.add_argument("--analyze-every", type=int, default=0, metavar="N", help="catalog ANALYZE every N units")
    parser.add_argument("--plan-cache-mode", choices=("auto", "custom", "generic"), default="auto")
    args = bench_args(parser, argv)
    if args.analyze_every < 0:
        parser.error("--analyze-every must be at least 0")
    return bench_run(args, run=run, report=report, output=output)


if __name__ == "__main__":
    sys.exit(main())
