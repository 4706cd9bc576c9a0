"""The second factor (issue 11, item 2): mandatory for platform admins, unit administrators,
inspectors and officers cleared for sealed identities; optional for others; enrolment with a QR code
and a key; recovery codes shown once; /admin/ behind it too."""

from __future__ import annotations

import time

import pytest
from django.test import Client
from django.utils.translation import gettext, override
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context

from core.accounts.models import User
from tests.conftest import PASSWORD, enrol_by_page, totp_now

pytestmark = pytest.mark.django_db


def _password_login(member) -> Client:
    client = Client()
    response = client.post(member.url("dang-nhap/"), {"username": member.user.username, "password": PASSWORD})
    assert response.status_code == 302
    return client


@pytest.mark.parametrize(
    ("unit_fixture", "roles"),
    [("unit_a", ["unit_admin"]), ("unit_a", ["sealed_reader"]), ("inspectorate", ["inspector"])],
)
def test_password_alone_reaches_nothing_for_the_mandatory_roles(request, make_member, unit_fixture, roles):
    member = make_member(request.getfixturevalue(unit_fixture), roles=roles, username="bat_buoc")
    client = _password_login(member)
    for path in ("", "don-thu/", "can-bo/", "tai-khoan/api/"):
        response = client.get(member.url(path))
        assert response.status_code == 302, path
        assert response["Location"].startswith(member.url("tai-khoan/xac-thuc/dang-ky/")), path
    # The API with the session is refused too (403), whatever the endpoint.
    api = client.get(member.url("api/v1/petitions/"), HTTP_ACCEPT="application/json")
    assert api.status_code == 403
    assert api.json()["detail"]


def test_enrolment_shows_a_qr_code_and_key_then_recovery_codes_once(admin_a):
    client = _password_login(admin_a)
    enrol_url = admin_a.url("tai-khoan/xac-thuc/dang-ky/")
    page = client.get(enrol_url)
    html = page.content.decode()
    assert "<svg" in html  # the QR code, drawn inline: no image service sees the key
    assert page.context["key"] in html
    # A wrong code is refused (400) and the same key is shown again.
    wrong = client.post(enrol_url, {"device_id": page.context["device_id"], "token": "000000"})
    assert wrong.status_code == 400
    assert wrong.context["device_id"] == page.context["device_id"]
    with schema_context(admin_a.unit.schema_name):
        device = TOTPDevice.objects.get(pk=page.context["device_id"])
        code = totp_now(device)
    done = client.post(enrol_url, {"device_id": device.pk, "token": code})
    assert done.status_code == 200
    codes = done.context["codes"]
    assert len(codes) == 10
    assert all(code in done.content.decode() for code in codes)
    assert client.get(admin_a.url("can-bo/")).status_code == 200  # verified: the workspace opens
    # Shown once: the second-factor page only says how many are left.
    summary = client.get(admin_a.url("tai-khoan/xac-thuc/ma-khoi-phuc/"))
    assert summary.status_code == 200
    assert not any(code in summary.content.decode() for code in codes)


def test_next_login_needs_the_code_and_a_recovery_code_works_once(admin_a):
    client = _password_login(admin_a)
    codes = enrol_by_page(client, admin_a.url("tai-khoan/xac-thuc/dang-ky/"), schema=admin_a.unit.schema_name)

    again = _password_login(admin_a)
    response = again.get(admin_a.url("can-bo/"))
    assert response["Location"].startswith(admin_a.url("tai-khoan/xac-thuc/?"))
    # With only the password, enrolling a new phone over the old one is refused too.
    assert again.get(admin_a.url("tai-khoan/xac-thuc/dang-ky/"))["Location"].startswith(
        admin_a.url("tai-khoan/xac-thuc/")
    )
    assert again.post(admin_a.url("tai-khoan/xac-thuc/"), {"token": "123456"}).status_code == 400
    # Right after a wrong code even a good one is refused for a moment (django-otp's throttle, which
    # doubles with each failure), and the page says to wait, not that the code is wrong.
    held_back = again.post(admin_a.url("tai-khoan/xac-thuc/"), {"token": codes[0]})
    assert held_back.status_code == 400
    with override("vi"):
        assert gettext("Too many wrong codes in a row: wait a few seconds, then try again.") in (
            held_back.content.decode()
        )
    time.sleep(1.1)  # the first failure holds the devices back for one second
    assert again.post(admin_a.url("tai-khoan/xac-thuc/"), {"token": codes[0]}).status_code == 302
    assert again.get(admin_a.url("can-bo/")).status_code == 200

    third = _password_login(admin_a)
    assert third.post(admin_a.url("tai-khoan/xac-thuc/"), {"token": codes[0]}).status_code == 400  # used


def test_a_totp_code_logs_in(make_member, unit_a):
    member = make_member(unit_a, roles=["sealed_reader"], username="bi_mat")
    client = _password_login(member)
    enrol_by_page(client, member.url("tai-khoan/xac-thuc/dang-ky/"), schema=unit_a.schema_name)
    with schema_context(unit_a.schema_name):
        device = TOTPDevice.objects.get(user__username="bi_mat", confirmed=True)
        # The enrolment used this step's code; an authenticator shows the next one 30 s later.
        device.last_t -= 1
        device.save(update_fields=["last_t"])
        code = totp_now(device)
    again = _password_login(member)
    assert again.post(member.url("tai-khoan/xac-thuc/"), {"token": code, "next": member.url("")}).status_code == 302
    assert again.get(member.url("")).status_code == 200


def test_logging_out_from_the_second_factor_pages_leads_to_the_login_page(admin_a, db):
    from django.db import connection

    client = _password_login(admin_a)
    out = client.post(admin_a.url("tai-khoan/xac-thuc/thoat/"))
    assert out.status_code == 302
    assert out["Location"] == admin_a.url("dang-nhap/")
    assert client.get(admin_a.url("can-bo/"))["Location"].startswith(admin_a.url("dang-nhap/"))  # logged out

    connection.set_schema_to_public()
    User.objects.create_superuser("nen_tang_thoat", password=PASSWORD)
    platform = Client()
    assert platform.post("/admin/login/", {"username": "nen_tang_thoat", "password": PASSWORD}).status_code == 302
    out = platform.post("/tai-khoan/xac-thuc/thoat/")
    assert out.status_code == 302
    assert out["Location"] == "/admin/login/"


def test_second_factor_is_optional_for_other_roles_but_binding_once_enrolled(member_a):
    client = _password_login(member_a)
    assert client.get(member_a.url("")).status_code == 200  # a reception officer: no second factor needed
    enrol_by_page(client, member_a.url("tai-khoan/xac-thuc/dang-ky/"), schema=member_a.unit.schema_name)
    again = _password_login(member_a)
    assert again.get(member_a.url(""))["Location"].startswith(member_a.url("tai-khoan/xac-thuc/"))


def test_unit_admin_resets_a_colleagues_lost_phone(admin_a, member_a):
    officer = _password_login(member_a)
    enrol_by_page(officer, member_a.url("tai-khoan/xac-thuc/dang-ky/"), schema=member_a.unit.schema_name)
    admin = admin_a.web()
    done = admin.post(admin_a.url(f"can-bo/{member_a.user.pk}/dat-lai-xac-thuc/"))
    assert done.status_code == 302
    with schema_context(member_a.unit.schema_name):
        assert not TOTPDevice.objects.filter(user=member_a.user).exists()
    assert _password_login(member_a).get(member_a.url("")).status_code == 200


def test_admin_site_refuses_a_password_without_the_second_factor(db):
    from django.db import connection

    connection.set_schema_to_public()
    User.objects.create_superuser("nen_tang_2fa", password=PASSWORD)
    client = Client()
    login = client.post("/admin/login/", {"username": "nen_tang_2fa", "password": PASSWORD, "next": "/admin/"})
    assert login.status_code == 302
    for path in ("/admin/", "/admin/tenants/unit/", "/admin/accounts/user/"):
        response = client.get(path)
        assert response.status_code == 302, path
        assert response["Location"].startswith("/tai-khoan/xac-thuc/dang-ky/"), path
    enrol_by_page(client, "/tai-khoan/xac-thuc/dang-ky/", schema="public")
    assert client.get("/admin/tenants/unit/").status_code == 200


def test_admin_site_lockout(db, settings):
    from django.db import connection

    settings.AXES_FAILURE_LIMIT = 3
    connection.set_schema_to_public()
    User.objects.create_superuser("nen_tang_khoa", password=PASSWORD)
    client = Client()
    for _ in range(3):
        client.post("/admin/login/", {"username": "nen_tang_khoa", "password": "sai"})
    assert client.post("/admin/login/", {"username": "nen_tang_khoa", "password": PASSWORD}).status_code == 429


def test_reloading_the_enrolment_page_keeps_the_key_already_scanned_until_a_new_one_is_asked(admin_a):
    client = _password_login(admin_a)
    enrol_url = admin_a.url("tai-khoan/xac-thuc/dang-ky/")
    first = client.get(enrol_url)
    # The person scanned the QR code, then the page was reloaded (or opened again later).
    again = client.get(enrol_url)
    assert again.context["device_id"] == first.context["device_id"]
    assert again.context["key"] == first.context["key"]
    # Asking for a new key (a lost scan) replaces it; the old one can no longer be confirmed.
    restarted = client.post(enrol_url, {"restart": "1", "next": admin_a.url("can-bo/")})
    assert restarted.status_code == 302
    fresh = client.get(restarted["Location"])
    assert fresh.context["device_id"] != first.context["device_id"]
    assert fresh.context["key"] != first.context["key"]
    with schema_context(admin_a.unit.schema_name):
        assert not TOTPDevice.objects.filter(pk=first.context["device_id"]).exists()
        device = TOTPDevice.objects.get(pk=fresh.context["device_id"])
        code = totp_now(device)
    done = client.post(enrol_url, {"device_id": device.pk, "token": code})
    assert done.status_code == 200
    assert len(done.context["codes"]) == 10
