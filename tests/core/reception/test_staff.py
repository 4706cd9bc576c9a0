"""Reception staff, training, duty days for the allowance, rooms, the unit profile and dialogues."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.petitions.models import Petition
from core.reception.models import Dialogue, ReceptionSession
from core.reception.selectors.staff import duty_days, trained_share
from core.reception.services.dialogues import dialogue_record, dialogue_schedule
from core.reception.services.profile import unit_profile_update
from core.reception.services.rooms import room_create
from core.reception.services.staff import officer_create, officer_update, training_add

from .helpers import GROUP, at, held_session, log, today

pytestmark = pytest.mark.django_db


def _in(member, function, **kwargs):
    with schema_context(member.unit.schema_name):
        return function(actor=member.user, **kwargs)


def test_duty_days_count_distinct_days_of_visits_and_sessions(admin_a, receptionist_a, leader_a):
    day = today()
    officer = _in(admin_a, officer_create, full_name="Lường Thị Hoa", employment="full_time", user=receptionist_a.user)
    chair = _in(admin_a, officer_create, full_name="Vi Văn Thành", employment="part_time", user=leader_a.user)
    helper = _in(admin_a, officer_create, full_name="Nông Văn Ba", employment="part_time")  # no account
    log(receptionist_a, visited_at=at(day, 8), citizens=GROUP[:1], headcount=1, outcome="answered")
    log(receptionist_a, visited_at=at(day, 10), citizens=GROUP[1:2], headcount=1, outcome="answered")  # same day
    log(receptionist_a, visited_at=at(day - timedelta(days=2)), citizens=GROUP[2:3], headcount=1, outcome="answered")
    attended = held_session(leader_a, day - timedelta(days=5))
    held_session(leader_a, day - timedelta(days=2))
    planned = held_session(leader_a, day - timedelta(days=1), status="planned")  # not held: no duty
    with schema_context(admin_a.unit.schema_name):
        attended.officers.set([officer, helper])
        planned.officers.set([helper])
        rows = {row.officer.pk: row for row in duty_days(start=day - timedelta(days=10), end=day)}
        outside = {
            row.officer.pk: row.count for row in duty_days(start=day + timedelta(days=1), end=day + timedelta(days=5))
        }
    assert rows[officer.pk].days == [day - timedelta(days=5), day - timedelta(days=2), day]
    assert rows[chair.pk].days == [day - timedelta(days=5), day - timedelta(days=2)]
    assert rows[helper.pk].days == [day - timedelta(days=5)]
    assert set(outside.values()) == {0}


def test_trained_share_counts_active_officers_with_a_training(admin_a):
    with schema_context(admin_a.unit.schema_name):
        assert trained_share().percent is None  # no officer yet
    first = _in(admin_a, officer_create, full_name="A", employment="full_time")
    second = _in(admin_a, officer_create, full_name="B", employment="part_time")
    gone = _in(admin_a, officer_create, full_name="C", employment="part_time")
    _in(admin_a, training_add, officer=first, course="Nghiệp vụ tiếp công dân", completed_on=today())
    _in(admin_a, training_add, officer=gone, course="Nghiệp vụ tiếp công dân", completed_on=today())
    _in(admin_a, officer_update, officer=gone, active=False)
    with schema_context(admin_a.unit.schema_name):
        share = trained_share()
    assert (share.trained, share.total, share.percent) == (1, 2, 50)
    _in(admin_a, training_add, officer=second, course="Kỹ năng đối thoại", completed_on=today())
    with schema_context(admin_a.unit.schema_name):
        assert trained_share().percent == 100


def test_staff_services_refuse_bad_input_and_other_roles(admin_a, receptionist_a):
    with pytest.raises(PermissionDeniedError):
        _in(receptionist_a, officer_create, full_name="X", employment="full_time")
    with pytest.raises(ApplicationError) as employment:
        _in(admin_a, officer_create, full_name="X", employment="sometimes")
    assert employment.value.extra["field"] == "employment"
    officer = _in(admin_a, officer_create, full_name="X", employment="full_time", user=receptionist_a.user)
    with pytest.raises(ConflictError):
        _in(admin_a, officer_create, full_name="Y", employment="full_time", user=receptionist_a.user)
    with pytest.raises(ApplicationError):
        _in(admin_a, training_add, officer=officer, course="Z", completed_on=today() + timedelta(days=1))
    with pytest.raises(ApplicationError):
        _in(admin_a, room_create, name="", address="UBND xã")
    with pytest.raises(PermissionDeniedError):
        _in(receptionist_a, unit_profile_update, reception_rules="x")
    profile = _in(admin_a, unit_profile_update, reception_rules="  Nội quy  ", reception_hours="Thứ Năm")
    assert (profile.reception_rules, profile.reception_hours) == ("Nội quy", "Thứ Năm")


def test_dialogue_is_scheduled_with_the_lead_time_and_recorded_in_the_complaint(leader_a, receptionist_a):
    visit = log(receptionist_a)
    with schema_context(leader_a.unit.schema_name):
        Petition.objects.filter(pk=visit.petition_id).update(status="verifying")
        petition = Petition.objects.get(pk=visit.petition_id)
    with pytest.raises(ApplicationError):
        _in(
            leader_a,
            dialogue_schedule,
            petition=petition,
            scheduled_at=at(today() + timedelta(days=1)),
            place="UBND xã",
            participants="Các bên",
        )
    other = log(receptionist_a, petition_type="feedback", citizens=GROUP[:1], headcount=1)
    with schema_context(leader_a.unit.schema_name):
        feedback = Petition.objects.get(pk=other.petition_id)
    with pytest.raises(ConflictError):  # not a complaint under resolution
        _in(
            leader_a,
            dialogue_schedule,
            petition=feedback,
            scheduled_at=at(today() + timedelta(days=20)),
            place="UBND xã",
            participants="Các bên",
        )
    scheduled = _in(
        leader_a,
        dialogue_schedule,
        petition=petition,
        scheduled_at=at(today() + timedelta(days=20)),
        place="UBND xã",
        participants="Người khiếu nại; công chức địa chính",
    )
    assert scheduled.invited_on == today()
    with pytest.raises(ApplicationError):  # not before its date
        _in(leader_a, dialogue_record, dialogue=scheduled, minutes="x", outcome="")
    with schema_context(leader_a.unit.schema_name):
        past = Dialogue.objects.create(
            petition=petition,
            scheduled_at=at(today()),
            place="UBND xã",
            invited_on=today() - timedelta(days=10),
            participants="Các bên",
        )
    done = _in(leader_a, dialogue_record, dialogue=past, minutes="Hai bên thống nhất phương án.", outcome="Đồng ý")
    assert done.held
    with schema_context(leader_a.unit.schema_name):
        petition.refresh_from_db()
        assert petition.status == "dialogue"  # the complaint's lifecycle recorded it too
        assert ReceptionSession.objects.count() == 0
    with pytest.raises(ConflictError):
        _in(leader_a, dialogue_record, dialogue=past, minutes="x", outcome="")
