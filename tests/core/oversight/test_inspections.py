"""Inspections of responsibility and their recommendations: records, team grants, follow-up, and
the inspected unit's leaders reading what was asked of them."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django.utils import timezone

from core.oversight.models import CaseAccessGrant, CaseAccessLog, Inspection, InspectionRecommendation

from .conftest import leaks

pytestmark = pytest.mark.django_db


def _inspection_data(unit, team, **overrides) -> dict:
    today = timezone.localdate()
    data = {
        "unit_code": unit.code,
        "decision_number": "15/QĐ-TTr",
        "scope": "Trách nhiệm tiếp công dân, xử lý đơn, giải quyết khiếu nại, tố cáo năm 2026.",
        "period_start": "2026-01-01",
        "period_end": "2026-09-30",
        "starts_on": (today - timedelta(days=2)).isoformat(),
        "ends_on": (today + timedelta(days=28)).isoformat(),
        "team": team,
    }
    data.update(overrides)
    return data


def test_inspection_crud_with_team_grants_through_the_api(
    inspector, inspector_2, inspector_3, unit_a, unit_b, register_in
):
    api = inspector.api()
    url = inspector.url("api/v1/inspectorate/inspections/")
    created = api.post(url, _inspection_data(unit_a, ["thanh_tra", "thanh_tra_2"]), format="json")
    assert created.status_code == 201, created.content
    body = created.json()
    assert body["team"] == ["thanh_tra", "thanh_tra_2"]
    assert body["created_by"] == "thanh_tra"
    inspection = Inspection.objects.get(pk=body["id"])
    grants = CaseAccessGrant.objects.filter(inspection=inspection)
    assert sorted(grants.values_list("username", flat=True)) == ["thanh_tra", "thanh_tra_2"]
    assert {(g.unit_code, g.valid_from, g.valid_to) for g in grants} == {
        (unit_a.code, inspection.starts_on, inspection.ends_on)
    }
    # The team's grants wait for a second inspector: not the grantee, not who recorded the inspection.
    petition = register_in(unit_a)
    case_url = inspector_2.url(f"api/v1/inspectorate/cases/{petition.case_id}/")
    assert inspector_2.api().get(case_url).status_code == 403
    grant_2 = grants.get(username="thanh_tra_2")
    approve = inspector.url(f"api/v1/inspectorate/grants/{grant_2.pk}/approve/")
    assert inspector_2.api().post(approve).status_code == 403  # the grantee
    assert api.post(approve).status_code == 403  # who asked (recorded the inspection)
    approved = inspector_3.api().post(approve)
    assert approved.status_code == 200, approved.content
    assert approved.json()["approved_by"] == "thanh_tra_3"
    assert inspector_3.api().post(approve).status_code == 409  # decided already
    # The team member opens a case of the inspected unit; it is logged under the inspection's grant.
    opened = inspector_2.api().get(case_url)
    assert opened.status_code == 200
    assert CaseAccessLog.objects.get().grant.inspection == inspection
    assert leaks(opened) == []

    listing = api.get(url).json()
    assert [row["id"] for row in listing["results"]] == [inspection.pk]
    detail = api.get(f"{url}{inspection.pk}/").json()
    assert detail["decision_number"] == "15/QĐ-TTr"

    # Changing the team re-issues the grants: the removed member loses access, the old grants stay for the audit.
    changed = api.patch(
        f"{url}{inspection.pk}/", {"team": ["thanh_tra"], "findings": "Chậm thụ lý 3 vụ."}, format="json"
    )
    assert changed.status_code == 200, changed.content
    assert changed.json()["findings"] == "Chậm thụ lý 3 vụ."
    assert inspector_2.api().get(inspector_2.url(f"api/v1/inspectorate/cases/{petition.case_id}/")).status_code == 403
    assert CaseAccessGrant.objects.filter(inspection=inspection, revoked_at__isnull=True).count() == 1
    assert CaseAccessGrant.objects.filter(inspection=inspection).count() == 3

    # Refusals: a unit of no province of ours, a team member who is not an inspector, dates backwards.
    for change in ({"unit_code": "99999"}, {"team": ["ai_do"]}, {"team": []}, {"ends_on": "2020-01-01"}):
        refused = api.post(url, {**_inspection_data(unit_b, ["thanh_tra"]), **change}, format="json")
        assert refused.status_code == 400, (change, refused.content)
    no_grants = api.post(url, _inspection_data(unit_b, ["thanh_tra"], issue_grants=False), format="json")
    assert no_grants.status_code == 201
    assert not CaseAccessGrant.objects.filter(inspection_id=no_grants.json()["id"]).exists()


def test_recommendations_are_followed_up_until_done(inspector, unit_a, unit_b, make_member):
    api = inspector.api()
    inspection = api.post(
        inspector.url("api/v1/inspectorate/inspections/"), _inspection_data(unit_a, ["thanh_tra"]), format="json"
    ).json()
    base = inspector.url(f"api/v1/inspectorate/inspections/{inspection['id']}/recommendations/")
    today = timezone.localdate()
    first = api.post(base, {"text": "Niêm yết lịch tiếp công dân.", "due_date": "2026-12-31"}, format="json")
    assert first.status_code == 201, first.content
    assert first.json()["unit_code"] == unit_a.code
    assert first.json()["status"] == "open"
    second = api.post(
        base,
        {"text": "Sở phối hợp rà soát hồ sơ đất đai.", "due_date": "2026-10-31", "unit_code": unit_b.code},
        format="json",
    )
    assert second.json()["unit_code"] == unit_b.code
    assert second.json()["is_late"] is True
    assert api.post(base, {"text": "", "due_date": "2026-12-31"}, format="json").status_code == 400
    assert [r["id"] for r in api.get(base).json()] == [second.json()["id"], first.json()["id"]]

    rec_url = inspector.url(f"api/v1/inspectorate/recommendations/{first.json()['id']}/")
    edited = api.patch(rec_url, {"follow_up_notes": "Đã nhắc lần 1.", "due_date": "2027-01-15"}, format="json")
    assert edited.json()["follow_up_notes"] == "Đã nhắc lần 1."
    assert edited.json()["due_date"] == "2027-01-15"
    done = api.post(f"{rec_url}done/", {"note": "Đã niêm yết tại trụ sở."}, format="json")
    assert done.status_code == 200, done.content
    assert done.json()["status"] == "done"
    assert done.json()["done_on"] == today.isoformat()
    assert "Đã niêm yết tại trụ sở." in done.json()["follow_up_notes"]
    assert api.post(f"{rec_url}done/", {}, format="json").status_code == 409
    future = (today + timedelta(days=3)).isoformat()
    reopened = api.post(f"{rec_url}reopen/", {"note": "Chưa niêm yết đủ."}, format="json")
    assert reopened.json()["status"] == "open"
    assert reopened.json()["done_on"] is None
    assert api.post(f"{rec_url}done/", {"done_on": future}, format="json").status_code == 400
    open_only = api.get(inspector.url("api/v1/inspectorate/recommendations/"), {"status": "open"}).json()
    assert open_only["count"] == 2
    by_unit = api.get(inspector.url("api/v1/inspectorate/recommendations/"), {"unit_code": unit_b.code}).json()
    assert [r["id"] for r in by_unit["results"]] == [second.json()["id"]]

    # The inspected unit's leader reads what was asked of their unit, and only that.
    leader_a = make_member(unit_a, roles=("leader",), username="chu_tich_a")
    leader_b = make_member(unit_b, roles=("leader",), username="chu_tich_b")
    officer_a = make_member(unit_a, roles=("reception_officer",), username="tiep_dan_a")
    mine = leader_a.api().get(leader_a.url("api/v1/inspectorate/unit-recommendations/"))
    assert mine.status_code == 200
    assert [(r["id"], r["decision_number"]) for r in mine.json()["results"]] == [(first.json()["id"], "15/QĐ-TTr")]
    assert leader_b.api().get(leader_b.url("api/v1/inspectorate/unit-recommendations/")).json()["count"] == 1
    assert officer_a.api().get(officer_a.url("api/v1/inspectorate/unit-recommendations/")).status_code == 403
    page = leader_a.web().get(leader_a.url("thanh-tra/kien-nghi-den-don-vi/"))
    assert page.status_code == 200
    assert "Niêm yết lịch tiếp công dân." in page.content.decode()
    assert "Sở phối hợp" not in page.content.decode()
    # ... and cannot change it.
    assert (
        leader_a.api()
        .post(f"/u/{unit_a.code}/api/v1/inspectorate/recommendations/{first.json()['id']}/done/")
        .status_code
        == 403
    )


def test_inspections_and_recommendations_on_the_pages(inspector, unit_a):
    web = inspector.web()
    today = timezone.localdate()
    form = web.get(inspector.url("thanh-tra/cuoc-thanh-tra/moi/"))
    assert form.status_code == 200
    assert "thanh_tra" in form.content.decode()
    created = web.post(
        inspector.url("thanh-tra/cuoc-thanh-tra/moi/"),
        {
            "unit_code": unit_a.code,
            "decision_number": "20/QĐ-TTr",
            "scope": "Tiếp công dân và xử lý đơn.",
            "period_start": "01/01/2026",
            "period_end": "30/09/2026",
            "starts_on": today.strftime("%d/%m/%Y"),
            "ends_on": (today + timedelta(days=10)).strftime("%d/%m/%Y"),
            "team": ["thanh_tra"],
        },
    )
    assert created.status_code == 302, created.content.decode()[:2000]
    inspection = Inspection.objects.get(decision_number="20/QĐ-TTr")
    assert inspection.period_end.isoformat() == "2026-09-30"
    assert CaseAccessGrant.objects.filter(inspection=inspection, username="thanh_tra").exists()
    detail_url = inspector.url(f"thanh-tra/cuoc-thanh-tra/{inspection.pk}/")
    added = web.post(detail_url, {"text": "Mở sổ tiếp công dân.", "unit_code": unit_a.code, "due_date": "31/12/2026"})
    assert added.status_code == 302
    recommendation = InspectionRecommendation.objects.get(inspection=inspection)
    page = web.get(detail_url).content.decode()
    assert "Mở sổ tiếp công dân." in page
    assert "31/12/2026" in page
    edit = web.post(
        inspector.url(f"thanh-tra/kien-nghi/{recommendation.pk}/"),
        {
            "text": "Mở sổ tiếp công dân.",
            "unit_code": unit_a.code,
            "due_date": "15/01/2027",
            "follow_up_notes": "Nhắc.",
        },
    )
    assert edit.status_code == 302
    done = web.post(
        inspector.url(f"thanh-tra/kien-nghi/{recommendation.pk}/hoan-thanh/"),
        {"done_on": today.strftime("%d/%m/%Y"), "note": "Xong."},
    )
    assert done.status_code == 302
    recommendation.refresh_from_db()
    assert (recommendation.status, recommendation.done_on) == ("done", today)
    assert recommendation.follow_up_notes.startswith("Nhắc.")
    listing = web.get(inspector.url("thanh-tra/cuoc-thanh-tra/")).content.decode()
    assert "20/QĐ-TTr" in listing
    edit_page = web.post(
        inspector.url(f"thanh-tra/cuoc-thanh-tra/{inspection.pk}/sua/"),
        {
            "unit_code": unit_a.code,
            "decision_number": "20/QĐ-TTr",
            "scope": "Tiếp công dân và xử lý đơn.",
            "period_start": "01/01/2026",
            "period_end": "30/09/2026",
            "starts_on": today.strftime("%d/%m/%Y"),
            "ends_on": (today + timedelta(days=10)).strftime("%d/%m/%Y"),
            "team": ["thanh_tra"],
            "findings": "Không có vi phạm nghiêm trọng.",
        },
    )
    assert edit_page.status_code == 302
    inspection.refresh_from_db()
    assert inspection.findings == "Không có vi phạm nghiêm trọng."
    # Same team and dates: the grants were not re-issued.
    assert CaseAccessGrant.objects.filter(inspection=inspection).count() == 1


def test_an_inspector_without_manage_permission_reads_but_does_not_write(inspector, inspectorate, unit_a):
    from django.contrib.auth.models import Permission
    from django_tenants.utils import schema_context

    with schema_context(inspectorate.schema_name):
        inspector.user.user_permissions.clear()
        group = inspector.user.groups.get()
        group.permissions.remove(Permission.objects.get(codename="manage_inspection"))
    api = inspector.api()
    assert api.get(inspector.url("api/v1/inspectorate/inspections/")).status_code == 200
    refused = api.post(
        inspector.url("api/v1/inspectorate/inspections/"), _inspection_data(unit_a, ["thanh_tra"]), format="json"
    )
    assert refused.status_code == 403
    assert api.get(inspector.url("api/v1/inspectorate/access-log/")).status_code == 403
    assert inspector.web().get(inspector.url("thanh-tra/cuoc-thanh-tra/moi/")).status_code == 403


def test_the_endpoints_are_in_the_openapi_schema(inspector):
    schema = inspector.api().get(inspector.url("api/v1/schema/"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    for path in (
        "/inspectorate/dashboard/",
        "/inspectorate/overdue/",
        "/inspectorate/cases/{case_id}/",
        "/inspectorate/grants/",
        "/inspectorate/grants/{id}/revoke/",
        "/inspectorate/access-log/",
        "/inspectorate/inspections/",
        "/inspectorate/inspections/{id}/recommendations/",
        "/inspectorate/recommendations/{id}/done/",
        "/inspectorate/unit-recommendations/",
    ):
        assert path in paths, path
