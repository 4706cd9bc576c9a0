"""Demo reception work for `make run`: the head, rules, a weekly schedule, past sessions, visits, staff."""

from __future__ import annotations

from datetime import datetime, time, timedelta

from django.utils import timezone

from .models import ReceptionSession, UnitProfile
from .services.index import reception_rebuild
from .services.sessions import session_publish, sessions_schedule_weekly
from .services.staff import officer_create, training_add
from .services.visits import visit_log

RULES = (
    "1. Công dân đến tiếp phải xuất trình giấy tờ tùy thân.\n"
    "2. Trình bày trung thực sự việc, cung cấp tài liệu liên quan.\n"
    "3. Trường hợp nhiều người cùng khiếu nại một nội dung thì cử người đại diện.\n"
    "4. Giữ trật tự, không gây rối tại nơi tiếp công dân."
)


def demo_reception(*, head, receptionist, admin) -> bool:
    """Idempotent: nothing happens once the unit has a profile."""
    if UnitProfile.objects.exists():
        return False
    today = timezone.localdate()
    UnitProfile.objects.create(
        head=head,
        head_title="Chủ tịch UBND xã",
        reception_rules=RULES,
        reception_address="Trụ sở UBND xã, phòng tiếp công dân",
        reception_hours="Sáng thứ Năm hằng tuần, 7h30–11h30",
    )
    for weeks_ago in (1, 3):  # past periodic sessions held by the head in person
        day = today - timedelta(days=today.weekday() - 3 + 7 * weeks_ago)
        ReceptionSession.objects.create(
            kind="periodic",
            date=day,
            start_time=time(7, 30),
            end_time=time(11, 30),
            place="Trụ sở UBND xã",
            presiding=head,
            status="held",
            published_on=day - timedelta(days=10),
        )
    schedule = sessions_schedule_weekly(
        actor=head,
        weekday=3,
        start=today,
        end=today + timedelta(days=28),
        start_time=time(7, 30),
        end_time=time(11, 30),
        place="Trụ sở UBND xã",
        presiding=head,
    )
    for session in schedule.created:
        session_publish(actor=head, session=session)
    group = [
        {"full_name": f"Hộ dân thôn Bản Chu {i + 1}", "id_kind": "none", "is_representative": i < 2} for i in range(6)
    ]
    visits: list[tuple[str, str, str, str, list[dict], int]] = [
        ("Khiếu nại về mức bồi thường khi mở rộng đường liên xã.", "dat-dai", "complaint", "answered", group, 6),
        (
            "Đề nghị sửa chữa kênh mương nội đồng.",
            "hanh-chinh",
            "recommendation",
            "answered",
            [{"full_name": "Hoàng Văn Pá", "id_kind": "none"}],
            1,
        ),
    ]
    for days_ago, (content, field, kind, outcome, citizens, headcount) in zip((9, 2), visits, strict=True):
        visited_at = timezone.make_aware(datetime.combine(today - timedelta(days=days_ago), time(8, 30)))
        visit_log(
            actor=receptionist,
            visited_at=visited_at,
            place="Phòng tiếp công dân xã",
            petition_type=kind,
            field_code=field,
            content=content,
            outcome=outcome,
            citizens=citizens,
            headcount=headcount,
        )
    officer = officer_create(actor=admin, full_name="Lường Thị Hoa", employment="part_time", position="Công chức")
    training_add(actor=admin, officer=officer, course="Bồi dưỡng nghiệp vụ tiếp công dân", completed_on=today)
    officer_create(actor=admin, full_name="Nông Văn Đức", employment="part_time", position="Công chức")
    reception_rebuild()
    return True
