"""Who may use the inspectorate's view, and the drill-down without leaks: the cross-unit overdue list,
time-boxed grants, and each opening of another unit's case logged."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.models import CaseIndexEntry
from core.oversight.models import CaseAccessGrant, CaseAccessLog
from core.petitions.models import SealedIdentityAccess

from .conftest import leaks

pytestmark = pytest.mark.django_db

API_PATHS = (
    "api/v1/inspectorate/dashboard/",
    "api/v1/inspectorate/overdue/",
    "api/v1/inspectorate/grants/",
    "api/v1/inspectorate/access-log/",
    "api/v1/inspectorate/inspections/",
    "api/v1/inspectorate/recommendations/",
)
PAGES = ("thanh-tra/", "thanh-tra/qua-han/", "thanh-tra/cuoc-thanh-tra/", "thanh-tra/quyen-xem-ho-so/")


@pytest.fixture
def overdue_complaint(register_in, unit_a):
    return register_in(unit_a, received_date=date(2026, 8, 3))


@pytest.fixture
def overdue_denunciation(denounce_in, unit_a):
    return denounce_in(unit_a, received_date=date(2026, 8, 4))


def test_users_outside_the_inspectorate_get_403(inspectorate, unit_a, make_member, overdue_complaint, client):
    commune_leader = make_member(unit_a, roles=("leader", "unit_admin"), username="chu_tich")
    not_inspector = make_member(inspectorate, roles=("reception_officer", "leader", "unit_admin"), username="tiep_dan")
    case = f"api/v1/inspectorate/cases/{overdue_complaint.case_id}/"
    for member in (commune_leader, not_inspector):
        api, web = member.api(), member.web()
        for path in (*API_PATHS, case):
            assert api.get(member.url(path)).status_code == 403, (member.user.username, path)
        assert api.post(member.url("api/v1/inspectorate/inspections/"), {}, format="json").status_code == 403
        for path in (*PAGES, f"thanh-tra/ho-so/{overdue_complaint.case_id}/"):
            assert web.get(member.url(path)).status_code == 403, (member.user.username, path)
        home = web.get(member.url("")).content.decode()
        assert "thanh-tra/" not in home
    # Anonymous: 401 from the API, the login page for the pages.
    assert client.get(f"/u/{inspectorate.code}/api/v1/inspectorate/dashboard/").status_code == 401
    assert client.get(f"/u/{inspectorate.code}/thanh-tra/").status_code == 302


def test_an_inspector_account_used_at_another_unit_gets_nothing(inspector, unit_a):
    """The token of 20-TTR means nothing at a commune: the base class refuses before any figure."""
    api = inspector.api()
    assert api.get(f"/u/{unit_a.code}/api/v1/inspectorate/dashboard/").status_code in (401, 403)


def test_the_overdue_list_shows_codes_and_dates_only(inspector, overdue_complaint, overdue_denunciation, unit_a):
    api = inspector.api()
    response = api.get(inspector.url("api/v1/inspectorate/overdue/"))
    assert response.status_code == 200
    rows = {row["case_id"]: row for row in response.json()["results"]}
    row = rows[str(overdue_complaint.case_id)]
    assert set(row) == {
        "unit_code",
        "unit_name",
        "case_id",
        "registry_number",
        "petition_type",
        "field_code",
        "status",
        "received_date",
        "due_date",
    }
    assert row["registry_number"] == overdue_complaint.registry_number
    assert row["unit_code"] == unit_a.code
    assert row["unit_name"] == "Xã Tân Đoàn"
    assert str(overdue_denunciation.case_id) in rows
    assert leaks(response) == []
    assert overdue_complaint.receipt_code not in response.content.decode()
    filtered = api.get(inspector.url("api/v1/inspectorate/overdue/"), {"petition_type": "denunciation"}).json()
    assert [r["case_id"] for r in filtered["results"]] == [str(overdue_denunciation.case_id)]
    page = inspector.web().get(inspector.url("thanh-tra/qua-han/"))
    assert page.status_code == 200
    assert f"<td>{overdue_complaint.registry_number}</td>" in page.content.decode()
    assert leaks(page) == []
    # Without a grant, no link to open the case.
    assert f"thanh-tra/ho-so/{overdue_complaint.case_id}/" not in page.content.decode()


def test_opening_a_case_needs_a_grant_valid_today_and_each_read_is_logged(
    inspector, inspector_2, unit_a, unit_b, overdue_complaint, overdue_denunciation, approved_grant
):
    api = inspector.api()
    url = inspector.url(f"api/v1/inspectorate/cases/{overdue_complaint.case_id}/")
    assert api.get(url).status_code == 403
    assert CaseAccessLog.objects.count() == 0
    grant = approved_grant(inspector, unit_a)
    first = api.get(url)
    assert first.status_code == 200, first.content
    body = first.json()
    assert body["case_id"] == str(overdue_complaint.case_id)
    assert body["registry_number"] == overdue_complaint.registry_number
    assert body["unit_code"] == unit_a.code
    assert body["deadlines"]
    assert body["timeline"][0]["kind"] == "registered"
    assert "receipt_code" not in body
    assert "senders" not in body
    assert "sender" not in body
    assert overdue_complaint.receipt_code not in first.content.decode()
    assert leaks(first) == []
    assert api.get(url).status_code == 200
    logs = list(CaseAccessLog.objects.order_by("id"))
    assert [(log.username, log.unit_code, log.case_id, log.grant_id) for log in logs] == [
        ("thanh_tra", unit_a.code, overdue_complaint.case_id, grant.pk)
    ] * 2
    assert logs[0].inspectorate_code == inspector.unit.code
    # The denunciation opens too, without its denouncer, and no sealed read is made.
    denunciation = api.get(inspector.url(f"api/v1/inspectorate/cases/{overdue_denunciation.case_id}/"))
    assert denunciation.status_code == 200
    assert denunciation.json()["is_confidential"] is True
    assert leaks(denunciation) == []
    with schema_context(unit_a.schema_name):
        assert not SealedIdentityAccess.objects.exists()
    page = inspector.web().get(inspector.url(f"thanh-tra/ho-so/{overdue_denunciation.case_id}/"))
    assert page.status_code == 200
    assert overdue_denunciation.registry_number in page.content.decode()
    assert leaks(page) == []
    assert CaseAccessLog.objects.count() == 4
    # The grant is one inspector's, for one unit.
    assert inspector_2.api().get(url).status_code == 403
    assert CaseAccessLog.objects.count() == 4


def test_a_grant_for_one_unit_does_not_open_another(inspector, unit_a, unit_b, register_in, approved_grant):
    petition_b = register_in(unit_b)
    approved_grant(inspector, unit_a)
    response = inspector.api().get(inspector.url(f"api/v1/inspectorate/cases/{petition_b.case_id}/"))
    assert response.status_code == 403
    assert not CaseAccessLog.objects.exists()


def test_grants_are_time_boxed(inspector, unit_a, overdue_complaint, approved_grant):
    today = timezone.localdate()
    api = inspector.api()
    url = inspector.url(f"api/v1/inspectorate/cases/{overdue_complaint.case_id}/")
    grant = approved_grant(inspector, unit_a)
    assert api.get(url).status_code == 200
    CaseAccessGrant.objects.filter(pk=grant.pk).update(
        valid_from=today - timedelta(days=20), valid_to=today - timedelta(days=1)
    )
    expired = api.get(url)
    assert expired.status_code == 403
    assert expired.json()["detail"]
    CaseAccessGrant.objects.filter(pk=grant.pk).update(
        valid_from=today + timedelta(days=1), valid_to=today + timedelta(days=5)
    )
    assert api.get(url).status_code == 403
    CaseAccessGrant.objects.filter(pk=grant.pk).update(valid_from=today, valid_to=today)
    assert api.get(url).status_code == 200
    revoked = api.post(inspector.url(f"api/v1/inspectorate/grants/{grant.pk}/revoke/"))
    assert revoked.status_code == 200
    assert revoked.json()["revoked_by"] == "thanh_tra"
    assert api.get(url).status_code == 403
    assert CaseAccessLog.objects.count() == 2
    page = inspector.web().get(inspector.url(f"thanh-tra/ho-so/{overdue_complaint.case_id}/"))
    assert page.status_code == 403


def test_grant_creation_is_checked(inspector, inspector_2, inspectorate, unit_a, make_member):
    today = timezone.localdate()
    api = inspector.api()
    url = inspector.url("api/v1/inspectorate/grants/")
    good = {
        "username": "thanh_tra_2",
        "unit_code": unit_a.code,
        "valid_from": today.isoformat(),
        "valid_to": (today + timedelta(days=5)).isoformat(),
        "reason": "Kiểm tra hồ sơ quá hạn.",
    }
    created = api.post(url, good, format="json")
    assert created.status_code == 201, created.content
    assert created.json()["granted_by"] == "thanh_tra"
    assert created.json()["approved_by"] == ""
    # No one grants themselves access (four eyes): refused, nothing recorded.
    itself = api.post(url, {**good, "username": "thanh_tra"}, format="json")
    assert itself.status_code == 403, itself.content
    assert "thanh_tra" not in CaseAccessGrant.objects.values_list("username", flat=True)
    make_member(inspectorate, roles=("reception_officer",), username="khong_phai_tt")
    refusals = [
        {"valid_to": (today - timedelta(days=1)).isoformat(), "valid_from": (today - timedelta(days=3)).isoformat()},
        {"valid_to": (today + timedelta(days=200)).isoformat()},
        {"valid_from": (today + timedelta(days=3)).isoformat(), "valid_to": today.isoformat()},
        {"unit_code": "99999"},
        {"unit_code": inspectorate.code},
        {"username": "khong_phai_tt"},
        {"username": "ai_do"},
        {"reason": "ngắn"},
    ]
    for change in refusals:
        response = api.post(url, {**good, **change}, format="json")
        assert response.status_code == 400, (change, response.content)
    listing = api.get(url).json()
    assert listing["count"] == 1
    page = inspector.web().get(inspector.url("thanh-tra/quyen-xem-ho-so/"))
    assert page.status_code == 200
    log_page = inspector.web().get(inspector.url("thanh-tra/nhat-ky-xem-ho-so/"))
    assert log_page.status_code == 200


def test_grant_form_on_the_page(inspector, inspector_2, inspector_3, unit_a, overdue_complaint):
    today = timezone.localdate()
    # Asked for by a second inspector, approved by a third: the grantee and the asker cannot approve.
    asker = inspector_2.web()
    response = asker.post(
        inspector.url("thanh-tra/quyen-xem-ho-so/"),
        {
            "username": "thanh_tra",
            "unit_code": unit_a.code,
            "valid_from": today.strftime("%d/%m/%Y"),
            "valid_to": (today + timedelta(days=3)).strftime("%d/%m/%Y"),
            "reason": "Kiểm tra hồ sơ quá hạn.",
        },
    )
    assert response.status_code == 302
    grant = CaseAccessGrant.objects.get()
    assert (grant.username, grant.unit_code, grant.valid_to) == ("thanh_tra", unit_a.code, today + timedelta(days=3))
    web = inspector.web()
    case_page = inspector.url(f"thanh-tra/ho-so/{overdue_complaint.case_id}/")
    assert web.get(case_page).status_code == 403  # not approved yet: opens nothing
    decide = inspector.url(f"thanh-tra/quyen-xem-ho-so/{grant.pk}/phe-duyet/")
    for client in (web, asker):
        client.post(decide, {"decision": "approve"})
        grant.refresh_from_db()
        assert grant.approved_at is None
    assert web.get(case_page).status_code == 403
    listing = inspector_3.web().get(inspector.url("thanh-tra/quyen-xem-ho-so/"))
    assert decide in listing.content.decode()
    assert inspector_3.web().post(decide, {"decision": "approve"}).status_code == 302
    grant.refresh_from_db()
    assert grant.approved_by == "thanh_tra_3"
    overdue = web.get(inspector.url("thanh-tra/qua-han/")).content.decode()
    assert f"thanh-tra/ho-so/{overdue_complaint.case_id}/" in overdue
    assert web.get(inspector.url(f"thanh-tra/ho-so/{overdue_complaint.case_id}/")).status_code == 200
    log = web.get(inspector.url("thanh-tra/nhat-ky-xem-ho-so/")).content.decode()
    assert str(overdue_complaint.case_id) in log
    web.post(inspector.url(f"thanh-tra/quyen-xem-ho-so/{grant.pk}/thu-hoi/"))
    grant.refresh_from_db()
    assert grant.revoked_at is not None
    assert web.get(inspector.url(f"thanh-tra/ho-so/{overdue_complaint.case_id}/")).status_code == 403


def test_a_case_outside_the_province_is_not_found(inspector, unit_a, overdue_complaint, approved_grant):
    CaseIndexEntry.objects.filter(case_id=overdue_complaint.case_id).update(province_code="04")
    approved_grant(inspector, unit_a)
    response = inspector.api().get(inspector.url(f"api/v1/inspectorate/cases/{overdue_complaint.case_id}/"))
    assert response.status_code == 404
    assert not CaseAccessLog.objects.exists()
