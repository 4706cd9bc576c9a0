"""The index's month counters (``CaseMonthCount``): after random steps through the real services in
several units, they equal a recount of the index, the dashboard answers from them (whole counter
months, which begin on the report periods' cut-off day) and the raw rows (partial ones) exactly
what it answers from the raw index rows alone, for every report period and for periods cut
anywhere in a month, the cuts follow the report period rules, concurrent writers lose no count, and
the rebuild command finds and repairs a difference. The counters are kept by the index's triggers: a
write is one statement, any path that writes the index is counted, and a case moved by two
transactions at once leaves the cells it was really in."""

from __future__ import annotations

import dataclasses
import random
import threading
import uuid
from collections import Counter
from datetime import date, timedelta

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.counters import (
    OUTCOMES,
    RECEIVED,
    counter_month,
    counter_month_next,
    counter_months_within,
)
from core.caseindex.models import CaseEvent, CaseIndexEntry, CaseMonthCount
from core.caseindex.selectors import counter_cuts, counter_cuts_from_rules
from core.caseindex.services.rollups import rollups_compare, rollups_cuts_follow, rollups_rebuild
from core.oversight.selectors import province_dashboard, unit_figures, unit_figures_from_index
from core.petitions.choices import RESOLVING_EVENTS
from core.reports.models import ReportPeriodRule
from core.reports.periods import PERIOD_KINDS, Period, period_bounds
from tenants.catalogue import unit_spec
from tenants.models import Unit
from tenants.provisioning import unit_provision
from tests.core.oversight.test_dashboard import PERIODS, random_operations

pytestmark = pytest.mark.django_db


@pytest.fixture(autouse=True)
def _media_in_tmp(settings, tmp_path):
    from django.core.files.storage import storages

    settings.MEDIA_ROOT = tmp_path
    storages["default"].__dict__.pop("relative_media_root", None)
    yield
    storages["default"].__dict__.pop("relative_media_root", None)


@pytest.fixture
def busy_units(make_member):
    """Five units of Lạng Sơn with 300 random steps: registrations, classifications, outcomes
    (accept, forward…), decisions, answers, withdrawals, on dates across the year's quarters."""
    seed = random.randrange(1_000_000)
    unit_provision(spec=unit_spec("06040"))
    codes = ["06316", "05983", "20-TTR", "20-UBND", "06040"]
    members = [
        make_member(Unit.objects.get(code=code), roles=("processing_officer", "leader"), username=f"r{i}")
        for i, code in enumerate(codes)
    ]
    assert random_operations(random.Random(seed), members, 300) > 200, f"seed {seed}"
    return codes, seed


def _raw_figures(codes, period):
    """What the dashboard counts, recounted in Python from the raw index rows."""
    figures = {}
    in_period = lambda day: period.start <= day <= period.end  # noqa: E731
    for code in codes:
        cases = [c for c in CaseIndexEntry.objects.filter(unit_code=code) if in_period(c.received_date)]
        events = [e for e in CaseEvent.objects.filter(unit_code=code) if in_period(e.event_date)]
        processed = [e for e in events if e.kind.startswith("outcome.")]
        resolved = [e for e in events if e.kind in RESOLVING_EVENTS]
        figures[code] = {
            "received": len(cases),
            "received_by": {
                "petition_type": dict(Counter(c.petition_type for c in cases)),
                "field_code": dict(Counter(c.field_code for c in cases)),
                "channel": dict(Counter(c.channel for c in cases)),
                "status": dict(Counter(c.status for c in cases)),
            },
            "processed": len(processed),
            "processed_by": {
                "petition_type": dict(Counter(e.petition_type for e in processed)),
                "field_code": dict(Counter(e.field_code for e in processed)),
                "channel": dict(Counter(e.channel for e in processed)),
                "outcome": dict(Counter(e.outcome for e in processed)),
            },
            "resolved": len(resolved),
            "resolved_on_time": sum(1 for e in resolved if e.on_time),
        }
    return figures


def test_counters_equal_a_recount_and_the_dashboard_answers_as_from_raw_rows(busy_units):
    codes, seed = busy_units
    diff = rollups_compare()
    assert diff.count == 0, f"seed {seed}: {diff.cells[:5]}"
    assert diff.checked > 50, f"seed {seed}"
    # The steps spread over several units, quarters and kinds of step, so the check is not vacuous.
    cells = CaseMonthCount.objects.exclude(n=0)
    assert set(cells.values_list("unit_code", flat=True)) == set(codes), f"seed {seed}"
    measures = set(cells.values_list("measure", flat=True))
    assert {RECEIVED, OUTCOMES} <= measures, f"seed {seed}: {measures}"
    assert cells.filter(measure__in=RESOLVING_EVENTS).exists(), f"seed {seed}: {measures}"
    assert cells.values("month").distinct().count() > 3, f"seed {seed}"
    moved = CaseIndexEntry.objects.exclude(status="registered").count()
    assert moved > 20, f"seed {seed}"  # cases did move between counters
    today = timezone.localdate()
    seen = 0
    for kind, year in PERIODS:
        period = period_bounds(kind, year)
        from_counters = unit_figures(province_code="20", period=period, today=today)
        from_index = unit_figures_from_index(province_code="20", period=period, today=today)
        assert from_counters == from_index, f"seed {seed} {kind}"
        raw = _raw_figures(codes, period)
        for code in codes:
            mine = from_counters.get(code)
            expected = raw[code]
            got = {name: getattr(mine, name) if mine else 0 for name in expected if not name.endswith("_by")}
            assert got == {k: v for k, v in expected.items() if not k.endswith("_by")}, f"seed {seed} {kind} {code}"
            if expected["received"]:
                assert mine.received_by == expected["received_by"], f"seed {seed} {kind} {code}"
            if expected["processed"]:
                assert mine.processed_by == expected["processed_by"], f"seed {seed} {kind} {code}"
            seen += expected["received"] + expected["processed"]
    assert seen > 100, f"seed {seed}"
    # Periods cut anywhere: whole counter months, none, one day, a month and a day, across a year's end.
    rng = random.Random(seed)
    cuts = [(date(2026, 1, 1), date(2026, 12, 31)), (date(2026, 3, 2), date(2026, 3, 30)), (today, today)]
    cuts += [(date(2025, 11, 30), date(2026, 2, 1)), (date(2026, 4, 1), date(2026, 4, 30))]
    cuts += [(today.replace(day=1), today.replace(day=1)), (today.replace(day=1), today.replace(day=2))]
    cuts += [(date(2026, 2, 1), date(2026, 2, 27)), (date(2026, 1, 31), date(2026, 3, 1))]
    for _ in range(10):
        start = date(2025, 12, 1) + timedelta(days=rng.randrange(400))
        cuts.append((start, start + timedelta(days=rng.randrange(200))))
    for start, end in cuts:
        period = Period(kind="year", year=end.year, start=start, end=end, rule_id=0, form_version="")
        from_counters = unit_figures(province_code="20", period=period, today=today)
        assert from_counters == unit_figures_from_index(province_code="20", period=period, today=today), (
            f"seed {seed} {start} – {end}"
        )


# The cuts the migrations copy from the seeded rules: calendar months before 2013, the 16th until
# 9 May 2021 (TT 03/2013), the 15th since 10 May 2021.
CUTS = [(date(2013, 1, 1), 16), (date(2021, 5, 10), 15)]


def test_the_counter_months_follow_the_rules_cut_off_days():
    assert counter_cuts() == CUTS == counter_cuts_from_rules()
    assert counter_month(date(2026, 10, 7), CUTS) == date(2026, 9, 15)
    assert counter_month(date(2026, 10, 15), CUTS) == date(2026, 10, 15)
    assert counter_month(date(2021, 5, 12), CUTS) == date(2021, 5, 10)  # the new rule's first days
    assert counter_month(date(2021, 5, 9), CUTS) == date(2021, 4, 16)
    assert counter_month(date(2012, 12, 31), CUTS) == date(2012, 12, 1)
    assert counter_month_next(date(2021, 4, 16), CUTS) == date(2021, 5, 10)
    assert counter_month_next(date(2021, 5, 10), CUTS) == date(2021, 5, 15)
    assert counter_month_next(date(2012, 12, 1), CUTS) == date(2013, 1, 1)
    # Every report period is whole counter months: read from the counters alone.
    for year in (2022, 2025, 2026, 2027):
        for kind in PERIOD_KINDS:
            period = period_bounds(kind, year)
            first, last = counter_months_within(period.start, period.end, CUTS)
            assert first == period.start
            assert counter_month_next(last, CUTS) == period.end + timedelta(days=1)
    # Q2 2021 is cut by the rule in force at its end (the 15th) but began under the 16th: its
    # first day comes from the raw rows, the rest from the counters.
    q2 = period_bounds("q2", 2021)
    assert counter_months_within(q2.start, q2.end, CUTS) == (date(2021, 3, 16), date(2021, 5, 15))
    assert counter_months_within(date(2026, 1, 1), date(2026, 12, 31), CUTS) == (date(2026, 1, 15), date(2026, 11, 15))
    assert counter_months_within(date(2026, 2, 2), date(2026, 3, 30), CUTS) == (date(2026, 2, 15), date(2026, 2, 15))
    assert counter_months_within(date(2026, 2, 16), date(2026, 3, 30), CUTS) is None
    assert counter_months_within(date(2026, 5, 5), date(2026, 5, 5), CUTS) is None


def test_the_cuts_follow_the_rule_in_force_as_period_rule_finds_it():
    """Rules that overlap or end: the cuts change where the rule ``period_rule`` finds changes, so
    every report period stays whole counter months."""
    rule = {"form_version": "TT 06/2025", "legal_basis": "test"}
    # A rule for 2023 alone over the open one of 2021: the 7th in 2023, the 15th again from 2024.
    ReportPeriodRule.objects.create(
        **rule, effective_from=date(2023, 1, 1), effective_to=date(2023, 12, 31), cutoff_day=7
    )
    assert counter_cuts_from_rules() == [*CUTS, (date(2023, 1, 1), 7), (date(2024, 1, 1), 15)]
    # (The periods across a change, such as Q1 2023 from 7/12/2022, have their first days from the
    # raw rows.)
    changed = [("q2", 2023), ("q4", 2023), ("q2", 2024), ("q4", 2024)]
    for kind, year in [*changed, *((kind, 2025) for kind in PERIOD_KINDS)]:
        period = period_bounds(kind, year)
        first, last = counter_months_within(period.start, period.end, counter_cuts_from_rules())
        assert first == period.start, (kind, year)
        assert counter_month_next(last, counter_cuts_from_rules()) == period.end + timedelta(days=1), (kind, year)
    # A new version with the cut-off day already in force makes no cut.
    ReportPeriodRule.objects.create(**rule, effective_from=date(2026, 1, 1), cutoff_day=15)
    assert counter_cuts_from_rules() == [*CUTS, (date(2023, 1, 1), 7), (date(2024, 1, 1), 15)]
    # Where no rule is in force, calendar months.
    ReportPeriodRule.objects.filter(effective_from__gte=date(2021, 5, 10)).update(effective_to=date(2027, 6, 30))
    assert counter_cuts_from_rules()[-1] == (date(2027, 7, 1), 1)


def test_the_database_and_python_agree_on_every_day_s_counter_month():
    """``caseindex_month`` (the triggers' and the recount's) and ``counter_month`` (the dashboard's
    split), day by day across both rules and the change between them."""
    with connection.cursor() as cursor:
        cursor.execute(
            "SELECT d::date, public.caseindex_month(d::date) "
            "FROM generate_series('2012-11-01'::date, '2027-03-31'::date, interval '1 day') d"
        )
        days = cursor.fetchall()
    assert len(days) > 5000
    assert [(day, counter_month(day, CUTS)) for day, _ in days] == days


def test_a_corrected_cut_off_day_recounts_the_counters_by_it(busy_units, django_capture_on_commit_callbacks):
    """A platform admin corrects the cut-off day [U] with a new rule: until the recount it queues
    has run, the counters and the dashboard still agree on the old cuts (right answers, partly
    from raw rows); after it, the counters are counted by the new cuts, and the new rule's report
    periods are whole counter months again."""
    codes, seed = busy_units
    today = timezone.localdate()
    with django_capture_on_commit_callbacks() as queued:
        ReportPeriodRule.objects.create(
            form_version="TT 06/2025", effective_from=date(2026, 6, 1), cutoff_day=20, legal_basis="TT 06/2025 (test)"
        )
    assert len(queued) == 1
    assert counter_cuts() == CUTS
    with pytest.raises(CommandError, match="a recount is pending"):
        call_command("caseindex_rollups_rebuild", "--check")
    periods = [period_bounds(kind, 2026) for kind in ("q3", "q4", "9m", "year")]
    assert periods[1].start == date(2026, 9, 20)  # the new rule's Q4
    for period in periods:
        assert unit_figures(province_code="20", period=period, today=today) == unit_figures_from_index(
            province_code="20", period=period, today=today
        ), f"seed {seed} {period}"
    queued[0]()  # the worker's task: the recount by the new cuts
    assert counter_cuts() == [*CUTS, (date(2026, 6, 1), 20)]
    call_command("caseindex_rollups_rebuild", "--check")
    assert rollups_cuts_follow() is None  # beat's daily run: nothing to do
    assert rollups_compare().count == 0, f"seed {seed}"
    assert not CaseMonthCount.objects.filter(month__gte=date(2026, 6, 1)).exclude(month__day__in=(1, 20)).exists()
    assert CaseMonthCount.objects.filter(month__gte=date(2026, 6, 20), n__gt=0).exists(), f"seed {seed}"
    q4 = periods[1]
    first, last = counter_months_within(q4.start, q4.end, counter_cuts())
    assert (first, counter_month_next(last, counter_cuts())) == (q4.start, q4.end + timedelta(days=1))
    for period in periods:
        assert unit_figures(province_code="20", period=period, today=today) == unit_figures_from_index(
            province_code="20", period=period, today=today
        ), f"seed {seed} {period}"


def test_the_rebuild_command_finds_and_repairs_a_difference(busy_units, capsys):
    codes, seed = busy_units
    call_command("caseindex_rollups_rebuild", "--check")
    cell = CaseMonthCount.objects.filter(unit_code=codes[0]).exclude(n=0).first()
    CaseMonthCount.objects.filter(pk=cell.pk).update(n=cell.n + 2)
    CaseMonthCount.objects.create(
        province_code="20", unit_code=codes[1], month=timezone.localdate().replace(day=1), measure=OUTCOMES,
        dimension="outcome", value="phantom", n=1,
    )  # fmt: skip
    with pytest.raises(CommandError):
        call_command("caseindex_rollups_rebuild", "--check")
    assert "2 differences found" in capsys.readouterr().out
    call_command("caseindex_rollups_rebuild")
    assert "2 differences repaired" in capsys.readouterr().out
    call_command("caseindex_rollups_rebuild", "--check")
    assert rollups_compare().count == 0
    # A rebuild of one unit leaves the others' counters as they were.
    others = CaseMonthCount.objects.exclude(unit_code=codes[2])
    before = Counter(others.values_list("unit_code", "measure", "month", "dimension", "value", "n"))
    assert rollups_rebuild(unit_codes=[codes[2]]).count == 0
    after = Counter(others.values_list("unit_code", "measure", "month", "dimension", "value", "n"))
    assert before == after


def test_the_dashboard_of_one_province_never_counts_another(busy_units):
    """Lạng Sơn's counters never reach Cao Bằng's inspectorate, while Lạng Sơn's own sees them."""
    codes, seed = busy_units
    cao_bang = unit_provision(spec=unit_spec("04-TTR"))[0]
    lang_son = Unit.objects.get(code="20-TTR")
    period = period_bounds("year", 2026)
    with schema_context(cao_bang.schema_name):
        theirs = province_dashboard(unit=cao_bang, period=period)
    with schema_context(lang_son.schema_name):
        ours = province_dashboard(unit=lang_son, period=period)
    assert not {row.code for row in theirs.units} & set(codes)
    assert theirs.province.received == 0
    assert theirs.province.processed == 0
    assert ours.province.received > 0, f"seed {seed}"


def test_concurrent_writers_lose_no_count(db):
    """Two transactions add to the same cell at once: the second waits for the first and adds to
    its result (ON CONFLICT DO UPDATE), so both counts land."""
    month = timezone.localdate().replace(day=1)
    cell = ("ZZ", OUTCOMES, month, "outcome", "accept", "ZZ-TEST")
    sql = (
        "INSERT INTO caseindex_casemonthcount (province_code, measure, month, dimension, value, unit_code, n) "
        "VALUES (%s, %s, %s, %s, %s, %s, 1) ON CONFLICT (province_code, measure, month, dimension, value, unit_code) "
        "DO UPDATE SET n = caseindex_casemonthcount.n + EXCLUDED.n"
    )
    first, second = _connect(), _connect()
    try:
        rounds = 20
        for _ in range(rounds):
            _second_waits_for_first(first, second, (sql, cell), (sql, cell))
        with first.cursor() as cursor:
            cursor.execute("SELECT n FROM caseindex_casemonthcount WHERE unit_code = 'ZZ-TEST'")
            assert cursor.fetchall() == [(2 * rounds,)]
    finally:
        with first.cursor() as cursor:
            cursor.execute("DELETE FROM caseindex_casemonthcount WHERE unit_code = 'ZZ-TEST'")
        first.commit()
        first.close()
        second.close()


def test_the_index_repair_takes_the_rows_it_removes_out_of_the_counters(busy_units):
    from core.petitions.services.index import petition_index_compare

    codes, seed = busy_units
    source = CaseIndexEntry.objects.filter(unit_code=codes[0]).first()
    values = {f.attname: getattr(source, f.attname) for f in CaseIndexEntry._meta.concrete_fields if not f.primary_key}
    # Two rows of cases the unit does not have, written past the services: counted all the same.
    extra = [CaseIndexEntry.objects.create(case_id=uuid.uuid4(), **values).case_id for _ in range(2)]
    assert rollups_compare().count == 0
    with schema_context(Unit.objects.get(code=codes[0]).schema_name):
        assert sorted(petition_index_compare(fix=True).extra) == sorted(extra), f"seed {seed}"
        assert petition_index_compare().count == 0
    assert not CaseIndexEntry.objects.filter(case_id__in=extra).exists()
    assert rollups_compare().count == 0, f"seed {seed}"


def test_any_write_of_the_index_is_counted_whatever_path_it_takes(busy_units):
    """The triggers count the rows written past the services too: raw inserts, updates that move
    cases and steps between months, types, statuses and kinds, updates that move nothing, deletes."""
    codes, seed = busy_units
    case_columns = (
        "unit_code, province_code, petition_type, field_code, channel, status, outcome, "
        "received_date, accepted_date, decided_date, resolution_due_date, next_due_date, is_overdue, closed_date, "
        "updated_at"
    )
    event_columns = (
        "case_id, unit_code, province_code, petition_type, field_code, channel, kind, from_status, to_status, "
        "event_date, outcome, on_time, prior_resolution"
    )
    before = rollups_compare()
    assert before.count == 0, f"seed {seed}"
    with connection.cursor() as cursor:
        cursor.execute(
            f"INSERT INTO caseindex_caseindexentry (case_id, registry_number, {case_columns}) "
            f"SELECT gen_random_uuid(), 'copy', {case_columns} FROM caseindex_caseindexentry"
        )
        cursor.execute(
            "UPDATE caseindex_caseindexentry SET status = 'moved', received_date = received_date - 20 "
            "WHERE case_id IN (SELECT case_id FROM caseindex_caseindexentry ORDER BY case_id LIMIT 40)"
        )
        cursor.execute("UPDATE caseindex_caseindexentry SET next_due_date = next_due_date + 1")
        cursor.execute(
            "DELETE FROM caseindex_caseindexentry WHERE case_id IN (SELECT case_id FROM caseindex_caseindexentry "
            "WHERE registry_number = 'copy' ORDER BY received_date LIMIT 15)"  # no repeat or key refers to them
        )
        cursor.execute(
            f"INSERT INTO caseindex_caseevent ({event_columns}, source_event_id) "
            f"SELECT {event_columns}, source_event_id + 1000000 FROM caseindex_caseevent"
        )
        cursor.execute(
            "UPDATE caseindex_caseevent SET on_time = NOT COALESCE(on_time, false), event_date = event_date + 40, "
            "kind = CASE WHEN id % 3 = 0 THEN 'outcome.moved' WHEN id % 3 = 1 THEN 'answered' ELSE kind END "
            "WHERE id IN (SELECT id FROM caseindex_caseevent ORDER BY id LIMIT 120)"
        )
        cursor.execute("DELETE FROM caseindex_caseevent WHERE id IN (SELECT id FROM caseindex_caseevent LIMIT 30)")
    after = rollups_compare()
    assert after.count == 0, f"seed {seed}: {after.cells[:5]}"
    assert after.checked > before.checked, f"seed {seed}"  # new cells were made, not only added to
    assert CaseMonthCount.objects.filter(value="moved", n__gt=0).exists()
    assert CaseMonthCount.objects.filter(measure="answered", n__gt=0).exists(), f"seed {seed}"


def test_a_write_of_the_index_is_one_statement_with_its_counters(unit_a):
    """case_upsert and case_event_record each send one statement, no read first; the counters move."""
    from core.caseindex.facts import CaseEventFacts, CaseFacts
    from core.caseindex.selectors import unit_codes
    from core.caseindex.services.cases import case_event_record, case_upsert

    day = date(2026, 10, 7)
    case_id = uuid.uuid4()
    facts = CaseFacts(
        case_id=case_id, registry_number="", petition_type="complaint", field_code="dat-dai", channel="post",
        status="registered", outcome="", received_date=day, accepted_date=None, decided_date=None,
        resolution_due_date=None, next_due_date=day + timedelta(days=10), is_closed=False, closed_date=None,
    )  # fmt: skip
    step = CaseEventFacts(
        case_id=case_id, petition_type="complaint", field_code="dat-dai", channel="post", kind="outcome.accept",
        from_status="registered", to_status="accepted", event_date=day, outcome="accept", complaint_level=1,
        on_time=None, is_processable=True, within_jurisdiction=True, source_event_id=10**9,
    )  # fmt: skip
    cells = CaseMonthCount.objects.filter(unit_code=unit_a.code, month=date(2026, 9, 15))  # 15/09 – 14/10

    def counts():
        return {(c.measure, c.dimension, c.value): c.n for c in cells if c.n}

    with schema_context(unit_a.schema_name):
        # The unit's codes (read once per process) and the connection's search path (set once per
        # request), before the writes are watched.
        unit_codes(unit_a.schema_name)
        CaseMonthCount.objects.exists()
        for write in (
            lambda: case_upsert(facts=facts),
            lambda: case_upsert(facts=dataclasses.replace(facts, status="accepted", outcome="accept")),
            lambda: case_upsert(facts=dataclasses.replace(facts, status="accepted", next_due_date=day)),
            lambda: case_event_record(facts=step),
        ):
            with CaptureQueriesContext(connection) as queries:
                write()
            assert len(queries) == 1, [q["sql"] for q in queries]
            assert queries[0]["sql"].startswith("INSERT INTO")
    assert counts() == {
        (RECEIVED, "petition_type", "complaint"): 1,
        (RECEIVED, "field_code", "dat-dai"): 1,
        (RECEIVED, "channel", "post"): 1,
        (RECEIVED, "status", "accepted"): 1,
        (OUTCOMES, "petition_type", "complaint"): 1,
        (OUTCOMES, "field_code", "dat-dai"): 1,
        (OUTCOMES, "channel", "post"): 1,
        (OUTCOMES, "outcome", "accept"): 1,
    }
    assert rollups_compare(unit_codes=[unit_a.code]).count == 0


def test_concurrent_moves_of_one_case_leave_it_in_one_cell(db):
    """Two transactions move the same case: the second waits for the first's row lock and its
    trigger moves the case out of the cell the first put it in, so the counters stay exact."""
    case_id = str(uuid.uuid4())
    insert = (
        "INSERT INTO caseindex_caseindexentry (case_id, unit_code, province_code, registry_number, petition_type, "
        "field_code, channel, status, outcome, received_date, is_overdue, updated_at) VALUES "
        "(%s, 'ZZ-TEST', 'ZZ', '', 'complaint', 'dat-dai', 'post', 'registered', '', %s, false, now()) "
        "ON CONFLICT (case_id) DO UPDATE SET status = EXCLUDED.status"
    )
    move = "UPDATE caseindex_caseindexentry SET status = %s WHERE case_id = %s"
    first, second = _connect(), _connect()
    try:
        first.cursor().execute(insert, [case_id, date(2026, 10, 7)])
        first.commit()
        for round_ in range(5):
            _second_waits_for_first(first, second, (move, [f"a{round_}", case_id]), (move, [f"b{round_}", case_id]))
        with first.cursor() as cursor:
            cursor.execute(
                "SELECT value, n FROM caseindex_casemonthcount WHERE unit_code = 'ZZ-TEST' AND dimension = 'status' "
                "AND n <> 0"
            )
            assert cursor.fetchall() == [("b4", 1)]
        first.commit()
        assert rollups_compare(unit_codes=["ZZ-TEST"]).count == 0
    finally:
        with first.cursor() as cursor:
            cursor.execute("DELETE FROM caseindex_caseindexentry WHERE unit_code = 'ZZ-TEST'")
            cursor.execute("DELETE FROM caseindex_casemonthcount WHERE unit_code = 'ZZ-TEST'")
        first.commit()
        first.close()
        second.close()


def _connect():
    """A connection of its own to the test database, outside Django's transaction."""
    settings = connection.settings_dict
    return psycopg2.connect(
        dbname=settings["NAME"],
        user=settings["USER"],
        host=settings["HOST"],
        port=settings["PORT"] or 5432,
        password=settings["PASSWORD"],
    )


def _second_waits_for_first(first, second, statement, other_statement) -> None:
    """``first`` runs ``statement`` and holds its rows; ``second``'s ``other_statement`` must wait
    until ``first`` commits, then complete."""
    first.cursor().execute(*statement)
    done = threading.Event()

    def other():
        second.cursor().execute(*other_statement)
        second.commit()
        done.set()

    thread = threading.Thread(target=other)
    thread.start()
    assert not done.wait(0.05)  # the second writer waits for the first
    first.commit()
    thread.join(5)
    assert done.is_set()
