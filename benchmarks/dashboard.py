"""Dashboard benchmark: the inspectorate's province summary over the public case index, at 1,000 units.

What is measured, in one run and on one database holding ``--units`` units (default 1,000) of
``--per-unit`` petitions each (default 200), for one province (``--province``, default Thái
Nguyên, 19, 106 units) and one report period (``--period``, default the current reporting year,
15 December to 14 December):

* ``d`` (dashboard): ``core.oversight.selectors.province_dashboard(unit=<the province's
  inspectorate>, period=<Period>, today=<today>)`` then ``units_sorted``, called as the dashboard
  views call them, inside the inspectorate's schema (``PP-TTR``) as an inspector's request runs.
  It reads only the public, PII-free tables: per unit, petitions received in the period by type,
  field, channel and status (``CaseIndexEntry``, GROUPING SETS), processed in the period by type,
  field, channel and outcome (``CaseEvent``), overdue and near-due counts as of today, and
  resolutions with the on-time ones (``CaseEvent``); plus the province's units from the registry
  (and, in later versions, the citizen-reception figures: the bench has no reception data, and
  ``a``/``b`` do not compute them, so the comparison leaves them out).
* ``a`` (the limit): the same question asked of plain tables with the same rows and the same
  indexes and no tenancy at all (``public.bench_shared`` and ``public.bench_shared_events``, made by
  ``CREATE TABLE … AS SELECT`` from the case index and the case events), by the same SQL
  statements written raw, on a plain psycopg2 connection (no django-tenants, no ORM), folded by the
  same Python code (``selectors._fold``).
* ``b`` (per-unit loop): for each unit of the province, ``schema_context`` and the same four
  aggregates over its own ``petitions_petition``, ``petitions_petitionevent`` and
  ``petitions_deadline`` (raw SQL through the tenant connection, one cursor per unit), combined in
  Python.
* for information, ``a_sql`` (``a``'s statements and fetches alone) and ``d_reception`` (the
  reception part of ``d`` alone, when there is one).

The three answers (every figure of every unit, and the province's sum) are compared and must be
equal. Each method runs ``--repeats`` times (default 30) after ``--warmup`` untimed rounds
(default 2); the order of the methods rotates every round, so machine load affects them alike.
Reported: mean, p50, p95 and max, the ratios d/a (goal ≤ 1.5) and b/d (goal ≥ 30), the round trips
of each method, and ``EXPLAIN (ANALYZE, BUFFERS)`` of the SQL of ``d`` and ``a``. The state of
``core/oversight/selectors.py`` (hash, functions) is recorded when measuring starts and at the end.

Data: real units from the official list (``tenants.catalogue.province_units``): the measured
province first, then other whole provinces in the catalogue's order, the last one cut to reach
``--units``. Every unit gets a new connection, with ``tenants.provisioning.catalogs_analyze()``
every 20 units (benchmarks/README.md, findings 2 and 3). The measured province's units (all those
``d`` lists and ``b`` visits) are onboarded with ``tenants.provisioning.unit_provision`` (schema
cloned from the template by django-tenants' ``clone_schema()``); the others are registered with
``unit_register`` and get their schema from one plain-DDL script generated from the template
(``copy_script``: ``CREATE TABLE … (LIKE … INCLUDING ALL)``, the template's rows, identity
sequences, foreign keys), then roles and activation as ``unit_provision`` does, because
``clone_schema()`` falls into a slow mode (about 30 s per unit at about 190 schemas under load)
that makes 1,000 clones take hours. ``--provision all`` clones every unit. Both kinds of schema are
checked to hold the same relations and constraints. Each unit then gets one user (the registering officer),
``--per-unit`` petitions bulk-inserted into its ``petitions_petition`` (types, channels, fields,
received dates over two years weighted to recent months, statuses that depend on the age, due
dates), their events (registration, classification, outcome, acceptance, decision or answer,
closing) and resolution clocks (``petitions_deadline``), then ``ANALYZE`` of those three tables; no
citizens, signers or texts beyond a short subject and summary. The matching public rows go into
``CaseIndexEntry`` (same case ids, statuses, types, dates and due dates) and ``CaseEvent`` (one per
event, with ``on_time`` for decisions and answers). Then ``VACUUM (ANALYZE)`` of the public tables
and their plain copies.

Isolation: everything happens in its own database, ``tiepdan_bench_dashboard`` (via
``DJANGO_DB_NAME``) on the server of ``settings.DATABASES["default"]``, dropped and recreated at
the start and dropped at the end unless ``--keep``; ``--reuse`` measures again on a kept database
without setting it up. Results are printed and written to
``benchmarks/results/dashboard-<date>.json`` (``…-u<units>x<per-unit>`` for other sizes).

Run it::

    .venv/bin/python -m config.launcher db-start
    DJANGO_SETTINGS_MODULE=config.settings.test .venv/bin/python benchmarks/dashboard.py [--units 20 --per-unit 50]

Options: ``--units N`` ``--per-unit N`` ``--province CODE`` ``--period KIND`` ``--repeats N``
``--warmup N`` ``--seed N`` ``--provision province|all`` ``--keep`` ``--reuse`` ``--output FILE``
(``--help`` explains them).
"""

from __future__ import annotations

import argparse
import hashlib
import json
import os
import random
import sys
import time
import uuid
from collections.abc import Callable
from dataclasses import asdict, dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING, Any

import django
from support import Stats, connect, database_drop, database_recreate, machine_facts, ratios, server_facts

if TYPE_CHECKING:
    from tenants.catalogue import UnitSpec

BENCH_DB_NAME = "tiepdan_bench_dashboard"
RESULTS_DIR = Path(__file__).resolve().parent / "results"
DEFAULT_UNITS = 1000
DEFAULT_PER_UNIT = 200
DEFAULT_PROVINCE = "19"  # Thái Nguyên: 106 units, about a typical province
ANALYZE_EVERY = 20  # as tenants.provisioning.CATALOG_ANALYZE_EVERY
SHARED_TABLE = "bench_shared"
# For information only: a_sql, a's statements and fetches without building the figures in Python;
# d_reception, the citizen-reception part of d (when province_dashboard has one), alone.
METHODS = ("d", "a", "b", "a_sql", "d_reception")
METHOD_NAMES = {
    "d": "dashboard: province_dashboard(), public tables",
    "a": "limit: plain shared tables, raw SQL",
    "b": "per-unit loop over the schemas",
    "a_sql": "(a) without the Python folding, SQL only",
    "d_reception": "(d)'s reception figures alone",
}


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


RESOLVE_KIND = {"complaint": "complaint.decide", "denunciation": "denunciation.conclude"}  # else petition.answer
RESOLUTION_CLOCK = {"complaint": "complaint.first_resolution", "denunciation": "denunciation.resolution"}
FAMILY = {"complaint": "complaint", "denunciation": "denunciation"}  # else "petition" (workflow transitions)


def petition_values(rng: random.Random, today: date, fields: list[str], field_weights: list[float]) -> dict:
    """One petition's columns: a status plausible for its age, the dates and due dates with it, and
    its events (kind, date, from status, to status, outcome after, on time)."""
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
    family = FAMILY.get(petition_type, "petition")
    events = [("registered", received, "", "registered", "", None)]
    if status != "registered":
        events.append(("classified", classified_on, "registered", "classified", "", None))
    if outcome:
        to_status = status if status in OUTCOME_OF else "acceptance_proposed"
        events.append((f"outcome.{outcome}", classified_on, "classified", to_status, outcome, None))
    if values["accepted_on"]:
        events.append((f"{family}.accept", accepted_on, "acceptance_proposed", "accepted", outcome, None))
    if values["decided_on"] and status not in ("withdrawn", "terminated"):
        on_time = decided_on <= resolution_due if resolution_due else None
        kind = RESOLVE_KIND.get(petition_type, "petition.answer")
        events.append((kind, decided_on, "verifying", status, outcome, on_time))
    if status in RESOLUTION_CLOSED and values["closed_on"]:
        events.append((f"{family}.close", values["closed_on"], "", status, outcome, None))
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
        "resolution_due": resolution_due,
        "resolution_running": status in RESOLUTION_RUNNING,
        "signer_kind": "anonymous" if rng.random() < 0.05 else "one",
        "events": events,
    }


def unit_load(unit: Any, *, count: int, rng: random.Random, today: date, fields: list[str]) -> list[Any]:
    """In ``unit``'s schema (the active one): a registering officer, ``count`` petitions, their events
    and resolution clocks; then ``ANALYZE``. Returns the matching public rows (case index and case
    events), unsaved."""
    from django.db import connection

    from core.accounts.models import User
    from core.caseindex.models import CaseEvent, CaseIndexEntry
    from core.petitions.choices import CLOSED_STATUSES
    from core.petitions.models import Deadline, Petition, PetitionEvent

    weights = [FIELD_WEIGHTS.get(code, 3) for code in fields]
    (user,) = User.objects.bulk_create(
        [User(username="xu_ly", password="!", full_name="Nông Văn Đức", home_schema=unit.schema_name)]
    )
    rows = [petition_values(rng, today, fields, weights) for _ in range(count)]
    rows.sort(key=lambda row: row["received_date"])
    petitions, public, numbers, codes = [], [], {}, set()
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
        public.append(
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
                resolution_due_date=row["resolution_due"] if row["decided_on"] else None,
                next_due_date=row["next_due_date"],
                is_overdue=bool(row["next_due_date"] and row["next_due_date"] < today and not closed),
                closed_date=row["closed_on"],
            )
        )
    Petition.objects.bulk_create(petitions)
    events, clocks, pairs = [], [], []
    for petition, row in zip(petitions, rows, strict=True):
        for kind, on, from_status, to_status, outcome, on_time in row["events"]:
            event = PetitionEvent(
                petition=petition, kind=kind, from_status=from_status, to_status=to_status, actor=user, event_date=on
            )
            events.append(event)
            pairs.append((event, row, outcome, on_time))
        if row["resolution_due"]:
            accepted = row["accepted_on"]
            clocks.append(
                Deadline(
                    petition=petition,
                    code=RESOLUTION_CLOCK.get(row["petition_type"], "petition.answer_sla"),
                    rule_id=1,
                    legal_basis="",
                    description="",
                    unit="d",
                    length=(row["resolution_due"] - accepted).days,
                    start_event="accepted",
                    start_date=accepted,
                    rule_date=accepted,
                    due_date=row["resolution_due"],
                    state=Deadline.State.OPEN if row["resolution_running"] else Deadline.State.MET,
                    closed_on=None if row["resolution_running"] else row["decided_on"] or row["closed_on"],
                )
            )
    PetitionEvent.objects.bulk_create(events)
    Deadline.objects.bulk_create(clocks)
    public += [
        CaseEvent(
            case_id=row["case_id"],
            unit_code=unit.code,
            province_code=unit.province_code,
            petition_type=row["petition_type"],
            field_code=row["field_code"],
            channel=row["channel"],
            kind=event.kind,
            from_status=event.from_status,
            to_status=event.to_status,
            event_date=event.event_date,
            outcome=outcome,
            complaint_level=row["complaint_level"],
            on_time=on_time,
            source_event_id=event.pk,
        )
        for event, row, outcome, on_time in pairs
    ]
    with connection.cursor() as cursor:
        for table in UNIT_TABLES:
            cursor.execute(f"ANALYZE {table}")
    return public


UNIT_TABLES = ("petitions_petition", "petitions_petitionevent", "petitions_deadline")
PUBLIC_TABLES = {"caseindex_caseindexentry": "bench_shared", "caseindex_caseevent": "bench_shared_events"}


TARGET = "@@TARGET@@"  # the new schema's quoted name in the copy script


def copy_script(template: str) -> list[str]:
    """SQL that makes a schema like ``template`` (tables with their columns, defaults, checks,
    indexes and new identity sequences, the rows of its non-empty tables, foreign keys), with the
    new schema's name left as ``TARGET``: a plain-DDL stand-in for django-tenants' clone_schema()."""
    from django.db import connection

    source = connection.ops.quote_name(template)
    statements = [f"CREATE SCHEMA {TARGET}"]
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT c.oid, c.relname FROM pg_class c WHERE c.relnamespace = %s::regnamespace "
            "AND c.relkind IN ('r', 'p') ORDER BY c.relname",
            [template],
        )
        tables = cursor.fetchall()
        inserts, sequences = [], []
        for oid, name in tables:
            table = connection.ops.quote_name(name)
            statements.append(f"CREATE TABLE {TARGET}.{table} (LIKE {source}.{table} INCLUDING ALL)")
            cursor.execute(f"SELECT EXISTS (SELECT 1 FROM {source}.{table})")
            if cursor.fetchone()[0]:
                cursor.execute(
                    "SELECT string_agg(quote_ident(attname), ', ' ORDER BY attnum) FROM pg_attribute "
                    "WHERE attrelid = %s AND attnum > 0 AND NOT attisdropped AND attgenerated = ''",
                    [oid],
                )
                columns = cursor.fetchone()[0]
                inserts.append(f"INSERT INTO {TARGET}.{table} ({columns}) SELECT {columns} FROM {source}.{table}")
            cursor.execute("SELECT attname FROM pg_attribute WHERE attrelid = %s AND attidentity <> ''", [oid])
            for (column,) in cursor.fetchall():
                sequences.append(
                    f"SELECT setval(pg_get_serial_sequence('{TARGET}.{table}', '{column}'), "
                    f"COALESCE(max({connection.ops.quote_name(column)}), 1), max({connection.ops.quote_name(column)}) "
                    f"IS NOT NULL) FROM {TARGET}.{table}"
                )
        cursor.execute(
            "SELECT c.relname, con.conname, pg_get_constraintdef(con.oid) FROM pg_constraint con "
            "JOIN pg_class c ON c.oid = con.conrelid WHERE con.connamespace = %s::regnamespace AND con.contype = 'f' "
            "ORDER BY 1, 2",
            [template],
        )
        foreign_keys = [
            f"ALTER TABLE {TARGET}.{connection.ops.quote_name(name)} ADD CONSTRAINT "
            f"{connection.ops.quote_name(constraint)} "
            + definition.replace(f"REFERENCES {template}.", f"REFERENCES {TARGET}.").replace(
                f"REFERENCES {source}.", f"REFERENCES {TARGET}."
            )
            for name, constraint, definition in cursor.fetchall()
        ]
    return statements + inserts + sequences + foreign_keys


def unit_copy(spec: UnitSpec, script: list[str]) -> Any:
    """Register ``spec``'s unit and make its schema with ``script`` instead of clone_schema(); then
    its roles and activation, as ``unit_provision`` does."""
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from core.accounts.services import roles_ensure
    from tenants.models import UnitStatus
    from tenants.provisioning import unit_register

    with transaction.atomic():
        unit = unit_register(spec=spec)
        target = connection.ops.quote_name(unit.schema_name)
        with connection.cursor() as cursor:
            cursor.execute(";\n".join(script).replace(TARGET, target))
        with schema_context(unit.schema_name):
            roles_ensure(unit=unit)
        unit.status = UnitStatus.ACTIVE
        unit.save(update_fields=["status"])
    connection.set_schema_to_public()
    return unit


def setup(
    specs: list[UnitSpec], *, provision: str, per_unit: int, seed: int, today: date
) -> tuple[dict[str, Any], dict[str, list[float]]]:
    """Onboard every unit (one connection each, catalog ANALYZE every 20) and load its petitions.

    With ``provision="province"``, the measured province's units (the first ones) go through
    ``unit_provision``; the others get their schema from ``copy_script`` (see ``unit_copy``)."""
    from django.conf import settings as django_settings
    from django.db import connection, transaction
    from django_tenants.utils import schema_context

    from core.caseindex.models import CaseEvent, CaseIndexEntry
    from core.catalogue.models import PetitionField
    from tenants.provisioning import catalogs_analyze, unit_provision

    fields = list(PetitionField.objects.filter(is_active=True).values_list("code", flat=True)) or list(FIELD_WEIGHTS)
    real = {spec.code for spec in specs if provision == "all" or spec.province_code == specs[0].province_code}
    script = copy_script(django_settings.TENANT_BASE_SCHEMA)
    timings: dict[str, list[float]] = {"provision": [], "copy": [], "load": [], "catalog_analyze": []}
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
        if spec.code in real:
            unit, created = unit_provision(spec=spec)
            if not created:
                raise RuntimeError(f"{unit.schema_name} existed already: the bench database is not fresh.")
            timings["provision"].append(time.perf_counter() - mark)
        else:
            unit = unit_copy(spec, script)
            timings["copy"].append(time.perf_counter() - mark)
        mark = time.perf_counter()
        with schema_context(unit.schema_name), transaction.atomic():
            rng = random.Random(seed * 100_003 + index)
            pending += unit_load(unit, count=per_unit, rng=rng, today=today, fields=fields)
        if len(pending) >= 20_000 or index == len(specs) - 1:
            connection.set_schema_to_public()
            CaseIndexEntry.objects.bulk_create([row for row in pending if isinstance(row, CaseIndexEntry)], 5000)
            CaseEvent.objects.bulk_create([row for row in pending if isinstance(row, CaseEvent)], 5000)
            pending = []
        timings["load"].append(time.perf_counter() - mark)
        done = index + 1
        if done % 50 == 0 or done == len(specs):
            elapsed = time.perf_counter() - started
            last = "provision" if spec.code in real else "copy"
            print(
                f"  {done}/{len(specs)} units ({elapsed:.0f} s, ETA {elapsed / done * (len(specs) - done):.0f} s; "
                f"last {last} {timings[last][-1]:.3f} s, load {timings['load'][-1]:.3f} s)",
                flush=True,
            )
    connection.close()
    summary = {
        "total_seconds": time.perf_counter() - started,
        "provisioned_units": len(timings["provision"]),
        "copied_units": len(timings["copy"]),
        **{name: asdict(Stats.of(timings[name])) for name in ("provision", "copy", "load") if timings[name]},
        "catalog_analyze": {"count": len(timings["catalog_analyze"]), "total_seconds": sum(timings["catalog_analyze"])},
        "copy_script_statements": len(script),
    }
    return summary, timings


def schema_relations(specs: list[UnitSpec], copied: bool) -> dict[str, Any]:
    """Relations by kind in one provisioned and one copied unit schema (they should be alike)."""
    from django.db import connection

    from tenants.models import schema_name_for_code

    provisioned = schema_name_for_code(specs[0].code)
    other = schema_name_for_code(specs[-1].code) if copied else None
    counts: dict[str, Any] = {}
    with connection.cursor() as cursor:
        for role, schema in (("provisioned", provisioned), ("copied", other)):
            if schema is None:
                continue
            cursor.execute(
                "SELECT c.relkind, count(*) FROM pg_class c WHERE c.relnamespace = %s::regnamespace GROUP BY 1 "
                "ORDER BY 1",
                [schema],
            )
            relations = dict(cursor.fetchall())
            cursor.execute("SELECT count(*) FROM pg_constraint WHERE connamespace = %s::regnamespace", [schema])
            counts[role] = {"schema": schema, "relations_by_kind": relations, "constraints": cursor.fetchone()[0]}
    return counts


def shared_tables_create() -> dict[str, Any]:
    """The limit's plain tables: the rows of the case index and of the case events, each copied into
    one table with the same indexes; then ``VACUUM (ANALYZE)`` of all four."""
    from django.db import connection

    connection.set_schema_to_public()
    started = time.perf_counter()
    copied = []
    with connection.cursor() as cursor:
        for source, target in PUBLIC_TABLES.items():
            cursor.execute(f"DROP TABLE IF EXISTS public.{target}")
            cursor.execute(f"CREATE TABLE public.{target} AS SELECT * FROM public.{source}")
            cursor.execute(
                "SELECT indexname, indexdef FROM pg_indexes WHERE schemaname = 'public' AND tablename = %s "
                "ORDER BY indexname",
                [source],
            )
            for number, (name, definition) in enumerate(cursor.fetchall()):
                new_name = f"{target}_{number}_{name}"[:63]
                statement = definition.replace(f"INDEX {name} ON", f"INDEX {new_name} ON").replace(
                    f"public.{source} ", f"public.{target} "
                )
                cursor.execute(statement)
                copied.append(statement)
        create_seconds = time.perf_counter() - started
        started = time.perf_counter()
        for source, target in PUBLIC_TABLES.items():
            cursor.execute(f"VACUUM (ANALYZE) public.{source}")
            cursor.execute(f"VACUUM (ANALYZE) public.{target}")
    vacuum_seconds = time.perf_counter() - started
    return {"create_seconds": create_seconds, "vacuum_analyze_seconds": vacuum_seconds, "indexes": copied}


#
# The three ways to answer the question
#
@dataclass(frozen=True)
class Question:
    province: str
    period: Any  # core.reports.periods.Period
    today: date
    near_due_days: int

    @property
    def soon(self) -> date:
        return self.today + timedelta(days=self.near_due_days)

    def params(self) -> dict[str, Any]:
        from core.caseindex.services import RESOLVING_EVENTS

        return {
            "province": self.province,
            "start": self.period.start,
            "end": self.period.end,
            "today": self.today,
            "soon": self.soon,
            "resolving": list(RESOLVING_EVENTS),
        }


def petition_figures(figures: Any) -> dict[str, Any]:
    """A unit's figures as plain data, without the citizen-reception figures that later versions of
    ``Figures`` carry (``a`` and ``b`` answer the petition figures only; the bench has no reception
    data)."""
    values = asdict(figures)
    values.pop("reception", None)
    return values


def answer(units: list[tuple[str, str, str, Any]], province: Any) -> dict[str, Any]:
    """A dashboard as plain data, to compare the three methods' answers."""
    return {
        "units": sorted((code, name, kind, petition_figures(figures)) for code, name, kind, figures in units),
        "province": petition_figures(province),
    }


def dashboard_rows(registry: list[tuple[str, str, str]], by_code: dict[str, Any]) -> tuple[list[tuple], Any]:
    """What ``province_dashboard`` builds from the figures per unit: the registry's units in code
    order, then codes no longer in the registry, and the province's sum."""
    from core.oversight.selectors import Figures

    rows = [(code, name, kind, by_code.pop(code, Figures())) for code, name, kind in registry]
    rows += [(code, code, "", figures) for code, figures in sorted(by_code.items())]
    province = Figures()
    for row in rows:
        province.add(row[3])
    return rows, province


# d: the dashboard's own function, as an inspector's request calls it.
def dashboard_d(q: Question, inspectorate: Any) -> tuple[list[tuple], Any]:
    from django_tenants.utils import schema_context

    from core.oversight import selectors

    # As core/oversight/views.py's dashboard and api/oversight/views.py do, request.tenant being
    # the inspectorate (the period comes from the request, outside the timing here).
    with schema_context(inspectorate.schema_name):
        board = selectors.province_dashboard(unit=inspectorate, period=q.period, today=q.today)
        rows, _sort = selectors.units_sorted(board.units, "code")
    return [(row.code, row.name, row.kind, row.figures) for row in rows], board.province


# a: the limit, plain tables and raw SQL.
def grouping_sets_sql(*, select_first: str, dimensions: list[str], source: str, where: str) -> str:
    """``SELECT <first>, <dims>, GROUPING(<dim>)…, COUNT(*) … GROUP BY GROUPING SETS``: every
    breakdown in one scan, as the dashboard's SQL."""
    if select_first == "unit_code":  # one table, every unit: per unit, then per unit and dimension
        sets = ["(unit_code)", *(f"(unit_code, {d})" for d in dimensions)]
    else:  # one unit's own table: in all, then per dimension
        sets = ["()", *(f"({d})" for d in dimensions)]
    return (
        f"SELECT {select_first}, {', '.join(dimensions)}, {', '.join(f'GROUPING({d})' for d in dimensions)}, "
        f"COUNT(*) FROM {source} WHERE {where} GROUP BY GROUPING SETS ({', '.join(sets)})"
    )


def shared_statements() -> dict[str, str]:
    from core.oversight.selectors import PROCESSED_DIMENSIONS, RECEIVED_DIMENSIONS
    from tenants.models import Unit

    return {
        "units": f"SELECT code, name, kind FROM public.{Unit._meta.db_table} WHERE province_code = %(province)s "
        "AND schema_name <> %(public)s AND status <> %(provisioning)s ORDER BY code",
        "received": grouping_sets_sql(
            select_first="unit_code",
            dimensions=list(RECEIVED_DIMENSIONS),
            source="public.bench_shared",
            where="province_code = %(province)s AND received_date BETWEEN %(start)s AND %(end)s",
        ),
        "processed": grouping_sets_sql(
            select_first="unit_code",
            dimensions=list(PROCESSED_DIMENSIONS),
            source="public.bench_shared_events",
            where="province_code = %(province)s AND event_date BETWEEN %(start)s AND %(end)s "
            "AND kind LIKE 'outcome.%%'",
        ),
        "clocks": "SELECT unit_code, count(*) FILTER (WHERE is_overdue), "
        "count(*) FILTER (WHERE NOT is_overdue AND next_due_date BETWEEN %(today)s AND %(soon)s) "
        "FROM public.bench_shared WHERE province_code = %(province)s "
        "AND (is_overdue OR next_due_date BETWEEN %(today)s AND %(soon)s) GROUP BY unit_code",
        "resolutions": "SELECT unit_code, count(*), count(*) FILTER (WHERE on_time) FROM public.bench_shared_events "
        "WHERE province_code = %(province)s AND kind = ANY(%(resolving)s) "
        "AND event_date BETWEEN %(start)s AND %(end)s GROUP BY unit_code",
    }


def dashboard_a(q: Question, raw: Any, statements: dict[str, str], params: dict[str, Any]) -> tuple[list[tuple], Any]:
    from core.oversight.selectors import PROCESSED_DIMENSIONS, RECEIVED_DIMENSIONS, Figures, _fold

    figures: dict[str, Any] = {}
    with raw.cursor() as cursor:
        cursor.execute(statements["units"], params)
        registry = cursor.fetchall()
        cursor.execute(statements["received"], params)
        _fold(cursor.fetchall(), RECEIVED_DIMENSIONS, figures, total="received", by="received_by")
        cursor.execute(statements["processed"], params)
        _fold(cursor.fetchall(), PROCESSED_DIMENSIONS, figures, total="processed", by="processed_by")
        cursor.execute(statements["clocks"], params)
        for code, overdue, near_due in cursor.fetchall():
            unit = figures.setdefault(code, Figures())
            unit.overdue, unit.near_due = overdue, near_due
        cursor.execute(statements["resolutions"], params)
        for code, resolved, on_time in cursor.fetchall():
            unit = figures.setdefault(code, Figures())
            unit.resolved, unit.resolved_on_time = resolved, on_time
    return dashboard_rows(registry, figures)


def shared_sql_only(raw: Any, statements: dict[str, str], params: dict[str, Any]) -> int:
    """For information: ``a``'s statements and fetches alone, without building the figures."""
    rows = 0
    with raw.cursor() as cursor:
        for statement in statements.values():
            cursor.execute(statement, params)
            rows += len(cursor.fetchall())
    return rows


# b: the per-unit loop over the schemas.
def unit_statements() -> dict[str, str]:
    from core.oversight.selectors import RECEIVED_DIMENSIONS

    outcome = "split_part(e.kind, '.', 2)"
    return {
        "received": grouping_sets_sql(
            select_first="%(unit)s",
            dimensions=list(RECEIVED_DIMENSIONS),
            source="petitions_petition",
            where="received_date BETWEEN %(start)s AND %(end)s",
        ),
        "processed": grouping_sets_sql(
            select_first="%(unit)s",
            dimensions=["p.petition_type", "p.field_code", "p.channel", outcome],
            source="petitions_petitionevent e JOIN petitions_petition p ON p.id = e.petition_id",
            where="e.event_date BETWEEN %(start)s AND %(end)s AND e.kind LIKE 'outcome.%%'",
        ),
        "clocks": "SELECT count(*) FILTER (WHERE next_due_date < %(today)s), "
        "count(*) FILTER (WHERE next_due_date >= %(today)s) FROM petitions_petition "
        "WHERE status <> ALL(%(closed)s) AND next_due_date <= %(soon)s",
        "resolutions": "SELECT count(*), count(*) FILTER (WHERE e.event_date <= (SELECT d.due_date "
        "FROM petitions_deadline d WHERE d.petition_id = e.petition_id AND d.code = ANY(%(clocks)s) "
        "ORDER BY d.id DESC LIMIT 1)) FROM petitions_petitionevent e "
        "WHERE e.kind = ANY(%(resolving)s) AND e.event_date BETWEEN %(start)s AND %(end)s",
    }


def dashboard_b(q: Question, statements: dict[str, str], params: dict[str, Any]) -> tuple[list[tuple], Any]:
    """For each unit of the province: its schema, four aggregates of its own tables; combined in Python."""
    from django.db import connection
    from django_tenants.utils import schema_context

    from core.oversight.selectors import PROCESSED_DIMENSIONS, RECEIVED_DIMENSIONS, Figures, _fold, province_units

    units = list(province_units(q.province).values_list("code", "name", "kind", "schema_name"))
    figures: dict[str, Any] = {}
    for code, _name, _kind, schema_name in units:
        unit_params = {**params, "unit": code}
        with schema_context(schema_name), connection.cursor() as cursor:
            cursor.execute(statements["received"], unit_params)
            _fold(cursor.fetchall(), RECEIVED_DIMENSIONS, figures, total="received", by="received_by")
            cursor.execute(statements["processed"], unit_params)
            _fold(cursor.fetchall(), PROCESSED_DIMENSIONS, figures, total="processed", by="processed_by")
            unit = figures.setdefault(code, Figures())
            cursor.execute(statements["clocks"], unit_params)
            unit.overdue, unit.near_due = cursor.fetchone()
            cursor.execute(statements["resolutions"], unit_params)
            unit.resolved, unit.resolved_on_time = cursor.fetchone()
    return dashboard_rows([unit[:3] for unit in units], figures)


#
# core/oversight/selectors.py, which another engineer is writing while this benchmark is written
#
def selectors_state() -> dict[str, Any]:
    """What ``core/oversight/selectors.py`` (the file imported) holds now: its hash and functions."""
    import core.oversight.selectors

    path = Path(core.oversight.selectors.__file__)
    if not path.exists():
        return {"exists": False, "path": str(path)}
    text = path.read_text(encoding="utf-8")
    lines = text.splitlines()
    functions = [line.split("(")[0].removeprefix("def ").strip() for line in lines if line.startswith("def ")]
    return {
        "exists": True,
        "path": str(path),
        "sha256": hashlib.sha256(text.encode()).hexdigest(),
        "mtime": time.strftime("%Y-%m-%d %H:%M:%S", time.localtime(path.stat().st_mtime)),
        "functions": functions,
        "has_province_dashboard": "province_dashboard" in functions,
    }


#
# Measuring
#
def data_sizes(q: Question) -> dict[str, Any]:
    from django.db import connection

    from tenants.models import Unit

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


def explain(cursor: Any, statement: str, params: Any) -> dict[str, Any]:
    cursor.execute(f"EXPLAIN (ANALYZE, BUFFERS) {statement}", params)
    lines = [row[0] for row in cursor.fetchall()]
    execution = next((line for line in lines if line.startswith("Execution Time")), "")
    planning = next((line for line in lines if line.startswith("Planning Time")), "")
    return {"sql": statement, "planning": planning, "execution": execution, "plan": lines}


def captured_statements(run_once: Callable[[], Any]) -> list[str]:
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    with CaptureQueriesContext(connection) as context:
        run_once()
    return [query["sql"] for query in context.captured_queries]


def measure(q: Question, *, repeats: int, warmup: int) -> dict[str, Any]:
    from django.conf import settings as django_settings
    from django.db import connection
    from django_tenants.utils import schema_context

    from core.caseindex.services import RESOLUTION_CLOCKS
    from core.oversight import selectors
    from core.oversight.selectors import Figures
    from core.petitions.choices import CLOSED_STATUSES
    from tenants.models import Unit, UnitStatus

    inspectorate = Unit.objects.get(code=f"{q.province}-TTR")
    params = {
        **q.params(),
        "public": django_settings.PUBLIC_SCHEMA_NAME,
        "provisioning": UnitStatus.PROVISIONING.value,
        "closed": sorted(CLOSED_STATUSES),
        "clocks": list(RESOLUTION_CLOCKS),
    }
    shared, per_unit = shared_statements(), unit_statements()
    raw = connect(BENCH_DB_NAME)
    runs: dict[str, Callable[[], Any]] = {
        "d": lambda: dashboard_d(q, inspectorate),
        "a": lambda: dashboard_a(q, raw, shared, params),
        "b": lambda: dashboard_b(q, per_unit, params),
        "a_sql": lambda: shared_sql_only(raw, shared, params),
    }
    selectors_before = selectors_state()
    if hasattr(selectors, "unit_reception_figures"):
        kinds = dict(selectors.province_units(q.province).values_list("code", "kind"))

        def reception() -> Any:
            with schema_context(inspectorate.schema_name):
                return selectors.unit_reception_figures(
                    province_code=q.province, period=q.period, unit_kinds=kinds, today=q.today
                )

        runs["d_reception"] = reception
    methods = [method for method in METHODS if method in runs]
    samples: dict[str, list[float]] = {method: [] for method in methods}
    answers: dict[str, Any] = {}
    connection.ensure_connection()
    try:
        for round_ in range(warmup + repeats):
            shift = round_ % len(methods)
            for method in methods[shift:] + methods[:shift]:
                started = time.perf_counter()
                result = runs[method]()
                seconds = time.perf_counter() - started
                if round_ >= warmup:
                    samples[method].append(seconds)
                if method not in answers and method in ("d", "a", "b"):
                    answers[method] = answer(*result)  # outside the timing
        d_statements = captured_statements(runs["d"])
        b_statements = captured_statements(runs["b"])
        connection.set_schema_to_public()
        with connection.cursor() as cursor:
            d_plans = [explain(cursor, s, None) for s in d_statements if s.lstrip().upper().startswith("SELECT")]
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
        # Later versions of province_dashboard also compute citizen-reception figures (none in the
        # bench data); a and b do not, and the comparison leaves them out.
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


SERVER_FACTS = ("server_version", "shared_buffers", "work_mem", "max_locks_per_transaction", "jit")


#
# The run
#
def run(args: argparse.Namespace) -> dict[str, Any]:
    from django.core.management import call_command
    from django.utils import timezone

    loads: dict[str, float] = {"before": os.getloadavg()[0]}
    today = timezone.localdate()
    specs, provinces = unit_specs(args.units, args.province)

    migrate_seconds = None
    if not args.reuse:
        print(f"Migrating the bench database {BENCH_DB_NAME!r} (public schema and template)…", flush=True)
        started = time.perf_counter()
        call_command("migrate", interactive=False, verbosity=0)
        migrate_seconds = time.perf_counter() - started

    from core.oversight.selectors import NEAR_DUE_DAYS
    from core.reports.periods import period_bounds, period_containing

    period = period_bounds(args.period, period_containing(today, "year").year)
    q = Question(province=args.province, period=period, today=today, near_due_days=NEAR_DUE_DAYS)

    used = ", ".join(f"{code} ×{province['units']}" for code, province in provinces.items())
    if args.reuse:
        print(f"Reusing the data of the kept database {BENCH_DB_NAME!r}.", flush=True)
        setup_summary: dict[str, Any] = {"reused": True}
        setup_samples: dict[str, list[float]] = {}
    else:
        print(f"Onboarding {len(specs)} units ({used}) and loading {args.per_unit} petitions into each…", flush=True)
        setup_summary, setup_samples = setup(
            specs, provision=args.provision, per_unit=args.per_unit, seed=args.seed, today=today
        )
        print(f"  setup took {setup_summary['total_seconds']:.0f} s", flush=True)
        setup_summary["schemas"] = schema_relations(specs, copied=bool(setup_summary["copied_units"]))
    loads["after_setup"] = os.getloadavg()[0]
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
            **machine_facts(server_facts(SERVER_FACTS)),
            # 1-minute load averages: other work on the machine skews the timings.
            "load_average": loads,
        },
        "options": {key: (str(value) if isinstance(value, Path) else value) for key, value in vars(args).items()},
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
        "samples": {**samples, "setup": setup_samples},
    }


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
    for method in (method for method in METHODS if method in stats):
        s = stats[method]
        lines.append(
            f"{'(' + method + ')':<14}{results['methods'][method]:<46} {s['count']:>4} {1000 * s['mean']:>8.2f} "
            f"{1000 * s['p50']:>8.2f} {1000 * s['p95']:>8.2f} {1000 * s['max']:>8.2f}"
        )

    def ratio(name: str) -> str:
        r = ratios[name]
        return f"{r['p50']:.2f}× p50, {r['p95']:.2f}× p95, {r['mean']:.2f}× mean"

    explain, goals, setup_ = results["explain"], results["goals"], results["setup"]
    trips, answer = results["round_trips"], results["answer"]
    lines += [
        "",
        f"d/a: {ratio('d_over_a')} (goal ≤ 1.5: {'met' if goals['d_over_a_p50_at_most_1_5'] else 'NOT met'})",
        f"b/d: {ratio('b_over_d')} (goal ≥ 30: {'met' if goals['b_over_d_p50_at_least_30'] else 'NOT met'})",
        f"answers equal: {results['answers_equal']} ({answer})",
        f"round trips: d {trips['d']} ({trips['d_set_search_path']} SET search_path), a {trips['a']}, "
        f"b {trips['b']} ({trips['b_set_search_path']} SET search_path)",
        "EXPLAIN d: " + "; ".join(f"{p['planning']}, {p['execution']}" for p in explain["d"]),
        "EXPLAIN a: " + "; ".join(f"{p['planning']}, {p['execution']}" for p in explain["a"]),
        "setup: reused a kept database" if setup_.get("reused") else setup_line(setup_),
        "core/oversight/selectors.py: changed during the measurement: "
        f"{results['selectors_changed_during_measurement']}; at the end {results['selectors_at_end']}",
    ]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    parser.add_argument("--units", type=int, default=DEFAULT_UNITS, help="units (default 1000)")
    parser.add_argument("--per-unit", type=int, default=DEFAULT_PER_UNIT, help="petitions per unit (default 200)")
    parser.add_argument("--province", default=DEFAULT_PROVINCE, help="the province asked about (default 19)")
    parser.add_argument(
        "--period",
        default="year",
        choices=("q1", "q2", "q3", "q4", "6m", "9m", "year"),
        help="the report period of the current reporting year (default year)",
    )
    parser.add_argument("--repeats", type=int, default=30, help="timed runs per method (default 30)")
    parser.add_argument("--warmup", type=int, default=2, help="untimed rounds first (default 2)")
    parser.add_argument("--seed", type=int, default=20261129, help="random seed of the generated data")
    parser.add_argument(
        "--provision",
        choices=("province", "all"),
        default="province",
        help="units onboarded with unit_provision: the measured province's (default; the others' schemas are "
        "copied from the template by plain DDL) or all",
    )
    parser.add_argument("--keep", action="store_true", help=f"keep the {BENCH_DB_NAME} database at the end")
    parser.add_argument(
        "--reuse",
        action="store_true",
        help="measure again on the data of a database kept with --keep (same --units/--per-unit), no setup",
    )
    parser.add_argument("--output", type=Path, help="JSON file (default benchmarks/results/dashboard-<date>.json)")
    args = parser.parse_args(argv)
    if min(args.units, args.per_unit, args.repeats) < 1 or args.warmup < 0:
        parser.error("the counts must be at least 1 (--warmup at least 0)")

    # Before Django reads its settings: every connection of this process goes to the bench database.
    os.environ["DJANGO_DB_NAME"] = BENCH_DB_NAME
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    django.setup()
    if not args.reuse:
        database_recreate(BENCH_DB_NAME)
    try:
        results = run(args)
    finally:
        if not args.keep:
            database_drop(BENCH_DB_NAME)

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
