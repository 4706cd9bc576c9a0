"""Issue 13 item 3, in the same run as the rest: the dashboard page answered from the month
counters (``CaseMonthCount``: a report period's counter months, cut on its cut-off day)
against the same question on the plain shared tables of raw rows (``a``) and against the page on
the path before the counters (the raw index rows, ``TIEPDAN_DASHBOARD_ROLLUPS=False``), for the
default quarter and the year; then the index's write path with the counters' upkeep against the
same writes without it.

* ``page``: ``/u/<PP>-TTR/thanh-tra/?period=…&year=…`` as a signed-in inspector (test client:
  middleware, session, view, selectors, template), the counters on.
* ``page_plain``: the same request, with the per-unit figures (``selectors.unit_figures``, the
  only part of the page that reads the case index or its counters) asked of the plain shared
  tables of raw rows by ``a``'s statements and the same fold (``methods.plain_unit_figures``):
  the like-for-like baseline of the page. Its HTML must equal ``page``'s.
* ``page_index``: the same page with the counters off (the raw index rows, as before).
* ``a``: the limit, the plain shared tables of raw rows and raw SQL (``methods.dashboard_a``).
* ``d`` / ``d_index``: the selector alone, with and without the counters (information).

The six rotate request by request. The answers of ``d``, ``d_index`` and ``a`` are compared.

Write path: in one unit of the province, one round is, each in its own committed transaction, the
index writes of a petition's life as the petitions app pushes them: ``case_upsert`` (registered),
``case_event_record`` (registration), ``case_upsert`` (status moved), ``case_event_record``
(outcome), each one statement (``INSERT … ON CONFLICT (case_id) DO UPDATE`` of the case's row, or
``INSERT`` of the step). ``with`` runs them as they run (the counters' triggers fire in the same
statement); ``without`` runs the very same calls on a second connection whose session has the
triggers off (``SET session_replication_role = replica``, once; the bench connects as a
superuser). The code has no switch to drop the upkeep, which would let the counters drift. The
rounds alternate; afterwards their rows are deleted and the unit's counters rebuilt.

The user's write path (``service_writes_measure``): the same comparison for what the petition
pages run, ``petition_register`` then ``petition_classify`` through the services, each its own
committed transaction (see there).
"""

from __future__ import annotations

import re
import time
import uuid
from collections import Counter
from collections.abc import Iterator
from concurrent.futures import ThreadPoolExecutor
from contextlib import contextmanager, nullcontext
from dataclasses import asdict
from datetime import timedelta
from typing import Any
from unittest import mock

from django.db import connection, transaction
from django.test.utils import override_settings
from django_tenants.utils import schema_context

from benchmarks.dashboard import methods
from benchmarks.dashboard.methods import Question
from benchmarks.dashboard.report import PAGE_METHODS
from benchmarks.harness.sql import captured_statements
from benchmarks.harness.stats import Stats, ratios, rotation, timed
from config.celery_app import app as celery_app
from core.accounts.models import AuditEntry, User
from core.accounts.roles import Role
from core.accounts.services import user_create
from core.caseindex.facts import CaseEventFacts, CaseFacts
from core.caseindex.models import CaseEvent, CaseIndexEntry
from core.caseindex.selectors import unit_codes
from core.caseindex.services import cases
from core.caseindex.services.rollups import rollups_rebuild
from core.catalogue.models import PetitionField
from core.nationaldb.choices import RecordState
from core.nationaldb.models import ExportRecord
from core.nationaldb.status.models import UnitSyncStatus
from core.oversight import selectors as oversight_selectors
from core.petitions.models import Citizen, Petition, Signer
from core.petitions.services.petitions import petition_classify, petition_register
from tenants.models import Unit

#: What differs from one request of the page to the next, and is left out when two pages are compared.
TIME_DEPENDENT = (
    (re.compile(r'(name="csrfmiddlewaretoken" value=")[^"]*"'), r'\1"'),
    (re.compile(r'(name="csrf-token" content=")[^"]*"'), r'\1"'),
    (re.compile(r'(nonce=")[^"]*"'), r'\1"'),
    (re.compile(r"\b\d{2}/\d{2}/\d{4} \d{2}:\d{2}\b"), "dd/mm/yyyy hh:mm"),
)


def _d_index(q: Question, inspectorate: Unit):
    with override_settings(TIEPDAN_DASHBOARD_ROLLUPS=False):
        return methods.dashboard_d(q, inspectorate)


def page_body(response: Any) -> str:
    """The page's HTML without what differs from one request to the next: the CSRF token (form
    fields and any meta tag), script nonces and the minute the figures were read at."""
    body = response.content.decode()
    for pattern, replacement in TIME_DEPENDENT:
        body = pattern.sub(replacement, body)
    return body


def bodies_compare(first: str, second: str) -> dict[str, Any]:
    """Whether two page bodies are equal; else where they first differ, a short excerpt of each."""
    if first == second:
        return {"equal": True, "chars": len(first)}
    at = next((i for i, (x, y) in enumerate(zip(first, second, strict=False)) if x != y), min(len(first), len(second)))
    return {
        "equal": False,
        "chars": [len(first), len(second)],
        "first_difference_at": at,
        "excerpts": [first[max(0, at - 200) : at + 200], second[max(0, at - 200) : at + 200]],
    }


def pages_measure(
    questions: dict[str, Question], *, pages, raw, shared: dict[str, str], base_params: dict[str, Any], requests: int
) -> dict[str, Any]:
    """For each period (``questions``: its ?period= value → the question), the six methods rotated.

    ``page_plain`` is the very same request as ``page`` with ``core.oversight.selectors.unit_figures``
    (what ``province_dashboard`` calls for the per-unit figures, the only part of the page that
    reads the case index or its counters) swapped for ``methods.plain_unit_figures``: ``a``'s
    statements on the plain shared tables of raw rows and the same fold, on the request's
    connection. The swap is made before the timing starts and undone after it stops. The two
    pages' HTML (less the CSRF token, nonces and the time read) must be equal."""
    inspectorate = Unit.objects.get(code=f"{next(iter(questions.values())).province}-TTR")
    plain = methods.plain_unit_figures(shared)
    out: dict[str, Any] = {}
    for kind, q in questions.items():
        params = {**base_params, **q.params()}
        query = {"period": kind, "year": q.period.year}
        runs = {
            "page": lambda query=query: pages.get("oversight:dashboard", query=query),
            "page_plain": lambda query=query: pages.get("oversight:dashboard", query=query),
            "page_index": lambda query=query: _page_index(pages, query),
            "a": lambda params=params: methods.dashboard_a(raw, shared, params),
            "d": lambda q=q: methods.dashboard_d(q, inspectorate),
            "d_index": lambda q=q: _d_index(q, inspectorate),
        }
        around = dict.fromkeys(PAGE_METHODS, nullcontext) | {
            "page_plain": lambda: mock.patch.object(oversight_selectors, "unit_figures", plain)
        }
        answers = {name: methods.answer(*runs[name]()) for name in ("a", "d", "d_index")}
        bodies: dict[str, str] = {}
        for name in ("page", "page_plain", "page_index"):  # the warm-up, and the bodies compared
            with around[name]():
                bodies[name] = page_body(runs[name]())
        samples: dict[str, list[float]] = {name: [] for name in PAGE_METHODS}
        for index in range(requests):
            for name in rotation(PAGE_METHODS, index):
                with around[name](), timed(samples[name]):
                    runs[name]()
        stats = {name: Stats.of(values) for name, values in samples.items()}
        province = answers["a"]["province"]
        pages_equal = bodies_compare(bodies["page"], bodies["page_plain"])
        if not pages_equal["equal"]:
            print(f"WARNING: page and page_plain differ ({kind}): {pages_equal}", flush=True)
        out[kind] = {
            "period": q.period.label,
            "period_dates": [q.period.start.isoformat(), q.period.end.isoformat()],
            "received_in_period": province["received"],
            "processed_in_period": province["processed"],
            "answers_equal": answers["a"] == answers["d"] == answers["d_index"],
            "pages_equal": pages_equal["equal"],
            "pages_compared": {
                "page_page_plain": pages_equal,
                "page_page_index": bodies_compare(bodies["page"], bodies["page_index"])["equal"],
                "stripped": [pattern.pattern for pattern, _replacement in TIME_DEPENDENT],
            },
            "stats": {name: asdict(value) for name, value in stats.items()},
            "ratios": {
                "page_over_page_plain": ratios(stats["page"], stats["page_plain"]),
                "page_over_a": ratios(stats["page"], stats["a"]),
                "page_plain_over_a": ratios(stats["page_plain"], stats["a"]),
                "page_index_over_a": ratios(stats["page_index"], stats["a"]),
                "page_over_page_index": ratios(stats["page"], stats["page_index"]),
                "d_over_a": ratios(stats["d"], stats["a"]),
                "d_over_d_index": ratios(stats["d"], stats["d_index"]),
            },
            "goal_page_over_page_plain_p50_at_most_1_0": stats["page"].p50 <= stats["page_plain"].p50,
            "goal_page_over_a_p50_at_most_1_0": stats["page"].p50 <= stats["a"].p50,
            "samples": samples,
        }
    return out


def _page_index(pages, query):
    with override_settings(TIEPDAN_DASHBOARD_ROLLUPS=False):
        return pages.get("oversight:dashboard", query=query)


def writes_measure(q: Question, *, rounds: int, spread: bool = False) -> dict[str, Any]:
    """The index's write path with and without the counters' upkeep, alternating round by round.

    Each side keeps its own connection for the whole run: ``with`` this thread's, ``without`` a
    worker thread's, set once to ``session_replication_role = replica`` (no triggers fire). Setting
    that role flushes the session's plan cache, so switching it on one connection between rounds
    would make every ``with`` round plan the triggers' statements afresh, which no server does.

    Every round writes a case of the same type, field and channel on the same day, so all rounds
    count in the same few cells: in one unit (the default, the worst case: the same rows updated
    over and over), or, with ``spread``, in the province's units in turn, as a province's writes
    arrive (each side switches unit before its timing starts)."""
    units = list(Unit.objects.filter(province_code=q.province).exclude(code__endswith="-TTR").order_by("code"))
    assert units
    if not spread:
        units = units[:1]
    for each in units:
        unit_codes(each.schema_name)  # read once per process, as a server does
    turn = {"with": 0, "without": 0}
    samples: dict[str, list[float]] = {"with": [], "without": []}
    made: list[uuid.UUID] = []
    source_ids = iter(range(10**12, 10**13))
    day = q.today - timedelta(days=1)

    def one_round() -> None:
        case_id = uuid.uuid4()
        made.append(case_id)
        facts = CaseFacts(
            case_id=case_id, registry_number="", petition_type="complaint", field_code="dat-dai", channel="post",
            status="registered", outcome="", received_date=day, accepted_date=None, decided_date=None,
            resolution_due_date=None, next_due_date=day + timedelta(days=10), is_closed=False, closed_date=None,
        )  # fmt: skip

        def event(kind: str, to_status: str, outcome: str) -> CaseEventFacts:
            return CaseEventFacts(
                case_id=case_id, petition_type="complaint", field_code="dat-dai", channel="post", kind=kind,
                from_status="", to_status=to_status, event_date=day, outcome=outcome, complaint_level=1,
                on_time=None, is_processable=True, within_jurisdiction=True, source_event_id=next(source_ids),
            )  # fmt: skip

        with transaction.atomic():
            cases.case_upsert(facts=facts)
        with transaction.atomic():
            cases.case_event_record(facts=event("registered", "registered", ""))
        with transaction.atomic():
            cases.case_upsert(facts=CaseFacts(**{**asdict(facts), "status": "accepted", "outcome": "accept"}))
        with transaction.atomic():
            cases.case_event_record(facts=event("outcome.accept", "accepted", "accept"))

    def timed_round(side: str) -> None:
        unit = units[turn[side] % len(units)]
        turn[side] += 1
        with schema_context(unit.schema_name):
            connection.cursor().close()  # the search path is set here, before the timing
            with timed(samples[side]):
                one_round()

    def without_triggers() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")

    with ThreadPoolExecutor(max_workers=1) as worker:
        try:
            worker.submit(without_triggers).result()
            sides = {
                "with": lambda: timed_round("with"),
                "without": lambda: worker.submit(timed_round, "without").result(),
            }
            for _warm in range(3):
                for side in ("with", "without"):
                    sides[side]()
            for name in samples:
                samples[name].clear()
            for index in range(rounds):
                for side in rotation(("with", "without"), index):
                    sides[side]()
        finally:
            worker.submit(lambda: connection.close()).result()
            CaseEvent.objects.filter(case_id__in=made).delete()
            CaseIndexEntry.objects.filter(case_id__in=made).delete()
            rollups_rebuild(unit_codes=[each.code for each in units])
    stats = {side: Stats.of(values) for side, values in samples.items()}
    return {
        "units": [each.code for each in units],
        "rounds": rounds,
        "round": "4 committed transactions: case_upsert, case_event_record, case_upsert (moved), case_event_record",
        "stats": {side: asdict(value) for side, value in stats.items()},
        "with_over_without": ratios(stats["with"], stats["without"]),
        "goal_with_over_without_p50_at_most_1_2": stats["with"].p50 <= 1.2 * stats["without"].p50,
        "samples": samples,
    }


SERVICE_OFFICER = "xu_ly_bench"
SERVICE_PASSWORD = "Bench-dashboard-2026!"


def _service_officer(unit: Unit) -> int:
    """A processing officer of ``unit`` (register and process), made on the first run of a database."""
    with schema_context(unit.schema_name):
        officer = User.objects.filter(username=SERVICE_OFFICER).first()
        if officer is None:
            officer = user_create(
                unit=unit,
                username=SERVICE_OFFICER,
                password=SERVICE_PASSWORD,
                full_name="Hà Văn Bình",
                roles=[Role.PROCESSING_OFFICER],
            )
        return officer.pk


@contextmanager
def tasks_queued() -> Iterator[None]:
    """Celery as a server runs it: a task queued on commit is published, not run in the request.
    The bench runs under the test settings (``CELERY_TASK_ALWAYS_EAGER``), where the national-DB
    sender that a petition's step queues on commit would run inside the timed step; here tasks go
    to kombu's in-process ``memory://`` broker instead (nothing consumes them, nothing is left)."""
    conf = celery_app.conf
    saved = conf.task_always_eager, conf.broker_url
    conf.task_always_eager, conf.broker_url = False, "memory://"
    try:
        yield
    finally:
        conf.task_always_eager, conf.broker_url = saved


def service_writes_measure(q: Question, *, rounds: int) -> dict[str, Any]:
    """The user's write path with and without the counters' upkeep, alternating round by round.

    In one unit of the province (the first, as ``writes_measure``), a round is what the petition
    pages run: ``petition_register`` (the petition, its sender, the registration event, its clocks,
    the case-index row and event, the sender's keys and the repeat check, the audit entry), then
    ``petition_classify`` (status registered → classified, its event, the index row moved, the
    audit entry), each in its own committed transaction as the service opens it (no
    ``ATOMIC_REQUESTS``). A complaint by post, one sender with a new identity number, received
    yesterday and classified the same day. The officer is read afresh before each round (outside
    the timing), as a request loads ``request.user``, so the permission checks read the roles each
    round.

    ``with`` runs on this thread's connection (the index's triggers keep the month counters);
    ``without`` on a worker thread's connection set once to ``session_replication_role = replica``,
    as ``writes_measure``. Replica mode also switches off the foreign-key (constraint) triggers,
    so the baseline skips the foreign-key checks of every insert as well: the ratio is conservative
    (it overstates the upkeep). Afterwards the rounds' petitions (with their events, clocks and
    senders), their index rows, events, keys and repeat matches, and their audit entries (the tail
    of the unit's chain, deleted on the replica connection: the chain's triggers refuse deletes)
    are deleted, and the unit's counters rebuilt."""
    unit = Unit.objects.filter(province_code=q.province).exclude(code__endswith="-TTR").order_by("code").first()
    assert unit is not None
    officer_pk = _service_officer(unit)
    unit_codes(unit.schema_name)  # read once per process, as a server does
    day = q.today - timedelta(days=1)
    with schema_context(unit.schema_name):
        field_code = (
            "dat-dai"
            if PetitionField.objects.filter(code="dat-dai", is_active=True).exists()
            else PetitionField.objects.filter(is_active=True).values_list("code", flat=True).first()
        )
        audit_mark = AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0
    # The national-DB hand-off's public counters of the unit, bumped by every exported step: put back after.
    sync_status = UnitSyncStatus.objects.filter(unit_code=unit.code).values().first()
    numbers = iter(range(int(time.time()) % 500_000, 10**6))
    steps = ("register", "classify")
    samples: dict[str, list[float]] = {f"{side}.{step}": [] for side in ("with", "without") for step in steps}
    samples |= {"with": [], "without": []}
    made: list[int] = []
    case_ids: list[uuid.UUID] = []

    def one_round(side: str) -> None:
        with schema_context(unit.schema_name):
            actor = User.objects.get(pk=officer_pk)  # as a request loads its user, before the timing
            sender = {"full_name": "Hoàng Văn Nam", "id_kind": "cccd", "id_number": f"020070{next(numbers):06d}"}
            with timed(samples[f"{side}.register"]):
                petition = petition_register(
                    actor=actor,
                    channel="post",
                    received_date=day,
                    petition_type="complaint",
                    field_code=field_code,
                    subject="Quyết định thu hồi đất số 12/QĐ-UBND",
                    summary="Khiếu nại việc thu hồi đất nông nghiệp.",
                    signer_kind="one",
                    signers=[sender],
                )
            made.append(petition.pk)
            case_ids.append(petition.case_id)
            actor = User.objects.get(pk=officer_pk)  # the next request's user: its own roles read
            with timed(samples[f"{side}.classify"]):
                petition_classify(
                    petition=petition, actor=actor, is_processable=True, within_jurisdiction=True, date=day
                )
            # The round: both steps' timings, without the user read between them.
            samples[side].append(samples[f"{side}.register"][-1] + samples[f"{side}.classify"][-1])

    def without_triggers() -> None:
        with connection.cursor() as cursor:
            cursor.execute("SET session_replication_role = replica")

    def audit_tail_delete() -> int:
        with schema_context(unit.schema_name), connection.cursor() as cursor:
            cursor.execute(f'DELETE FROM "{AuditEntry._meta.db_table}" WHERE seq > %s', [audit_mark])
            return cursor.rowcount

    with tasks_queued(), ThreadPoolExecutor(max_workers=1) as worker:
        try:
            worker.submit(without_triggers).result()
            sides = {
                "with": lambda: one_round("with"),
                "without": lambda: worker.submit(one_round, "without").result(),
            }
            # The first warm-up round's statements, for information (outside any timing kept).
            statements = captured_statements(sides["with"])
            for _warm in range(3):
                for side in ("with", "without"):
                    sides[side]()
            for values in samples.values():
                values.clear()
            for index in range(rounds):
                for side in rotation(("with", "without"), index):
                    sides[side]()
        finally:
            with schema_context(unit.schema_name):
                queued = ExportRecord.objects.filter(petition_id__in=made, state=RecordState.PENDING).count()
                citizens = list(Signer.objects.filter(petition_id__in=made).values_list("citizen_id", flat=True))
                Petition.objects.filter(pk__in=made).delete()
                Citizen.objects.filter(pk__in=citizens).delete()
            CaseEvent.objects.filter(case_id__in=case_ids).delete()
            CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()  # with their keys and repeat matches
            if sync_status is None:
                UnitSyncStatus.objects.filter(unit_code=unit.code).delete()
            else:
                UnitSyncStatus.objects.filter(unit_code=unit.code).update(**sync_status)
            audit_deleted = worker.submit(audit_tail_delete).result()
            worker.submit(lambda: connection.close()).result()
            rollups_rebuild(unit_codes=[unit.code])
    stats = {name: Stats.of(values) for name, values in samples.items()}
    return {
        "units": [unit.code],
        "rounds": rounds,
        "round": "2 committed transactions through the services the petition pages call: petition_register "
        "(one sender), petition_classify (registered → classified)",
        "petitions_made_and_deleted": len(made),
        "audit_entries_deleted": audit_deleted,
        "celery": "not eager, broker memory:// (tasks queued on commit are published, not run in the timed step)",
        "export_records_left_pending": queued,
        "statements_per_round": len(statements),
        "statements_per_round_by_kind": dict(Counter(statement.split(None, 1)[0].upper() for statement in statements)),
        "baseline_note": "without = session_replication_role = replica, which also switches off the foreign-key "
        "triggers: the baseline is cheaper than the same writes without the counters alone, so the ratio is "
        "conservative",
        "stats": {name: asdict(value) for name, value in stats.items()},
        "with_over_without": ratios(stats["with"], stats["without"]),
        "register_with_over_without": ratios(stats["with.register"], stats["without.register"]),
        "classify_with_over_without": ratios(stats["with.classify"], stats["without.classify"]),
        "goal_with_over_without_p50_at_most_1_2": stats["with"].p50 <= 1.2 * stats["without"].p50,
        "samples": samples,
    }
