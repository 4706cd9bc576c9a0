"""Headless Chromium, a real worker and the real broker: unit A forwards a petition to unit B on
the platform through the outcome form, B's officer logs in, acknowledges and accepts it, A's
timeline shows B's answer, and the citizen's receipt lookup at A shows where the petition went."""

from __future__ import annotations

import re

import pytest
from django_tenants.utils import schema_context

from core.common.dates import today
from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)
from tests.test_transfers_worker import PASSWORD, people, workers  # noqa: F401  (fixtures)
from tests.test_worker import _wait_for

pytestmark = pytest.mark.browser


def _login(page, url: str, username: str) -> None:
    page.goto(url)  # the login page first, then back here
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(url)


def test_forward_acknowledge_accept_seen_by_sender_and_citizen(people, workers, live_url, browser):  # noqa: F811
    from core.petitions.services.petitions import petition_classify, petition_register
    from core.transfers.choices import Direction, TransferState
    from core.transfers.models import Transfer

    units, users = people
    a, b = units["a"], units["b"]
    with schema_context(a.schema_name):
        petition = petition_register(
            actor=users["a"], channel="post", received_date=today(), petition_type="recommendation",
            field_code="dat-dai", subject="Cầu treo bản Nà Pàn hư hỏng", summary="Kiến nghị sửa cầu treo.",
            signer_kind="one", signers=[{"full_name": "Chu Văn Lềnh"}],
        )  # fmt: skip
        petition_classify(petition=petition, actor=users["a"], is_processable=True, within_jurisdiction=False)
    workers()

    sender = browser.new_page(locale="vi-VN")
    detail_url = f"{live_url}/u/{a.code}/don-thu/{petition.pk}/"
    _login(sender, detail_url, users["a"].username)
    sender.check("input[name=outcome][value=forward]")
    sender.fill("#id_outcome_receiving_unit", b.code)
    sender.fill("#id_outcome_legal_ground", "Điều 28 Luật Tiếp công dân")
    sender.click("#action-outcome button.primary")
    sender.wait_for_url(detail_url)
    with schema_context(a.schema_name):
        sent = Transfer.objects.get(petition_id=petition.pk, direction=Direction.OUT)

    def arrived():
        with schema_context(b.schema_name):
            return Transfer.objects.filter(reference=sent.reference, direction=Direction.IN).first()

    received = _wait_for(arrived)

    receiver = browser.new_context(locale="vi-VN").new_page()
    inbox_url = f"{live_url}/u/{b.code}/chuyen-don/"
    _login(receiver, inbox_url, users["b"].username)
    receiver.click(f"tr[data-transfer='{sent.reference}'] a")
    receiver.wait_for_url(re.compile(rf".*/chuyen-don/{received.pk}/$"))
    assert "Chu Văn Lềnh" in receiver.locator("main").inner_text()  # what the package carried
    receiver.click("button[name=acknowledge]")
    receiver.wait_for_url(re.compile(rf".*/chuyen-don/{received.pk}/$"))
    assert receiver.get_attribute("[data-state]", "data-state") == TransferState.ACKNOWLEDGED
    receiver.click("button[name=accept]")
    receiver.wait_for_url(re.compile(rf".*/chuyen-don/{received.pk}/$"))
    assert receiver.get_attribute("[data-state]", "data-state") == TransferState.ACCEPTED

    def answered():
        with schema_context(a.schema_name):
            return Transfer.objects.filter(pk=sent.pk, state=TransferState.ACCEPTED).exists()

    _wait_for(answered)
    sender.goto(detail_url)
    timeline = sender.locator("#timeline").inner_text()
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    sender.screenshot(path=str(ARTIFACTS / "transfer-sender.png"), full_page=True)
    assert f"{b.name} đã thụ lý ngày {today():%d/%m/%Y}" in timeline

    citizen = browser.new_context(locale="vi-VN").new_page()
    citizen.goto(f"{live_url}/u/{a.code}/tra-cuu/")
    citizen.fill("#id_code", petition.receipt_code)
    citizen.click("main button[type=submit]")
    path = citizen.locator(".petition-path").inner_text()
    citizen.screenshot(path=str(ARTIFACTS / "transfer-lookup.png"), full_page=True)
    assert b.name in path
    assert f"{today():%d/%m/%Y}" in path
    assert len(citizen.locator(".petition-path li").all()) == 2  # forwarded …; accepted …
    assert "Chu Văn Lềnh" not in citizen.locator("main").inner_text()
