from datetime import date, datetime, time

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError
from core.reception.models import Matter, ReceptionSession, UnitProfile, Visit
from core.reception.selectors.compliance import reception_compliance
from core.reception.services.visits import visit_log

pytestmark = pytest.mark.django_db


def _at(day: date, hour: int = 9) -> datetime:
    return timezone.make_aware(datetime.combine(day, time(hour)))


GROUP = [
    {"full_name": f"Người dân {i}", "id_kind": "none", "is_representative": i < 2} for i in range(7)
]  # 7 people, 2 representatives


def _log(member, **overrides):
    values = {
        "visited_at": _at(date(2026, 11, 16)),
        "place": "Phòng tiếp công dân xã",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "content": "Khiếu nại về bồi thường khi thu hồi đất làm đường.",
        "outcome": "petition",
        "citizens": GROUP,
        "headcount": 7,
        "subject": "Bồi thường thu hồi đất",
    }
    values.update(overrides)
    with schema_context(member.unit.schema_name):
        return visit_log(actor=member.user, **values)


def test_group_visit_registers_its_petition_in_one_step(receptionist_a):
    visit = _log(receptionist_a)
    with schema_context(receptionist_a.unit.schema_name):
        visit = Visit.objects.select_related("petition", "matter").get(pk=visit.pk)
        assert (visit.headcount, visit.is_crowd) == (7, True)
        assert visit.visitcitizen_set.filter(is_representative=True).count() == 2
        assert visit.petition.channel == "reception"
        assert visit.petition.signer_count == 7
        # Visit Mon 16/11/2026: tell the citizen within 10 working days; Tue 24/11 is Vietnam Culture
        # Day (a holiday from 2026), so the tenth working day is Tue 1/12.
        assert visit.notice_due_date == date(2026, 12, 1)
        assert visit.matter.has_crowd


def test_a_crowd_must_appoint_representatives_by_the_rules(receptionist_a):
    with pytest.raises(ApplicationError) as refused:
        _log(receptionist_a, citizens=[{**c, "is_representative": False} for c in GROUP])
    assert refused.value.extra["field"] == "citizens"
    twelve = [{"full_name": f"N {i}", "id_kind": "none", "is_representative": i < 6} for i in range(12)]
    with pytest.raises(ApplicationError):
        _log(receptionist_a, citizens=twelve, headcount=12)  # at most 5 representatives


def test_repeat_visits_on_the_same_matter_are_detected(receptionist_a):
    person = [{"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "020085001234"}]
    first = _log(receptionist_a, citizens=person, headcount=1, outcome="guided", referred_to="UBND tỉnh")
    second = _log(receptionist_a, citizens=person, headcount=1, outcome="answered", visited_at=_at(date(2026, 11, 20)))
    other_field = _log(receptionist_a, citizens=person, headcount=1, outcome="answered", field_code="nha-o")
    with schema_context(receptionist_a.unit.schema_name):
        assert not Visit.objects.get(pk=first.pk).is_repeat
        assert Visit.objects.get(pk=second.pk).is_repeat
        assert Visit.objects.get(pk=second.pk).matter_id == first.matter_id
        assert Matter.objects.get(pk=first.matter_id).visit_count == 2
        assert Visit.objects.get(pk=other_field.pk).matter_id != first.matter_id


def test_refusal_needs_a_ground_valid_on_the_date(receptionist_a):
    with pytest.raises(ApplicationError):
        _log(receptionist_a, outcome="refused", citizens=GROUP[:1], headcount=1)
    with pytest.raises(ApplicationError):  # a NĐ 154/2026 ground, before 1/7/2026
        _log(
            receptionist_a,
            outcome="refused",
            refusal_reason="weapons",
            citizens=GROUP[:1],
            headcount=1,
            visited_at=_at(date(2026, 6, 10)),
        )
    visit = _log(receptionist_a, outcome="refused", refusal_reason="weapons", citizens=GROUP[:1], headcount=1)
    assert visit.notified_on == date(2026, 11, 16)


def _session(leader, day, *, substitution=False, status="held"):
    return ReceptionSession.objects.create(
        kind="periodic",
        date=day,
        start_time=time(8),
        place="Trụ sở UBND xã",
        presiding=leader,
        is_substitution=substitution,
        status=status,
        published_on=day.replace(day=1),
    )


def test_compliance_across_the_1_july_2026_switch(leader_a, make_member, unit_a):
    deputy = make_member(unit_a, roles=("leader",), username="pho_chu_tich")
    with schema_context(unit_a.schema_name):
        UnitProfile.objects.create(head=leader_a.user, head_title="Chủ tịch UBND xã")
        for day in (1, 8, 15, 22, 29):  # one session every week of June 2026 (Mondays)
            _session(leader_a.user, date(2026, 6, day))
        _session(leader_a.user, date(2026, 7, 6))
        _session(leader_a.user, date(2026, 7, 20))  # two days in July
        _session(leader_a.user, date(2026, 8, 3))  # one day in August: short
        _session(deputy.user, date(2026, 8, 17), substitution=True)  # a deputy's session does not count
        rows = reception_compliance(unit_kind="commune", start=date(2026, 6, 1), end=date(2026, 8, 31))
    june = [r for r in rows if r.per == "week"]
    months = {r.start.month: r for r in rows if r.per == "month"}
    assert [r.compliant for r in june] == [True] * 4  # the whole weeks 1/6..28/6
    assert (months[7].compliant, months[7].head_days, months[7].required_days) == (True, 2, 2)
    assert (months[8].compliant, months[8].head_days, months[8].substituted_days) == (False, 1, 1)


def test_department_heads_must_receive_one_day_a_month(leader_a, unit_a):
    with schema_context(unit_a.schema_name):
        UnitProfile.objects.create(head=leader_a.user)
        _session(leader_a.user, date(2026, 9, 10))
        rows = reception_compliance(unit_kind="department", start=date(2026, 9, 1), end=date(2026, 10, 31))
    assert [(r.start.month, r.compliant) for r in rows] == [(9, True), (10, False)]


def test_a_denunciation_is_never_joined_to_a_named_visit_by_identity(receptionist_a):
    person = [{"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "020085001234"}]
    named = _log(receptionist_a, citizens=person, headcount=1, outcome="answered")
    denunciation = _log(
        receptionist_a,
        citizens=person,
        headcount=1,
        outcome="answered",
        petition_type="denunciation",
        matter_id=named.matter_id,
    )
    with schema_context(receptionist_a.unit.schema_name):
        sealed = Visit.objects.get(pk=denunciation.pk)
        assert sealed.matter_id != named.matter_id
        assert not sealed.is_repeat
        assert not sealed.citizens.exists()
