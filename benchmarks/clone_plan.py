"""Clone-only onboarding that watches the plan of ``clone_schema()``'s index-matching query.

Companion to ``onboarding.py`` (finding 2 in README.md). It provisions ``--units`` units by cloning
only, each on a new connection, as ``tenants.provisioning.onboarding_job_run`` does, and times
``Unit.create_schema``. Every 10 units it runs pg-clone-schema's per-table index-matching query
(the ``pg_indexes`` self-join) for ``petitions_petition`` under ``EXPLAIN ANALYZE`` twice:

* ``custom``: with the schema and table names as literals (a custom plan);
* ``generic``: as a prepared statement under ``plan_cache_mode = force_generic_plan``, which is
  the plan PL/pgSQL switches to after five executions in a session when it looks no costlier.

It also records ``pg_class``'s ``n_distinct`` statistics for ``relname`` and ``relnamespace`` and
how often the catalogs were (auto-)analysed.

Variants: ``--analyze-every N`` calls ``tenants.provisioning.catalogs_analyze()`` (untimed) before
every Nth unit; ``--plan-cache-mode custom|generic`` sets ``plan_cache_mode`` on each unit's session
before ``unit_provision``.

It runs in its own database, ``tiepdan_bench_plan``, dropped at the end. Run it like
``onboarding.py``::

    .venv/bin/python -m config.launcher db-start
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/clone_plan.py \\
        [--units 200] [--analyze-every N] [--plan-cache-mode custom|generic] [--output FILE]
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path
from typing import Any

import django
import psycopg2

sys.path.insert(0, str(Path(__file__).resolve().parent))
import onboarding  # noqa: E402
from support import database_drop, database_recreate  # noqa: E402

DB_NAME = "tiepdan_bench_plan"
PROBE_TABLE = "petitions_petition"
QUERY = """SELECT old.indexname, new.indexname FROM pg_indexes old, pg_indexes new
WHERE old.schemaname = {src} AND new.schemaname = {dst} AND old.tablename = new.tablename
  AND old.tablename = {tbl} AND old.indexname <> new.indexname
  AND regexp_replace(old.indexdef, E'.*USING','') = regexp_replace(new.indexdef, E'.*USING','')
ORDER BY old.indexdef, new.indexdef"""


def _scans(node: dict[str, Any]) -> list[str]:
    """The plan's scans in plan order: node, relation, index, actual rows × loops."""
    own = []
    if "Relation Name" in node:
        own.append(
            f"{node['Node Type']} {node['Relation Name']} {node.get('Index Name', '')} "
            f"{node.get('Actual Rows')}x{node.get('Actual Loops')}".replace("  ", " ")
        )
    return own + [scan for child in node.get("Plans", []) for scan in _scans(child)]


def probe(dest_schema: str) -> dict[str, Any]:
    """Both plans of the index-matching query, on a connection of their own, and the statistics."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=DB_NAME, user=db.get("USER") or None, host=db.get("HOST") or None, port=db.get("PORT") or None
    )
    conn.autocommit = True
    args = (settings.TENANT_BASE_SCHEMA, dest_schema, PROBE_TABLE)
    result: dict[str, Any] = {}
    try:
        with conn.cursor() as cursor:
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) " + QUERY.format(src="%s", dst="%s", tbl="%s"), args)
            plan = cursor.fetchone()[0][0]
            result["custom_ms"] = plan["Planning Time"] + plan["Execution Time"]
            result["custom_scans"] = _scans(plan["Plan"])
            cursor.execute("PREPARE q(name, name, name) AS " + QUERY.format(src="$1", dst="$2", tbl="$3"))
            cursor.execute("SET plan_cache_mode = force_generic_plan")
            cursor.execute("EXPLAIN (ANALYZE, FORMAT JSON) EXECUTE q(%s, %s, %s)", args)
            plan = cursor.fetchone()[0][0]
            result["generic_ms"] = plan.get("Planning Time", 0.0) + plan["Execution Time"]
            result["generic_scans"] = _scans(plan["Plan"])
            cursor.execute(
                "SELECT attname, n_distinct FROM pg_stats WHERE schemaname = 'pg_catalog' "
                "AND tablename = 'pg_class' AND attname IN ('relname', 'relnamespace')"
            )
            result["pg_class_n_distinct"] = dict(cursor.fetchall())
            cursor.execute(
                "SELECT relname, analyze_count, autoanalyze_count FROM pg_stat_all_tables "
                "WHERE relid = 'pg_catalog.pg_class'::regclass"
            )
            _name, result["pg_class_analyze_count"], result["pg_class_autoanalyze_count"] = cursor.fetchone()
            cursor.execute("SELECT count(*) FROM pg_namespace")
            result["namespaces"] = cursor.fetchone()[0]
    finally:
        conn.close()
    return result


def run(units: int, analyze_every: int, plan_cache_mode: str) -> dict[str, Any]:
    from django.core.management import call_command
    from django.db import connection
    from django.utils import timezone

    from tenants.models import schema_name_for_code

    load_before = os.getloadavg()[0]
    call_command("migrate", interactive=False, verbosity=0)
    specs = onboarding.unit_batches(units)["clone"][0]
    analyze_seconds: list[float] = []
    rows: list[dict[str, Any]] = []
    started = time.perf_counter()
    for index, spec in enumerate(specs):
        analyzed = bool(analyze_every) and index % analyze_every == 0
        if analyzed:
            onboarding.catalogs_analyze_untimed(analyze_seconds)
        connection.close()
        connection.ensure_connection()
        connection.set_schema_to_public()
        if plan_cache_mode != "auto":
            with connection.cursor() as cursor:
                cursor.execute(f"SET plan_cache_mode = force_{plan_cache_mode}_plan")
        sample = onboarding.provision_timed(spec, method="clone", fresh_connection=False)
        row: dict[str, Any] = {
            "index": index,
            "elapsed": time.perf_counter() - started,
            "schema": sample.schema,
            "provision": sample.provision,
            "analyzed_before": analyzed,
        }
        if index % 10 == 0 or index == units - 1:
            row.update(probe(schema_name_for_code(spec.code)))
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
        "load_average_after": os.getloadavg()[0],
        "rows": rows,
    }


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--units", type=int, default=200, help="units cloned (default 200)")
    parser.add_argument("--analyze-every", type=int, default=0, metavar="N", help="catalog ANALYZE every N units")
    parser.add_argument("--plan-cache-mode", choices=("auto", "custom", "generic"), default="auto")
    parser.add_argument("--output", type=Path, help="JSON file (default results/clone-plan-<date>-<variant>.json)")
    args = parser.parse_args(argv)

    os.environ["DJANGO_DB_NAME"] = onboarding.BENCH_DB_NAME = DB_NAME
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    database_recreate(DB_NAME)
    django.setup()
    try:
        results = run(args.units, args.analyze_every, args.plan_cache_mode)
    finally:
        database_drop(DB_NAME)
    variant = f"analyze{args.analyze_every}-plan-{args.plan_cache_mode}"
    output = args.output or onboarding.RESULTS_DIR / f"clone-plan-{results['date']}-{variant}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"Results written to {output}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
