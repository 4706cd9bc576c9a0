"""The petitions results as tables and a few lines."""

from __future__ import annotations

from typing import Any

from benchmarks.harness.stats import ratio_line


def sizes_report(sizes: dict[str, Any]) -> str:
    lines = [f"  {'table':<26} {'rows':>10} {'table MB':>9} {'index MB':>9} {'total MB':>9}"]
    for name, table in sizes["tables"].items():
        lines.append(
            f"  {name:<26} {table['rows']:>10,} {table['table_mb']:>9.1f} {table['indexes_mb']:>9.1f} "
            f"{table['total_mb']:>9.1f}"
        )
    trigram = ", ".join(f"{name} {size:.1f} MB" for name, size in sizes["trigram_indexes_mb"].items())
    lines += [
        f"  trigram indexes: {trigram}",
        f"  open petitions {sizes['open_petitions']:,}, overdue {sizes['overdue_petitions']:,}, "
        f"with a next due date {sizes['petitions_with_next_due_date']:,}; database {sizes['database_mb']:.0f} MB",
    ]
    return "\n".join(lines)


def _row(op: str, label: str, s: dict[str, Any]) -> str:
    return (
        f"{op:<10} {label:<28} {s['count']:>4} {1000 * s['mean']:>8.1f} {1000 * s['p50']:>8.1f} "
        f"{1000 * s['p95']:>8.1f} {1000 * s['max']:>8.1f}"
    )


def report(results: dict[str, Any]) -> str:
    stats, ratios = results["stats"], results["ratios"]
    machine = results["machine"]
    lines = [
        f"Petitions benchmark, {results['date']}: {results['data']['tables']['petitions_petition']['rows']:,} "
        f"petitions in {results['units']['big']} ({machine['cpus']} CPUs, PostgreSQL "
        f"{machine['postgresql']['server_version']}, load {machine['load_average']})",
        "",
        f"{'operation':<10} {'where':<28} {'n':>4} {'mean ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
    ]
    rows = [
        ("register", "big", "big unit"),
        ("register", "small", "empty unit (baseline)"),
        ("register", "big_limit_set_calls", "big, TENANT_LIMIT_SET_CALLS"),
        ("list", "big", "big unit (app)"),
        ("list", "small", f"small unit ({results['units']['small_petitions_at_end']} petitions)"),
        ("list", "big_prefetch", "big, senders as before (18:50)"),
        ("list", "small_prefetch", "small, senders as before"),
        ("list", "big_before", "big unit, as before (18:00)"),
        ("list", "small_before", "small unit, as before"),
        ("list", "big_exact", "big unit, exact count (before)"),
        ("list", "small_exact", "small unit, exact count"),
        ("search", "indexed", "big unit, trigram, capped (app)"),
        ("search", "indexed_before", "big, read as before (18:00)"),
        ("search", "previous", "big, one condition (before)"),
        ("search", "indexed_exact", "big, trigram, exact (before)"),
        ("search", "ilike", "big unit, ILIKE (baseline)"),
    ]
    lines += [_row(op, label, stats[op][key]) for op, key, label in rows]
    pages = results["pages"]
    page_rows = [
        ("list_page_big", "list page, big unit"),
        ("list_page_small", "list page, small unit"),
        ("list_page_big_far", "list page, big, 9/10 down"),
        ("search_page_big", "search page, big unit"),
        ("search_page_small", "search page, small unit"),
    ]
    lines += [_row("page", label, pages["stats"][key]) for key, label in page_rows if key in pages["stats"]]
    lines += [
        "",
        f"register big/empty: {ratio_line(ratios['register_big_over_small'])}",
        f"register with TENANT_LIMIT_SET_CALLS/without: {ratio_line(ratios['register_limit_set_calls_over_default'])}",
        f"list big/small: {ratio_line(ratios['list_big_over_small'])}",
        f"list with the senders as before (18:50), big/small: {ratio_line(ratios['list_prefetch_big_over_small'])}",
        f"list now/senders as before: big {ratio_line(ratios['list_big_now_over_prefetch'])}; "
        f"small {ratio_line(ratios['list_small_now_over_prefetch'])}",
        f"list as before, big/small: {ratio_line(ratios['list_before_big_over_small'])}",
        f"list big, now/before: {ratio_line(ratios['list_big_now_over_before'])}",
        *(
            f"list big/small, the {results['list_same_rows']['calls']} calls whose pages hold as many rows: "
            f"{ratio_line(ratios[key])} ({label})"
            for key, label in (
                ("list_same_rows_big_over_small", "now"),
                ("list_same_rows_prefetch_big_over_small", "senders as before"),
                ("list_same_rows_before_big_over_small", "before"),
            )
            if key in ratios
        ),
        f"list with the exact count (before) big/small: {ratio_line(ratios['list_exact_big_over_small'])}",
        f"list big, capped/exact: {ratio_line(ratios['list_big_capped_over_exact'])}",
        f"search ILIKE/trigram: {ratio_line(ratios['search_ilike_over_indexed'])}",
        f"search capped/exact: {ratio_line(ratios['search_capped_over_exact'])}",
        f"search now/before the joined index: {ratio_line(ratios['search_over_previous'])}",
        f"search now/read as before (18:00): {ratio_line(ratios['search_now_over_before'])}",
        *(f"{name.replace('_', ' ')}: {ratio_line(ratio)}" for name, ratio in pages["ratios"].items()),
        "search p50/p95 ms by kind: "
        + "; ".join(
            f"{kind} {1000 * s['p50']:.0f}/{1000 * s['p95']:.0f}" for kind, s in results["search_by_kind"].items()
        ),
        "read as before (18:00): "
        + "; ".join(
            f"{kind} {1000 * s['p50']:.0f}/{1000 * s['p95']:.0f}"
            for kind, s in results["search_by_kind_before"].items()
        ),
        "before the joined index: "
        + "; ".join(
            f"{kind} {1000 * s['p50']:.0f}/{1000 * s['p95']:.0f}"
            for kind, s in results["search_by_kind_previous"].items()
        ),
        "trigram indexes in the plan of 'nguyen van a': "
        + ", ".join(
            f"{name} {'yes' if used else 'no'}" for name, used in results["search_plan_uses_trigram_indexes"].items()
        ),
        "statements per registration: "
        + ", ".join(
            f"{variant} {detail['round_trips']} round trips ({detail['set_search_path']} SET search_path "
            f"{1000 * detail['set_search_path_seconds']:.1f} ms; all SQL {1000 * detail['statements_seconds']:.1f} ms "
            f"of {1000 * detail['wall_seconds']:.1f} ms)"
            for variant, detail in results["register_statements"].items()
        ),
    ]
    for op, slowest in results["slowest"].items():
        executions = "; ".join(plan["execution"] for plan in slowest["explain"])
        lines.append(
            f"slowest {op}: sample {slowest['sample']} {1000 * slowest['seconds']:.0f} ms — EXPLAIN {executions}"
        )
    return "\n".join(lines)
