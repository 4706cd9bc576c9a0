"""The unit administrator's page of Open311 applications: register (the key shown once, only its
hash kept), list, revoke; closed to other roles and to another unit's administrator."""

from __future__ import annotations

import hashlib
import json

import pytest
from django.test import Client
from django_tenants.utils import schema_context

from core.accounts.models import AuditEntry
from core.open311.models import Open311Client

pytestmark = pytest.mark.django_db

PAGE = "ung-dung-open311/"


def _key_of(page: str) -> str:
    start = page.index('id="new-key"')
    return page[start:].split("<code>", 1)[1].split("</code>", 1)[0]


def test_the_admin_registers_an_application_sees_its_key_once_and_revokes_it(admin_a):
    web = admin_a.web()
    created = web.post(admin_a.url(PAGE), {"name": "Ứng dụng Lạng Sơn Số", "collects_consent": "on"})
    assert created.status_code == 200
    assert "no-store" in created["Cache-Control"]
    key = _key_of(created.content.decode())
    assert len(key) == 40
    with schema_context(admin_a.unit.schema_name):
        client = Open311Client.objects.get(prefix=key[:8])
        assert client.key_hash == hashlib.sha256(key.encode()).hexdigest()
        assert key not in json.dumps(list(Open311Client.objects.values()), default=str)
        assert client.collects_consent
        assert client.created_by == admin_a.user
        assert AuditEntry.objects.filter(kind="open311.client_created", target=f"open311-client:{client.pk}").exists()
    listing = web.get(admin_a.url(PAGE)).content.decode()
    assert "Ứng dụng Lạng Sơn Số" in listing
    assert key[:8] in listing
    assert key not in listing  # never shown again
    assert f"/u/{admin_a.unit.code}/open311/v2/" in listing
    # The key opens nothing but a GET with it, which records its use.
    assert Client().get(admin_a.url("open311/v2/requests.json"), {"api_key": key}).status_code == 200
    revoked = web.post(admin_a.url(f"{PAGE}{client.pk}/thu-hoi/"))
    assert revoked.status_code == 302
    with schema_context(admin_a.unit.schema_name):
        client.refresh_from_db()
        assert not client.is_active
        assert client.revoked_by == admin_a.user
        assert client.last_used_at is not None
    assert Client().get(admin_a.url("open311/v2/requests.json"), {"api_key": key}).status_code == 403
    again = web.post(admin_a.url(f"{PAGE}{client.pk}/thu-hoi/"))
    assert again.status_code == 302  # already revoked: a message, nothing else


def test_a_nameless_application_is_refused_on_its_field(admin_a):
    response = admin_a.web().post(admin_a.url(PAGE), {"name": "   "})
    assert response.status_code == 400
    assert 'id="new-key"' not in response.content.decode()
    with schema_context(admin_a.unit.schema_name):
        assert not Open311Client.objects.exists()


def test_officers_who_are_not_admins_cannot_open_the_page(member_a):
    web = member_a.web()
    assert web.get(member_a.url(PAGE)).status_code == 403
    assert web.post(member_a.url(PAGE), {"name": "Lén lút"}).status_code == 403


def test_an_admin_of_unit_b_cannot_see_or_revoke_a_s_applications(admin_a, unit_b, make_member):
    from core.open311.services import client_create

    with schema_context(admin_a.unit.schema_name):
        client, _key = client_create(actor=admin_a.user, name="Ứng dụng riêng của xã")
    admin_b = make_member(unit_b, roles=("unit_admin",), username=admin_a.user.username)
    web = admin_b.web()
    assert "Ứng dụng riêng của xã" not in web.get(admin_b.url(PAGE)).content.decode()
    assert web.post(admin_b.url(f"{PAGE}{client.pk}/thu-hoi/")).status_code == 404
    with schema_context(admin_a.unit.schema_name):
        client.refresh_from_db()
        assert client.is_active
