"""Nothing created in unit A is visible from unit B: ORM, pages, API."""

import pytest
from django.contrib.auth import get_user_model
from django_tenants.utils import schema_context

from core.notifications.models import Notification

pytestmark = pytest.mark.django_db
User = get_user_model()


def test_records_and_users_of_a_are_invisible_from_b_through_the_orm(member_a, unit_b):
    with schema_context(member_a.unit.schema_name):
        Notification.objects.create(recipient=member_a.user, subject="Hồ sơ của xã A")
        assert User.objects.filter(username="can_bo_a").exists()
    with schema_context(unit_b.schema_name):
        assert not Notification.objects.filter(subject="Hồ sơ của xã A").exists()
        assert not User.objects.filter(username="can_bo_a").exists()


def test_user_of_a_cannot_log_in_at_b(client, member_a, unit_b):
    response = client.post(f"/u/{unit_b.code}/dang-nhap/", {"username": "can_bo_a", "password": "Mat-khau-2026!"})
    assert response.status_code == 200  # the form again, with an error
    assert "_auth_user_id" not in client.session
    assert client.get(f"/u/{unit_b.code}/").status_code == 302


def test_session_of_a_is_not_a_session_at_b(member_a, unit_b):
    client = member_a.web()  # Django's test client sends every cookie, whatever its path
    assert client.get(member_a.url()).status_code == 200
    response = client.get(f"/u/{unit_b.code}/")
    assert response.status_code == 302
    assert "/dang-nhap/" in response["Location"]


def test_token_of_a_is_rejected_by_b(member_a, unit_b):
    api = member_a.api()
    assert api.get(member_a.url("api/v1/me/")).status_code == 200
    assert api.get(f"/u/{unit_b.code}/api/v1/me/").status_code == 401


def test_api_of_b_does_not_serve_records_of_a(member_a, member_b):
    with schema_context(member_a.unit.schema_name):
        note = Notification.objects.create(recipient=member_a.user, subject="Chỉ của xã A")
    response = member_b.api().get(member_b.url(f"api/v1/notifications/{note.pk}/"))
    assert response.status_code == 404
    listing = member_b.api().get(member_b.url("api/v1/notifications/")).json()
    assert all(item["subject"] != "Chỉ của xã A" for item in listing["results"])


def test_a_copied_account_row_does_not_open_another_unit(member_a, unit_b):
    """Defence in depth: an account row that found its way into B's schema is still A's."""
    with schema_context(unit_b.schema_name):
        clone = User(username="ban_sao", home_schema=member_a.unit.schema_name)
        clone.set_password("Mat-khau-2026!")
        clone.save()
        from core.accounts.tokens import token_create

        _row, token = token_create(user=clone, name="bản sao")
    from rest_framework.test import APIClient

    api = APIClient()
    api.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    assert api.get(f"/u/{unit_b.code}/api/v1/me/").status_code == 403
