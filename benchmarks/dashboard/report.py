"""The dashboard results as a table and a few lines."""

from __future__ import annotations

from typing import Any

from benchmarks.harness.stats import ratio_line

ORDER = ("d", "a", "b", "a_sql", "d_reception")
#: The rollups part (``rollups.py``): the page with and without the month counters, the same page with
#: its per-unit figures from the plain shared tables (the like-for-like baseline), a, and the selector.
PAGE_METHODS = ("page", "page_plain", "page_index", "a", "d", "d_index")


def setup_line(setup_: dict[str, Any]) -> str:
    parts = [f"setup: {setup_['total_seconds']:.0f} s"]
    for name, label in (("provision", "unit_provision"), ("copy", "schema copied by DDL")):
        if name in setup_:
            t = setup_[name]
            parts.append(
                f"{t['count']} units by {label} (p50 {t['p50']:.3f} s, p95 {t['p95']:.3f} s, max {t['max']:.3f} s)"
            )
    parts.append(f"loading p50 {setup_['load']['p50']:.3f} s per unit")
    schemas = setup_.get("schemas", {})
    parts += [
        f"{role} {facts['relations_by_kind']} {facts['constraints']} constraints" for role, facts in schemas.items()
    ]
    return "; ".join(parts)


def _row(method: str, name: str, s: dict[str, Any]) -> str:
    return (
        f"{'(' + method + ')':<14}{name:<46} {s['count']:>4} {1000 * s['mean']:>8.2f} "
        f"{1000 * s['p50']:>8.2f} {1000 * s['p95']:>8.2f} {1000 * s['max']:>8.2f}"
    )


def report(results: dict[str, Any]) -> str:
    stats, ratios, data = results["stats"], results["ratios"], results["data"]
    machine, tables, province = results["machine"], data["tables"], data["province"]
    question = results["question"]
    lines = [
        f"Dashboard benchmark, {results['date']}: {results['units']} units × {results['petitions_per_unit']} "
        f"petitions ({tables['caseindex_caseindexentry']['rows']:,} case-index rows, "
        f"{tables['caseindex_caseevent']['rows']:,} case events, {data['unit_schemas']} unit schemas, pg_class "
        f"{data['pg_class']['rows']:,} rows; {machine['cpus']} CPUs, PostgreSQL "
        f"{machine['postgresql']['server_version']}, load {machine['load_average']})",
        f"question: province {province['code']}, {question['period']} ({question['period_dates'][0]} – "
        f"{question['period_dates'][1]}), today {question['today']}: {province['units']} units, "
        f"{province['case_index_rows']:,} petitions of which {province['received_in_period']:,} received in the "
        f"period, {province['case_events_in_period']:,} of {province['case_events']:,} events in the period; "
        f"{province['overdue']:,} overdue, {province['near_due']:,} near due",
        "units per province: "
        + ", ".join(f"{code} {p['units']}/{p['units_in_province']}" for code, p in results["provinces"].items()),
        f"d calls {results['dashboard_call']}"
        + ("; it also computes reception figures (not in a, b)" if results.get("d_computes_reception_figures") else ""),
        "",
        f"{'method':<60} {'n':>4} {'mean ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
    ]
    lines += [_row(method, results["methods"][method], stats[method]) for method in ORDER if method in stats]
    page = results.get("page") or {}
    lines += [_row(name, results["methods"][name], s) for name, s in page.get("stats", {}).items()]

    explain, goals, setup_ = results["explain"], results["goals"], results["setup"]
    trips, answer = results["round_trips"], results["answer"]
    d_over_a, b_over_d = goals["d_over_a_p50_at_most_1_5"], goals["b_over_d_p50_at_least_30"]
    lines += [
        "",
        f"d/a: {ratio_line(ratios['d_over_a'])} (goal ≤ 1.5: {'met' if d_over_a else 'NOT met'})",
        f"b/d: {ratio_line(ratios['b_over_d'])} (goal ≥ 30: {'met' if b_over_d else 'NOT met'})",
        *([f"page/d (information): {ratio_line(page['page_over_d'])}"] if page else []),
        f"answers equal: {results['answers_equal']} ({answer})",
        f"round trips: d {trips['d']} ({trips['d_set_search_path']} SET search_path), a {trips['a']}, "
        f"b {trips['b']} ({trips['b_set_search_path']} SET search_path)",
        "EXPLAIN d: " + "; ".join(f"{p['planning']}, {p['execution']}" for p in explain["d"]),
        "EXPLAIN a: " + "; ".join(f"{p['planning']}, {p['execution']}" for p in explain["a"]),
        "setup: reused a kept database" if setup_.get("reused") else setup_line(setup_),
        "core/oversight/selectors.py: changed during the measurement: "
        f"{results['selectors_changed_during_measurement']}; at the end {results['selectors_at_end']}",
    ]
    lines += report_lines(results)
    return "\n".join(lines)


def report_lines(results: dict[str, Any]) -> list[str]:
    lines: list[str] = []
    rollups = results.get("rollups") or {}
    if not rollups:
        return lines
    lines.append(
        f"rollups: counters rebuilt in {rollups['rebuild_seconds']:.1f} s, {rollups['cells']:,} cells, "
        f"{rollups.get('rebuild_differences', '?')} cells differed from a recount (triggers kept them)"
    )
    for kind, part in rollups.get("pages", {}).items():
        s, r = part["stats"], part["ratios"]
        lines.append(
            f"  {kind} ({part['period']}, {part['received_in_period']:,} received, {part['processed_in_period']:,} "
            f"processed; answers equal {part['answers_equal']}): p50 ms "
            + ", ".join(f"{name} {1000 * s[name]['p50']:.1f}" for name in PAGE_METHODS)
            + f"; page/page_plain {r['page_over_page_plain']['p50']:.2f}× p50, "
            f"{r['page_over_page_plain']['p95']:.2f}× p95 (goal ≤ 1.0: "
            f"{'met' if part['goal_page_over_page_plain_p50_at_most_1_0'] else 'NOT met'}; pages equal "
            f"{part['pages_equal']}); page/a {r['page_over_a']['p50']:.2f}× (goal ≤ 1.0: "
            f"{'met' if part['goal_page_over_a_p50_at_most_1_0'] else 'NOT met'}), page_index/a "
            f"{r['page_index_over_a']['p50']:.2f}×, page/page_index {r['page_over_page_index']['p50']:.2f}×, "
            f"d/a {r['d_over_a']['p50']:.2f}×"
        )
    for key, where in (
        ("writes", "bare index writes, one unit"),
        ("writes_spread", "bare index writes, the province's units in turn, information"),
        ("writes_service", "the services the petition pages call, one unit"),
    ):
        writes = rollups.get(key)
        if not writes:
            continue
        w = writes["stats"]
        lines.append(
            f"  write path, {where} ({writes['rounds']} rounds of {writes['round']}): with p50 "
            f"{1000 * w['with']['p50']:.2f} ms, without {1000 * w['without']['p50']:.2f} ms: "
            f"{writes['with_over_without']['p50']:.2f}× (goal ≤ 1.2: "
            f"{'met' if writes['goal_with_over_without_p50_at_most_1_2'] else 'NOT met'}); p95 "
            f"{1000 * w['with']['p95']:.2f} ms against {1000 * w['without']['p95']:.2f} ms: "
            f"{writes['with_over_without']['p95']:.2f}×"
        )
    return lines
