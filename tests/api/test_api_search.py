"""``?search=`` works on every list that holds text, accent- and case-insensitively; the lists
that hold only codes and dates are the README's named exceptions (checked by walking the URL conf)."""

from __future__ import annotations

import uuid
from datetime import date, time

import pytest
from django.db import connection
from django.urls import URLPattern, URLResolver, get_resolver
from django.utils import timezone
from django_tenants.utils import schema_context

from api.filters import SearchFilter
from api.oversight.views import DueCaseViewSet
from api.petitions.views import AttachmentViewSet, PetitionViewSet
from api.reception.views import MatterViewSet, VisitViewSet
from api.units.views import OnboardingJobViewSet
from core.accounts.services import user_create
from core.notifications.models import Notification
from core.oversight.models import CaseAccessGrant, CaseAccessLog, Inspection, InspectionRecommendation
from core.petitions.services.petitions import petition_register
from core.reception.models import Dialogue, Instruction, Matter, ReceptionOfficer, ReceptionRoom, ReceptionSession
from core.transfers.models import Transfer

pytestmark = pytest.mark.django_db

#: Lists that are not searched: rows of codes and dates (filtered instead), and a petition's own files.
NOT_SEARCHED = {DueCaseViewSet, OnboardingJobViewSet, AttachmentViewSet}
#: Lists whose selector searches by itself (accent-insensitive), through ``SearchQuerySerializer``.
SELECTOR_SEARCHED = {PetitionViewSet, VisitViewSet, MatterViewSet}


def _list_views(patterns):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _list_views(pattern.url_patterns)
        elif isinstance(pattern, URLPattern):
            actions = getattr(pattern.callback, "actions", None) or {}
            if actions.get("get") == "list":
                yield pattern.callback.cls


def test_every_list_is_searchable_or_a_named_exception():
    views = {*_list_views(get_resolver("config.urls_tenant").url_patterns)}
    views |= {*_list_views(get_resolver("config.urls_public").url_patterns)}
    assert len(views) >= 15
    unsearched = {
        view
        for view in views - NOT_SEARCHED - SELECTOR_SEARCHED
        if not (SearchFilter in view.filter_backends and getattr(view, "search_fields", None))
    }
    assert unsearched == set()
    assert all(SearchFilter not in view.filter_backends for view in SELECTOR_SEARCHED)


@pytest.fixture
def staff_a(unit_a, make_member):
    roles = ("unit_admin", "leader", "processing_officer", "reception_officer")
    return make_member(unit_a, roles=roles, username="ca_lam_a", full_name="Triệu Văn Khánh")


@pytest.fixture
def inspector(inspectorate, make_member):
    return make_member(inspectorate, roles=("inspector",), username="thanh_tra", full_name="Hà Thị Thanh")


def _petition(member, subject: str, sender: str):
    return petition_register(
        actor=member.user,
        channel="post",
        received_date=date(2026, 11, 2),
        petition_type="complaint",
        field_code="dat-dai",
        subject=subject,
        summary="Nội dung đơn.",
        signer_kind="one",
        signers=[{"full_name": sender, "id_kind": "none"}],
    )


def _visit(member, content: str, citizen: str):
    from core.reception.services.visits import visit_log

    return visit_log(
        actor=member.user,
        visited_at=timezone.now(),
        place="Phòng tiếp công dân xã",
        petition_type="feedback",
        field_code="dat-dai",
        content=content,
        outcome="guided",
        citizens=[{"full_name": citizen, "id_kind": "none"}],
        headcount=1,
        referred_to="UBND xã",
    )


def _session(member, place: str):
    return ReceptionSession.objects.create(
        kind="periodic",
        date=date(2026, 10, 5),
        start_time=time(8),
        place=place,
        presiding=member.user,
        status="held",
        published_on=date(2026, 9, 20),
    )


#: path → (builder of a matching and a non-matching row, the search, the key whose value tells them apart)
def _build_unit_lists(member):
    def petitions():
        _petition(member, "Thu hồi đất làm đường", "Nguyễn Thị Hằng")
        _petition(member, "Tiếng ồn xưởng gỗ", "Lý Văn Páo")

    def visits():
        _visit(member, "Hỏi về cấp sổ đỏ", "Hoàng Thị Yến")
        _visit(member, "Hỏi về trợ cấp", "Lục Văn Sáng")

    def matters():
        Matter.objects.create(title="Ô nhiễm suối Bản Châu")
        Matter.objects.create(title="Lấn chiếm hành lang đường")

    def sessions():
        _session(member, "Nhà văn hóa thôn Khòn Khuyên")
        _session(member, "Trụ sở UBND xã")

    def instructions():
        session = _session(member, "Trụ sở UBND xã")
        for text in ("Kiểm tra hồ sơ địa chính", "Trả lời công dân về trợ cấp"):
            Instruction.objects.create(
                session=session, text=text, assignee_body="Văn phòng", due_date=date(2026, 12, 1)
            )

    def dialogues():
        petition = _petition(member, "Bồi thường", "Đinh Văn Quý")
        for who in ("Ông Đinh Văn Quý", "Bà Lương Thị Mến"):
            Dialogue.objects.create(
                petition=petition,
                scheduled_at=timezone.now(),
                place="Hội trường xã",
                invited_on=date(2026, 11, 1),
                participants=who,
            )

    def officers():
        ReceptionOfficer.objects.create(full_name="Đàm Văn Lực", employment="full_time")
        ReceptionOfficer.objects.create(full_name="Chu Thị Nga", employment="part_time")

    def rooms():
        ReceptionRoom.objects.create(name="Phòng tiếp dân tầng một", address="UBND xã")
        ReceptionRoom.objects.create(name="Hội trường", address="UBND xã")

    def notifications():
        Notification.objects.create(recipient=member.user, subject="Đơn quá hạn xử lý")
        Notification.objects.create(recipient=member.user, subject="Lịch tiếp công dân tuần sau")

    def users():
        user_create(unit=member.unit, username="ke_toan", password="Mat-khau-2026!", full_name="Vương Thị Đào")
        user_create(unit=member.unit, username="van_thu", password="Mat-khau-2026!", full_name="Mông Văn Tú")

    def transfers():
        for subject, unit in (("Lấn chiếm đất rừng", "Phường Lương Văn Tri"), ("Ô nhiễm tiếng ồn", "Sở Xây dựng")):
            Transfer.objects.create(
                reference=f"TD-{uuid.uuid4().hex[:8]}",
                direction="out",
                counterpart_code="05983",
                counterpart_name=unit,
                petition_type="recommendation",
                field_code="dat-dai",
                subject=subject,
                state="delivered",
                sent_on=date(2026, 11, 3),
            )

    return {
        "api/v1/transfers/": (transfers, "luong van tri", "subject", "Lấn chiếm đất rừng"),
        "api/v1/petitions/": (petitions, "thu hoi DAT", "subject", "Thu hồi đất làm đường"),
        "api/v1/reception/visits/": (visits, "so do", "content", "Hỏi về cấp sổ đỏ"),
        "api/v1/reception/matters/": (matters, "ban chau", "title", "Ô nhiễm suối Bản Châu"),
        "api/v1/reception/sessions/": (sessions, "khon khuyen", "place", "Nhà văn hóa thôn Khòn Khuyên"),
        "api/v1/reception/instructions/": (instructions, "dia chinh", "text", "Kiểm tra hồ sơ địa chính"),
        "api/v1/reception/dialogues/": (dialogues, "dinh van", "participants", "Ông Đinh Văn Quý"),
        "api/v1/reception/officers/": (officers, "dam van luc", "full_name", "Đàm Văn Lực"),
        "api/v1/reception/rooms/": (rooms, "tang mot", "name", "Phòng tiếp dân tầng một"),
        "api/v1/notifications/": (notifications, "qua han", "subject", "Đơn quá hạn xử lý"),
        "api/v1/users/": (users, "vuong thi", "username", "ke_toan"),
    }


def _rows(body) -> list[dict]:
    return body["results"] if isinstance(body, dict) else body


UNIT_LISTS = list(_build_unit_lists(None))


@pytest.mark.parametrize("path", UNIT_LISTS)
def test_search_finds_the_match_and_not_the_other(staff_a, path):
    build, term, key, expected = _build_unit_lists(staff_a)[path]
    with schema_context(staff_a.unit.schema_name):
        build()
    api = staff_a.api()
    everything = [row[key] for row in _rows(api.get(staff_a.url(path)).json())]
    assert expected in everything
    assert len(everything) >= 2
    response = api.get(staff_a.url(path), {"search": term})
    assert response.status_code == 200, response.content
    assert [row[key] for row in _rows(response.json())] == [expected]


def test_the_pages_name_q_still_searches_the_selector_lists(staff_a):
    with schema_context(staff_a.unit.schema_name):
        _petition(staff_a, "Thu hồi đất làm đường", "Nguyễn Thị Hằng")
        _petition(staff_a, "Tiếng ồn xưởng gỗ", "Lý Văn Páo")
    found = staff_a.api().get(staff_a.url("api/v1/petitions/"), {"q": "nguyen thi hang"}).json()
    assert [row["subject"] for row in found["results"]] == ["Thu hồi đất làm đường"]


def test_fields_are_searched_by_name(staff_a):
    rows = staff_a.api().get(staff_a.url("api/v1/fields/"), {"search": "dat dai"}).json()
    assert "dat-dai" in [row["code"] for row in rows]
    assert len(rows) < len(staff_a.api().get(staff_a.url("api/v1/fields/")).json())


def test_a_nul_byte_in_a_search_is_a_400_not_a_500(staff_a):
    for path in ("api/v1/petitions/", "api/v1/reception/officers/", "api/v1/users/"):
        response = staff_a.api().get(staff_a.url(path), {"search": "đất\x00"})
        assert response.status_code == 400, path


def test_inspectorate_lists_are_searchable(inspector, unit_a, leader_of_a):
    with schema_context("public"):
        inspections = [
            Inspection.objects.create(
                inspectorate_code=inspector.unit.code,
                unit_code=unit_a.code,
                decision_number=number,
                scope=scope,
                period_start=date(2026, 1, 1),
                period_end=date(2026, 6, 30),
                starts_on=date(2026, 10, 1),
                ends_on=date(2026, 10, 30),
                created_by="thanh_tra",
            )
            for number, scope in (("15/QĐ-TTr", "Trách nhiệm tiếp công dân"), ("16/QĐ-TTr", "Xử lý đơn thư"))
        ]
        for text in ("Bố trí phòng tiếp dân riêng", "Cập nhật sổ theo dõi đơn"):
            InspectionRecommendation.objects.create(
                inspection=inspections[0],
                text=text,
                unit_code=unit_a.code,
                due_date=date(2026, 12, 31),
                created_by="thanh_tra",
            )
        grants = [
            CaseAccessGrant.objects.create(
                inspectorate_code=inspector.unit.code,
                username="thanh_tra",
                unit_code=code,
                reason=reason,
                valid_from=date(2026, 10, 1),
                valid_to=date(2026, 10, 30),
                granted_by="thanh_tra",
            )
            for code, reason in ((unit_a.code, "Xác minh đơn khiếu nại"), ("05983", "Kiểm tra hồ sơ"))
        ]
        for grant in grants:
            CaseAccessLog.objects.create(
                inspectorate_code=inspector.unit.code,
                username="thanh_tra",
                unit_code=grant.unit_code,
                case_id=uuid.uuid4(),
                grant=grant,
            )
    api = inspector.api()
    base = "api/v1/inspectorate/"

    def searched(path, term, key):
        response = api.get(inspector.url(base + path), {"search": term})
        assert response.status_code == 200, response.content
        return [row[key] for row in _rows(response.json())]

    assert searched("inspections/", "xu ly don", "decision_number") == ["16/QĐ-TTr"]
    assert searched("recommendations/", "phong tiep dan", "text") == ["Bố trí phòng tiếp dân riêng"]
    assert searched("grants/", "xac minh", "unit_code") == [unit_a.code]
    assert searched("access-log/", unit_a.code, "unit_code") == [unit_a.code]
    mine = leader_of_a.api().get(leader_of_a.url(base + "unit-recommendations/"), {"search": "so theo doi"})
    assert mine.status_code == 200, mine.content
    assert [row["text"] for row in _rows(mine.json())] == ["Cập nhật sổ theo dõi đơn"]


@pytest.fixture
def leader_of_a(unit_a, make_member):
    return make_member(unit_a, roles=("leader",), username="chu_tich_a", full_name="Vi Văn Thành")


def test_platform_units_are_searchable(platform_admin):
    connection.set_schema_to_public()
    response = platform_admin.get("/api/v1/platform/units/", {"search": "tan doan"})
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["06316"]


def test_searching_one_unit_never_returns_another_units_rows(staff_a, member_b):
    with schema_context(member_b.unit.schema_name):
        Notification.objects.create(recipient=member_b.user, subject="Chỉ của phường B: quá hạn")
    with schema_context(staff_a.unit.schema_name):
        _petition(staff_a, "Thu hồi đất làm đường", "Nguyễn Thị Hằng")
    rows = staff_a.api().get(staff_a.url("api/v1/notifications/"), {"search": "phuong B"}).json()["results"]
    assert rows == []
    other = member_b.api().get(member_b.url("api/v1/petitions/"), {"search": "thu hoi"}).json()
    assert other["count"] == 0
