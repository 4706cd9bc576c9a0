"""The reception API: a visit registering its petition in one step, sessions from schedule to
results notice, follow-up tasks, dialogues, staff, rooms, profile and compliance; permission
refusals and isolation between units."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django_tenants.utils import schema_context

from core.petitions.models import Petition
from core.reception.models import ReceptionSession, UnitProfile

from .helpers import GROUP, docx_text, held_session, log, today

pytestmark = pytest.mark.django_db
BASE = "api/v1/reception/"


@pytest.fixture
def head_a(leader_a):
    with schema_context(leader_a.unit.schema_name):
        UnitProfile.objects.create(head=leader_a.user, head_title="Chủ tịch UBND xã")
    return leader_a


@pytest.fixture
def deputy_a(unit_a, make_member):
    return make_member(unit_a, roles=("leader",), username="pho_chu_tich_a", full_name="Hoàng Văn Nam")


def _post(member, path, payload=None, expect=200):
    response = member.api().post(member.url(BASE + path), payload or {}, format="json")
    assert response.status_code == expect, response.content.decode()
    return response.json() if response.content else None


def _get(member, path, params=None, expect=200):
    response = member.api().get(member.url(BASE + path), params or {})
    assert response.status_code == expect, response.content.decode()
    return response.json()


def test_logging_a_group_visit_registers_its_petition(receptionist_a):
    body = _post(
        receptionist_a,
        "visits/",
        {
            "visited_at": f"{today():%Y-%m-%d}T08:30:00+07:00",
            "place": "Phòng tiếp công dân",
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "subject": "Bồi thường thu hồi đất",
            "content": "Khiếu nại mức bồi thường.",
            "outcome": "petition",
            "headcount": 7,
            "citizens": GROUP,
        },
        expect=201,
    )
    assert (body["headcount"], body["is_crowd"], body["outcome"]) == (7, True, "petition")
    assert body["petition"]["receipt_code"]
    assert body["petition"]["registry_number"].endswith(f"/{today().year}")
    assert sum(c["is_representative"] for c in body["citizens"]) == 2
    assert body["visitors"].endswith("Người dân 0, Người dân 1")
    with schema_context(receptionist_a.unit.schema_name):
        petition = Petition.objects.get(pk=body["petition"]["id"])
        assert (petition.channel, petition.signer_count) == ("reception", 7)
    listed = _get(receptionist_a, "visits/", {"is_crowd": "true", "date_from": f"{today():%Y-%m-%d}"})
    assert [v["id"] for v in listed["results"]] == [body["id"]]
    assert _get(receptionist_a, "visits/", {"outcome": "guided"})["count"] == 0
    assert _get(receptionist_a, "visits/", {"q": "người dân 1"})["count"] == 1
    refused = _post(
        receptionist_a,
        "visits/",
        {
            "visited_at": f"{today():%Y-%m-%d}T09:00:00+07:00",
            "place": "P",
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "content": "X",
            "outcome": "petition",
            "headcount": 7,
            "citizens": [{**c, "is_representative": False} for c in GROUP],
        },
        expect=400,
    )
    assert refused["field"] == "citizens"


def test_denunciation_visits_name_nobody(receptionist_a):
    visit = log(
        receptionist_a,
        petition_type="denunciation",
        headcount=1,
        subject="Tố cáo",
        citizens=[{"full_name": "Lò Thị Kín", "id_kind": "none"}],
    )
    body = _get(receptionist_a, f"visits/{visit.pk}/")
    assert body["citizens"] == []
    assert "Lò Thị Kín" not in str(body)


def test_hot_spot_action(leader_a, receptionist_a):
    visit = log(receptionist_a)
    _post(receptionist_a, f"matters/{visit.matter_id}/hot-spot/", {"risk_level": "high"}, expect=403)
    assert _post(leader_a, f"matters/{visit.matter_id}/hot-spot/", {}, expect=400)["risk_level"]
    body = _post(leader_a, f"matters/{visit.matter_id}/hot-spot/", {"risk_level": "high", "note": "Đông người"})
    assert (body["is_hot_spot"], body["risk_level"], body["has_crowd"]) == (True, "high", True)
    assert [m["id"] for m in _get(leader_a, "matters/", {"hot_spot": "true"})["results"]] == [visit.matter_id]


def test_session_from_schedule_to_results_notice(head_a, receptionist_a):
    far = today() + timedelta(days=30)
    created = _post(
        head_a,
        "sessions/",
        {
            "kind": "periodic",
            "date": f"{far:%Y-%m-%d}",
            "start_time": "07:30",
            "place": "Trụ sở UBND xã",
            "presiding": head_a.user.pk,
        },
        expect=201,
    )
    assert created["publish_by"]
    assert created["publication_warning"] == ""
    published = _post(head_a, f"sessions/{created['id']}/publish/")
    assert (published["published_on"], published["publication_late"]) == (f"{today():%Y-%m-%d}", False)

    soon = _post(
        head_a,
        "sessions/",
        {
            "kind": "ad_hoc",
            "date": f"{today():%Y-%m-%d}",
            "start_time": "14:00",
            "place": "Nhà văn hóa thôn",
            "presiding": head_a.user.pk,
        },
        expect=201,
    )
    late = _post(head_a, f"sessions/{soon['id']}/publish/")
    assert late["publication_late"] is True
    assert late["publication_warning"]

    visit = log(receptionist_a, session=None)
    held = _post(
        head_a,
        f"sessions/{soon['id']}/hold/",
        {"visit_ids": [visit.pk], "minutes": "Biên bản.", "attendees": "Công an xã"},
    )
    assert (held["status"], held["visits"]) == ("held", [visit.pk])
    instruction = _post(
        head_a,
        f"sessions/{soon['id']}/instructions/",
        {
            "visit": visit.pk,
            "text": "Giao công chức địa chính kiểm tra hiện trạng.",
            "assignee_body": "Công chức địa chính",
            "assignee": receptionist_a.user.pk,
            "due_date": f"{today() + timedelta(days=10):%Y-%m-%d}",
        },
        expect=201,
    )
    notice = _post(head_a, f"sessions/{soon['id']}/notice/", {"notice_date": f"{today():%Y-%m-%d}"})
    assert notice["notice_number"].startswith("01/TB-")  # the register's first notice of the year
    assert notice["notice_docx_url"]
    response = head_a.api().get(head_a.url(BASE + f"sessions/{soon['id']}/notice/docx/"))
    assert response.status_code == 200
    text = docx_text(b"".join(response.streaming_content))
    assert visit.content in text
    assert "Giao công chức địa chính kiểm tra hiện trạng." in text

    # The instruction is a follow-up task of its officer, done through the API.
    mine = _get(receptionist_a, "instructions/", {"mine": "true", "state": "open"})
    assert [i["id"] for i in mine["results"]] == [instruction["id"]]
    done = _post(receptionist_a, f"instructions/{instruction['id']}/complete/", {"result": "Đã kiểm tra, trả lời."})
    assert done["done_on"] == f"{today():%Y-%m-%d}"
    assert _get(receptionist_a, "instructions/", {"state": "open"})["count"] == 0


def test_session_actions_refuse_without_the_right(head_a, receptionist_a, deputy_a):
    far = today() + timedelta(days=20)
    payload = {
        "kind": "periodic",
        "date": f"{far:%Y-%m-%d}",
        "start_time": "07:30",
        "place": "UBND xã",
        "presiding": head_a.user.pk,
    }
    _post(receptionist_a, "sessions/", payload, expect=403)
    session = _post(head_a, "sessions/", payload, expect=201)
    for action, body in (
        ("publish", {}),
        ("cancel", {"reason": "x"}),
        ("hold", {}),
        ("substitute", {"deputy": deputy_a.user.pk, "reason": "Ốm"}),
    ):
        _post(receptionist_a, f"sessions/{session['id']}/{action}/", body, expect=403)
    _post(head_a, f"sessions/{session['id']}/hold/", {}, expect=400)  # not before its date
    _post(
        head_a, f"sessions/{session['id']}/notice/", {"number": "1", "notice_date": f"{today():%Y-%m-%d}"}, expect=409
    )
    substituted = _post(
        head_a, f"sessions/{session['id']}/substitute/", {"deputy": deputy_a.user.pk, "reason": "Đi họp tỉnh"}
    )
    assert (substituted["presiding"], substituted["is_substitution"]) == (deputy_a.user.pk, True)
    moved = _post(
        head_a,
        f"sessions/{session['id']}/postpone/",
        {"reason": "Bão", "new_date": f"{far + timedelta(days=7):%Y-%m-%d}"},
    )
    assert moved["id"] != session["id"]
    assert moved["is_substitution"] is True


def test_weekly_schedule_through_the_api(head_a):
    start = today() + timedelta(days=1)
    response = head_a.api().post(
        head_a.url(BASE + "sessions/weekly/"),
        {
            "weekday": 3,
            "start": f"{start:%Y-%m-%d}",
            "end": f"{start + timedelta(days=27):%Y-%m-%d}",
            "start_time": "07:30",
            "end_time": "11:30",
            "place": "UBND xã",
            "presiding": head_a.user.pk,
        },
        format="json",
    )
    assert response.status_code == 201, response.content
    assert {date.fromisoformat(s["date"]).weekday() for s in response.json()} == {3}


def test_delegated_sessions_do_not_count_toward_the_heads_quota(head_a, deputy_a):
    # A commune chairman since 1/7/2026: at least 2 days a month, in person.
    held_session(head_a, date(2026, 9, 8))
    held_session(deputy_a, date(2026, 9, 22), is_substitution=True, substitution_reason="Đi công tác")
    held_session(head_a, date(2026, 10, 6))
    held_session(head_a, date(2026, 10, 20))
    body = _get(head_a, "compliance/", {"start": "2026-09-01", "end": "2026-10-31"})
    months = {w["start"]: w for w in body["windows"]}
    assert (months["2026-09-01"]["head_days"], months["2026-09-01"]["substituted_days"]) == (1, 1)
    assert months["2026-09-01"]["compliant"] is False
    assert (months["2026-10-01"]["head_days"], months["2026-10-01"]["compliant"]) == (2, True)
    assert (body["head_days"], body["substituted_days"], body["windows_short"]) == (3, 1, 1)
    # The deputy's session is recorded and listed apart.
    listed = _get(head_a, "sessions/", {"is_substitution": "true"})
    assert [s["presiding"] for s in listed["results"]] == [deputy_a.user.pk]


def test_dialogue_invitation_lead_time(leader_a, receptionist_a):
    visit = log(receptionist_a)
    with schema_context(leader_a.unit.schema_name):
        Petition.objects.filter(pk=visit.petition_id).update(status="verifying")
    when = today() + timedelta(days=3)
    too_soon = _post(
        leader_a,
        "dialogues/",
        {
            "petition": visit.petition_id,
            "scheduled_at": f"{when:%Y-%m-%d}T14:00:00+07:00",
            "place": "UBND xã",
            "participants": "Người khiếu nại; cán bộ địa chính",
        },
        expect=400,
    )
    assert too_soon["field"] == "scheduled_at"
    when = today() + timedelta(days=14)
    dialogue = _post(
        leader_a,
        "dialogues/",
        {
            "petition": visit.petition_id,
            "scheduled_at": f"{when:%Y-%m-%d}T14:00:00+07:00",
            "place": "UBND xã",
            "participants": "Người khiếu nại; cán bộ địa chính",
        },
        expect=201,
    )
    assert dialogue["petition_registry_number"]
    _post(leader_a, f"dialogues/{dialogue['id']}/record/", {"minutes": "Hai bên trao đổi."}, expect=400)  # not yet
    _post(
        receptionist_a,
        "dialogues/",
        {
            "petition": visit.petition_id,
            "scheduled_at": f"{when:%Y-%m-%d}T15:00:00+07:00",
            "place": "UBND xã",
            "participants": "x",
        },
        expect=403,
    )


def test_staff_rooms_and_profile(admin_a, receptionist_a, leader_a):
    officer = _post(
        admin_a,
        "officers/",
        {
            "full_name": "Lường Thị Hoa",
            "employment": "full_time",
            "position": "Công chức",
            "user": receptionist_a.user.pk,
        },
        expect=201,
    )
    _post(admin_a, "officers/", {"full_name": "Nông Văn Ba", "employment": "part_time"}, expect=201)
    assert _get(admin_a, "officers/trained-share/") == {"trained": 0, "total": 2, "percent": 0}
    _post(
        admin_a,
        f"officers/{officer['id']}/trainings/",
        {"course": "Bồi dưỡng nghiệp vụ tiếp công dân", "completed_on": "2026-05-20"},
        expect=201,
    )
    assert _get(admin_a, "officers/trained-share/") == {"trained": 1, "total": 2, "percent": 50}
    _post(receptionist_a, "officers/", {"full_name": "X", "employment": "part_time"}, expect=403)

    log(receptionist_a)
    duty = {row["full_name"]: row for row in _get(admin_a, "officers/duty-days/")}
    assert duty["Lường Thị Hoa"]["count"] == 1
    assert duty["Nông Văn Ba"]["count"] == 0

    room = _post(admin_a, "rooms/", {"name": "Phòng tiếp dân", "address": "UBND xã", "capacity": 20}, expect=201)
    response = admin_a.api().patch(admin_a.url(BASE + f"rooms/{room['id']}/"), {"online_ready": True}, format="json")
    assert response.json()["online_ready"] is True
    assert receptionist_a.api().delete(receptionist_a.url(BASE + f"rooms/{room['id']}/")).status_code == 403

    response = admin_a.api().patch(
        admin_a.url(BASE + "profile/"),
        {
            "head": leader_a.user.pk,
            "head_title": "Chủ tịch UBND xã",
            "reception_rules": "Nội quy tiếp công dân…",
        },
        format="json",
    )
    assert response.status_code == 200, response.content
    assert _get(receptionist_a, "profile/")["head_name"] == "Vi Văn Thành"
    assert (
        receptionist_a.api()
        .patch(receptionist_a.url(BASE + "profile/"), {"head_title": "x"}, format="json")
        .status_code
        == 403
    )


def test_unit_b_sees_nothing_of_unit_a(head_a, receptionist_a, unit_b, make_member):
    visit = log(receptionist_a)
    session = held_session(head_a, today())
    leader_b = make_member(unit_b, roles=("leader", "unit_admin"), username="lanh_dao_b")
    with schema_context(unit_b.schema_name):
        assert not ReceptionSession.objects.exists()
    for path in (f"visits/{visit.pk}/", f"matters/{visit.matter_id}/", f"sessions/{session.pk}/"):
        assert leader_b.api().get(leader_b.url(BASE + path)).status_code == 404, path
    for path, body in (
        (f"sessions/{session.pk}/publish/", {}),
        (f"matters/{visit.matter_id}/hot-spot/", {"risk_level": "low"}),
    ):
        assert leader_b.api().post(leader_b.url(BASE + path), body, format="json").status_code == 404
    assert _get(leader_b, "visits/")["count"] == 0
    # A's token means nothing at B, and B's nothing at A.
    assert receptionist_a.api().get(leader_b.url(BASE + "visits/")).status_code == 401
    assert leader_b.api().get(receptionist_a.url(BASE + "visits/")).status_code == 401


def test_anonymous_and_schema(client, unit_a, receptionist_a):
    for path in ("visits/", "sessions/", "instructions/", "compliance/", "profile/"):
        assert client.get(f"/u/{unit_a.code}/{BASE}{path}").status_code == 401
    schema = (
        receptionist_a.api()
        .get(receptionist_a.url("api/v1/schema/"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
        .json()
    )
    paths = schema["paths"]
    for path in (
        "visits/",
        "sessions/{id}/notice/",
        "sessions/{id}/notice/docx/",
        "instructions/{id}/complete/",
        "matters/{id}/hot-spot/",
        "officers/duty-days/",
        "compliance/",
        "profile/",
        "dialogues/",
    ):
        assert f"/reception/{path}" in paths, path
