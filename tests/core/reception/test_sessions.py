"""Leaders' sessions through the services: scheduling, publication lead time, substitution,
postponement, holding, the results notice (read back with python-docx) and its follow-up tasks."""

from __future__ import annotations

from datetime import time, timedelta

import pytest
from django_tenants.utils import schema_context

from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.documents.models import IssuedDocument
from core.legal.selectors import compute
from core.reception.models import UnitProfile, Visit
from core.reception.selectors.instructions import instructions_overdue
from core.reception.selectors.sessions import publication_check
from core.reception.services.instructions import instruction_add, instruction_complete
from core.reception.services.sessions import (
    session_cancel,
    session_hold,
    session_notice_issue,
    session_postpone,
    session_publish,
    session_schedule,
    session_substitute,
    sessions_schedule_weekly,
)

from .helpers import GROUP, at, docx_text, log, today

pytestmark = pytest.mark.django_db


@pytest.fixture
def deputy_a(unit_a, make_member):
    return make_member(unit_a, roles=("leader",), username="pho_chu_tich_a", full_name="Hoàng Văn Nam")


@pytest.fixture
def head_a(leader_a):
    with schema_context(leader_a.unit.schema_name):
        UnitProfile.objects.create(head=leader_a.user, head_title="Chủ tịch UBND xã")
    return leader_a


def _schedule(member, **overrides):
    values = {
        "kind": "periodic",
        "date": today() + timedelta(days=30),
        "start_time": time(7, 30),
        "end_time": time(11, 30),
        "place": "Trụ sở UBND xã Tân Đoàn",
        "presiding": member.user,
    }
    values.update(overrides)
    with schema_context(member.unit.schema_name):
        return session_schedule(actor=member.user, **values)


def _in(member, function, **kwargs):
    with schema_context(member.unit.schema_name):
        return function(actor=member.user, **kwargs)


def test_publication_in_time_has_no_warning(head_a):
    session = _schedule(head_a)
    with schema_context(head_a.unit.schema_name):
        rule = compute(code="schedule.publication", start=session.date)
        check = publication_check(session)
        assert check.publish_by == rule.due_date  # the last day that is still 5 working days ahead
        assert check.late is False
        assert check.warning == ""
        session = session_publish(actor=head_a.user, session=session, published_on=today())
        assert session.published_on == today()
        assert publication_check(session).warning == ""


def test_late_publication_is_recorded_with_a_warning(head_a):
    session = _schedule(head_a, date=today() + timedelta(days=2))  # fewer than 5 working days ahead
    with schema_context(head_a.unit.schema_name):
        publish_by = compute(code="schedule.publication", start=session.date).due_date
        assert publish_by < today()
        session = session_publish(actor=head_a.user, session=session)  # not refused
        check = publication_check(session)
    assert session.published_on == today()
    assert check.late
    assert f"{publish_by:%d/%m/%Y}" in check.warning
    assert "khoản 4 Điều 24 Luật Tiếp công dân 2013" in check.warning


def test_publication_on_the_last_day_in_time_is_fine_and_one_day_later_is_late(head_a):
    session = _schedule(head_a, date=today() + timedelta(days=40))
    with schema_context(head_a.unit.schema_name):
        publish_by = compute(code="schedule.publication", start=session.date).due_date
        session.published_on = publish_by
        assert not publication_check(session).late
        session.published_on = publish_by + timedelta(days=1)
        assert publication_check(session).late


def test_scheduling_refuses_bad_input(head_a, receptionist_a, deputy_a):
    with pytest.raises(PermissionDeniedError):
        _schedule(receptionist_a, presiding=head_a.user)  # reception officers do not manage sessions
    with pytest.raises(ApplicationError) as past:
        _schedule(head_a, date=today() - timedelta(days=1))
    assert past.value.extra["field"] == "date"
    with pytest.raises(ApplicationError) as presiding:
        _schedule(head_a, presiding=receptionist_a.user)
    assert presiding.value.extra["field"] == "presiding"
    with pytest.raises(ApplicationError) as reason:
        _schedule(head_a, presiding=deputy_a.user, is_substitution=True)
    assert reason.value.extra["field"] == "substitution_reason"
    with pytest.raises(ApplicationError):
        _schedule(head_a, is_substitution=True, substitution_reason="Đi công tác")  # the head is no substitute
    with pytest.raises(ApplicationError) as times:
        _schedule(head_a, end_time=time(7))
    assert times.value.extra["field"] == "end_time"
    _schedule(head_a)
    with pytest.raises(ConflictError):
        _schedule(head_a)  # the same leader, day and time


def test_weekly_schedule_skips_holidays_and_is_idempotent(head_a):
    start = today() + timedelta(days=1)
    end = start + timedelta(days=62)
    result = _in(
        head_a,
        sessions_schedule_weekly,
        weekday=3,
        start=start,
        end=end,
        start_time=time(7, 30),
        place="Trụ sở UBND xã",
        presiding=head_a.user,
    )
    dates = [s.date for s in result.created]
    assert dates
    assert all(day.weekday() == 3 for day in dates)
    assert len(dates) + len(result.skipped_days_off) == len(
        [start + timedelta(days=n) for n in range(63) if (start + timedelta(days=n)).weekday() == 3]
    )
    again = _in(
        head_a,
        sessions_schedule_weekly,
        weekday=3,
        start=start,
        end=end,
        start_time=time(7, 30),
        place="Trụ sở UBND xã",
        presiding=head_a.user,
    )
    assert again.created == []
    assert again.skipped_existing == dates
    with pytest.raises(ApplicationError):
        _in(
            head_a,
            sessions_schedule_weekly,
            weekday=3,
            start=start,
            end=start + timedelta(days=400),
            start_time=time(7, 30),
            place="x",
            presiding=head_a.user,
        )


def test_substitution_is_announced_and_never_the_heads_session(head_a, deputy_a):
    session = _schedule(head_a)
    with pytest.raises(ApplicationError) as no_reason:
        _in(head_a, session_substitute, session=session, deputy=deputy_a.user, reason="")
    assert no_reason.value.extra["field"] == "reason"  # the argument's own name, as on the page and in the API
    with pytest.raises(ApplicationError) as head:
        _in(head_a, session_substitute, session=session, deputy=head_a.user, reason="Đi họp tỉnh")
    assert head.value.extra["field"] == "deputy"
    session = _in(head_a, session_substitute, session=session, deputy=deputy_a.user, reason="Đi họp tỉnh")
    assert (session.presiding_id, session.is_substitution) == (deputy_a.user.pk, True)
    assert session.substitution_reason == "Đi họp tỉnh"


def test_postponement_moves_the_session_to_a_new_date(head_a):
    session = _schedule(head_a)
    with pytest.raises(ApplicationError):
        _in(head_a, session_postpone, session=session, reason="")
    new_day = session.date + timedelta(days=7)
    replacement = _in(head_a, session_postpone, session=session, reason="Mưa lũ", new_date=new_day)
    with schema_context(head_a.unit.schema_name):
        session.refresh_from_db()
    assert (session.status, session.postponement_reason, session.rescheduled_to_id) == (
        "postponed",
        "Mưa lũ",
        replacement.pk,
    )
    assert (replacement.date, replacement.status, replacement.published_on) == (new_day, "planned", None)
    with pytest.raises(ConflictError):
        _in(head_a, session_cancel, session=session, reason="x")  # no longer planned
    cancelled = _in(head_a, session_cancel, session=replacement, reason="Lãnh đạo nghỉ ốm")
    assert cancelled.status == "cancelled"


def _held_with_matters(head_a, receptionist_a):
    """A session held today, with the group's complaint and a sealed denunciation received in it."""
    session = _schedule(head_a, date=today())
    group = log(receptionist_a, session=session, kind="periodic")
    denunciation = log(
        receptionist_a,
        petition_type="denunciation",
        content="Tố cáo cán bộ địa chính nhận tiền.",
        headcount=1,
        citizens=[{"full_name": "Lò Văn Bí Mật", "id_kind": "cccd", "id_number": "020085009876"}],
        subject="Tố cáo cán bộ địa chính",
    )
    session = _in(
        head_a,
        session_hold,
        session=session,
        attendees="Công an xã; Văn phòng UBND xã",
        minutes="Tiếp 2 lượt công dân.",
        visit_ids=[group.pk, denunciation.pk],
    )
    return session, group, denunciation


def test_results_notice_lists_the_matters_and_instructions_without_the_denouncer(head_a, receptionist_a):
    session, group, denunciation = _held_with_matters(head_a, receptionist_a)
    with schema_context(head_a.unit.schema_name):
        assert set(session.visits.values_list("pk", flat=True)) == {group.pk, denunciation.pk}
        assert Visit.objects.get(pk=denunciation.pk).kind == "periodic"
    with pytest.raises(ApplicationError):  # no instruction yet
        _in(head_a, session_notice_issue, session=session, notice_date=today())
    first = _in(
        head_a,
        instruction_add,
        session=session,
        visit=group,
        text="Giao Phòng Kinh tế rà soát đơn giá bồi thường.",
        assignee_body="Phòng Kinh tế",
        assignee=receptionist_a.user,
        due_date=today() + timedelta(days=15),
    )
    _in(
        head_a,
        instruction_add,
        session=session,
        visit=denunciation,
        text="Chuyển Ủy ban kiểm tra xác minh.",
        assignee_body="Ủy ban kiểm tra Đảng ủy",
        due_date=today() + timedelta(days=30),
    )
    with pytest.raises(ApplicationError):
        _in(
            head_a,
            instruction_add,
            session=session,
            text="x",
            assignee_body="y",
            due_date=session.date - timedelta(days=1),
        )
    session = _in(head_a, session_notice_issue, session=session, notice_date=today())
    with schema_context(head_a.unit.schema_name):
        # Numbered in the unit's register of outgoing documents, about the session.
        notice = IssuedDocument.objects.get(subject_type="reception.receptionsession", subject_id=session.pk)
        assert (notice.kind, notice.form_version) == ("reception.session_notice", "nd154-2026")
        assert session.notice_number == notice.number_display
        text = docx_text(notice.docx.read())
    assert "Kết luận việc tiếp công dân định kỳ" in text
    assert f"Số: {notice.number_display}" in text
    assert group.content in text
    assert denunciation.content in text
    assert "Đất đai" in text or "dat-dai" in text  # the field of the matter
    assert first.text in text
    assert "Chuyển Ủy ban kiểm tra xác minh." in text
    assert "Phòng Kinh tế" in text
    assert f"{first.due_date:%d/%m/%Y}" in text
    assert "Đoàn 7 người, đại diện: Người dân 0, Người dân 1" in text
    assert "Người tố cáo (thông tin được giữ bí mật theo quy định)" in text
    assert "Lò Văn Bí Mật" not in text
    assert "020085009876" not in text
    with pytest.raises(ConflictError):  # issued once; its instructions are final
        _in(head_a, session_notice_issue, session=session, notice_date=today())
    with pytest.raises(ConflictError):
        _in(head_a, instruction_add, session=session, text="x", assignee_body="y", due_date=today())


def test_instruction_is_a_follow_up_task_until_completed(head_a, receptionist_a, make_member, unit_a):
    session, group, _denunciation = _held_with_matters(head_a, receptionist_a)
    task = _in(
        head_a,
        instruction_add,
        session=session,
        visit=group,
        text="Trả lời công dân bằng văn bản.",
        assignee_body="Văn phòng UBND xã",
        assignee=receptionist_a.user,
        due_date=today(),
    )
    outsider = make_member(unit_a, roles=("processing_officer",), username="xu_ly_khac")
    with pytest.raises(PermissionDeniedError):
        _in(outsider, instruction_complete, instruction=task, result="Xong")
    with pytest.raises(ApplicationError):
        _in(receptionist_a, instruction_complete, instruction=task, result="")
    with schema_context(unit_a.schema_name):
        assert list(instructions_overdue(today=today() + timedelta(days=1))) == [task]
        assert list(instructions_overdue(today=today())) == []
    done = _in(receptionist_a, instruction_complete, instruction=task, result="Đã gửi văn bản trả lời.")
    assert done.done_on == today()
    with schema_context(unit_a.schema_name):
        assert list(instructions_overdue(today=today() + timedelta(days=1))) == []
    with pytest.raises(ConflictError):
        _in(receptionist_a, instruction_complete, instruction=task, result="Lần nữa")


def test_holding_refuses_visits_of_other_days_and_future_sessions(head_a, receptionist_a):
    future = _schedule(head_a)
    with pytest.raises(ApplicationError):
        _in(head_a, session_hold, session=future)
    old = log(
        receptionist_a, visited_at=at(today() - timedelta(days=3)), citizens=GROUP[:1], headcount=1, outcome="answered"
    )
    session = _schedule(head_a, date=today(), start_time=time(14), end_time=None)
    with pytest.raises(ApplicationError) as wrong_day:
        _in(head_a, session_hold, session=session, visit_ids=[old.pk])
    assert wrong_day.value.extra["field"] == "visit_ids"
    with pytest.raises(PermissionDeniedError):
        _in(receptionist_a, session_hold, session=session)
