"""Dashboard benchmark: the inspectorate's province summary over the public case index, at 1,000 units.

What is measured, in one run and on one database holding ``--units`` units (default 1,000) of
``--per-unit`` petitions each (default 200), for one province (``--province``, default Thái
Nguyên, 19) and one period (the last ``--period-days`` days, default 365):

* ``d`` (dashboard): the province summary the inspectorate dashboard shows, over
  ``CaseIndexEntry`` (public schema): counts by unit × type × status of the petitions received in
  the period, and per unit the open petitions overdue and near due (due within
  ``core.petitions.selectors.DUE_SOON_DAYS`` days). It calls the province-summary function of
  ``core.oversight.selectors`` as the dashboard does when that function exists; otherwise an
  equivalent ORM query written here (``summary_orm``; the output says which). It runs inside the
  schema of the province's inspectorate unit (``PP-TTR``), as a request of an inspector does.
* ``a`` (the limit): the same question asked of one plain table with the same rows and the same
  indexes and no tenancy at all (``public.bench_shared``, ``CREATE TABLE … AS SELECT`` from the
  case index), by raw SQL on a plain psycopg2 connection (no django-tenants, no ORM).
* ``b`` (per-unit loop): for each unit of the province, ``schema_context`` and two aggregates of
  its ``petitions_petition`` through the ORM, combined in Python.

The three answers are compared and must be equal. Each method runs ``--repeats`` times (default
30) after ``--warmup`` untimed rounds (default 2); the order of the three rotates every round, so
machine load affects them alike. For each: mean, p50, p95, max, and the ratios d/a (goal ≤ 1.5) and
b/d (goal ≥ 30). The SQL of ``d`` and ``a`` is also run once under ``EXPLAIN (ANALYZE, BUFFERS)``.

Data: real units from the official list (``tenants.catalogue.province_units``): the measured
province first, then other whole provinces in the catalogue's order, the last one cut to reach
``--units``. Each is onboarded with ``tenants.provisioning.unit_provision`` (its schema cloned from
the template) on a new connection, with ``tenants.provisioning.catalogs_analyze()`` every 20 units
(benchmarks/README.md, findings 2 and 3). Each unit then gets one user (the registering officer)
and ``--per-unit`` petitions bulk-inserted into its ``petitions_petition`` (types, channels, fields,
received dates over two years weighted to recent months, statuses that depend on the age, due
dates; only the petition rows: no citizens, deadlines or events), then ``ANALYZE``; and the
matching rows of ``CaseIndexEntry`` (same case ids, statuses, types, dates and due dates) go into
the public schema. Then ``VACUUM (ANALYZE)`` of the case index and of ``bench_shared``.

Isolation: everything happens in its own database, ``tiepdan_bench_dashboard`` (via
``DJANGO_DB_NAME``) on the server of ``settings.DATABASES["default"]``, dropped and recreated at
the start and dropped at the end unless ``--keep``. Results are printed and written to
``benchmarks/results/dashboard-<date>.json`` (``…-u<units>x<per-unit>`` for other sizes).

Run it::

    .venv/bin/python -m config.launcher db-start
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/dashboard.py [--units 20 --per-unit 50]

Options: ``--units N`` ``--per-unit N`` ``--province CODE`` ``--period-days N`` ``--repeats N``
``--warmup N`` ``--seed N`` ``--keep`` ``--output FILE`` (``--help`` explains them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import platform
import random
import statistics
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from importlib.metadata import version
from pathlib import Path
from typing import TYPE_CHECKING, Any

import django
import psycopg2
from django.conf import settings
from psycopg2 import sql

if TYPE_CHECKING:
    from tenants.catalogue import UnitSpec

BENCH_DB_NAME = "tiepdan_bench_dashboard"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
SELECTORS_FILE = Path(__file__).resolve().parent.parent / "core" / "oversight" / "selectors.py"
DEFAULT_UNITS = 1000
DEFAULT_PER_UNIT = 200
DEFAULT_PROVINCE = "19"  # Thái Nguyên: 106 units, about a typical province
ANALYZE_EVERY = 20  # as tenants.provisioning.CATALOG_ANALYZE_EVERY
SHARED_TABLE = "bench_shared"
METHODS = ("d", "a", "b")
METHOD_NAMES = {
    "d": "dashboard: province summary over CaseIndexEntry",
    "a": "limit: one plain shared table, raw SQL",
    "b": "per-unit loop over the schemas",
}


#
# Statistics
#
@dataclass
class Stats:
    count: int
    mean: float
    p50: float
    p95: float
    min: float
    max: float

    @classmethod
    def of(cls, samples: list[float]) -> Stats:
        ordered = sorted(samples)
        return cls(
            count=len(ordered),
            mean=statistics.fmean(ordered),
            p50=statistics.median(ordered),
            p95=_percentile(ordered, 95),
            min=ordered[0],
            max=ordered[-1],
        )


def _percentile(ordered: list[float], percent: float) -> float:
    """Linear interpolation between closest ranks (like numpy's default)."""
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * percent / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def _ratios(measured: Stats, baseline: Stats) -> dict[str, float]:
    return {
        "mean": measured.mean / baseline.mean,
        "p50": measured.p50 / baseline.p50,
        "p95": measured.p95 / baseline.p95,
    }


#
# The bench database
#
def _connect(dbname: str) -> Any:
    """A plain psycopg2 autocommit connection to ``dbname`` on the configured server."""
    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=dbname,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        **db.get("OPTIONS", {}),
    )
    conn.autocommit = True
    return conn


def database_recreate() -> None:
    conn = _connect("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DB_NAME)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(BENCH_DB_NAME)))
    finally:
        conn.close()


def database_drop() -> None:
    from django.db import connections

    connections.close_all()
    conn = _connect("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(BENCH_DB_NAME)))
    finally:
        conn.close()


#
# Units
#
def unit_specs(count: int, first_province: str) -> tuple[list[UnitSpec], dict[str, dict[str, int]]]:
    """``count`` real units: the whole of ``first_province`` first, then other whole provinces in
    the catalogue's order (the last one cut). Also, per province used: units taken and in all."""
    from vietnam_provinces import Province

    from tenants.catalogue import province_units

    codes = [f"{province.code.value:02d}" for province in Province.iter_all()]
    if first_province not in codes:
        raise SystemExit(f"Unknown province {first_province!r}.")
    specs: list[UnitSpec] = []
    provinces: dict[str, dict[str, int]] = {}
    for code in [first_province, *(code for code in codes if code != first_province)]:
        if len(specs) >= count:
            break
        units = province_units(code)
        taken = units[: count - len(specs)]
        specs += taken
        provinces[code] = {"units": len(taken), "units_in_province": len(units)}
    if len(specs) < count:
        raise SystemExit(f"The official list has fewer than {count} units.")
    return specs, provinces


#
# Generated petitions
#
TYPE_WEIGHTS = {"complaint": 40, "denunciation": 12, "recommendation": 28, "feedback": 15, "mixed": 5}
CHANNEL_WEIGHTS = {"reception": 30, "post": 35, "online": 15, "transferred": 8, "forwarded": 7, "leader": 5}
FIELD_WEIGHTS = {
    "dat-dai": 35, "boi-thuong-tai-dinh-cu": 12, "nha-o": 8, "chinh-sach": 10, "tu-phap": 6, "tham-nhung": 5,
    "moi-truong": 6, "tai-chinh": 3, "lao-dong": 4, "y-te-giao-duc": 3, "hanh-chinh": 5, "khac": 3,
}  # fmt: skip
PROCESSING_OPEN = ("registered", "classified", "classified", "acceptance_proposed", "chased")
PROCESSING_CLOSED = {"guided": 25, "forwarded": 20, "returned": 5, "filed": 15}
RESOLUTION_CLOSED = {"closed": 25, "not_accepted": 5, "withdrawn": 4, "terminated": 2, "inspection_lead": 1}
RESOLUTION_OPEN = {
    "complaint": ["accepted", "verifying", "verifying", "dialogue", "suspended", "decided", "in_execution"],
    "denunciation": ["accepted", "verifying", "verifying", "concluded", "handling"],
    "recommendation": ["accepted", "accepted", "answered"],
    "feedback": ["accepted", "answered"],
}
RESOLUTION_RUNNING = {"accepted", "verifying", "dialogue"}  # a resolution clock with a due date runs
RESOLUTION_DONE = {"decided", "in_execution", "concluded", "handling", "answered"}
OUTCOME_OF = {"guided": "guide", "forwarded": "forward", "returned": "return", "filed": "file", "chased": "chase"}
RESOLUTION_DAYS = {"complaint": 30, "denunciation": 30, "recommendation": 15, "feedback": 15}
SUBJECTS = [
    "Quyết định thu hồi đất số {n}/QĐ-UBND",
    "Phương án bồi thường, hỗ trợ, tái định cư dự án mở rộng đường",
    "Việc cấp giấy chứng nhận quyền sử dụng đất thửa số {n}",
    "Việc xét duyệt hộ nghèo năm {year}",
    "Sai phạm trong quản lý, sử dụng ngân sách xã",
    "Ô nhiễm môi trường do cơ sở sản xuất gây ra",
    "Việc chậm giải quyết hồ sơ hành chính",
]
SUMMARY = (
    "Người viết đơn trình bày về {subject}. Gia đình đã nhiều lần gửi đơn đến Ủy ban nhân dân "
    "nhưng chưa được trả lời. Đề nghị cơ quan có thẩm quyền xem xét, giải quyết theo quy định."
)
RECEIPT_ALPHABET = "ABCDEFGHJKLMNPQRSTUVWXYZ23456789"


def _pick(rng: random.Random, weighted: dict[str, float]) -> str:
    return rng.choices(list(weighted), list(weighted.values()))[0]


def petition_values(rng: random.Random, today: date, fields: list[str], field_weights: list[float]) -> dict:
    """One petition's columns: a status plausible for its age, and the dates and due date with it."""
    received = today - timedelta(days=730) + timedelta(days=int(730 * rng.random() ** 0.8))
    received = min(received, today)
    petition_type = _pick(rng, TYPE_WEIGHTS)
    age = (today - received).days
    p_open = 0.9 if age < 15 else 0.55 if age < 45 else 0.25 if age < 120 else 0.07
    classified_on = min(received + timedelta(days=rng.randint(1, 8)), today)
    accepted_on = min(classified_on + timedelta(days=rng.randint(2, 10)), today)
    decided_on = min(accepted_on + timedelta(days=rng.randint(20, 75)), today)
    values: dict[str, Any] = {"accepted_on": None, "decided_on": None, "closed_on": None, "next_due_date": None}
    if rng.random() < p_open:
        if age < 12 or petition_type == "mixed" or rng.random() < 0.2:
            status = "registered" if age < 5 and rng.random() < 0.7 else rng.choice(PROCESSING_OPEN)
        else:
            status = rng.choice(RESOLUTION_OPEN[petition_type])
            if status in RESOLUTION_DONE and decided_on >= today:
                status = "verifying" if petition_type in ("complaint", "denunciation") else "accepted"
    elif rng.random() < 0.6 or petition_type == "mixed":
        status = _pick(rng, PROCESSING_CLOSED)
    else:
        status = _pick(rng, RESOLUTION_CLOSED)
        if status == "inspection_lead" and petition_type != "denunciation":
            status = "closed"
    in_resolution = status in RESOLUTION_OPEN.get(petition_type, ()) or status in RESOLUTION_CLOSED
    if in_resolution and status not in ("not_accepted", "inspection_lead"):
        values["accepted_on"] = accepted_on
    resolution_due = None
    if values["accepted_on"] and petition_type in RESOLUTION_DAYS:
        resolution_due = accepted_on + timedelta(days=RESOLUTION_DAYS[petition_type] * rng.choice((1, 1, 1, 2)))
    if status in RESOLUTION_DONE or status in ("closed", "terminated", "withdrawn"):
        values["decided_on"] = decided_on
    if status in PROCESSING_CLOSED:
        values["closed_on"] = classified_on
    elif status in RESOLUTION_CLOSED:
        values["closed_on"] = min(decided_on + timedelta(days=rng.randint(3, 30)), today)
    # The next due date of an open petition: the processing deadline (about 10 working days) until
    # it is accepted, then the resolution clock while it runs.
    if status in ("registered", "classified", "acceptance_proposed", "chased"):
        values["next_due_date"] = received + timedelta(days=rng.randint(12, 16))
    elif status in RESOLUTION_RUNNING:
        values["next_due_date"] = resolution_due
    if status in OUTCOME_OF:
        outcome = OUTCOME_OF[status]
    elif status in ("registered", "classified"):
        outcome = ""
    else:
        outcome = "accept"
    subject = rng.choice(SUBJECTS).format(n=rng.randint(1, 3000), year=received.year)
    return {
        **values,
        "case_id": uuid.UUID(int=rng.getrandbits(128), version=4),
        "channel": _pick(rng, CHANNEL_WEIGHTS),
        "received_date": received,
        "petition_type": petition_type,
        "field_code": rng.choices(fields, field_weights)[0],
        "status": status,
        "outcome": outcome,
        "subject": subject,
        "summary": SUMMARY.format(subject=subject[0].lower() + subject[1:]),
        "complaint_level": 1 if petition_type == "complaint" and values["accepted_on"] else None,
        "is_processable": None if status == "registered" else status not in ("filed", "returned"),
        "within_jurisdiction": None if status == "registered" else status not in ("guided", "forwarded"),
        "resolution_due_date": resolution_due if values["decided_on"] else None,
        "signer_kind": "anonymous" if rng.random() < 0.05 else "one",
    }


def unit_load(unit: Any, *, count: int, rng: random.Random, today: date, fields: list[str]) -> list[Any]:
    """A registering officer and ``count`` petitions in ``unit``'s schema (the active one); the
    matching public case-index rows, unsaved."""
    from django.db import connection

    from core.accounts.models import User
    from core.caseindex.models import CaseIndexEntry
    from core.petitions.choices import CLOSED_STATUSES
    from core.petitions.models import Petition

    weights = [FIELD_WEIGHTS.get(code, 3) for code in fields]
    (user,) = User.objects.bulk_create(
        [User(username="xu_ly", password="!", full_name="Nông Văn Đức", home_schema=unit.schema_name)]
    )
    rows = sorted(
        (petition_values(rng, today, fields, weights) for _ in range(count)), key=lambda r: r["received_date"]
    )
    petitions, entries, numbers, codes = [], [], {}, set()
    for row in rows:
        year = row["received_date"].year
        numbers[year] = numbers.get(year, 0) + 1
        while (code := "".join(rng.choices(RECEIPT_ALPHABET, k=12))) in codes:
            pass
        codes.add(code)
        petitions.append(
            Petition(
                case_id=row["case_id"],
                receipt_code=f"{code[:4]}-{code[4:8]}-{code[8:]}",
                registry_number=f"{numbers[year]:05d}/{year}",
                channel=row["channel"],
                received_date=row["received_date"],
                signer_kind=row["signer_kind"],
                signer_count=0 if row["signer_kind"] == "anonymous" else 1,
                petition_type=row["petition_type"],
                field_code=row["field_code"],
                subject=row["subject"],
                summary=row["summary"],
                is_confidential=row["petition_type"] == "denunciation" and row["signer_kind"] != "anonymous",
                status=row["status"],
                is_processable=row["is_processable"],
                within_jurisdiction=row["within_jurisdiction"],
                outcome=row["outcome"],
                complaint_level=row["complaint_level"],
                accepted_on=row["accepted_on"],
                decided_on=row["decided_on"],
                closed_on=row["closed_on"],
                next_due_date=row["next_due_date"],
                registered_by=user,
            )
        )
        closed = row["status"] in CLOSED_STATUSES
        entries.append(
            CaseIndexEntry(
                case_id=row["case_id"],
                unit_code=unit.code,
                province_code=unit.province_code,
                petition_type=row["petition_type"],
                field_code=row["field_code"],
                channel=row["channel"],
                status=row["status"],
                outcome=row["outcome"],
                received_date=row["received_date"],
                accepted_date=row["accepted_on"],
                decided_date=row["decided_on"],
                resolution_due_date=row["resolution_due_date"],
                next_due_date=row["next_due_date"],
                is_overdue=bool(row["next_due_date"] and row["next_due_date"] < today and not closed),
                closed_date=row["closed_on"],
            )
        )
    Petition.objects.bulk_create(petitions, batch_size=1000)
    with connection.cursor() as cursor:
        cursor.execute("ANALYZE petitions_petition")
    return entries


def setup(
    specs: list[UnitSpec], *, per_unit: int, seed: int, today: date
) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """Onboard every unit (one connection each, catalog ANALYZE every 20) and load its petitions."""
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from core.caseindex.models import CaseIndexEntry
    from core.catalogue.models import PetitionField
    from tenants.provisioning import catalogs_analyze, unit_provision

    fields = list(PetitionField.objects.filter(is_active=True).values_list("code", flat=True)) or list(FIELD_WEIGHTS)
    timings: dict[str, list[float]] = {"provision": [], "load": [], "catalog_analyze": []}
    pending: list[Any] = []
    started = time.perf_counter()
    for index, spec in enumerate(specs):
        connection.close()  # a new connection per unit (benchmarks/README.md, finding 3)
        connection.ensure_connection()
        connection.set_schema_to_public()
        if index % ANALYZE_EVERY == 0:
            mark = time.perf_counter()
            catalogs_analyze()
            timings["catalog_analyze"].append(time.perf_counter() - mark)
        mark = time.perf_counter()
        unit, created = unit_provision(spec=spec)
        timings["provision"].append(time.perf_counter() - mark)
        if not created:
            raise RuntimeError(f"{unit.schema_name} existed already: the bench database is not fresh.")
        mark = time.perf_counter()
        with schema_context(unit.schema_name), transaction.atomic():
            pending += unit_load(
                unit, count=per_unit, rng=random.Random(seed * 100_003 + index), today=today, fields=fields
            )
        if len(pending) >= 20_000 or index == len(specs) - 1:
            connection.set_schema_to_public()
            CaseIndexEntry.objects.bulk_create(pending, batch_size=5000)
            pending = []
        timings["load"].append(time.perf_counter() - mark)
        done = index + 1
        if done % 50 == 0 or done == len(specs):
            elapsed = time.perf_counter() - started
            print(
                f"  {done}/{len(specs)} units ({elapsed:.0f} s, ETA {elapsed / done * (len(specs) - done):.0f} s; "
                f"last provision {timings['provision'][-1]:.3f} s, load {timings['load'][-1]:.3f} s)",
                flush=True,
            )
    connection.close()
    summary = {
        "total_seconds": time.perf_counter() - started,
        "provision": asdict(Stats.of(timings["provision"])),
        "load": asdict(Stats.of(timings["load"])),
        "catalog_analyze": {"count": len(timings["catalog_analyze"]), "total_seconds": sum(timings["catalog_analyze"])},
    }
    return summary, timings


def shared_table_create() -> dict[str, Any]:
    """``bench_shared``: the case index's rows in one plain table, with the same indexes; then
    ``VACUUM (ANALYZE)`` of both."""
    from django.db import connection

    connection.set_schema_to_public()
    started = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute(f"DROP TABLE IF EXISTS public.{SHARED_TABLE}")
        cursor.execute(f"CREATE TABLE public.{SHARED_TABLE} AS SELECT * FROM public.caseindex_caseindexentry")
        cursor.execute(
            "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' "
            "AND tablename = 'caseindex_caseindexentry' ORDER BY indexname"
        )
        indexes = cursor.fetchall()
        copied = []
        for number, (name, definition) in enumerate(indexes):
            new_name = f"{SHARED_TABLE}_{number}_{name}"[:63]
            statement = definition.replace(f"INDEX {name} ON", f"INDEX {new_name} ON").replace(
                "public.caseindex_caseindexentry", f"public.{SHARED_TABLE}"
            )
            cursor.execute(statement)
            copied.append(statement)
        create_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for table in ("caseindex_caseindexentry", SHARED_TABLE):
            cursor.execute(f"VACUUM (ANALYZE) public.{table}")
    return {
        "create_seconds": create_seconds,
        "vacuum_analyze_seconds": time.perf_counter() - started,
        "indexes": copied,
    }


#
# The three ways to answer the question
#
@dataclass(frozen=True)
class Question:
    province: str
    start: date
    end: date
    today: date
    due_soon_days: int

    @property
    def soon(self) -> date:
        return self.today + timedelta(days=self.due_soon_days)


def combine(counts: list[tuple[str, str, str, int]], due: list[tuple[str, int, int]]) -> dict[str, Any]:
    """The summary as the three methods return it: per unit, counts by (type, status), received in
    the period, and overdue and near-due counts."""
    units: dict[str, Any] = {}

    def unit(code: str) -> dict[str, Any]:
        return units.setdefault(code, {"by_type_status": {}, "received": 0, "overdue": 0, "near_due": 0})

    for code, petition_type, status, number in counts:
        row = unit(code)
        key = f"{petition_type}/{status}"
        row["by_type_status"][key] = row["by_type_status"].get(key, 0) + number
        row["received"] += number
    for code, overdue, near_due in due:
        row = unit(code)
        row["overdue"] += overdue
        row["near_due"] += near_due
    return units


def summary_orm(q: Question) -> dict[str, Any]:
    """Written here, the equivalent of the dashboard's province summary (used while
    ``core.oversight.selectors`` has none): two ORM aggregates over ``CaseIndexEntry``."""
    from django.db.models import Count, Q

    from core.caseindex.models import CaseIndexEntry

    rows = CaseIndexEntry.objects.filter(province_code=q.province)
    counts = (
        rows.filter(received_date__range=(q.start, q.end))
        .values_list("unit_code", "petition_type", "status")
        .annotate(n=Count("case_id"))
        .order_by()
    )
    near = Q(next_due_date__range=(q.today, q.soon))
    due = (
        rows.filter(Q(is_overdue=True) | near, closed_date__isnull=True)
        .values_list("unit_code")
        .annotate(overdue=Count("case_id", filter=Q(is_overdue=True)), near_due=Count("case_id", filter=near))
        .order_by()
    )
    return combine(list(counts), list(due))


SHARED_COUNTS_SQL = f"""
SELECT unit_code, petition_type, status, count(*) FROM public.{SHARED_TABLE}
WHERE province_code = %(province)s AND received_date BETWEEN %(start)s AND %(end)s
GROUP BY unit_code, petition_type, status"""
SHARED_DUE_SQL = f"""
SELECT unit_code, count(*) FILTER (WHERE is_overdue),
       count(*) FILTER (WHERE next_due_date BETWEEN %(today)s AND %(soon)s)
FROM public.{SHARED_TABLE}
WHERE province_code = %(province)s AND closed_date IS NULL
  AND (is_overdue OR next_due_date BETWEEN %(today)s AND %(soon)s)
GROUP BY unit_code"""


def summary_shared(raw: Any, q: Question) -> dict[str, Any]:
    """The limit: the same two aggregates in raw SQL on one plain table, no tenancy, no ORM."""
    params = {"province": q.province, "start": q.start, "end": q.end, "today": q.today, "soon": q.soon}
    with raw.cursor() as cursor:
        cursor.execute(SHARED_COUNTS_SQL, params)
        counts = cursor.fetchall()
        cursor.execute(SHARED_DUE_SQL, params)
        due = cursor.fetchall()
    return combine(counts, due)


def summary_loop(q: Question) -> dict[str, Any]:
    """Per unit of the province: switch to its schema, aggregate its petitions; combine in Python."""
    from django.db.models import Count, Q
    from django_tenants.utils import schema_context

    from core.petitions.choices import CLOSED_STATUSES
    from core.petitions.models import Petition
    from tenants.models import Unit

    counts: list[tuple[str, str, str, int]] = []
    due: list[tuple[str, int, int]] = []
    units = Unit.objects.filter(province_code=q.province).values_list("code", "schema_name").order_by("code")
    for code, schema_name in units:
        with schema_context(schema_name):
            counts += [
                (code, petition_type, status, number)
                for petition_type, status, number in Petition.objects.filter(received_date__range=(q.start, q.end))
                .values_list("petition_type", "status")
                .annotate(n=Count("id"))
                .order_by()
            ]
            open_ = ~Q(status__in=CLOSED_STATUSES)
            totals = Petition.objects.aggregate(
                overdue=Count("id", filter=open_ & Q(next_due_date__lt=q.today)),
                near_due=Count("id", filter=open_ & Q(next_due_date__range=(q.today, q.soon))),
            )
        if totals["overdue"] or totals["near_due"]:
            due.append((code, totals["overdue"], totals["near_due"]))
    return combine(counts, due)


#
# The dashboard's own function, when core/oversight/selectors.py has one
#
def selectors_state() -> dict[str, Any]:
    """What ``core/oversight/selectors.py`` holds now: whether it exists, its hash and functions."""
    if not SELECTORS_FILE.exists():
        return {"exists": False}
    text = SELECTORS_FILE.read_text(encoding="utf-8")
    functions = [
        line.split("(")[0].removeprefix("def ").strip() for line in text.splitlines() if line.startswith("def ")
    ]
    return {
        "exists": True,
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(SELECTORS_FILE.stat().st_mtime)),
        "functions": functions,
        "province_summary_functions": [name for name in functions if "province" in name and "summary" in name],
    }


def dashboard_function() -> tuple[Callable[[Question], Any] | None, str]:
    """The dashboard's province summary, called as the dashboard calls it, if it exists; and why not."""
    state = selectors_state()
    if not state["exists"]:
        return None, "core/oversight/selectors.py does not exist"
    if not state["province_summary_functions"]:
        return None, f"core/oversight/selectors.py has no province-summary function ({state['functions']})"
    return None, (
        f"core/oversight/selectors.py has {state['province_summary_functions']}, which this script does not call "
        "yet: read it and wire it into dashboard_function()"
    )


def normalise(result: Any) -> Any:
    """The dashboard function's result in ``combine``'s shape, to compare (wired with the function)."""
    return result


#
# Measuring
#
def data_sizes(q: Question) -> dict[str, Any]:
    from django.db import connection

    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        facts: dict[str, Any] = {}
        for table in ("caseindex_caseindexentry", SHARED_TABLE):
            cursor.execute(
                f"SELECT count(*), pg_table_size('public.{table}'), pg_indexes_size('public.{table}') "
                f"FROM public.{table}"
            )
            rows, table_bytes, index_bytes = cursor.fetchone()
            facts[table] = {"rows": rows, "table_mb": table_bytes / 2**20, "indexes_mb": index_bytes / 2**20}
        cursor.execute(
            "SELECT count(*), count(DISTINCT unit_code), count(*) FILTER (WHERE received_date BETWEEN %s AND %s), "
            "count(*) FILTER (WHERE is_overdue), count(*) FILTER (WHERE closed_date IS NULL AND next_due_date "
            "BETWEEN %s AND %s) FROM public.caseindex_caseindexentry WHERE province_code = %s",
            [q.start, q.end, q.today, q.soon, q.province],
        )
        rows, units, in_period, overdue, near_due = cursor.fetchone()
        facts["province"] = {
            "code": q.province,
            "rows": rows,
            "units": units,
            "rows_in_period": in_period,
            "overdue": overdue,
            "near_due": near_due,
        }
        cursor.execute(
            "SELECT province_code, count(DISTINCT unit_code) FROM public.caseindex_caseindexentry GROUP BY 1"
        )
        facts["units_per_province_in_index"] = dict(sorted(cursor.fetchall()))
        cursor.execute("SELECT count(*) FROM pg_namespace WHERE nspname LIKE 'unit_%%'")
        facts["unit_schemas"] = cursor.fetchone()[0]
        cursor.execute("SELECT count(*), pg_relation_size('pg_class') FROM pg_class")
        classes, class_bytes = cursor.fetchone()
        facts["pg_class"] = {"rows": classes, "mb": class_bytes / 2**20}
        cursor.execute("SELECT pg_database_size(current_database())")
        facts["database_mb"] = cursor.fetchone()[0] / 2**20
    return facts


def explain(cursor: Any, statement: str, params: Any) -> dict[str, Any]:
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)
    lines = [row[0] for row in cursor.fetchall()]
    execution = next((line for line in lines if line.startswith("Execution Time")), "")
    planning = next((line for line in lines if line.startswith("Planning Time")), "")
    return {"sql": statement, "params": params, "planning": planning, "execution": execution, "plan": lines}


def plans(q: Question, raw: Any, run_dashboard: Callable[[], Any]) -> dict[str, list[dict[str, Any]]]:
    """``EXPLAIN (ANALYZE, BUFFERS)`` of the SQL of ``d`` (as captured) and of ``a``."""
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        run_dashboard()
    captured = [
        query["sql"] for query in context.captured_queries if query["sql"].lstrip().upper().startswith("SELECT")
    ]
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        dashboard = [explain(cursor, statement, None) for statement in captured]
    params = {"province": q.province, "start": q.start, "end": q.end, "today": q.today, "soon": q.soon}
    with raw.cursor() as cursor:
        shared = [explain(cursor, statement, params) for statement in (SHARED_COUNTS_SQL, SHARED_DUE_SQL)]
    return {"d": dashboard, "a": shared, "d_round_trips": len(context.captured_queries)}


def measure(q: Question, *, repeats: int, warmup: int) -> dict[str, Any]:
    from django.db import connection
    from django_tenants.utils import schema_context, schema_exists

    from tenants.models import Unit

    inspectorate = f"{q.province}-TTR"
    inspectorate_schema = Unit.objects.filter(code=inspectorate).values_list("schema_name", flat=True).first()
    if inspectorate_schema is None or not schema_exists(inspectorate_schema):
        inspectorate_schema = "public"
    function, why_not = dashboard_function()
    selectors_before = selectors_state()

    def run_dashboard() -> Any:
        with schema_context(inspectorate_schema):
            return normalise(function(q)) if function else summary_orm(q)

    raw = _connect(BENCH_DB_NAME)
    runs: dict[str, Callable[[], Any]] = {
        "d": run_dashboard,
        "a": lambda: summary_shared(raw, q),
        "b": lambda: summary_loop(q),
    }
    samples: dict[str, list[float]] = {method: [] for method in METHODS}
    answers: dict[str, Any] = {}
    connection.ensure_connection()
    try:
        for round_ in range(warmup + repeats):
            shift = round_ % len(METHODS)
            for method in METHODS[shift:] + METHODS[:shift]:
                started = time.perf_counter()
                answer = runs[method]()
                seconds = time.perf_counter() - started
                if round_ >= warmup:
                    samples[method].append(seconds)
                answers.setdefault(method, answer)
        explained = plans(q, raw, run_dashboard)
    finally:
        raw.close()
    equal = {
        "d_equals_a": answers["d"] == answers["a"],
        "b_equals_a": answers["b"] == answers["a"],
    }
    if not all(equal.values()):
        print(f"WARNING: the three answers differ: {equal}", flush=True)
    answer = answers["a"]
    return {
        "samples": samples,
        "answers_equal": equal,
        "answer_units": len(answer),
        "answer_received": sum(row["received"] for row in answer.values()),
        "answer_overdue": sum(row["overdue"] for row in answer.values()),
        "answer_near_due": sum(row["near_due"] for row in answer.values()),
        "answer_cells": sum(len(row["by_type_status"]) for row in answer.values()),
        "dashboard_function": "core.oversight.selectors" if function else "summary_orm (written in this benchmark)",
        "dashboard_function_missing_because": why_not if function is None else "",
        "dashboard_schema": inspectorate_schema,
        "selectors_at_measurement": selectors_before,
        "explain": explained,
    }


def _server_facts() -> dict[str, str]:
    from django.db import connection

    facts = {}
    with connection.cursor() as cursor:
        for name in ("server_version", "shared_buffers", "work_mem", "max_locks_per_transaction", "jit"):
            cursor.execute(f"SHOW {name}")
            facts[name] = cursor.fetchone()[0]
    return facts


#
# The run
#
def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.utils import timezone

    from core.petitions.selectors import DUE_SOON_DAYS

    loads: dict[str, float] = {"before": os.getloadavg()[0]}
    today = timezone.localdate()
    specs, provinces = unit_specs(args.units, args.province)
    q = Question(
        province=args.province,
        start=today - timedelta(days=args.period_days - 1),
        end=today,
        today=today,
        due_soon_days=DUE_SOON_DAYS,
    )

    print(f"Migrating the bench database {BENCH_DB_NAME!r} (public schema and template)…", flush=True)
    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    migrate_seconds = time.perf_counter() - started

    used = ", ".join(f"{code} ×{province['units']}" for code, province in provinces.items())
    print(
        f"Onboarding {len(specs)} units (provinces {used}) and loading {args.per_unit} petitions into each…",
        flush=True,
    )
    setup_summary, setup_samples = setup(specs, per_unit=args.per_unit, seed=args.seed, today=today)
    loads["after_setup"] = os.getloadavg()[0]
    print(f"  setup took {setup_summary['total_seconds']:.0f} s", flush=True)
    shared = shared_table_create()
    sizes = data_sizes(q)
    print(
        f"  case index {sizes['caseindex_caseindexentry']['rows']:,} rows; province {q.province}: "
        f"{sizes['province']['units']} units, {sizes['province']['rows']:,} rows, "
        f"{sizes['province']['rows_in_period']:,} in the period",
        flush=True,
    )

    print(f"Measuring d, a and b, {args.repeats} times each after {args.warmup} untimed rounds…", flush=True)
    loads["before_measure"] = os.getloadavg()[0]
    measured = measure(q, repeats=args.repeats, warmup=args.warmup)
    loads["after_measure"] = os.getloadavg()[0]
    samples = measured.pop("samples")
    stats = {method: Stats.of(values) for method, values in samples.items()}
    selectors_end = selectors_state()
    return {
        "benchmark": "dashboard",
        "date": today.isoformat(),
        "machine": {
            "cpus": os.cpu_count(),
            "platform": platform.platform(),
            "python": platform.python_version(),
            "postgresql": _server_facts(),
            "django": version("Django"),
            "django_tenants": version("django-tenants"),
            # 1-minute load averages: other work on the machine skews the timings.
            "load_average": loads,
        },
        "options": {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(args).items()},
        "question": {
            "province": q.province,
            "period": [q.start.isoformat(), q.end.isoformat()],
            "today": q.today.isoformat(),
            "due_soon_days": q.due_soon_days,
        },
        "units": len(specs),
        "petitions_per_unit": args.per_unit,
        "provinces": provinces,
        "public_and_template_migrate_seconds": migrate_seconds,
        "setup": setup_summary,
        "shared_table": shared,
        "data": sizes,
        "methods": METHOD_NAMES,
        "stats": {method: asdict(value) for method, value in stats.items()},
        "ratios": {
            "d_over_a": _ratios(stats["d"], stats["a"]),
            "b_over_d": _ratios(stats["b"], stats["d"]),
        },
        "goals": {
            "d_over_a_p50_at_most_1_5": stats["d"].p50 / stats["a"].p50 <= 1.5,
            "b_over_d_p50_at_least_30": stats["b"].p50 / stats["d"].p50 >= 30,
        },
        **measured,
        "selectors_at_end": selectors_end,
        "selectors_changed_during_run": selectors_end != measured["selectors_at_measurement"],
        "samples": {**samples, "setup": setup_samples},
    }


def report(results: dict[str, Any]) -> str:
    stats, ratios, data = results["stats"], results["ratios"], results["data"]
    machine = results["machine"]
    province = data["province"]
    lines = [
        f"Dashboard benchmark, {results['date']}: {results['units']} units × {results['petitions_per_unit']} "
        f"petitions ({data['caseindex_caseindexentry']['rows']:,} case-index rows, {data['unit_schemas']} unit "
        f"schemas, pg_class {data['pg_class']['rows']:,} rows; {machine['cpus']} CPUs, PostgreSQL "
        f"{machine['postgresql']['server_version']}, load {machine['load_average']})",
        f"question: province {province['code']} ({province['units']} units, {province['rows']:,} rows, "
        f"{province['rows_in_period']:,} received in {results['question']['period'][0]} – "
        f"{results['question']['period'][1]}; {province['overdue']:,} overdue, {province['near_due']:,} near due)",
        "units per province: "
        + ", ".join(f"{code} {p['units']}/{p['units_in_province']}" for code, p in results["provinces"].items()),
        f"d is {results['dashboard_function']}"
        + (
            f" — {results['dashboard_function_missing_because']}"
            if results["dashboard_function_missing_because"]
            else ""
        )
        + f"; run in schema {results['dashboard_schema']}",
        "",
        f"{'method':<50} {'n':>4} {'mean ms':>8} {'p50 ms':>8} {'p95 ms':>8} {'max ms':>8}",
    ]
    for method in METHODS:
        s = stats[method]
        lines.append(
            f"({method}) {results['methods'][method]:<46} {s['count']:>4} {1000 * s['mean']:>8.2f} "
            f"{1000 * s['p50']:>8.2f} {1000 * s['p95']:>8.2f} {1000 * s['max']:>8.2f}"
        )

    def ratio(name: str) -> str:
        r = ratios[name]
        return f"{r['p50']:.2f}× p50, {r['p95']:.2f}× p95, {r['mean']:.2f}× mean"

    explain, goals, setup_ = results["explain"], results["goals"], results["setup"]
    lines += [
        "",
        f"d/a: {ratio('d_over_a')} (goal ≤ 1.5: {'met' if goals['d_over_a_p50_at_most_1_5'] else 'NOT met'})",
        f"b/d: {ratio('b_over_d')} (goal ≥ 30: {'met' if goals['b_over_d_p50_at_least_30'] else 'NOT met'})",
        f"answers equal: {results['answers_equal']} ({results['answer_units']} units, {results['answer_cells']} "
        f"unit × type × status cells, {results['answer_received']:,} received, {results['answer_overdue']:,} overdue, "
        f"{results['answer_near_due']:,} near due)",
        f"d round trips: {explain['d_round_trips']}; EXPLAIN d: "
        + "; ".join(f"{p['planning']}, {p['execution']}" for p in explain["d"]),
        "EXPLAIN a: " + "; ".join(f"{p['planning']}, {p['execution']}" for p in explain["a"]),
        f"setup: {setup_['total_seconds']:.0f} s (provision p50 {setup_['provision']['p50']:.3f} s, "
        f"max {setup_['provision']['max']:.3f} s; load p50 {setup_['load']['p50']:.3f} s)",
        f"core/oversight/selectors.py at the end: {results['selectors_at_end']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--units", type=int, default=DEFAULT_UNITS, help="units (default 1000)")
    parser.add_argument("--per-unit", type=int, default=DEFAULT_PER_UNIT, help="petitions per unit (default 200)")
    parser.add_argument("--province", default=DEFAULT_PROVINCE, help="the province asked about (default 19)")
    parser.add_argument("--period-days", type=int, default=365, help="the period: the last N days (default 365)")
    parser.add_argument("--repeats", type=int, default=30, help="timed runs per method (default 30)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first (default 2)")
    parser.add_argument("--seed", type=int, default=20261129, help="random seed of the generated data")
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB_NAME} database at the end")
    parser.add_argument("--output", type=Path, help="JSON file (default benchmarks/results/dashboard-<date>.json)")
    args = parser.parse_args(argv)
    if min(args.units, args.per_unit, args.period_days, args.repeats) < 1 or args.warmup < 0:
        parser.error("the counts must be at least 1 (--warmup at least 0)")

    # Before Django reads its settings: every connection of this process goes to the bench database.
    os.environ["DJANGO_DB_NAME"] = BENCH_DB_NAME
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    database_recreate()
    try:
        results = run(args)
    finally:
        if not args.keep:
            database_drop()

    print()
    print(report(results))
    default_size = args.units == DEFAULT_UNITS and args.per_unit == DEFAULT_PER_UNIT
    suffix = "" if default_size else f"-u{args.units}x{args.per_unit}"
    output = args.output or RESULTS_DIR / f"dashboard-{results['date']}{suffix}.json"
    output.parent.mkdir(parents=True, exist_ok=True)
    output.write_text(json.dumps(results, indent=2, ensure_ascii=False, default=str) + "\n", encoding="utf-8")
    print(f"\nResults written to {output}")
    if args.keep:
        print(f"Database {BENCH_DB_NAME!r} kept.")
    return 0


if __name__ == "__main__":
    sys.exit(main())
