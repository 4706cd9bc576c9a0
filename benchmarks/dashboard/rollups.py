"""Issue 13 item 3, in the same run as the rest: the dashboard page answered from the month
counters (``CaseMonthCount``: a period's whole months; its partial months from the raw rows)
against the same question on the plain shared tables of raw rows (``a``) and against the page on
the path before the counters (the raw index rows, ``TIEPDAN_DASHBOARD_ROLLUPS=False``), for the
default quarter and the year; then the index's write path with the counters' upkeep against the
same writes without it.

* ``page``: ``/u/<PP>-TTR/thanh-tra/?period=…&year=…`` as a signed-in inspector (test client:
  middleware, session, view, selectors, template), the counters on.
* ``page_index``: the same page with the counters off (the raw index rows, as before).
* ``a``: the limit, the plain shared tables of raw rows and raw SQL (``methods.dashboard_a``).
* ``d`` / ``d_index``: the selector alone, with and without the counters (information).

The five rotate request by request. The answers of ``d``, ``d_index`` and ``a`` are compared.

Write path: in one unit of the province, one round is, each in its own committed transaction, the
index writes of a petition's life as the petitions app pushes them: ``case_upsert`` (registered),
``case_event_record`` (registration), ``case_upsert`` (status moved), ``case_event_record``
(outcome), each one statement (``INSERT … ON CONFLICT (case_id) DO UPDATE`` of the case's row, or
``INSERT`` of the step). ``with`` runs them as they run (the counters' triggers fire in the same
statement); ``without`` runs the very same calls on a second connection whose session has the
triggers off (``SET session_replication_role = replica``, once; the bench connects as a
superuser). The code has no switch to drop the upkeep, which would let the counters drift. The
rounds alternate; afterwards their rows are deleted and the unit's counters rebuilt.
"""

from __future__ import annotations

import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict
from datetime import timedelta
from typing import Any

from django.db import connection, transaction
from django.test.utils import override_settings
from django_tenants.utils import schema_context

from benchmarks.dashboard import methods
from benchmarks.dashboard.methods import Question
from benchmarks.dashboard.report import PAGE_METHODS
from benchmarks.harness.stats import Stats, ratios, rotation, timed
from core.caseindex.facts import CaseEventFacts, CaseFacts
from core.caseindex.models import CaseEvent, CaseIndexEntry
from core.caseindex.selectors import unit_codes
from core.caseindex.services import cases
from core.caseindex.services.rollups import rollups_rebuild
from tenants.models import Unit


def _d_index(q: Question, inspectorate: Unit):
    with override_settings(TIEPDAN_DASHBOARD_ROLLUPS=False):
        return methods.dashboard_d(q, inspectorate)


def pages_measure(
    questions: dict[str, Question], *, pages, raw, shared: dict[str, str], base_params: dict[str, Any], requests: int
) -> dict[str, Any]:
    """For each period (``questions``: its ?period= value → the question), the five methods rotated."""
    inspectorate = Unit.objects.get(code=f"{next(iter(questions.values())).province}-TTR")
    out: dict[str, Any] = {}
    for kind, q in questions.items():
        params = {**base_params, **q.params()}
        query = {"period": kind, "year": q.period.year}
        runs = {
            "page": lambda query=query: pages.get("oversight:dashboard", query=query),
            "page_index": lambda query=query: _page_index(pages, query),
            "a": lambda params=params: methods.dashboard_a(raw, shared, params),
            "d": lambda q=q: methods.dashboard_d(q, inspectorate),
            "d_index": lambda q=q: _d_index(q, inspectorate),
        }
        answers = {name: methods.answer(*runs[name]()) for name in ("a", "d", "d_index")}
        for name in ("page", "page_index"):
            runs[name]()  # warm-up
        samples: dict[str, list[float]] = {name: [] for name in PAGE_METHODS}
        for index in range(requests):
            for name in rotation(PAGE_METHODS, index):
                with timed(samples[name]):
                    runs[name]()
        stats = {name: Stats.of(values) for name, values in samples.items()}
        province = answers["a"]["province"]
        out[kind] = {
            "period": q.period.label,
            "period_dates": [q.period.start.isoformat(), q.period.end.isoformat()],
            "received_in_period": province["received"],
            "processed_in_period": province["processed"],
            "answers_equal": answers["a"] == answers["d"] == answers["d_index"],
            "stats": {name: asdict(value) for name, value in stats.items()},
            "ratios": {
                "page_over_a": ratios(stats["page"], stats["a"]),
                "page_index_over_a": ratios(stats["page_index"], stats["a"]),
                "page_over_page_index": ratios(stats["page"], stats["page_index"]),
                "d_over_a": ratios(stats["d"], stats["a"]),
                "d_over_d_index": ratios(stats["d"], stats["d_index"]),
            },
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
