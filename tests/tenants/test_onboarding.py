"""Onboarding units from the official list: API, command, admin; idempotent and serialised."""

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context, schema_exists

from tenants.catalogue import province_units, unit_spec
from tenants.models import OnboardingJob, Unit, UnitKind, UnitStatus
from tests.conftest import admin_login

pytestmark = pytest.mark.django_db


def test_official_list_gives_lang_son_its_communes_and_provincial_bodies():
    specs = province_units("20")
    kinds = [spec.kind for spec in specs]
    assert specs[0].code == "20-UBND"  # parents first
    assert kinds.count(UnitKind.PROVINCIAL_INSPECTORATE) == 1
    assert kinds.count(UnitKind.COMMUNE) + kinds.count(UnitKind.WARD) == 65
    assert unit_spec("06316").name == "Xã Tân Đoàn"
    assert all(spec.parent_code == "20-UBND" for spec in specs[1:])


def _onboard(platform_admin, capture, payload) -> dict:
    """POST an onboarding request; the job is queued on commit and (eagerly, in tests) run."""
    with capture(execute=True):
        response = platform_admin.post("/api/v1/platform/onboarding-jobs/", payload, format="json")
    assert response.status_code == 202, response.content
    assert response.json()["status"] == "queued"
    return platform_admin.get(f"/api/v1/platform/onboarding-jobs/{response.json()['id']}/").json()


def test_platform_admin_onboards_one_unit_through_the_api(platform_admin, django_capture_on_commit_callbacks):
    job = _onboard(platform_admin, django_capture_on_commit_callbacks, {"unit_codes": ["06040"]})
    assert (job["status"], job["done"], job["total"], job["created"], job["percent"]) == ("done", 1, 1, 1, 100)
    unit = Unit.objects.get(code="06040")
    assert (unit.name, unit.status, unit.parent.code) == ("Xã Thất Khê", UnitStatus.ACTIVE, "20-UBND")
    assert schema_exists(unit.schema_name)
    with schema_context(unit.schema_name):
        from django.contrib.auth.models import Group

        assert Group.objects.filter(name="unit_admin").exists()
    again = _onboard(platform_admin, django_capture_on_commit_callbacks, {"unit_codes": ["06040"]})
    assert (again["status"], again["created"]) == ("done", 0)


def test_unknown_code_is_refused_before_anything_is_queued(platform_admin):
    response = platform_admin.post("/api/v1/platform/onboarding-jobs/", {"unit_codes": ["99999"]}, format="json")
    assert response.status_code == 400
    assert "danh mục" in response.json()["detail"]
    assert not OnboardingJob.objects.exists()


def test_platform_api_is_for_platform_admins_only(client, member_a):
    assert client.get("/api/v1/platform/units/").status_code == 401
    # A unit's token means nothing on the platform (and the account does not exist there).
    assert member_a.api().get("/api/v1/platform/units/").status_code == 401


def test_platform_admin_archives_a_unit(platform_admin, unit_b, client):
    response = platform_admin.patch(f"/api/v1/platform/units/{unit_b.code}/", {"status": "archived"}, format="json")
    assert response.json()["status"] == "archived"
    assert client.get(f"/u/{unit_b.code}/").status_code == 410


def test_command_onboards_with_a_progress_bar(capsys):
    call_command("onboard_units", "06019", "20-STP", inline=True)
    out = capsys.readouterr()
    assert "2 units ready, 2 schemas created" in out.out
    assert "Onboarding" in out.err  # tqdm's bar
    assert Unit.objects.get(code="20-STP").name == "Sở Tư pháp tỉnh Lạng Sơn"


def test_admin_progress_page_follows_the_job(platform_admin, client, django_capture_on_commit_callbacks):
    admin_login(client, platform_admin.user)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/tenants/onboardingjob/onboard/", {"province_code": "", "unit_codes": "06019"})
    assert response.status_code == 302
    progress = client.get(response["Location"])
    assert progress.status_code == 200
    assert "Tiến độ khởi tạo" in progress.content.decode()
    job = OnboardingJob.objects.get()
    state = client.get(f"/admin/tenants/onboardingjob/{job.pk}/progress.json").json()
    assert (state["status"], state["done"], state["total"], state["percent"]) == ("done", 1, 1, 100)


def test_apps_fill_a_new_schema_through_post_schema_sync_not_through_tenants():
    """tenants imports no domain app: it sends django-tenants' own signal once the schema exists,
    and core.accounts answers it with the unit's roles."""
    from django.contrib.auth.models import Group
    from django_tenants.signals import post_schema_sync

    from tenants.provisioning import unit_provision

    seen = []

    def receiver(sender, tenant, **kwargs):
        seen.append((tenant.code, schema_exists(tenant.schema_name)))

    post_schema_sync.connect(receiver, dispatch_uid="test_onboarding_receiver")
    try:
        unit, created = unit_provision(spec=unit_spec("06040"))
    finally:
        post_schema_sync.disconnect(dispatch_uid="test_onboarding_receiver")
    assert created
    assert seen == [("06040", True)]
    with schema_context(unit.schema_name):
        assert set(Group.objects.values_list("name", flat=True)) >= {"unit_admin", "leader", "reception_officer"}
