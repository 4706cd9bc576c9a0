"""A citizen's view, in headless Chromium: from the platform's entry page a citizen picks the
commune and the field, sends a complaint online with a PDF scan, gets the receipt and its code
(the QR code on the page decodes, with a real decoder, to the status lookup) and downloads the
receipt; the receipt e-mail arrives at a real SMTP server (aiosmtpd) started here; the officer
logs in, finds the petition in the list under the channel "online", processes and accepts it; a
second e-mail arrives; the citizen's lookup shows it accepted.

Runs against committed data; ``citizen_and_officer`` removes the petition, its documents,
messages and the accounts afterwards. Uploaded files land in a temporary folder.
"""

from __future__ import annotations

import re
import time

import pytest
from django.core.cache import caches
from django.utils import translation
from django_tenants.utils import schema_context

from tests.browser.test_document_walks import Officer, _log_in, _process, _step
from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)
from tests.qr import qr_decode
from tests.smtp import smtp_fixture  # noqa: F401  (fixture "smtp": a real SMTP server)
from tests.web.intake.conftest import intake_counters, intake_purge

pytestmark = pytest.mark.browser
PASSWORD = "Mat-khau-2026!"
COMMUNE = "06316"  # Xã Tân Đoàn
EMAIL = "hoang.son@example.vn"
SCAN = (
    b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
    b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF\n"
)


@pytest.fixture
def citizen_and_officer(committed, settings, tmp_path):
    """The commune's officer (processing and leader); afterwards everything the walk left."""
    from core.accounts.services import user_create
    from core.documents.forms.services import forms_load
    from tenants.models import Unit

    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    settings.TIEPDAN_INTAKE_MIN_SECONDS = 1  # the challenge stays on; a person takes longer anyway
    forms_load()
    caches["default"].clear()
    unit = Unit.objects.get(code=COMMUNE)
    counters = intake_counters(unit)
    with schema_context(unit.schema_name):
        user = user_create(
            unit=unit,
            username="xu_ly_truc_tuyen",
            password=PASSWORD,
            full_name="Lường Văn Xử",
            roles=["processing_officer", "leader"],
        )
    try:
        yield Officer(unit, user)
    finally:
        intake_purge(unit, counters, users=[user.pk])


def _mail(inbox, count: int, timeout: float = 20.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if len(inbox.messages) >= count:
            return inbox.messages
        time.sleep(0.2)
    raise AssertionError(f"expected {count} e-mails, got {len(inbox.messages)}")


def test_a_citizen_submits_a_complaint_online_and_follows_it(
    citizen_and_officer, smtp, live_url, browser  # noqa: F811
):  # fmt: skip
    from core.documents.qr import lookup_url
    from core.petitions.choices import Status
    from core.petitions.models import Petition

    officer = citizen_and_officer
    unit = officer.unit
    context = browser.new_context(locale="vi-VN", accept_downloads=True)
    page = context.new_page()

    # The province's entry: find the commune by typing, choose the field, go on to its form.
    page.goto(f"{live_url}/")
    page.click("#send-petition")
    page.fill("#unit-filter", "tan doan")
    assert page.locator("#id_unit").input_value() == COMMUNE
    page.select_option("#id_field", "dat-dai")
    with page.expect_navigation():
        page.click("#intake-entry button.primary")
    assert page.url == f"{live_url}/u/{COMMUNE}/gui-don/?linh-vuc=dat-dai"
    assert page.locator("#id_field_code").input_value() == "dat-dai"

    # The form.
    page.select_option("#id_petition_type", "complaint")
    page.fill("#id_subject", "Quyết định thu hồi đất số 15/QĐ-UBND ngày 10/11/2026")
    page.fill("#id_content", "Tôi không đồng ý với mức bồi thường khi thu hồi đất nông nghiệp của gia đình.")
    page.fill("#id_full_name", "Hoàng Văn Sơn")
    page.select_option("#id_id_kind", "cccd")
    page.fill("#id_id_number", "020085001234")
    page.fill("#id_address_street", "thôn Bản Cầu, xã Tân Đoàn")
    page.fill("#id_email", EMAIL)
    page.check("#id_contact_consent")
    page.set_input_files(
        "#id_attachments", files=[{"name": "ban-chup-don.pdf", "mimeType": "application/pdf", "buffer": SCAN}]
    )
    assert page.locator("#attachments [data-chosen] li").all_inner_texts() == ["ban-chup-don.pdf"]
    trap = page.locator(".intake-hp").bounding_box()
    assert trap is not None
    assert trap["x"] + trap["width"] <= 0
    page.wait_for_timeout(1200)
    with page.expect_navigation():
        page.click("#intake-send")
    assert page.url == f"{live_url}/u/{COMMUNE}/gui-don/bien-nhan/", page.locator(".error").all_inner_texts()

    # The receipt: its code, and a QR code that decodes to the lookup.
    code = page.locator("#receipt-code").inner_text()
    registry_number = page.locator("#registry-number").inner_text()
    assert re.fullmatch(r"[0-9A-Z]{4}-[0-9A-Z]{4}-[0-9A-Z]{4}", code)
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "online-receipt.png"), full_page=True)
    assert qr_decode(page.locator("#receipt-qr svg").screenshot()) == lookup_url(COMMUNE, code)
    with page.expect_download() as download:
        page.click("#receipt-download")
    saved = download.value
    assert saved.suggested_filename.startswith("bien-nhan-")
    with open(saved.path(), "rb") as handle:
        assert handle.read(2) in (b"PK", b"%P")
    with schema_context(unit.schema_name):
        petition = Petition.objects.get(receipt_code=code)
        assert (petition.channel, petition.registry_number) == ("online", registry_number)
        assert petition.attachments.get().name == "ban-chup-don.pdf"

    # The receipt e-mail, from the real SMTP server.
    first = _mail(smtp, 1)[0]
    assert first["To"] == EMAIL
    assert registry_number in first.get_body(preferencelist=("plain",)).get_content()

    # The officer finds it in the list under the channel "online", processes and accepts it.
    officer_page = _log_in(browser, live_url, officer, "don-thu/")
    officer_page.select_option("#id_channel", "online")
    with officer_page.expect_navigation():
        officer_page.click("form.filters button.primary")
    row = officer_page.locator(f"tr[data-petition='{petition.pk}']")
    assert row.count() == 1
    assert row.locator("[data-channel=online]").count() == 1
    with officer_page.expect_navigation():
        row.locator("td a").first.click()
    _process(officer_page)
    _step(officer_page, "complaint.accept", {"level": "1"}, "accepted")

    # The second e-mail, and the lookup opened from the receipt's QR address shows the step.
    second = _mail(smtp, 2)[1]
    assert second["To"] == EMAIL
    assert registry_number in second.get_body(preferencelist=("plain",)).get_content()
    path = lookup_url(COMMUNE, code).split(f"/u/{COMMUNE}/", 1)[1]
    page.goto(f"{live_url}/u/{COMMUNE}/{path}")
    assert page.locator("#id_code").input_value() == code  # copied from the address's fragment
    with page.expect_navigation():
        page.click("#lookup-form button[type=submit]")
    result = page.locator(".petition-status").inner_text()
    assert registry_number in result
    with schema_context(unit.schema_name):
        petition.refresh_from_db()
    assert petition.status == "accepted"
    with translation.override("vi"):
        accepted = str(Status.ACCEPTED.label)
    assert page.locator(".petition-status strong").inner_text().strip() == accepted
    page.screenshot(path=str(ARTIFACTS / "online-lookup.png"), full_page=True)
