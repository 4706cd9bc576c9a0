"""A unit's public pages (no login): reception rules, published schedule, petition status lookup.

Assertions are on data, status codes and the context, not on the wording of the pages (whose
Vietnamese catalogue is filled separately).
"""

from __future__ import annotations

from datetime import date, time, timedelta

import pytest
from django.core.cache import cache
from django.test import Client, RequestFactory
from django.utils import timezone
from django.utils.html import escape
from django_tenants.utils import schema_context

from core.petitions.choices import PetitionType, Status
from core.petitions.services.petitions import petition_register
from core.reception.choices import SessionKind, SessionStatus
from core.reception.models import ReceptionSession, UnitProfile
from tenants.provisioning import unit_archive
from web.common import clients
from web.public import views as public_views

pytestmark = pytest.mark.django_db

SENDER = "Nguyễn Văn An"
ID_NUMBER = "020085001234"
PHONE = "0912345678"
SUBJECT = "Quyết định thu hồi đất số 12/QĐ-UBND"
SUMMARY = "Khiếu nại việc thu hồi đất nông nghiệp của gia đình."
UNKNOWN_CODE = "2345-6789-ABCD"


@pytest.fixture(autouse=True)
def _empty_cache():
    cache.clear()
    yield
    cache.clear()


@pytest.fixture
def petition_a(unit_a, make_member):
    """A complaint registered in unit A, with a named sender and identity number."""
    officer = make_member(unit_a, roles=("processing_officer", "leader"), username="xu_ly_a", full_name="Nông Văn Đức")
    with schema_context(unit_a.schema_name):
        return petition_register(
            actor=officer.user,
            channel="post",
            received_date=date(2026, 11, 2),
            petition_type="complaint",
            field_code="dat-dai",
            subject=SUBJECT,
            summary=SUMMARY,
            signer_kind="one",
            signers=[{"full_name": SENDER, "id_kind": "cccd", "id_number": ID_NUMBER, "phone": PHONE}],
        )


@pytest.fixture
def leader_a(unit_a, make_member):
    return make_member(
        unit_a, roles=("leader",), username="chu_tich_a", full_name="Vi Văn Thành", position="Chủ tịch UBND xã"
    )


@pytest.fixture
def deputy_a(unit_a, make_member):
    return make_member(
        unit_a, roles=("leader",), username="pho_chu_tich_a", full_name="Hà Thị Nga", position="Phó Chủ tịch UBND xã"
    )


def _url(unit, path: str) -> str:
    return f"/u/{unit.code}/{path}"


def _session(unit, presiding, **fields) -> ReceptionSession:
    today = timezone.localdate()
    values = {
        "kind": SessionKind.PERIODIC,
        "date": today + timedelta(days=7),
        "start_time": time(7, 30),
        "end_time": time(11, 0),
        "place": "Trụ sở tiếp công dân",
        "presiding": presiding.user,
        "published_on": today - timedelta(days=1),
    }
    values.update(fields)
    with schema_context(unit.schema_name):
        return ReceptionSession.objects.create(**values)


# --- Reception rules ---------------------------------------------------------------------------


def test_rules_page_shows_the_profile_to_anyone(client, unit_a):
    with schema_context(unit_a.schema_name):
        UnitProfile.objects.create(
            reception_rules="Công dân xuất trình giấy tờ tùy thân.\nKhông mang vũ khí vào phòng tiếp dân.",
            reception_address="Trụ sở UBND xã Tân Đoàn",
            reception_hours="Sáng thứ Năm hằng tuần, 7:30–11:00",
        )
    response = client.get(_url(unit_a, "cong-khai/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert escape(unit_a.name) in html
    assert "Công dân xuất trình giấy tờ tùy thân.<br>Không mang vũ khí vào phòng tiếp dân." in html
    assert "Trụ sở UBND xã Tân Đoàn" in html
    assert "Sáng thứ Năm hằng tuần, 7:30–11:00" in html
    assert f'href="/u/{unit_a.code}/cong-khai/lich-tiep/"' in html
    assert f'href="/u/{unit_a.code}/tra-cuu/"' in html


def test_rules_page_without_a_profile_still_answers(client, unit_a):
    assert client.get(_url(unit_a, "cong-khai/")).status_code == 200


def test_rules_text_is_escaped(client, unit_a):
    with schema_context(unit_a.schema_name):
        UnitProfile.objects.create(reception_rules="<script>alert(1)</script>")
    html = client.get(_url(unit_a, "cong-khai/")).content.decode()
    assert "<script>alert(1)</script>" not in html
    assert "&lt;script&gt;" in html


# --- Schedule ----------------------------------------------------------------------------------


def test_schedule_shows_published_upcoming_sessions_in_date_order(client, unit_a, leader_a):
    today = timezone.localdate()
    later = _session(unit_a, leader_a, date=today + timedelta(days=14), place="Hội trường thôn Bản Chu")
    sooner = _session(unit_a, leader_a, date=today + timedelta(days=3), place="Trụ sở UBND xã", kind="online")
    same_day = _session(unit_a, leader_a, date=today, published_on=today, place="Phòng tiếp dân số 1")
    response = client.get(_url(unit_a, "cong-khai/lich-tiep/"))
    assert response.status_code == 200
    html = response.content.decode()
    assert [s.place for s in response.context["sessions"]] == [same_day.place, sooner.place, later.place]
    assert html.index(same_day.place) < html.index(sooner.place) < html.index(later.place)
    assert f"{sooner.date:%d/%m/%Y}" in html
    assert str(public_views.WEEKDAYS[sooner.date.weekday()]) in html
    assert "07:30" in html
    assert "11:00" in html
    assert str(SessionKind.ONLINE.label) in html
    assert "Vi Văn Thành" in html
    assert "Chủ tịch UBND xã" in html


def test_schedule_hides_unpublished_past_private_and_cancelled_sessions(client, unit_a, leader_a):
    today = timezone.localdate()
    _session(unit_a, leader_a, place="Phòng đã công bố")
    _session(unit_a, leader_a, place="Phòng chưa công bố", published_on=None)
    _session(unit_a, leader_a, place="Phòng công bố ngày mai", published_on=today + timedelta(days=1))
    _session(unit_a, leader_a, place="Phòng buổi đã qua", date=today - timedelta(days=1))
    _session(unit_a, leader_a, place="Phòng không công khai", is_public=False)
    _session(unit_a, leader_a, place="Phòng đã hủy", status=SessionStatus.CANCELLED)
    _session(unit_a, leader_a, place="Phòng đã tiếp", date=today - timedelta(days=5), status=SessionStatus.HELD)
    html = client.get(_url(unit_a, "cong-khai/lich-tiep/")).content.decode()
    assert "Phòng đã công bố" in html
    for hidden in (
        "Phòng chưa công bố",
        "Phòng công bố ngày mai",
        "Phòng buổi đã qua",
        "Phòng không công khai",
        "Phòng đã hủy",
        "Phòng đã tiếp",
    ):
        assert hidden not in html


def test_schedule_lists_the_dates_of_recent_held_sessions_without_content(client, unit_a, leader_a):
    today = timezone.localdate()
    for days in range(1, 8):
        _session(
            unit_a,
            leader_a,
            date=today - timedelta(days=days * 7),
            status=SessionStatus.HELD,
            place=f"Phòng {days}",
            minutes="Biên bản: ông Lò Văn Pầu trình bày việc tranh chấp đất.",
            attendees="Lò Văn Pầu",
        )
    _session(unit_a, leader_a, date=today - timedelta(days=2), status=SessionStatus.HELD, is_public=False)
    response = client.get(_url(unit_a, "cong-khai/lich-tiep/"))
    html = response.content.decode()
    held = response.context["held"]
    assert [s.date for s in held] == [today - timedelta(days=days * 7) for days in range(1, 6)]
    for s in held:
        assert f"{s.date:%d/%m/%Y}" in html
    assert f"{today - timedelta(days=2):%d/%m/%Y}" not in html
    assert "Lò Văn Pầu" not in html
    assert "Phòng 1" not in html


def test_schedule_announces_a_deputy_standing_in_and_a_postponement(client, unit_a, leader_a, deputy_a):
    with schema_context(unit_a.schema_name):
        UnitProfile.objects.create(head=leader_a.user, head_title="Chủ tịch UBND xã")
    _session(
        unit_a,
        deputy_a,
        place="Phòng thay thế",
        is_substitution=True,
        substitution_reason="Chủ tịch đi công tác",
    )
    _session(
        unit_a,
        leader_a,
        place="Phòng hoãn",
        date=timezone.localdate() + timedelta(days=9),
        status=SessionStatus.POSTPONED,
        postponement_reason="Trùng kỳ họp Hội đồng nhân dân",
    )
    response = client.get(_url(unit_a, "cong-khai/lich-tiep/"))
    html = response.content.decode()
    substituted, postponed = response.context["sessions"]
    assert substituted.is_substitution
    assert substituted.presiding_name == "Hà Thị Nga"
    assert "Hà Thị Nga" in html
    assert "Phó Chủ tịch UBND xã" in html
    assert html.count('class="substitution"') == 1
    assert html.index("Hà Thị Nga") < html.index('class="substitution"') < html.index("Phòng hoãn")
    assert postponed.is_postponed
    assert not postponed.is_substitution
    assert "Trùng kỳ họp Hội đồng nhân dân" in html


# --- Petition status lookup --------------------------------------------------------------------


def _lookup(client, unit, code: str, **extra):
    return client.post(_url(unit, "tra-cuu/"), {"code": code}, **extra)


def test_lookup_form_is_open_to_anyone(client, unit_a):
    response = client.get(_url(unit_a, "tra-cuu/"))
    assert response.status_code == 200
    assert response.context["searched"] is False
    assert "no-cache" in response["Cache-Control"] or "no-store" in response["Cache-Control"]


def test_lookup_shows_status_and_due_date_and_nothing_personal(client, unit_a, petition_a):
    assert petition_a.next_due_date is not None
    response = _lookup(client, unit_a, petition_a.receipt_code)
    assert response.status_code == 200
    result = response.context["result"]
    # "path": where the petition went between units (unit names and dates only, tests/core/transfers).
    assert set(result) == {"registry_number", "received_date", "type", "status", "next_due_date", "path"}
    assert result["path"] == []
    assert result["registry_number"] == petition_a.registry_number
    assert result["status"] == Status.REGISTERED.label
    assert result["type"] == PetitionType.COMPLAINT.label
    assert result["next_due_date"] == petition_a.next_due_date
    html = response.content.decode()
    assert petition_a.registry_number in html
    assert "02/11/2026" in html
    assert f"{petition_a.next_due_date:%d/%m/%Y}" in html
    assert escape(str(Status.REGISTERED.label)) in html
    assert escape(str(PetitionType.COMPLAINT.label)) in html
    for personal in (SENDER, ID_NUMBER, PHONE, SUBJECT, SUMMARY, "Nông Văn Đức", "dat-dai"):
        assert personal not in html
        assert escape(personal) not in html


@pytest.mark.parametrize(
    "variant",
    [
        lambda code: code.lower(),
        lambda code: code.replace("-", ""),
        lambda code: " " + code.replace("-", " ").lower() + " ",
        lambda code: code.replace("-", "–"),
    ],
)
def test_lookup_accepts_code_variants(client, unit_a, petition_a, variant):
    response = _lookup(client, unit_a, variant(petition_a.receipt_code))
    assert response.status_code == 200
    assert response.context["result"]["registry_number"] == petition_a.registry_number


def test_lookup_by_get_only_in_a_read_only_unit(client, unit_a, petition_a):
    """A code in the query string lands in logs and history: only a read-only (legacy) unit, which
    refuses every POST, looks it up; elsewhere the page ignores it and shows the empty form."""
    from tenants.models import UnitKind

    response = client.get(_url(unit_a, "tra-cuu/"), {"code": petition_a.receipt_code.lower()})
    assert response.status_code == 200
    assert response.context["searched"] is False
    assert petition_a.registry_number not in response.content.decode()
    unit_a.kind = UnitKind.LEGACY_DISTRICT
    unit_a.save(update_fields=["kind"])
    response = client.get(_url(unit_a, "tra-cuu/"), {"code": petition_a.receipt_code.lower()})
    assert response.context["result"]["registry_number"] == petition_a.registry_number


def test_lookup_with_csrf_enforced(unit_a, petition_a):
    browser = Client(enforce_csrf_checks=True)
    assert _lookup(browser, unit_a, petition_a.receipt_code).status_code == 403
    browser.get(_url(unit_a, "tra-cuu/"))
    token = browser.cookies["csrftoken"].value
    response = browser.post(_url(unit_a, "tra-cuu/"), {"code": petition_a.receipt_code, "csrfmiddlewaretoken": token})
    assert response.status_code == 200
    assert response.context["result"]["registry_number"] == petition_a.registry_number


def test_unknown_code_is_not_found(client, unit_a, petition_a):
    response = _lookup(client, unit_a, UNKNOWN_CODE)
    assert response.status_code == 200
    assert response.context["searched"] is True
    assert response.context["result"] is None
    assert petition_a.registry_number not in response.content.decode()


@pytest.mark.parametrize("code", ["", "ABCD", "ABCD-EFGH-JKMN-2345", "0000-1111-IIII", "ABCD-EFGH-JKML"])
def test_malformed_code_is_refused_without_a_lookup(client, unit_a, monkeypatch, code):
    monkeypatch.setattr(public_views, "petition_public_status", _must_not_be_called)
    response = _lookup(client, unit_a, code)
    assert response.status_code == 400
    assert response.context["searched"] is False
    assert response.context["form"].errors


def _must_not_be_called(code):
    raise AssertionError("looked up despite the refusal")


def test_receipt_code_normalise():
    assert public_views.receipt_code_normalise("abcd efgh jkmn") == "ABCD-EFGH-JKMN"
    assert public_views.receipt_code_normalise("ABCDEFGHJKMN") == "ABCD-EFGH-JKMN"
    assert public_views.receipt_code_normalise("ＡＢＣＤ-ＥＦＧＨ-ＪＫＭＮ") == "ABCD-EFGH-JKMN"
    assert public_views.receipt_code_normalise("ABCD-EFGH-JKM0") is None
    assert public_views.receipt_code_normalise("ABCD-EFGH-JKM") is None


def test_eleventh_lookup_in_the_window_is_refused_with_429(client, unit_a, petition_a, monkeypatch):
    for _ in range(public_views.LOOKUP_LIMIT - 1):
        assert _lookup(client, unit_a, UNKNOWN_CODE).status_code == 200
    assert _lookup(client, unit_a, petition_a.receipt_code).context["result"] is not None  # the 10th
    monkeypatch.setattr(public_views, "petition_public_status", _must_not_be_called)
    response = _lookup(client, unit_a, petition_a.receipt_code)
    assert response.status_code == 429
    assert response["Retry-After"] == str(public_views.LOOKUP_WINDOW)
    assert response.context["limited"] is True
    assert response.context["result"] is None
    assert petition_a.registry_number not in response.content.decode()
    # Another client address is counted apart.
    monkeypatch.undo()
    assert _lookup(client, unit_a, UNKNOWN_CODE, REMOTE_ADDR="10.0.0.9").status_code == 200


def test_rate_limit_is_per_unit(client, unit_a, unit_b):
    for _ in range(public_views.LOOKUP_LIMIT):
        _lookup(client, unit_a, UNKNOWN_CODE)
    assert _lookup(client, unit_a, UNKNOWN_CODE).status_code == 429
    assert _lookup(client, unit_b, UNKNOWN_CODE).status_code == 200


def test_showing_the_form_does_not_count(client, unit_a):
    for _ in range(public_views.LOOKUP_LIMIT + 5):
        assert client.get(_url(unit_a, "tra-cuu/")).status_code == 200
    assert _lookup(client, unit_a, UNKNOWN_CODE).status_code == 200


def test_client_address_ignores_forwarded_for_unless_trusted(settings):
    request = RequestFactory().get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="6.6.6.6, 203.0.113.7")
    assert clients.client_address(request) == "172.18.0.5"
    settings.TRUST_X_FORWARDED_FOR = True
    # Our proxy appends the address it saw: a client cannot pick its own by sending the header.
    assert clients.client_address(request) == "203.0.113.7"
    request = RequestFactory().get("/", REMOTE_ADDR="172.18.0.5", HTTP_X_FORWARDED_FOR="not-an-address")
    assert clients.client_address(request) == "unknown"
    request = RequestFactory().get("/", REMOTE_ADDR="2001:db8:1:2:3:4:5:6")
    assert clients.client_address(request) == "2001:db8:1:2::/64"


def test_spoofed_forwarded_for_does_not_reset_the_limit(client, unit_a, settings):
    settings.TRUST_X_FORWARDED_FOR = True
    for n in range(public_views.LOOKUP_LIMIT):
        _lookup(client, unit_a, UNKNOWN_CODE, HTTP_X_FORWARDED_FOR=f"10.1.1.{n}, 203.0.113.7")
    response = _lookup(client, unit_a, UNKNOWN_CODE, HTTP_X_FORWARDED_FOR="10.9.9.9, 203.0.113.7")
    assert response.status_code == 429
    assert _lookup(client, unit_a, UNKNOWN_CODE, HTTP_X_FORWARDED_FOR="203.0.113.8").status_code == 200


# --- Isolation and archived units --------------------------------------------------------------


def test_unit_b_does_not_find_unit_a_receipt_code(client, unit_b, petition_a):
    response = _lookup(client, unit_b, petition_a.receipt_code)
    assert response.status_code == 200
    assert response.context["searched"] is True
    assert response.context["result"] is None
    assert petition_a.registry_number not in response.content.decode()


def test_unit_b_pages_do_not_show_unit_a_sessions_or_rules(client, unit_a, unit_b, leader_a):
    with schema_context(unit_a.schema_name):
        UnitProfile.objects.create(reception_rules="Nội quy riêng của xã Tân Đoàn")
    _session(unit_a, leader_a, place="Trụ sở xã Tân Đoàn")
    _session(unit_a, leader_a, date=timezone.localdate() - timedelta(days=3), status=SessionStatus.HELD)
    assert "Trụ sở xã Tân Đoàn" in client.get(_url(unit_a, "cong-khai/lich-tiep/")).content.decode()
    response = client.get(_url(unit_b, "cong-khai/lich-tiep/"))
    assert response.status_code == 200
    assert response.context["sessions"] == []
    assert response.context["held"] == []
    html = response.content.decode()
    assert "Trụ sở xã Tân Đoàn" not in html
    assert "Vi Văn Thành" not in html
    assert "Nội quy riêng của xã Tân Đoàn" not in client.get(_url(unit_b, "cong-khai/")).content.decode()


def test_archived_unit_public_pages_answer_410(client, unit_a, petition_a):
    unit_archive(unit=unit_a)
    for path in ("cong-khai/", "cong-khai/lich-tiep/", "tra-cuu/"):
        assert client.get(_url(unit_a, path)).status_code == 410
    assert _lookup(client, unit_a, petition_a.receipt_code).status_code == 410
