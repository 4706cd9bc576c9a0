"""01/TCD's reception columns: visits, persons, cases first / repeat and crowd delegations, at
regular reception and at the head's sessions (in person or delegated), counted per period from the
public reception facts, equal to a recount from the units' own reception logs, and read back from
the workbook."""

from __future__ import annotations

from collections import Counter
from datetime import date, datetime, time, timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.reception.models import ReceptionSession, UnitProfile, Visit
from core.reception.services.sessions import session_hold
from core.reception.services.visits import visit_log
from core.reports.compute import UnitRef, province_report, unit_report
from core.reports.definitions import form_spec
from core.reports.excel import HEADER_ROW, workbook_bytes
from core.reports.periods import period_bounds
from tests.conftest import member_make, member_reload
from tests.shared_data import shared

from .conftest import CITIZENS, PII, row_of
from .test_excel import read_table, texts

pytestmark = pytest.mark.django_db
D = date
SENDER = CITIZENS[0]
GROUP = [{"full_name": f"Người dân {i}", "id_kind": "none", "is_representative": i < 2} for i in range(7)]
BLOCKS = ("", "regular_", "head_", "delegated_")
MEASURES = (
    "visits",
    "persons",
    "cases_first",
    "cases_repeat",
    "crowds",
    "crowd_persons",
    "crowd_cases_first",
    "crowd_cases_repeat",
)


def _visit(member, day: date, **overrides) -> Visit:
    values = {
        "visited_at": timezone.make_aware(datetime.combine(day, time(9))),
        "place": "Phòng tiếp công dân",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "content": "Khiếu nại về bồi thường đất.",
        "outcome": "answered",
        "citizens": [SENDER],
        "headcount": 1,
    }
    values.update(overrides)
    with schema_context(member.unit.schema_name):
        return visit_log(actor=member.user, **values)


def _session(head, day: date, *, kind: str = "periodic", deputy=None, visits=()) -> ReceptionSession:
    """A past session put on the record, then held through the service (which mirrors it)."""
    with schema_context(head.unit.schema_name):
        session = ReceptionSession.objects.create(
            kind=kind,
            date=day,
            start_time=time(8),
            place="Trụ sở UBND",
            presiding=(deputy or head).user,
            is_substitution=deputy is not None,
            substitution_reason="Chủ tịch đi công tác" if deputy else "",
            published_on=day - timedelta(days=10),
        )
        return session_hold(actor=head.user, session=session, minutes="Biên bản.", visit_ids=[v.pk for v in visits])


@pytest.fixture
def reception(leader_a, leader_b, shared_data):
    """Unit A and B's reception around Q3 2026 (15/06 – 14/09); the leaders head their units."""
    return shared_data("reception")


@shared("reception", needs=("leader_a", "leader_b"), load=lambda leaders: tuple(map(member_reload, leaders)))
def _reception(leader_a, leader_b):
    deputy_a = member_make(leader_a.unit, roles=("leader",), username="pho_chu_tich_a")
    for head in (leader_a, leader_b):
        with schema_context(head.unit.schema_name):
            UnitProfile.objects.create(head=head.user, head_title="Chủ tịch")
    a = leader_a
    _visit(a, D(2026, 6, 10))  # before Q3 (in 9 months): regular, first
    _visit(a, D(2026, 6, 16))  # regular, the same matter again: repeat
    _visit(a, D(2026, 7, 1), citizens=GROUP, headcount=7, outcome="petition", subject="Bồi thường")  # regular crowd
    _session(
        a,
        D(2026, 7, 6),
        visits=[  # the head in person: a crowd of 5, a newcomer, a repeat
            _visit(a, D(2026, 7, 6), citizens=GROUP[:5], headcount=5, field_code="nha-o"),
            _visit(a, D(2026, 7, 6), citizens=[{"full_name": "Hà Thị Lan", "id_kind": "none"}]),
            _visit(a, D(2026, 7, 6)),
        ],
    )
    _session(
        a,
        D(2026, 7, 20),
        deputy=deputy_a,
        visits=[  # a deputy standing in: delegated
            _visit(
                a, D(2026, 7, 20), citizens=[{"full_name": "Lò Thị Hoa", "id_kind": "none"}], field_code="chinh-sach"
            ),
        ],
    )
    _session(
        a,
        D(2026, 8, 17),
        kind="ad_hoc",
        visits=[
            _visit(a, D(2026, 8, 17), citizens=GROUP[:6], headcount=6, field_code="chinh-sach"),
        ],
    )
    _session(a, D(2026, 9, 3), kind="online")  # no visit
    _session(a, D(2026, 9, 15), visits=[_visit(a, D(2026, 9, 15))])  # after Q3: the first matter again
    b = leader_b
    _session(b, D(2026, 6, 22), visits=[_visit(b, D(2026, 6, 22))])
    _visit(b, D(2026, 9, 2), citizens=GROUP, headcount=7)
    return leader_a, leader_b


#: Unit A's reception figures for Q3 2026, by hand from the fixture's comments.
EXPECTED_A = {
    "visits": 7,
    "persons": 22,
    "cases_first": 5,
    "cases_repeat": 2,
    "crowds": 3,
    "crowd_persons": 18,
    "regular_visits": 2,
    "regular_persons": 8,
    "regular_cases_first": 1,
    "regular_cases_repeat": 1,
    "regular_crowds": 1,
    "regular_crowd_persons": 7,
    "head_sessions": 3,
    "head_visits": 4,
    "head_persons": 13,
    "head_cases_first": 3,
    "head_cases_repeat": 1,
    "head_crowds": 2,
    "head_crowd_persons": 11,
    "delegated_sessions": 1,
    "delegated_visits": 1,
    "delegated_persons": 1,
    "delegated_cases_first": 1,
    "delegated_cases_repeat": 0,
    "delegated_crowds": 0,
    "delegated_crowd_persons": 0,
    "crowd_cases_first": 3,
    "crowd_cases_repeat": 0,
    "regular_crowd_cases_first": 1,
    "head_crowd_cases_first": 2,
    "delegated_crowd_cases_first": 0,
    "reception_total": 1,
    "reception_complaint": 1,
}
EXPECTED_B = {
    "visits": 2,
    "persons": 8,
    "cases_first": 2,
    "cases_repeat": 0,
    "crowds": 1,
    "crowd_persons": 7,
    "regular_visits": 1,
    "regular_persons": 7,
    "head_sessions": 1,
    "head_visits": 1,
    "head_persons": 1,
    "delegated_sessions": 0,
    "delegated_visits": 0,
    "reception_total": 0,
}


def recount(unit, period) -> Counter:
    """01/TCD's reception columns of one unit, counted from its own reception log and sessions, a
    visit attributed through its session (the public facts attribute it by day and kind)."""
    in_period = lambda day: period.start <= day <= period.end  # noqa: E731
    counts: Counter = Counter()
    with schema_context(unit.schema_name):
        head = UnitProfile.objects.values_list("head_id", flat=True).first()
        visits = [
            v for v in Visit.objects.select_related("session") if in_period(timezone.localtime(v.visited_at).date())
        ]
        held = [s for s in ReceptionSession.objects.filter(status="held") if in_period(s.date)]
    by_head = lambda s: s.presiding_id == head and not s.is_substitution  # noqa: E731
    for visit in visits:
        block = "regular_" if visit.session is None else "head_" if by_head(visit.session) else "delegated_"
        for prefix in ("", block):
            counts[f"{prefix}visits"] += 1
            counts[f"{prefix}persons"] += visit.headcount
            counts[f"{prefix}cases_repeat" if visit.is_repeat else f"{prefix}cases_first"] += 1
            if visit.is_crowd:
                counts[f"{prefix}crowds"] += 1
                counts[f"{prefix}crowd_persons"] += visit.headcount
                counts[f"{prefix}crowd_cases_repeat" if visit.is_repeat else f"{prefix}crowd_cases_first"] += 1
    for session in held:
        counts["head_sessions" if by_head(session) else "delegated_sessions"] += 1
    return counts


def _reception_values(values: dict) -> dict:
    return {key: value for key, value in values.items() if not key.startswith("reception_")}


def test_the_form_has_the_reception_columns_and_keeps_the_petition_types():
    spec = form_spec("01/TCD", "TT 06/2025")
    keys = [column.key for column in spec.columns]
    assert keys[: len(MEASURES)] == list(MEASURES)
    assert keys[-6:] == [
        "reception_total",
        "reception_complaint",
        "reception_denunciation",
        "reception_recommendation",
        "reception_feedback",
        "reception_mixed",
    ]
    assert {"head_sessions", "delegated_sessions", "regular_crowd_persons", "delegated_crowds"} <= set(keys)
    assert [column.code for column in spec.columns] == [str(n) for n in range(1, len(keys) + 1)]
    assert not any("chưa có" in note or "sẽ có" in note for note in spec.notes)


def test_q3_counts_of_each_unit(reception, unit_a, unit_b):
    q3 = period_bounds("q3", 2026)
    for unit, expected in ((unit_a, EXPECTED_A), (unit_b, EXPECTED_B)):
        values = unit_report(form="01/TCD", period=q3, unit=UnitRef.of(unit)).as_dict()["rows"][0]["values"]
        assert {key: values[key] for key in expected} == expected, unit.code
        # The blocks add up: all reception = regular + the head in person + delegated.
        for measure in MEASURES:
            assert values[measure] == sum(values[f"{block}{measure}"] for block in BLOCKS[1:]), measure


@pytest.mark.parametrize("kind", ["q2", "q3", "q4", "6m", "9m", "year"])
def test_every_period_equals_a_recount_from_the_units_reception_logs(kind, reception, unit_a, unit_b, inspectorate):
    period = period_bounds(kind, 2026)
    report = province_report(form="01/TCD", period=period, issuer=UnitRef.of(inspectorate)).as_dict()
    for unit in (unit_a, unit_b):
        values = _reception_values(row_of(report, unit.code))
        assert values == {key: recount(unit, period)[key] for key in values}, unit.code
    for key in report["total"]:
        assert report["total"][key] == sum(row["values"][key] for row in report["rows"]), key


def test_the_periods_differ_as_the_dates_say(reception, unit_a):
    def values(kind):
        period = period_bounds(kind, 2026)
        return unit_report(form="01/TCD", period=period, unit=UnitRef.of(unit_a)).as_dict()["rows"][0]["values"]

    nine_months, year, q4 = values("9m"), values("year"), values("q4")
    assert (nine_months["visits"], nine_months["regular_visits"], nine_months["regular_cases_first"]) == (8, 3, 2)
    assert (year["visits"], year["head_sessions"], year["head_visits"]) == (9, 4, 5)
    assert (q4["visits"], q4["head_sessions"], q4["head_cases_repeat"]) == (1, 1, 1)


def test_the_workbook_reads_back_with_the_reception_columns(reception, unit_a, unit_b, inspectorate):
    q3 = period_bounds("q3", 2026)
    report = unit_report(form="01/TCD", period=q3, unit=UnitRef.of(unit_a)).as_dict()
    sheet = load_workbook(BytesIO(workbook_bytes([report])))["01-TCD"]
    numbers, rows, total = read_table(sheet)
    keys = [column["key"] for column in report["columns"]]
    assert numbers == [f"({n})" for n in range(1, 41)]
    assert rows == {unit_a.name: [report["rows"][0]["values"][key] for key in keys]}
    assert dict(zip(keys, total, strict=True)) == report["total"]
    assert {key: report["total"][key] for key in EXPECTED_A} == EXPECTED_A
    content = texts(sheet)
    assert "Biểu số 01/TCD" in content
    assert "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN" in content
    groups = [sheet.cell(row=HEADER_ROW, column=column).value for column in (3, 11, 19, 28, 37)]
    assert groups == [
        "Tổng số tiếp công dân",
        "Tiếp thường xuyên",
        "Tiếp định kỳ, đột xuất: Thủ trưởng tiếp",
        "Tiếp định kỳ, đột xuất: Ủy quyền tiếp",
        "Đơn tiếp nhận qua tiếp công dân",
    ]
    assert sheet.cell(row=HEADER_ROW + 1, column=19).value == "Kỳ tiếp"
    assert not any("chưa có" in text for text in content)
    assert not [
        secret for secret in (*PII, "Người dân", "Hà Thị Lan", "Lò Thị Hoa") if any(secret in t for t in content)
    ]
    province = province_report(form="01/TCD", period=q3, issuer=UnitRef.of(inspectorate)).as_dict()
    _numbers, rows, total = read_table(load_workbook(BytesIO(workbook_bytes([province])))["01-TCD"])
    assert rows[unit_b.name] == [row_of(province, unit_b.code)[key] for key in keys]
    assert total == [province["total"][key] for key in keys]
