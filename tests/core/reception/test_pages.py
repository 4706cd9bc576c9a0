"""The staff pages of reception: logging a group visit with its petition, sessions from schedule to
results notice, follow-up tasks, hot spots, staff, rooms, profile, compliance and the home page;
refusals and isolation. Assertions are on data and status codes, not on the pages' wording."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.contrib.messages import constants
from django_tenants.utils import schema_context

from core.petitions.models import Petition
from core.reception.models import (
    Instruction,
    Matter,
    ReceptionOfficer,
    ReceptionRoom,
    ReceptionSession,
    Training,
    UnitProfile,
    Visit,
)
from core.reception.services.instructions import instruction_add

from .helpers import docx_text, held_session, log, today

pytestmark = pytest.mark.django_db
URL = "tiep-dan/"


@pytest.fixture
def head_a(leader_a):
    with schema_context(leader_a.unit.schema_name):
        UnitProfile.objects.create(head=leader_a.user, head_title="Chủ tịch UBND xã", reception_address="UBND xã")
    return leader_a


def _messages(response, level=None) -> list[str]:
    return [str(m.message) for m in response.context["messages"] if level is None or m.level == level]


def _visit_form(citizens, **overrides) -> dict:
    data = {
        "visited_at_0": f"{today():%d/%m/%Y}",
        "visited_at_1": "08:15",
        "place": "Phòng tiếp công dân xã",
        "kind": "regular",
        "session": "",
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "subject": "Bồi thường thu hồi đất làm đường",
        "content": "Khiếu nại mức bồi thường khi thu hồi đất.",
        "previously_resolved_by": "",
        "documents_received": "Đơn khiếu nại",
        "headcount": str(len(citizens)),
        "matter_id": "",
        "outcome": "petition",
        "refusal_reason": "",
        "referred_to": "",
        "notes": "",
        "citizens-TOTAL_FORMS": str(len(citizens) + 2),
        "citizens-INITIAL_FORMS": "0",
        "citizens-MIN_NUM_FORMS": "0",
        "citizens-MAX_NUM_FORMS": "60",
    }
    for index in range(len(citizens) + 2):
        row = citizens[index] if index < len(citizens) else {"full_name": "", "id_kind": "cccd"}
        for key, value in row.items():
            if key == "is_representative":
                if value:
                    data[f"citizens-{index}-{key}"] = "on"
            else:
                data[f"citizens-{index}-{key}"] = value
    data.update(overrides)
    return data


SEVEN = [
    {"full_name": f"Hoàng Văn {name}", "id_kind": "none", "is_representative": i < 2}
    for i, name in enumerate(["An", "Bình", "Cường", "Dũng", "Hải", "Khánh", "Long"])
]


def test_officer_logs_a_group_visit_and_registers_its_petition(receptionist_a):
    client = receptionist_a.web()
    assert client.get(receptionist_a.url(URL + "so-tiep-cong-dan/moi/")).status_code == 200
    response = client.post(receptionist_a.url(URL + "so-tiep-cong-dan/moi/"), _visit_form(SEVEN))
    assert response.status_code == 302, response.content.decode()[:3000]
    with schema_context(receptionist_a.unit.schema_name):
        visit = Visit.objects.select_related("petition").get()
        assert (visit.headcount, visit.is_crowd, visit.outcome) == (7, True, "petition")
        assert visit.visitcitizen_set.filter(is_representative=True).count() == 2
        assert visit.petition.signer_count == 7
    page = client.get(response.url)
    assert page.status_code == 200
    assert visit.petition.receipt_code in page.content.decode()
    assert any(visit.petition.receipt_code in m for m in _messages(page))
    number = visit.petition.registry_number
    logged = f"Đã ghi sổ tiếp công dân số {visit.number}. Đã vào sổ đơn số {number}. Mã tiếp nhận:"
    assert any(m.startswith(logged) for m in _messages(page)), _messages(page)
    # The day's log lists it.
    today_page = client.get(receptionist_a.url(URL))
    assert [row["visit"].pk for row in today_page.context["rows"]] == [visit.pk]
    # The log's columns in the log's own words: its number (Số, not a row count), the matter's type.
    assert "<th>Số</th>" in today_page.content.decode()
    assert "<th>Loại vụ việc</th>" in today_page.content.decode()


def test_the_form_shows_the_services_refusals(receptionist_a):
    client = receptionist_a.web()
    no_representative = [{**c, "is_representative": False} for c in SEVEN]
    response = client.post(receptionist_a.url(URL + "so-tiep-cong-dan/moi/"), _visit_form(no_representative))
    assert response.status_code == 400
    assert response.context["citizens"].non_form_errors()
    response = client.post(receptionist_a.url(URL + "so-tiep-cong-dan/moi/"), _visit_form(SEVEN[:1], outcome="guided"))
    assert response.status_code == 400
    assert response.context["form"].errors["referred_to"]
    with schema_context(receptionist_a.unit.schema_name):
        assert not Visit.objects.exists()
        assert not Petition.objects.exists()


def test_denunciation_visit_page_names_nobody(receptionist_a):
    visit = log(
        receptionist_a,
        petition_type="denunciation",
        headcount=1,
        subject="Tố cáo",
        citizens=[{"full_name": "Lò Văn Kín", "id_kind": "cccd", "id_number": "020085001234"}],
    )
    client = receptionist_a.web()
    for path in (f"so-tiep-cong-dan/{visit.pk}/", "so-tiep-cong-dan/", ""):
        html = client.get(receptionist_a.url(URL + path)).content.decode()
        assert "Lò Văn Kín" not in html
        assert "020085001234" not in html


def test_leader_holds_a_session_and_issues_its_notice(head_a, receptionist_a):
    visit = log(receptionist_a)
    client = head_a.web()
    assert client.get(head_a.url(URL + "lich-tiep/moi/")).status_code == 200
    response = client.post(
        head_a.url(URL + "lich-tiep/moi/"),
        {
            "kind": "periodic",
            "date": f"{today():%d/%m/%Y}",
            "start_time": "07:30",
            "end_time": "",
            "place": "Trụ sở UBND xã",
            "presiding": str(head_a.user.pk),
            "is_public": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(head_a.unit.schema_name):
        session = ReceptionSession.objects.get()
    base = head_a.url(URL + f"lich-tiep/{session.pk}/")
    published = client.post(base + "publish/", {"published_on": ""}, follow=True)
    assert published.status_code == 200
    assert _messages(published, constants.WARNING)  # today's session is published late: a warning
    held = client.post(
        base + "hold/",
        {"attendees": "Công an xã", "minutes": "Tiếp đoàn 7 người.", "visit_ids": [str(visit.pk)], "end_time": "11:00"},
    )
    assert held.status_code == 302
    due = today() + timedelta(days=15)
    added = client.post(
        base + "instruction/",
        {
            "visit": str(visit.pk),
            "text": "Giao Phòng Kinh tế rà soát phương án bồi thường.",
            "assignee_body": "Phòng Kinh tế",
            "assignee": str(receptionist_a.user.pk),
            "due_date": f"{due:%d/%m/%Y}",
        },
    )
    assert added.status_code == 302
    notice = client.post(base + "notice/", {"notice_date": f"{today():%d/%m/%Y}"})
    assert notice.status_code == 302
    docx = client.get(base + "thong-bao/docx/")
    assert docx.status_code == 200
    text = docx_text(b"".join(docx.streaming_content))
    assert visit.content in text
    assert "Giao Phòng Kinh tế rà soát phương án bồi thường." in text
    assert client.get(base + "thong-bao/pdf/").status_code in (200, 404)  # PDF only with LibreOffice
    # A second notice is refused with a 409, shown on the page.
    again = client.post(base + "notice/", {"notice_date": f"{today():%d/%m/%Y}"})
    assert again.status_code == 409

    # The instruction is the officer's follow-up task; they report it done.
    officer = receptionist_a.web()
    tasks = officer.get(receptionist_a.url(URL + "theo-doi/?mine=1"))
    rows = tasks.context["rows"]
    assert [(r["instruction"].text, r["can_complete"]) for r in rows] == [
        ("Giao Phòng Kinh tế rà soát phương án bồi thường.", True)
    ]
    pk = rows[0]["instruction"].pk
    assert (
        officer.post(
            receptionist_a.url(URL + f"theo-doi/{pk}/hoan-thanh/"), {"result": "Đã rà soát, trả lời công dân."}
        ).status_code
        == 302
    )
    with schema_context(head_a.unit.schema_name):
        assert Instruction.objects.get(pk=pk).done_on == today()


def test_session_actions_are_for_leaders_only(head_a, receptionist_a):
    session = held_session(head_a, today())
    client = receptionist_a.web()
    assert client.get(receptionist_a.url(URL + f"lich-tiep/{session.pk}/")).status_code == 200
    assert client.get(receptionist_a.url(URL + "lich-tiep/moi/")).status_code == 403
    for action in ("publish", "hold", "notice", "instruction"):
        assert client.post(receptionist_a.url(URL + f"lich-tiep/{session.pk}/{action}/"), {}).status_code == 403
    assert head_a.web().post(head_a.url(URL + f"lich-tiep/{session.pk}/bogus/"), {}).status_code == 404


def test_hot_spots_repeated_matters_training_and_overdue_tasks_on_the_home_page(head_a, receptionist_a, admin_a):
    visit = log(receptionist_a)
    matter_url = head_a.url(URL + f"vu-viec/{visit.matter_id}/diem-nong/")
    assert receptionist_a.web().post(matter_url, {"is_hot_spot": "on", "risk_level": "high"}).status_code == 403
    assert head_a.web().post(matter_url, {"is_hot_spot": "on", "risk_level": "high"}).status_code == 302
    session = held_session(head_a, today() - timedelta(days=20))
    with schema_context(head_a.unit.schema_name):
        Visit.objects.filter(pk=visit.pk).update(session=session)
        task = instruction_add(
            actor=head_a.user,
            session=session,
            text="Báo cáo kết quả xác minh.",
            assignee_body="Công an xã",
            due_date=today() - timedelta(days=2),
        )
        officer = ReceptionOfficer.objects.create(
            full_name="Lường Thị Hoa", employment="full_time", user=receptionist_a.user
        )
        ReceptionOfficer.objects.create(full_name="Nông Văn Ba", employment="part_time")
        Training.objects.create(officer=officer, course="Nghiệp vụ tiếp công dân", completed_on=today())
    home = head_a.web().get(head_a.url(""))
    summary = home.context["reception"]
    assert [m.pk for m in summary.hot_spots] == [visit.matter_id]
    assert [m.pk for m in summary.repeated] == [visit.matter_id]  # a crowd delegation's matter
    assert [i.pk for i in summary.overdue] == [task.pk]
    assert (summary.trained.trained, summary.trained.total, summary.trained.percent) == (1, 2, 50)
    assert summary.quota_short is not None  # no session of the head in the last whole week or month
    html = home.content.decode()
    assert 'id="quota-alert"' in html
    assert visit.matter.title[:40] in html
    assert "Báo cáo kết quả xác minh." in html
    assert "1/2" in html


def test_admin_keeps_the_staff_registry_rooms_and_profile(admin_a, receptionist_a, leader_a):
    client = admin_a.web()
    response = client.post(
        admin_a.url(URL + "can-bo/"),
        {
            "full_name": "Lường Thị Hoa",
            "position": "Công chức Văn phòng",
            "employment": "full_time",
            "appointed_on": "01/03/2025",
            "user": str(receptionist_a.user.pk),
            "active": "on",
        },
    )
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(admin_a.unit.schema_name):
        officer = ReceptionOfficer.objects.get()
    assert (
        client.post(
            admin_a.url(URL + f"can-bo/{officer.pk}/"),
            {
                "form": "training",
                "course": "Bồi dưỡng nghiệp vụ",
                "completed_on": "20/05/2026",
                "certificate": "CC-12",
            },
        ).status_code
        == 302
    )
    log(receptionist_a)
    staff = client.get(admin_a.url(URL + "can-bo/"))
    assert (staff.context["share"].trained, staff.context["share"].total) == (1, 1)
    assert [(row.officer.pk, row.count) for row in staff.context["duty"]] == [(officer.pk, 1)]
    assert (
        client.post(
            admin_a.url(URL + "phong-tiep/"),
            {"name": "Phòng tiếp dân", "address": "UBND xã", "capacity": "20", "online_ready": "on"},
        ).status_code
        == 302
    )
    assert (
        client.post(
            admin_a.url(URL + "thong-tin-don-vi/"),
            {
                "head": str(leader_a.user.pk),
                "head_title": "Chủ tịch UBND xã",
                "reception_address": "Thôn Bản Cầu",
                "reception_hours": "Thứ Năm hằng tuần",
                "reception_rules": "1. Công dân xuất trình giấy tờ tùy thân.",
            },
        ).status_code
        == 302
    )
    with schema_context(admin_a.unit.schema_name):
        assert ReceptionRoom.objects.get().online_ready is True
        assert UnitProfile.objects.get().head_id == leader_a.user.pk
    # Reception officers read these pages but cannot change them.
    officer_client = receptionist_a.web()
    for path in ("can-bo/", "phong-tiep/", "thong-tin-don-vi/"):
        assert officer_client.get(receptionist_a.url(URL + path)).status_code == 200
        assert officer_client.post(receptionist_a.url(URL + path), {"name": "x"}).status_code == 403


def test_compliance_page_counts_the_head_and_shows_deputies_apart(head_a, make_member, unit_a):
    deputy = make_member(unit_a, roles=("leader",), username="pho_chu_tich")
    held_session(head_a, today().replace(day=1) - timedelta(days=20))
    held_session(deputy, today().replace(day=1) - timedelta(days=19), is_substitution=True, substitution_reason="Ốm")
    response = head_a.web().get(head_a.url(URL + "tuan-thu/"))
    assert response.status_code == 200
    summary = response.context["summary"]
    assert summary.start == today().replace(month=1, day=1)
    assert summary.end == today().replace(month=12, day=31)
    assert response.context["rows"]
    explicit = head_a.web().get(head_a.url(URL + "tuan-thu/"), {"start": "01/09/2026", "end": "30/09/2026"})
    assert explicit.context["summary"].start.month == 9


def test_every_page_answers_its_staff(head_a, receptionist_a):
    visit = log(receptionist_a)
    session = held_session(head_a, today())
    client = head_a.web()
    for path in (
        "",
        "so-tiep-cong-dan/",
        f"so-tiep-cong-dan/{visit.pk}/",
        "vu-viec/",
        "vu-viec/?show=hot",
        "lich-tiep/",
        f"lich-tiep/{session.pk}/",
        "theo-doi/",
        "theo-doi/?state=overdue",
        "doi-thoai/",
        "can-bo/",
        "phong-tiep/",
        "thong-tin-don-vi/",
        "tuan-thu/",
    ):
        assert client.get(head_a.url(URL + path)).status_code == 200, path
    notified = client.post(head_a.url(URL + f"so-tiep-cong-dan/{visit.pk}/da-thong-bao/"), {"on": ""})
    assert notified.status_code == 302
    with schema_context(head_a.unit.schema_name):
        assert Visit.objects.get(pk=visit.pk).notified_on == today()


def test_another_units_staff_get_404_and_strangers_nothing(head_a, receptionist_a, unit_a, unit_b, make_member):
    visit = log(receptionist_a)
    session = held_session(head_a, today())
    with schema_context(unit_a.schema_name):
        room = ReceptionRoom.objects.create(name="P1", address="UBND xã")
        officer = ReceptionOfficer.objects.create(full_name="A", employment="part_time")
    leader_b = make_member(unit_b, roles=("leader", "unit_admin"), username="lanh_dao_b")
    client = leader_b.web()
    for path in (
        f"so-tiep-cong-dan/{visit.pk}/",
        f"lich-tiep/{session.pk}/",
        f"lich-tiep/{session.pk}/thong-bao/docx/",
        f"can-bo/{officer.pk}/",
        f"phong-tiep/{room.pk}/",
    ):
        assert client.get(leader_b.url(URL + path)).status_code == 404, path
    for path, data in (
        (f"lich-tiep/{session.pk}/publish/", {}),
        (f"vu-viec/{visit.matter_id}/diem-nong/", {"is_hot_spot": "on", "risk_level": "low"}),
    ):
        assert client.post(leader_b.url(URL + path), data).status_code == 404
    with schema_context(unit_a.schema_name):
        assert not Matter.objects.filter(is_hot_spot=True).exists()
    # A's session means nothing at B's address; anonymous visitors are sent to log in.
    assert receptionist_a.web().get(leader_b.url(URL)).url.startswith(leader_b.url("dang-nhap/"))
    assert client.__class__().get(receptionist_a.url(URL)).url.startswith(receptionist_a.url("dang-nhap/"))
    roleless = make_member(unit_a, roles=(), username="khong_vai_tro")
    assert roleless.web().get(roleless.url(URL)).status_code == 403


def test_a_refusal_lands_on_the_field_named_like_the_services_argument(head_a, receptionist_a):
    """Form fields carry the services' argument names, so what a service refuses is marked on the
    input it is about (a date and time typed apart are one ``…_at`` field)."""
    tomorrow = today() + timedelta(days=1)
    client = receptionist_a.web()
    form = _visit_form(SEVEN[:1], visited_at_0=f"{tomorrow:%d/%m/%Y}")
    future = client.post(receptionist_a.url(URL + "so-tiep-cong-dan/moi/"), form)
    assert future.status_code == 400
    assert list(future.context["form"].errors) == ["visited_at"]

    leader = head_a.web()
    weekly = leader.post(
        head_a.url(URL + "lich-tiep/moi/"),
        {
            "kind": "periodic",
            "date": f"{today() + timedelta(days=14):%d/%m/%Y}",
            "start_time": "07:30",
            "place": "Trụ sở UBND xã",
            "presiding": str(head_a.user.pk),
            "weekly": "on",
            "weekday": "3",
            "end": f"{today() + timedelta(days=7):%d/%m/%Y}",
        },
    )
    assert weekly.status_code == 400
    assert list(weekly.context["form"].errors) == ["end"]  # sessions_schedule_weekly(end=…)

    visit = log(receptionist_a)
    with schema_context(head_a.unit.schema_name):
        Petition.objects.filter(pk=visit.petition_id).update(status="verifying")
    soon = today() + timedelta(days=3)
    dialogue = leader.post(
        head_a.url(URL + "doi-thoai/"),
        {
            "petition": str(visit.petition_id),
            "scheduled_at_0": f"{soon:%d/%m/%Y}",
            "scheduled_at_1": "14:00",
            "place": "UBND xã",
            "participants": "Người khiếu nại; cán bộ địa chính",
        },
    )
    assert dialogue.status_code == 400
    assert list(dialogue.context["form"].errors) == ["scheduled_at"]
    with schema_context(head_a.unit.schema_name):
        assert not ReceptionSession.objects.exists()
        assert Visit.objects.count() == 1
