"""A person's view: headless Chromium registers a petition through the form and reads its receipt code.

Runs against committed data (the live server has its own connection) and removes what it created:
the petition and its senders, the account, the registry counter's increment and the case-index row.
"""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from tests.browser.conftest import registered_purge
from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PASSWORD = "Mat-khau-2026!"


@pytest.fixture
def registrar(committed):
    from core.accounts.services import user_create
    from core.petitions.models import RegistryCounter
    from tenants.models import Unit

    unit = Unit.objects.get(code="06316")
    with schema_context(unit.schema_name):
        counters = dict(RegistryCounter.objects.values_list("year", "last_number"))
        user = user_create(
            unit=unit,
            username="dang_ky_don",
            password=PASSWORD,
            full_name="Lường Thị Hoa",
            roles=["processing_officer"],
        )
    try:
        yield unit, user
    finally:
        registered_purge(unit, users=[user], counters=counters)


def test_officer_registers_a_petition_and_sees_its_receipt_code(registrar, live_url, browser):  # noqa: F811
    from core.petitions.models import Petition

    unit, user = registrar
    page = browser.new_page(locale="en-US")
    page.goto(f"{live_url}/u/{unit.code}/don-thu/moi/")  # the login page first, then back here
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(f"{live_url}/u/{unit.code}/don-thu/moi/")

    page.select_option("#id_channel", "reception")  # the date received defaults to today
    page.select_option("#id_petition_type", "recommendation")
    page.select_option("#id_field_code", "moi-truong")
    page.fill("#id_subject", "Đường liên thôn Khòn Pát xuống cấp")
    page.fill("#id_summary", "Đề nghị sửa chữa đoạn đường liên thôn bị sạt lở sau mưa lũ.")
    page.select_option("#id_signer_kind", "one")
    page.fill("#id_signers-0-full_name", "Hoàng Văn Sơn")
    page.select_option("#id_signers-0-id_kind", "none")
    page.fill("#id_signers-0-phone", "0912000111")
    page.click("main button.primary")
    page.wait_for_url(re.compile(rf"{re.escape(live_url)}/u/{unit.code}/don-thu/\d+/$"))

    shown = page.locator("#receipt-code").inner_text()
    message = page.locator(".messages").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "petition.png"), full_page=True)
    with schema_context(unit.schema_name):
        petition = Petition.objects.get(registered_by=user)
    assert shown == petition.receipt_code
    assert petition.receipt_code in message
    assert petition.subject in page.locator("main").inner_text()
    assert "Hoàng Văn Sơn" in page.locator("#senders").inner_text()
    assert page.get_attribute("html", "lang") == "vi"
