"""The run: set up (or reuse) the units, then time d, a and b in rotation, and the page."""

from __future__ import annotations

import argparse
import hashlib
import time
from collections.abc import Callable
from dataclasses import asdict
from pathlib import Path
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone
from django_otp.oath import totp
from django_tenants.utils import schema_context

import core.oversight.selectors
from benchmarks.dashboard import methods, rollups
from benchmarks.dashboard.methods import Question
from benchmarks.dashboard.schemas import PUBLIC_TABLES, schema_relations, setup, shared_tables_create
from benchmarks.harness.database import connect, migrate
from benchmarks.harness.machine import load_average, machine_facts, server_facts
from benchmarks.harness.pages import UnitPages, unit_path
from benchmarks.harness.results import options
from benchmarks.harness.sql import captured_statements, explain
from benchmarks.harness.stats import Stats, ratios, rotation, timed
from benchmarks.harness.units import province_codes, units_take
from core.accounts.models import User
from core.accounts.second_factor import (
    recovery_codes_regenerate,
    second_factor_enrolled,
    second_factor_required,
    totp_enrolment_confirm,
    totp_enrolment_start,
)
from core.accounts.services import user_create
from core.oversight.selectors import NEAR_DUE_DAYS, Figures
from core.petitions.choices import CLOSED_STATUSES, RESOLUTION_CLOCKS
from core.reports.periods import period_bounds, period_containing
from tenants.models import Unit, UnitStatus

# For information only: a_sql, a's statements and fetches without building the figures in Python;
# d_reception, the citizen-reception part of d, alone.
METHODS = ("d", "a", "b", "a_sql", "d_reception")
METHOD_NAMES = {
    "d": "dashboard: province_dashboard(), public tables",
    "a": "limit: plain shared tables, raw SQL",
    "b": "per-unit loop over the schemas",
    "a_sql": "(a) without the Python folding, SQL only",
    "d_reception": "(d)'s reception figures alone",
    "d_page": "(d) as the inspector's page, test client",
    "d_paired": "(d) timed alternately with the page",
}
SERVER_FACTS = ("server_version", "shared_buffers", "work_mem", "max_locks_per_transaction", "jit")
INSPECTOR = "thanh_tra_bench"
PASSWORD = "Bench-dashboard-2026!"


def selectors_state() -> dict[str, Any]:
    """What ``core/oversight/selectors.py`` (the file imported) holds now: its hash and functions,
    to tell whether the code measured changed during a run."""
    path = Path(core.oversight.selectors.__file__)
    if not path.exists():
        return {"exists": False, "path": str(path)}
    text = path.read_text(encoding="utf-8")
    functions = [
        line.split("(")[0].removeprefix("def ").strip() for line in text.splitlines() if line.startswith("def ")
    ]
    return {
        "exists": True,
        "path": str(path),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(path.stat().st_mtime)),
        "functions": functions,
        "has_province_dashboard": "province_dashboard" in functions,
    }


def data_sizes(q: Question) -> dict[str, Any]:
    connection.set_schema_to_public()
    facts: dict[str, Any] = {"tables": {}}
    with connection.cursor() as cursor:
        for source, target in PUBLIC_TABLES.items():
            for table in (source, target):
                cursor.execute(
                    f"SELECT count(*), pg_table_size('public.{table}'), pg_indexes_size('public.{table}') "
                    f"FROM public.{table}"
                )
                rows, table_bytes, index_bytes = cursor.fetchone()
                facts["tables"][table] = {
                    "rows": rows,
                    "table_mb": table_bytes / 2**20,
                    "indexes_mb": index_bytes / 2**20,
                }
        p = q.params()
        cursor.execute(
            "SELECT count(*), count(DISTINCT unit_code), count(*) FILTER (WHERE received_date BETWEEN %(start)s AND "
            "%(end)s), count(*) FILTER (WHERE is_overdue), count(*) FILTER (WHERE NOT is_overdue AND next_due_date "
            "BETWEEN %(today)s AND %(soon)s) FROM public.caseindex_caseindexentry WHERE province_code = %(province)s",
            p,
        )
        rows, units, in_period, overdue, near_due = cursor.fetchone()
        cursor.execute(
            "SELECT count(*), count(*) FILTER (WHERE event_date BETWEEN %(start)s AND %(end)s) "
            "FROM public.caseindex_caseevent WHERE province_code = %(province)s",
            p,
        )
        events, events_in_period = cursor.fetchone()
        facts["province"] = {
            "code": q.province,
            "units": units,
            "case_index_rows": rows,
            "received_in_period": in_period,
            "overdue": overdue,
            "near_due": near_due,
            "case_events": events,
            "case_events_in_period": events_in_period,
        }
        cursor.execute(
            "SELECT province_code, count(DISTINCT unit_code) FROM public.caseindex_caseindexentry GROUP BY 1"
        )
        facts["units_per_province_in_index"] = dict(sorted(cursor.fetchall()))
        cursor.execute(
            f"SELECT count(*) FROM pg_namespace n JOIN public.{Unit._meta.db_table} u ON u.schema_name = n.nspname "
            "WHERE n.nspname <> 'public'"
        )
        facts["unit_schemas"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*), pg_relation_size('pg_class') FROM pg_class")
        classes, class_bytes = cursor.fetchone()
        facts["pg_class"] = {"rows": classes, "mb": class_bytes / 2**20}
        cursor.execute("SELECT pg_database_size(current_database())")
        facts["database_mb"] = cursor.fetchone()[0] / 2**20
    return facts


def measure(q: Question, *, database: str, repeats: int, warmup: int) -> dict[str, Any]:
    """Every method ``warmup + repeats`` times, the order rotating every round; the answers of d, a
    and b compared; the round trips and plans recorded."""
    inspectorate = Unit.objects.get(code=f"{q.province}-TTR")
    params = {
        **q.params(),
        "public": settings.PUBLIC_SCHEMA_NAME,
        "provisioning": UnitStatus.PROVISIONING.value,
        "closed": sorted(CLOSED_STATUSES),
        "clocks": list(RESOLUTION_CLOCKS),
    }
    shared, per_unit = methods.shared_statements(), methods.unit_statements()
    kinds = dict(core.oversight.selectors.province_units(q.province).values_list("code", "kind"))
    raw = connect(database)
    runs: dict[str, Callable[[], Any]] = {
        "d": lambda: methods.dashboard_d(q, inspectorate),
        "a": lambda: methods.dashboard_a(raw, shared, params),
        "b": lambda: methods.dashboard_b(q, per_unit, params),
        "a_sql": lambda: methods.shared_sql_only(raw, shared, params),
        "d_reception": lambda: methods.reception_d(q, inspectorate, kinds),
    }
    selectors_before = selectors_state()
    samples: dict[str, list[float]] = {method: [] for method in METHODS}
    answers: dict[str, Any] = {}
    connection.ensure_connection()
    try:
        for round_ in range(warmup + repeats):
            for method in rotation(METHODS, round_):
                started = time.perf_counter()
                result = runs[method]()
                seconds = time.perf_counter() - started
                if round_ >= warmup:
                    samples[method].append(seconds)
                if method not in answers and method in ("d", "a", "b"):
                    answers[method] = methods.answer(*result)  # outside the timing
        d_statements = captured_statements(runs["d"])
        b_statements = captured_statements(runs["b"])
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            d_plans = [explain(cursor, s) for s in d_statements if s.lstrip().upper().startswith("SELECT")]
        with raw.cursor() as cursor:
            a_plans = [explain(cursor, statement, params) for statement in shared.values()]
    finally:
        raw.close()
    equal = {"d_equals_a": answers["d"] == answers["a"], "b_equals_a": answers["b"] == answers["a"]}
    if not all(equal.values()):
        print(f"WARNING: the answers differ: {equal}", flush=True)
    province = answers["a"]["province"]
    return {
        "samples": samples,
        "answers_equal": equal,
        "answer": {
            "units": len(answers["a"]["units"]),
            **{name: province[name] for name in ("received", "processed", "overdue", "near_due", "resolved")},
            "resolved_on_time": province["resolved_on_time"],
        },
        "dashboard_call": f"core.oversight.selectors.province_dashboard(unit=<{inspectorate.code}>, "
        f"period=<{q.period.label}>, today=<today>) then units_sorted(…, 'code'), in schema "
        f"{inspectorate.schema_name}",
        # province_dashboard also computes citizen-reception figures (none in the bench data); a and b
        # do not, and the comparison leaves them out.
        "d_computes_reception_figures": "reception" in Figures.__dataclass_fields__,
        "selectors_at_measurement": selectors_before,
        "round_trips": {
            "d": len(d_statements),
            "a": len(shared),
            "b": len(b_statements),
            "d_set_search_path": sum(s.startswith("SET search_path") for s in d_statements),
            "b_set_search_path": sum(s.startswith("SET search_path") for s in b_statements),
        },
        "explain": {"d": d_plans, "a": a_plans},
    }


def inspector_pages(inspectorate: Unit) -> UnitPages:
    """An inspector of the province's inspectorate, signed in (made on the first run of a database)."""
    with schema_context(inspectorate.schema_name):
        if not User.objects.filter(username=INSPECTOR).exists():
            user_create(
                unit=inspectorate, username=INSPECTOR, password=PASSWORD, full_name="Lý Thị Hoa", roles=["inspector"]
            )
    pages = UnitPages.signed_in(inspectorate.code, username=INSPECTOR, password=PASSWORD)
    # Inspectors need a second factor: enrol an authenticator through the services, then answer the
    # verification page with one of its recovery codes, as a person would.
    with schema_context(inspectorate.schema_name):
        user = User.objects.get(username=INSPECTOR)
        if not second_factor_required(user):
            return pages
        if not second_factor_enrolled(user):
            device = totp_enrolment_start(user=user)
            token = f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"
            totp_enrolment_confirm(user=user, device_id=device.pk, token=token)
        code = recovery_codes_regenerate(user=user)[0]
    response = pages.client.post(unit_path(inspectorate.code, "otp:verify"), {"token": code})
    connection.set_schema_to_public()
    if response.status_code != 302:
        raise RuntimeError(f"{INSPECTOR}'s second factor was refused (status {response.status_code}).")
    return pages


def page_measure(q: Question, kind: str, *, requests: int) -> dict[str, list[float]]:
    """For information: the dashboard page (``/u/<PP>-TTR/thanh-tra/?period=…&year=…``) as an
    inspector requests it, alternating with ``d``, the selector calls behind it."""
    inspectorate = Unit.objects.get(code=f"{q.province}-TTR")
    pages = inspector_pages(inspectorate)
    query = {"period": kind, "year": q.period.year}
    samples: dict[str, list[float]] = {"d_page": [], "d_paired": []}
    pages.get("oversight:dashboard", query=query)  # warm-up
    for index in range(requests):
        for side in rotation(("d_page", "d_paired"), index):
            with timed(samples[side]):
                if side == "d_page":
                    pages.get("oversight:dashboard", query=query)
                else:
                    methods.dashboard_d(q, inspectorate)
    return samples


def run(args: argparse.Namespace) -> dict[str, Any]:
    loads: dict[str, float] = {"before": load_average()}
    today = timezone.localdate()
    specs, provinces = units_take(args.units, [args.province, *(c for c in province_codes() if c != args.province)])
    reuse = args.reuse

    migrate_seconds = None
    if not reuse:
        print("Migrating the bench database (public schema and template)…", flush=True)
        migrate_seconds = migrate()

    period = period_bounds(args.period, period_containing(today, "year").year)
    q = Question(province=args.province, period=period, today=today, near_due_days=NEAR_DUE_DAYS)

    used = ", ".join(f"{code} ×{province['units']}" for code, province in provinces.items())
    if reuse:
        print(f"Reusing the data of the kept database {args.database!r}.", flush=True)
        setup_summary: dict[str, Any] = {"reused": True}
        setup_samples: dict[str, list[float]] = {}
    else:
        print(f"Onboarding {len(specs)} units ({used}) and loading {args.per_unit} petitions into each…", flush=True)
        setup_summary, setup_samples = setup(
            specs, provision=args.provision, per_unit=args.per_unit, seed=args.seed, today=today
        )
        print(f"  setup took {setup_summary['total_seconds']:.0f} s", flush=True)
        setup_summary["schemas"] = schema_relations(specs, copied=bool(setup_summary["copied_units"]))
    loads["after_setup"] = load_average()
    # The bench loads the index in bulk, past the services (the index's triggers count it all the
    # same); the rebuild proves the counters equal a recount and lays them out in the order of
    # their index. Then VACUUM (ANALYZE), as the index tables and their plain copies get.
    started = time.perf_counter()
    rebuild_differences = rollups.rollups_rebuild().count
    rebuild_seconds = time.perf_counter() - started
    with connection.cursor() as cursor:
        cursor.execute("VACUUM (ANALYZE) public.caseindex_casemonthcount")
    shared = shared_tables_create()
    sizes = data_sizes(q)
    facts = sizes["province"]
    print(
        f"  case index {sizes['tables']['caseindex_caseindexentry']['rows']:,} rows, case events "
        f"{sizes['tables']['caseindex_caseevent']['rows']:,}; province {q.province}: {facts['units']} units, "
        f"{facts['case_index_rows']:,} petitions, {facts['received_in_period']:,} received in {period.label}",
        flush=True,
    )

    print(f"Measuring d, a and b, {args.repeats} times each after {args.warmup} untimed rounds…", flush=True)
    loads["before_measure"] = load_average()
    measured = measure(q, database=args.database, repeats=args.repeats, warmup=args.warmup)
    loads["after_measure"] = load_average()
    samples = measured.pop("samples")
    stats = {method: Stats.of(values) for method, values in samples.items()}
    selectors_end = selectors_state()
    page: dict[str, Any] = {}
    page_samples: dict[str, list[float]] = {}
    if args.pages:
        print(f"Requesting the dashboard page {args.pages} times, alternating with d…", flush=True)
        page_samples = page_measure(q, args.period, requests=args.pages)
        loads["after_page"] = load_average()
        page_stats = {name: Stats.of(values) for name, values in page_samples.items()}
        page = {
            "stats": {name: asdict(value) for name, value in page_stats.items()},
            "page_over_d": ratios(page_stats["d_page"], page_stats["d_paired"]),
        }
    rollup_results: dict[str, Any] = {}
    if args.pages:
        print(f"Rollups: the page with and without the counters against a, {args.pages * 3} times each…", flush=True)
        today_quarter = period_containing(today)
        questions = {
            today_quarter.kind: Question(
                province=args.province, period=today_quarter, today=today, near_due_days=NEAR_DUE_DAYS
            ),
            "year": Question(
                province=args.province,
                period=period_bounds("year", period_containing(today, "year").year),
                today=today,
                near_due_days=NEAR_DUE_DAYS,
            ),
        }
        base_params = {
            "public": settings.PUBLIC_SCHEMA_NAME,
            "provisioning": UnitStatus.PROVISIONING.value,
            "closed": sorted(CLOSED_STATUSES),
            "clocks": list(RESOLUTION_CLOCKS),
        }
        inspectorate = Unit.objects.get(code=f"{q.province}-TTR")
        pages_by_period = rollups.pages_measure(
            questions,
            pages=inspector_pages(inspectorate),
            raw=connect(args.database),
            shared=methods.shared_statements(),
            base_params=base_params,
            requests=args.pages * 3,
        )
        print(f"Rollups: the write path with and without the upkeep, {args.pages * 20} rounds each…", flush=True)
        writes = rollups.writes_measure(q, rounds=args.pages * 20)
        print("Rollups: the same, the rounds spread over the province's units (information)…", flush=True)
        writes_spread = rollups.writes_measure(q, rounds=args.pages * 20, spread=True)
        print(
            f"Rollups: the services' write path (register, classify) with and without the upkeep, {args.pages * 10} "
            "rounds each…",
            flush=True,
        )
        writes_service = rollups.service_writes_measure(q, rounds=args.pages * 10)
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            cursor.execute("SELECT count(*) FROM public.caseindex_casemonthcount")
            cells = cursor.fetchone()[0]
        rollup_results = {
            "rebuild_seconds": rebuild_seconds,
            "rebuild_differences": rebuild_differences,
            "cells": cells,
            "pages": pages_by_period,
            "writes": writes,
            "writes_spread": writes_spread,
            "writes_service": writes_service,
            "pages_equal": all(part["pages_equal"] for part in pages_by_period.values()),
        }
    return {
        "rollups": rollup_results,
        "benchmark": "dashboard",
        "date": today.isoformat(),
        "machine": {**machine_facts(server_facts(SERVER_FACTS)), "load_average": loads},
        "options": options(args),
        "question": {
            "province": q.province,
            "period": period.label,
            "period_dates": [period.start.isoformat(), period.end.isoformat()],
            "today": today.isoformat(),
            "near_due_days": q.near_due_days,
        },
        "units": len(specs),
        "petitions_per_unit": args.per_unit,
        "provinces": provinces,
        "public_and_template_migrate_seconds": migrate_seconds,
        "setup": setup_summary,
        "shared_tables": shared,
        "data": sizes,
        "methods": METHOD_NAMES,
        "stats": {method: asdict(value) for method, value in stats.items()},
        "ratios": {"d_over_a": ratios(stats["d"], stats["a"]), "b_over_d": ratios(stats["b"], stats["d"])},
        "goals": {
            "d_over_a_p50_at_most_1_5": stats["d"].p50 / stats["a"].p50 <= 1.5,
            "b_over_d_p50_at_least_30": stats["b"].p50 / stats["d"].p50 >= 30,
        },
        **measured,
        "selectors_at_end": selectors_end,
        "selectors_changed_during_measurement": selectors_end != measured["selectors_at_measurement"],
        # For information: the whole page (middleware, session, template) against d alone.
        "page": page,
        "samples": {**samples, "setup": setup_samples, "page": page_samples},
    }
