"""The QR code of a receipt, end to end in headless Chromium (issue 12, point 3).

The officer downloads a petition's receipt from its page; the QR code on it is read with a real
decoder (zxing-cpp); the citizen's browser opens the address it holds: the lookup form holds the
receipt code, the citizen submits it and sees the status. The code travels only in the fragment and
the POST body: no request the browser sent has it in its URL or Referer, and the address bar has
dropped it. The same address drawn as inline SVG (the pages' form, ``qr_svg``) and rendered by
Chromium decodes too.
"""

from __future__ import annotations

from urllib.parse import urlsplit

import pytest
from django_tenants.utils import schema_context

from core.common.dates import today
from tests.browser.conftest import registered_purge
from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)
from tests.qr import docx_qr_images, qr_decode

pytestmark = pytest.mark.browser
PASSWORD = "Mat-khau-2026!"


@pytest.fixture
def receipt_case(committed, live_url, settings):  # noqa: F811
    """A complaint registered at commune 06316 by a processing officer (committed; removed after)."""
    from core.accounts.services import user_create
    from core.petitions.models import RegistryCounter
    from core.petitions.services.petitions import petition_register
    from tenants.models import Unit

    settings.TIEPDAN_SITE_URL = live_url  # the QR code's address points at this server
    unit = Unit.objects.get(code="06316")
    with schema_context(unit.schema_name):
        counters = dict(RegistryCounter.objects.values_list("year", "last_number"))
        user = user_create(
            unit=unit, username="ma_qr", password=PASSWORD, full_name="Lường Thị Hoa", roles=["processing_officer"]
        )
        petition = petition_register(
            actor=user,
            channel="post",
            received_date=today(),
            petition_type="complaint",
            field_code="dat-dai",
            subject="Quyết định thu hồi đất số 12/QĐ-UBND",
            summary="Khiếu nại việc thu hồi đất nông nghiệp.",
            signer_kind="one",
            signers=[{"full_name": "Hoàng Văn Sơn", "id_kind": "none"}],
        )
    try:
        yield unit, user, petition
    finally:
        registered_purge(unit, users=[user], counters=counters)


def test_the_receipt_s_qr_code_opens_the_lookup_with_the_code_filled_in(receipt_case, live_url, browser):  # noqa: F811
    from core.documents.qr import qr_svg

    unit, user, petition = receipt_case
    code = petition.receipt_code
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # The officer downloads the receipt from the petition's page.
    desk = browser.new_context(locale="vi-VN").new_page()
    detail = f"{live_url}/u/{unit.code}/don-thu/{petition.pk}/"
    desk.goto(detail)  # the login page first, then back here
    desk.fill("#id_username", user.username)
    desk.fill("#id_password", PASSWORD)
    desk.click("main button[type=submit]")
    desk.wait_for_url(detail)
    with desk.expect_download() as download:
        desk.click(f"a[href$='/don-thu/{petition.pk}/bien-nhan/']")
    with open(download.value.path(), "rb") as file:
        (image,) = docx_qr_images(file.read())
    url = qr_decode(image)
    parts = urlsplit(url)
    assert url == f"{live_url}/u/{unit.code}/tra-cuu/#{code}"
    assert parts.query == ""
    assert parts.fragment == code

    # The citizen's phone opens the address; every request it sends is logged.
    citizen = browser.new_context(locale="vi-VN").new_page()
    sent: list[tuple[str, str, str]] = []
    citizen.on("request", lambda r: sent.append((r.method, r.url, r.headers.get("referer", ""))))
    citizen.goto(url)
    field = citizen.locator("#id_code")
    field.wait_for()
    citizen.wait_for_function("document.getElementById('id_code').value !== ''")
    assert field.input_value() == code
    assert "#" not in citizen.url
    assert code not in citizen.url
    citizen.screenshot(path=str(ARTIFACTS / "qr-lookup-filled.png"), full_page=True)
    with citizen.expect_navigation():
        citizen.click("#lookup-form button[type=submit]")
    status = citizen.locator(".petition-status").inner_text()
    citizen.screenshot(path=str(ARTIFACTS / "qr-lookup-status.png"), full_page=True)
    assert petition.registry_number in status
    assert f"{petition.received_date:%d/%m/%Y}" in status
    assert "Hoàng Văn Sơn" not in citizen.locator("main").inner_text()
    posts = [(method, request_url) for method, request_url, _ in sent if method == "POST"]
    assert posts == [("POST", f"{live_url}/u/{unit.code}/tra-cuu/")]
    assert len(sent) >= 3  # the page, its script and the POST at least: the log is complete
    for _method, request_url, referer in sent:
        for leaked in (code, code.replace("-", ""), code.lower()):
            assert leaked not in request_url
            assert leaked not in referer

    # The same address as the pages draw it (inline SVG), rendered by Chromium, decodes too.
    card = browser.new_page()
    card.set_content(f"<!doctype html><body style='margin:0;background:#fff'>{qr_svg(url)}</body>")
    assert qr_decode(card.locator("svg").screenshot()) == url
