"""The index's month counters (``CaseMonthCount``): after random steps through the real services in
several units, they equal a recount of the index, the dashboard answers from them (whole months)
and the raw rows (partial months) exactly what it answers from the raw index rows alone, for every
report period and for periods cut anywhere in a month, concurrent writers lose no count, and the
rebuild command finds and repairs a difference."""

from __future__ import annotations

import random
import threading
import uuid
from collections import Counter
from datetime import date, timedelta

import psycopg2
import pytest
from django.core.management import CommandError, call_command
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.counters import OUTCOMES, RECEIVED
from core.caseindex.models import CaseEvent, CaseIndexEntry, CaseMonthCount
from core.caseindex.services.rollups import rollups_compare, rollups_rebuild
from core.oversight.selectors import month_split, province_dashboard, unit_figures, unit_figures_from_index
from core.petitions.choices import RESOLVING_EVENTS
from core.reports.periods import Period, period_bounds
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
    # Periods cut anywhere: whole months, none, one day, a month and a day, across a year's end.
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


def test_the_whole_months_of_a_period():
    assert month_split(date(2025, 12, 15), date(2026, 12, 14)) == (date(2026, 1, 1), date(2026, 11, 1))
    assert month_split(date(2026, 1, 1), date(2026, 1, 31)) == (date(2026, 1, 1), date(2026, 1, 1))
    assert month_split(date(2026, 2, 1), date(2026, 2, 28)) == (date(2026, 2, 1), date(2026, 2, 1))
    assert month_split(date(2026, 2, 2), date(2026, 3, 30)) is None
    assert month_split(date(2026, 12, 15), date(2027, 1, 31)) == (date(2027, 1, 1), date(2027, 1, 1))
    assert month_split(date(2026, 5, 5), date(2026, 5, 5)) is None


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
    settings = connection.settings_dict
    params = {
        "dbname": settings["NAME"],
        "user": settings["USER"],
        "host": settings["HOST"],
        "port": settings["PORT"] or 5432,
        "password": settings["PASSWORD"],
    }
    month = timezone.localdate().replace(day=1)
    cell = ("ZZ", OUTCOMES, month, "outcome", "accept", "ZZ-TEST")
    sql = (
        "INSERT INTO caseindex_casemonthcount (province_code, measure, month, dimension, value, unit_code, n) "
        "VALUES (%s, %s, %s, %s, %s, %s, 1) ON CONFLICT (province_code, measure, month, dimension, value, unit_code) "
        "DO UPDATE SET n = caseindex_casemonthcount.n + EXCLUDED.n"
    )
    first, second = psycopg2.connect(**params), psycopg2.connect(**params)
    try:
        rounds = 20
        for _ in range(rounds):
            first.cursor().execute(sql, cell)  # holds the cell until it commits
            done = threading.Event()

            def other(done=done):
                second.cursor().execute(sql, cell)
                second.commit()
                done.set()

            thread = threading.Thread(target=other)
            thread.start()
            assert not done.wait(0.05)  # the second writer waits for the first
            first.commit()
            thread.join(5)
            assert done.is_set()
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
    from core.caseindex.services.rollups import case_moved
    from core.petitions.services.index import petition_index_compare

    codes, seed = busy_units
    source = CaseIndexEntry.objects.filter(unit_code=codes[0]).first()
    values = {f.attname: getattr(source, f.attname) for f in CaseIndexEntry._meta.concrete_fields if not f.primary_key}
    # Two rows (counted, as every write counts) of cases the unit does not have.
    extra = [CaseIndexEntry.objects.create(case_id=uuid.uuid4(), **values).case_id for _ in range(2)]
    case_moved(None, values)
    case_moved(None, values)
    assert rollups_compare().count == 0
    with schema_context(Unit.objects.get(code=codes[0]).schema_name):
        assert sorted(petition_index_compare(fix=True).extra) == sorted(extra), f"seed {seed}"
        assert petition_index_compare().count == 0
    assert not CaseIndexEntry.objects.filter(case_id__in=extra).exists()
    assert rollups_compare().count == 0, f"seed {seed}"
