"""Every endpoint of a unit's API enforces "authenticated member of this unit"."""

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context
from rest_framework.views import APIView

from api.base import TenantAPIView
from core.accounts.models import User

pytestmark = pytest.mark.django_db


def _views(patterns, prefix=""):
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _views(pattern.url_patterns, prefix + str(pattern.pattern))
        elif isinstance(pattern, URLPattern):
            view = getattr(pattern.callback, "cls", None) or getattr(pattern.callback, "view_class", None)
            yield prefix + str(pattern.pattern), view


def test_every_api_view_of_the_workspace_inherits_the_tenant_base():
    api_views = [(route, view) for route, view in _views(get_resolver("config.urls_tenant").url_patterns)]
    drf = [(route, view) for route, view in api_views if view is not None and issubclass(view, APIView)]
    assert len(drf) >= 6
    offenders = [route for route, view in drf if not issubclass(view, TenantAPIView)]
    assert offenders == []


def test_anonymous_calls_get_401(client, unit_a):
    for path in ("api/v1/", "api/v1/me/", "api/v1/users/", "api/v1/notifications/", "api/v1/schema/"):
        assert client.get(f"/u/{unit_a.code}/{path}").status_code == 401, path


def test_me_describes_the_caller_and_unit(member_a):
    body = member_a.api().get(member_a.url("api/v1/me/")).json()
    assert body["username"] == "can_bo_a"
    assert body["unit"] == {"code": member_a.unit.code, "name": "Xã Tân Đoàn", "kind": "commune"}
    assert body["roles"] == ["reception_officer"]


def test_openapi_schema_and_docs_are_served_to_members(member_a):
    api = member_a.api()
    schema = api.get(member_a.url("api/v1/schema/"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert schema.status_code == 200
    paths = schema.json()["paths"]
    assert "/users/" in paths
    assert "/petitions/{id}/transitions/{name}/" in paths
    assert "/petitions/{id}/sealed-identity/" in paths
    assert api.get(member_a.url("api/v1/docs/")).status_code == 200
    assert api.get(member_a.url("api/v1/redoc/")).status_code == 200


def test_unit_admin_manages_users_through_the_api(admin_a, member_a):
    api = admin_a.api()
    created = api.post(
        admin_a.url("api/v1/users/"),
        {"username": "lanh_dao", "password": "Mat-khau-2026!", "full_name": "Vi Văn Thành", "roles": ["leader"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["roles"] == ["leader"]
    listing = api.get(admin_a.url("api/v1/users/"), {"search": "lanh"}).json()
    assert [u["username"] for u in listing["results"]] == ["lanh_dao"]
    changed = api.patch(admin_a.url(f"api/v1/users/{member_a.user.pk}/"), {"is_active": False}, format="json")
    assert changed.json()["is_active"] is False


def test_bad_input_gets_a_clear_400_and_writes_nothing(admin_a):
    api = admin_a.api()
    response = api.post(
        admin_a.url("api/v1/users/"), {"username": "x y", "password": "1", "roles": ["inspector"]}, format="json"
    )
    assert response.status_code == 400
    refused_role = api.post(
        admin_a.url("api/v1/users/"),
        {"username": "xy", "password": "Mat-khau-2026!", "roles": ["inspector"]},
        format="json",
    )
    assert refused_role.status_code == 400
    assert "Thanh tra viên" in refused_role.json()["detail"]
    with schema_context(admin_a.unit.schema_name):
        assert not User.objects.filter(username__in=["x y", "xy"]).exists()


def test_other_roles_cannot_manage_users(member_a):
    assert member_a.api().get(member_a.url("api/v1/users/")).status_code == 403


def test_user_list_costs_the_same_queries_for_more_users(admin_a, django_assert_max_num_queries):
    from core.accounts.services import user_create

    api, url = admin_a.api(), admin_a.url("api/v1/users/")
    with CaptureQueriesContext(connection) as few:
        api.get(url)
    with schema_context(admin_a.unit.schema_name):
        for i in range(6):
            user_create(unit=admin_a.unit, username=f"u{i}", password="Mat-khau-2026!", roles=["leader"])
    with django_assert_max_num_queries(len(few.captured_queries)):
        assert api.get(url).json()["count"] == 7
