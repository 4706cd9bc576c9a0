"""The reception clocks of issue 9 §3: refusal grounds by date (NĐ 154/2026 Art. 4 complete) and the
01/TCD notice they open, the exact 5-working-day publication lead, and an online session's clocks."""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError
from core.legal.selectors import compute
from core.reception.choices import RefusalReason
from core.reception.models import ReceptionSession
from core.reception.selectors.sessions import publication_check, session_clocks
from core.reception.services.sessions import session_schedule

from .helpers import at, log, today

pytestmark = pytest.mark.django_db

D = date
ONE = [{"full_name": "Lộc Văn Tư", "id_kind": "cccd", "id_number": "020085001234"}]


def refuse(member, ground: str, day: date):
    return log(
        member,
        visited_at=at(day),
        outcome="refused",
        refusal_reason=ground,
        petition_type="feedback",
        citizens=ONE,
        headcount=1,
        content="Phản ánh về đường liên thôn.",
    )


def test_every_ground_of_nd_154_art_4_exists_from_1_july_2026(receptionist_a):
    for ground in RefusalReason.values:
        visit = refuse(receptionist_a, ground, D(2026, 9, 1))
        assert visit.refusal_reason == ground


@pytest.mark.parametrize("ground", ["disorder", "answered", "weapons", "security_check", "judged"])
def test_the_decrees_grounds_did_not_exist_before_1_july_2026(receptionist_a, ground):
    with pytest.raises(ApplicationError) as refused:
        refuse(receptionist_a, ground, D(2026, 6, 30))
    assert refused.value.extra["field"] == "refusal_reason"


@pytest.mark.parametrize("ground", ["answered", "resolved"])
def test_a_persistent_ground_opens_the_refusal_notice_clock(receptionist_a, ground):
    visit = refuse(receptionist_a, ground, D(2026, 9, 15))  # Tue 15/9: 3 working days -> Fri 18/9
    expected = compute(code="reception.refusal_notice", start=D(2026, 9, 15))
    assert (visit.refusal_notice_due_date, visit.refusal_notice_rule_basis) == (D(2026, 9, 18), expected.legal_basis)


def test_other_grounds_and_earlier_refusals_open_no_notice_clock(receptionist_a):
    assert refuse(receptionist_a, "disorder", D(2026, 9, 15)).refusal_notice_due_date is None
    # Before NĐ 154/2026 no time limit for the notice is known: none is invented.
    assert refuse(receptionist_a, "resolved", D(2026, 6, 15)).refusal_notice_due_date is None


def test_an_early_ground_through_the_api_is_a_400_naming_the_field(receptionist_a):
    response = receptionist_a.api().post(
        receptionist_a.url("api/v1/reception/visits/"),
        {
            "visited_at": at(D(2026, 6, 30)).isoformat(),
            "place": "Phòng tiếp công dân",
            "petition_type": "feedback",
            "field_code": "dat-dai",
            "content": "Phản ánh.",
            "outcome": "refused",
            "refusal_reason": "disorder",
            "citizens": ONE,
        },
        format="json",
    )
    assert response.status_code == 400
    assert response.json()["field"] == "refusal_reason"


@pytest.mark.parametrize(
    ("session_day", "last_in_time"),
    [
        pytest.param(D(2026, 6, 15), D(2026, 6, 8), id="Mon 15/6: Mon 8/6 is 5 working days ahead"),
        pytest.param(D(2026, 9, 7), D(2026, 8, 26), id="Mon 7/9: 4/9, 3/9, (2/9, 1/9, 31/8 off), 28/8, 27/8, 26/8"),
    ],
)
def test_publication_lead_time_is_exactly_five_working_days(session_day, last_in_time):
    session = ReceptionSession(kind="periodic", date=session_day, published_on=last_in_time)
    assert publication_check(session).publish_by == last_in_time
    assert not publication_check(session).late
    session.published_on = last_in_time + timedelta(days=1)
    assert publication_check(session).late


def test_an_online_session_has_its_notice_and_link_test_clocks(leader_a):
    day = today() + timedelta(days=30)
    with schema_context(leader_a.unit.schema_name):
        session = session_schedule(
            actor=leader_a.user,
            kind="online",
            date=day,
            start_time=time(8),
            place="Điểm cầu UBND xã",
            presiding=leader_a.user,
        )
        clocks = {clock.code: clock for clock in session_clocks(session)}
        periodic = session_schedule(
            actor=leader_a.user,
            kind="periodic",
            date=day,
            start_time=time(14),
            place="Trụ sở UBND xã",
            presiding=leader_a.user,
        )
        assert [clock.code for clock in session_clocks(periodic)] == ["schedule.publication"]
    assert set(clocks) == {"schedule.publication", "reception.online_notice", "reception.online_link_test"}
    link_test = clocks["reception.online_link_test"].due_date
    assert link_test < day
    assert clocks["reception.online_notice"].due_date < link_test
    page = leader_a.web().get(leader_a.url(f"tiep-dan/lich-tiep/{session.pk}/"))
    assert f"{link_test:%d/%m/%Y}" in page.content.decode()
