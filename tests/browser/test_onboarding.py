"""A person's view: a platform admin onboards a commune and names its administrator in Chromium;
the administrator follows the e-mailed link, chooses a password, logs in and creates a reception
officer. Until then the commune's front page says who is invited.

The live server runs in this process, so the message sent by Django's mail framework (the locmem
backend of the test settings) is read from ``django.core.mail.outbox``. Onboarding runs in the
request itself (Celery is eager in the test settings; tests/test_worker.py covers the worker).
Everything created is removed: the unit's schema, its registry row, invitation and job, the
platform admin's account.
"""

from __future__ import annotations

import re

import pytest
from django.core import mail
from django.db import connection, connections

from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
CODE = "06112"  # Xã Bình Gia, a commune no other test onboards
PASSWORD = "Mat-khau-2026!"


def _remove_unit() -> None:
    from tenants.models import OnboardingJob, Unit, UnitInvitation

    connections.close_all()
    connection.set_schema_to_public()
    unit = Unit.objects.filter(code=CODE).first()
    if unit is not None:
        with connection.cursor() as cursor:
            cursor.execute(f'DROP SCHEMA IF EXISTS "{unit.schema_name}" CASCADE')
        UnitInvitation.objects.filter(unit=unit).delete()
        unit.delete()
    OnboardingJob.objects.filter(unit_codes=[CODE]).delete()


def _remove_platform_admin(username: str) -> None:
    # In SQL: the ORM's cascade would also look for the account's rows in tables that exist in
    # units' schemas only (notifications…), and fail in the public schema.
    account = "(SELECT id FROM accounts_user WHERE username = %s)"
    with connection.cursor() as cursor:
        cursor.execute(f"DELETE FROM django_admin_log WHERE user_id IN {account}", [username])
        # The second factor set up at the login: the authenticator and the recovery codes.
        cursor.execute(f"DELETE FROM otp_totp_totpdevice WHERE user_id IN {account}", [username])
        cursor.execute(
            "DELETE FROM otp_static_statictoken WHERE device_id IN "
            f"(SELECT id FROM otp_static_staticdevice WHERE user_id IN {account})",
            [username],
        )
        cursor.execute(f"DELETE FROM otp_static_staticdevice WHERE user_id IN {account}", [username])
        cursor.execute("DELETE FROM accounts_user WHERE username = %s", [username])


@pytest.fixture
def platform_admin_account(committed):
    from core.accounts.models import User

    _remove_unit()  # what an interrupted earlier run may have left
    _remove_platform_admin("nen_tang_thu")
    user = User.objects.create_superuser("nen_tang_thu", password=PASSWORD)
    try:
        yield user
    finally:
        _remove_unit()
        _remove_platform_admin(user.username)
        connections.close_all()


def test_onboard_invite_accept_and_create_an_officer(
    platform_admin_account,
    live_url,  # noqa: F811
    browser,  # noqa: F811
    settings,
    authenticator,
):
    settings.TIEPDAN_SITE_URL = live_url  # links in e-mails point at this server
    mail.outbox = []
    page = browser.new_page(locale="en-US")  # a context of its own: the platform admin's browser

    # The platform admin onboards Xã Bình Gia and names its administrator.
    page.goto(f"{live_url}/admin/login/?next=/admin/tenants/onboardingjob/onboard/")
    page.fill("#id_username", platform_admin_account.username)
    page.fill("#id_password", PASSWORD)
    page.click("input[type=submit]")
    # The admin site is behind the second factor: a platform admin sets it up at the first login.
    authenticator().enrol(page)
    page.wait_for_url(f"{live_url}/admin/tenants/onboardingjob/onboard/")
    page.fill("#id_unit_codes", CODE)
    page.fill("#id_admin_full_name", "Hoàng Văn Gia")
    page.fill("#id_admin_email", "quantri.binhgia@langson.gov.vn")
    page.click("#content input[type=submit]")
    page.wait_for_url(re.compile(r".*/admin/tenants/onboardingjob/\d+/progress/$"))
    page.wait_for_function("document.getElementById('percent').textContent === '100'")

    # The invited administrator, in a browser of their own, first sees the unit's front page say
    # who is invited (masked: it is public).
    page = browser.new_page(locale="en-US")
    page.goto(f"{live_url}/u/{CODE}/")
    notice = page.locator("#admin-invitation").inner_text()
    assert notice.startswith("Đơn vị chưa có quản trị viên. Đã mời: qu•••@langson.gov.vn ngày ")
    assert "quantri.binhgia" not in page.content()

    # They follow the link of the e-mail.
    [message] = mail.outbox
    assert message.to == ["quantri.binhgia@langson.gov.vn"]
    link = re.search(rf"{re.escape(live_url)}/u/{CODE}/loi-moi/[\w-]+/", message.body)[0]
    page.goto(link)
    assert page.locator("h1").inner_text() == "Chấp nhận lời mời"
    assert page.input_value("#id_full_name") == "Hoàng Văn Gia"
    page.fill("#id_username", "gia.hoang")
    page.fill("#id_password", PASSWORD)
    page.fill("#id_password_confirm", PASSWORD)
    page.click("#invitation-accept button[type=submit]")
    page.wait_for_url(f"{live_url}/u/{CODE}/dang-nhap/")
    assert "gia.hoang" in page.locator(".messages").inner_text()

    # … logs in, and creates a reception officer on the Cán bộ page.
    page.fill("#id_username", "gia.hoang")
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    authenticator().enrol(page)  # a unit administrator: the second factor is set up at the first login
    page.wait_for_url(f"{live_url}/u/{CODE}/")
    assert page.locator("h1").inner_text() == "Xin chào, Hoàng Văn Gia"
    page.click("nav >> text=Cán bộ")
    page.wait_for_url(f"{live_url}/u/{CODE}/can-bo/")
    page.fill("#id_username", "tiep.dan")
    page.fill("#id_full_name", "Lò Thị Tiếp")
    page.fill("#id_password", PASSWORD)
    page.check("input[name=roles][value=reception_officer]")
    page.click("main button.primary")
    page.wait_for_url(f"{live_url}/u/{CODE}/can-bo/")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "onboarding-staff.png"), full_page=True)
    row = page.locator("tr", has_text="tiep.dan").inner_text()
    assert "Lò Thị Tiếp" in row
    assert "Cán bộ tiếp công dân" in row

    # The link was for one use.
    page.goto(link)
    assert "đã được sử dụng" in page.locator("#invitation-refusal").inner_text()
