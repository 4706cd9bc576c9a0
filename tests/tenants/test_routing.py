"""A unit is served under /u/<code>/ (or its own domain); anything else gets a clear page."""

import pytest

from tenants.models import Domain, UnitStatus
from tenants.provisioning import unit_archive

pytestmark = pytest.mark.django_db


def test_unknown_unit_gets_a_404_page_in_vietnamese(client):
    response = client.get("/u/99999/")
    assert response.status_code == 404
    assert "Không tìm thấy đơn vị" in response.content.decode()
    assert "99999" in response.content.decode()


def test_archived_unit_gets_a_410_page_and_no_workspace(client, member_a):
    unit_archive(unit=member_a.unit)
    for path in ("", "dang-nhap/", "api/v1/me/"):
        response = client.get(member_a.url(path))
        assert response.status_code == 410
        assert "không còn hoạt động" in response.content.decode()
    assert member_a.api().get(member_a.url("api/v1/me/")).status_code == 410


def test_unit_still_being_set_up_answers_503(client, unit_b):
    unit_b.status = UnitStatus.PROVISIONING
    unit_b.save()
    assert client.get(f"/u/{unit_b.code}/").status_code == 503


def test_path_without_trailing_slash_redirects_into_the_workspace(client, unit_a):
    response = client.get(f"/u/{unit_a.code}")
    assert response.status_code == 302
    assert response["Location"] == f"/u/{unit_a.code}/"


def test_links_inside_a_workspace_carry_the_unit_prefix(client, unit_a):
    response = client.get(f"/u/{unit_a.code}/")
    assert response.status_code == 302
    assert response["Location"].startswith(f"/u/{unit_a.code}/dang-nhap/")


def test_unit_is_also_served_on_its_own_domain(client, member_a, settings):
    settings.ALLOWED_HOSTS = [*settings.ALLOWED_HOSTS, "tandoan.langson.example"]
    Domain.objects.create(domain="tandoan.langson.example", tenant=member_a.unit, is_primary=True)
    response = client.get("/dang-nhap/", HTTP_HOST="tandoan.langson.example")
    assert response.status_code == 200
    assert member_a.unit.name in response.content.decode()
    api = member_a.api()
    assert api.get("/api/v1/me/", HTTP_HOST="tandoan.langson.example").json()["username"] == "can_bo_a"


def test_session_cookie_is_scoped_to_the_unit_path(member_a):
    client = member_a.web()
    cookie = client.cookies["sessionid"]
    assert cookie["path"] == f"/u/{member_a.unit.code}/"


def test_landing_page_lists_units_with_links(client, unit_a):
    response = client.get("/", {"q": "Tân Đoàn"})
    assert response.status_code == 200
    assert f'href="/u/{unit_a.code}/"' in response.content.decode()


def test_legacy_district_is_readable_but_refuses_writes(member_a):
    from tenants.models import UnitKind

    member_a.unit.kind = UnitKind.LEGACY_DISTRICT
    member_a.unit.save()
    client = member_a.web()  # signing in still works
    assert client.get(member_a.url()).status_code == 200
    api = member_a.api()
    assert api.get(member_a.url("api/v1/me/")).status_code == 200
    refused = api.post(member_a.url("api/v1/notifications/1/read/"))
    assert refused.status_code == 403
    assert "chỉ đọc" in refused.content.decode()
