"""Personal API keys end to end: the page creates (shown once), lists and revokes them; the API
accepts ``Authorization: Token <key>`` until the key is revoked or expired."""

from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from core.accounts.models import ApiToken
from core.common.dates import today

pytestmark = pytest.mark.django_db


def _create(client, member, name="Đồng bộ với tỉnh", expires_on=None):
    expires_on = expires_on or (today() + timedelta(days=30)).strftime("%d/%m/%Y")
    return client.post(member.url("tai-khoan/api/"), {"name": name, "expires_on": expires_on})


def _key_of(page: str) -> str:
    start = page.index('id="new-key"')
    return page[start:].split("<code>", 1)[1].split("</code>", 1)[0]


def _api(key: str) -> APIClient:
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    return client


def test_a_member_creates_a_key_sees_it_once_and_uses_it(member_a):
    client = member_a.web()
    created = _create(client, member_a)
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    page = created.content.decode()
    key = _key_of(page)
    assert "Khóa API cá nhân" in page
    assert _api(key).get(member_a.url("api/v1/me/")).json()["username"] == member_a.user.username
    listing = client.get(member_a.url("tai-khoan/api/")).content.decode()
    assert "Đồng bộ với tỉnh" in listing
    assert key[:8] in listing
    assert key not in listing  # never shown again
    with schema_context(member_a.unit.schema_name):
        row = ApiToken.objects.get(prefix=key[:8])
    assert row.last_used_at is not None
    assert timezone.localtime(row.expires_at).date() == today() + timedelta(days=30)


@pytest.mark.parametrize("expires_on", ["31/02/2027", "2000-01-01", "dd/mm/yyyy"])
def test_a_bad_expiry_date_is_refused_with_a_vietnamese_message(member_a, expires_on):
    client = member_a.web()
    response = _create(client, member_a, expires_on=expires_on)
    assert response.status_code == 400
    page = response.content.decode()
    assert 'id="new-key"' not in page
    assert "Nhập một ngày hợp lệ." in page or "Ngày hết hạn phải sau ngày hôm nay." in page
    with schema_context(member_a.unit.schema_name):
        assert not ApiToken.objects.filter(name="Đồng bộ với tỉnh").exists()


def test_more_than_a_year_is_refused(member_a):
    late = (today() + timedelta(days=400)).strftime("%d/%m/%Y")
    response = _create(member_a.web(), member_a, expires_on=late)
    assert response.status_code == 400
    assert "tối đa một năm" in response.content.decode()


def test_a_revoked_key_is_refused_in_vietnamese(member_a):
    client = member_a.web()
    key = _key_of(_create(client, member_a).content.decode())
    with schema_context(member_a.unit.schema_name):
        token = ApiToken.objects.get(prefix=key[:8])
    response = client.post(member_a.url(f"tai-khoan/api/{token.pk}/thu-hoi/"))
    assert response.status_code == 302
    refused = _api(key).get(member_a.url("api/v1/me/"))
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Khóa API này đã bị thu hồi."
    assert refused["WWW-Authenticate"] == "Token"
    assert "đã thu hồi ngày" in client.get(member_a.url("tai-khoan/api/")).content.decode()


def test_an_expired_key_is_refused_in_vietnamese(member_a):
    key = _key_of(_create(member_a.web(), member_a).content.decode())
    with schema_context(member_a.unit.schema_name):
        ApiToken.objects.filter(prefix=key[:8]).update(expires_at=timezone.now() - timedelta(days=1))
    refused = _api(key).get(member_a.url("api/v1/me/"))
    assert refused.status_code == 401
    assert refused.json()["detail"].startswith("Khóa API này đã hết hạn ngày ")


def test_a_made_up_key_is_refused(member_a):
    refused = _api("x" * 40).get(member_a.url("api/v1/me/"))
    assert refused.status_code == 401
    assert refused.json()["detail"] == "Khóa API này không hợp lệ."


def test_nobody_revokes_or_sees_a_colleagues_key(member_a, make_member):
    colleague = make_member(member_a.unit, username="dong_nghiep", roles=("unit_admin",))
    key = _key_of(_create(member_a.web(), member_a).content.decode())
    with schema_context(member_a.unit.schema_name):
        token = ApiToken.objects.get(prefix=key[:8])
    other = colleague.web()
    assert key[:8] not in other.get(colleague.url("tai-khoan/api/")).content.decode()
    assert other.post(colleague.url(f"tai-khoan/api/{token.pk}/thu-hoi/")).status_code == 404
    assert _api(key).get(member_a.url("api/v1/me/")).status_code == 200


def test_a_key_of_one_unit_opens_nothing_in_another(member_a, member_b):
    key = _key_of(_create(member_a.web(), member_a).content.decode())
    assert _api(key).get(member_b.url("api/v1/me/")).status_code == 401
    # B's page lists B's keys only (each unit's keys live in its own schema).
    page = member_b.web().get(member_b.url("tai-khoan/api/")).content.decode()
    assert key[:8] not in page
    assert "Đồng bộ với tỉnh" not in page


def test_the_page_needs_a_login(client, unit_a):
    response = client.get(f"/u/{unit_a.code}/tai-khoan/api/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_a_platform_admin_gets_a_key_from_the_command_line(platform_admin):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("api_key_create", platform_admin.user.username, name="Onboarding script", stdout=out)
    key = out.getvalue().split()[0]
    response = _api(key).get("/api/v1/platform/units/", {"search": "tan doan"})
    assert response.status_code == 200
    assert [row["code"] for row in response.json()["results"]] == ["06316"]


def test_the_command_issues_keys_in_a_unit_too(member_a, member_b):
    import io

    from django.core.management import call_command

    out = io.StringIO()
    call_command("api_key_create", member_a.user.username, unit=member_a.unit.code, name="x", stdout=out)
    key = out.getvalue().split()[0]
    assert _api(key).get(member_a.url("api/v1/me/")).status_code == 200
    assert _api(key).get(member_b.url("api/v1/me/")).status_code == 401
