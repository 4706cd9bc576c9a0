"""The invited administrator accepts: their own account in the unit's schema, once, before expiry,
and never through another unit's address. Until then the unit's front page says who is invited."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.accounts.invitations import unit_admin_invitation_accept
from core.accounts.models import User
from core.common.errors import ApplicationError
from tenants.invitations import invitation_issue
from tenants.models import UnitInvitation
from tests.conftest import enrol_by_page

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026!"


def _invite(unit, **fields):
    fields = {"email": "lan.hoang@tandoan.langson.gov.vn", "full_name": "Hoàng Thị Lan", **fields}
    issued = invitation_issue(unit=unit, issued_by="platform_admin", **fields)
    token = re.search(r"/loi-moi/([\w-]+)/$", issued.link)[1]
    return issued.invitation, token


def _accept(unit, token, username="quantri", password=PASSWORD):
    with schema_context(unit.schema_name):
        return unit_admin_invitation_accept(unit=unit, token=token, username=username, password=password)


def test_accepting_creates_the_unit_admin_with_the_chosen_password(unit_a):
    invitation, token = _invite(unit_a, phone="0912345678")
    user = _accept(unit_a, token)
    with schema_context(unit_a.schema_name):
        user = User.objects.get(pk=user.pk)
        assert user.check_password(PASSWORD)
        assert list(user.groups.values_list("name", flat=True)) == ["unit_admin"]
        assert (user.full_name, user.email, user.phone, user.home_schema) == (
            "Hoàng Thị Lan",
            "lan.hoang@tandoan.langson.gov.vn",
            "0912345678",
            unit_a.schema_name,
        )
    invitation.refresh_from_db()
    assert (invitation.state, invitation.accepted_username) == ("accepted", "quantri")


def test_a_link_works_once(unit_a):
    _invitation, token = _invite(unit_a)
    _accept(unit_a, token)
    with pytest.raises(ApplicationError, match="đã được sử dụng"):
        _accept(unit_a, token, username="quantri2")
    with schema_context(unit_a.schema_name):
        assert not User.objects.filter(username="quantri2").exists()


def test_an_expired_link_says_to_ask_for_a_new_one(unit_a):
    invitation, token = _invite(unit_a)
    UnitInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(ApplicationError, match="hết hạn.*cấp lại"):
        _accept(unit_a, token)
    with schema_context(unit_a.schema_name):
        assert not User.objects.exists()


def test_a_replaced_link_is_refused(unit_a):
    _invitation, old_token = _invite(unit_a)
    _invite(unit_a)
    with pytest.raises(ApplicationError, match="thay thế"):
        _accept(unit_a, old_token)


def test_a_weak_password_is_refused_and_the_link_stays_usable(unit_a):
    invitation, token = _invite(unit_a)
    with pytest.raises(ApplicationError) as refused:
        _accept(unit_a, token, password="123")
    assert refused.value.extra["field"] == "password"
    invitation.refresh_from_db()
    assert invitation.state == "pending"
    _accept(unit_a, token)


def test_a_token_of_unit_a_opens_nothing_at_unit_b(unit_a, unit_b, client):
    invitation, token = _invite(unit_a)
    with pytest.raises(ApplicationError, match="không hợp lệ"):
        _accept(unit_b, token)
    page = client.get(f"/u/{unit_b.code}/loi-moi/{token}/")
    assert page.status_code == 404
    assert client.get(f"/u/{unit_a.code}/loi-moi/%00/").status_code in (400, 404)  # never a 500
    assert "không hợp lệ" in page.content.decode()
    response = client.post(
        f"/u/{unit_b.code}/loi-moi/{token}/",
        {"username": "ke_la", "full_name": "Kẻ Lạ", "password": PASSWORD, "password_confirm": PASSWORD},
    )
    assert response.status_code == 404
    with schema_context(unit_b.schema_name):
        assert not User.objects.exists()
    with schema_context(unit_a.schema_name):
        assert not User.objects.exists()
    invitation.refresh_from_db()
    assert invitation.state == "pending"


def test_the_page_creates_the_account_then_the_person_logs_in_and_creates_an_officer(unit_a, client):
    _invitation, token = _invite(unit_a)
    url = f"/u/{unit_a.code}/loi-moi/{token}/"
    page = client.get(url)
    assert page.status_code == 200
    assert page["Referrer-Policy"] == "same-origin"  # the token in the path never reaches another site
    html = page.content.decode()
    assert "Chấp nhận lời mời" in html
    assert 'value="lan.hoang"' in html  # a username suggested from the address

    mismatch = {"username": "lan.hoang", "full_name": "Hoàng Thị Lan", "password": PASSWORD, "password_confirm": "x"}
    assert client.post(url, mismatch).status_code == 400
    done = client.post(url, {**mismatch, "password_confirm": PASSWORD})
    assert done.status_code == 302
    assert done["Location"] == f"/u/{unit_a.code}/dang-nhap/"
    assert "lan.hoang" in client.get(done["Location"]).content.decode()  # "your account … is ready"

    again = client.get(url)
    assert again.status_code == 410
    assert "đã được sử dụng" in again.content.decode()

    assert (
        client.post(f"/u/{unit_a.code}/dang-nhap/", {"username": "lan.hoang", "password": PASSWORD}).status_code == 302
    )
    officer = {"username": "tiepdan", "full_name": "Lục Văn Tiếp", "password": PASSWORD, "roles": ["reception_officer"]}
    # A unit administrator must set up the second factor before anything else.
    refused = client.post(f"/u/{unit_a.code}/can-bo/", officer)
    assert refused.status_code == 302
    assert refused["Location"].startswith(f"/u/{unit_a.code}/tai-khoan/xac-thuc/dang-ky/")
    enrol_by_page(client, refused["Location"], schema=unit_a.schema_name)
    created = client.post(f"/u/{unit_a.code}/can-bo/", officer)
    assert created.status_code == 302
    assert created["Location"] == f"/u/{unit_a.code}/can-bo/"
    with schema_context(unit_a.schema_name):
        assert User.objects.get(username="tiepdan").groups.filter(name="reception_officer").exists()


def test_the_front_page_says_who_is_invited_until_someone_accepts(unit_a, client):
    login = f"/u/{unit_a.code}/dang-nhap/"
    assert "chưa mời ai" in client.get(login).content.decode()

    invitation, token = _invite(unit_a)
    html = client.get(client.get(f"/u/{unit_a.code}/")["Location"]).content.decode()
    issued = timezone.localtime(invitation.issued_at).strftime("%d/%m/%Y")
    expires = timezone.localtime(invitation.expires_at).strftime("%d/%m/%Y %H:%M")
    assert (
        f"Đơn vị chưa có quản trị viên. Đã mời: la•••@tandoan.langson.gov.vn ngày {issued}, hết hạn {expires}." in html
    )
    assert "lan.hoang@" not in html  # a public page: the address is masked

    UnitInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    assert "cấp lại" in client.get(login).content.decode()
    UnitInvitation.objects.filter(pk=invitation.pk).update(expires_at=timezone.now() + timedelta(hours=1))

    _accept(unit_a, token)
    assert 'id="admin-invitation"' not in client.get(login).content.decode()
