"""A person's view of the second factor (issue 11's acceptance walk), in headless Chromium.

An officer cleared for sealed identities logs in for the first time and is made to set up an
authenticator on the enrolment page (the key read from the page, the code computed from it as the
phone app would); logs out; logs in again with the password and a code; opens a sealed
denunciation and reads its sender's identity, giving a reason. The unit administrator (with a
second factor of their own) then finds that reading on the access log, and the tamper-evident
audit log verifies its chain with the reading in it.

Runs against committed data and removes what it created, except the audit rows: the database
refuses to delete them, and they leave the chain intact.
"""

from __future__ import annotations

import re

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import schema_context

from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PASSWORD = "Mat-khau-2026!"
UNIT = "06316"  # Xã Tân Đoàn
DENOUNCER = "Lương Thị Tố Giác"
#: The audit rows of earlier runs stay (nothing deletes them): this run's reason names its time.
REASON = "Xác minh nhân thân người tố cáo theo yêu cầu của Chủ tịch UBND xã, lúc {at}"


@pytest.fixture
def cleared(committed):
    """A reception officer who registered a denunciation, an officer cleared for sealed identities
    and the unit administrator, in Xã Tân Đoàn; none has a second factor yet."""
    from core.accounts.models import User
    from core.accounts.services import user_create
    from core.caseindex.models import CaseIndexEntry
    from core.petitions.models import Petition, RegistryCounter, SealedIdentityAccess
    from core.petitions.services.petitions import petition_register
    from tenants.models import Unit

    unit = Unit.objects.get(code=UNIT)
    with schema_context(unit.schema_name):
        registry = dict(RegistryCounter.objects.values_list("year", "last_number"))
        people = {
            name: user_create(unit=unit, username=username, password=PASSWORD, full_name=full_name, roles=roles)
            for name, username, full_name, roles in (
                ("registrar", "tiep_nhan_2fa", "Nông Văn Nhận", ["reception_officer"]),
                ("reader", "doc_bi_mat_2fa", "Hoàng Thị Mật", ["sealed_reader"]),
                ("admin", "quan_tri_2fa", "Lý Văn Trị", ["unit_admin"]),
            )
        }
        petition = petition_register(
            actor=people["registrar"],
            channel="post",
            received_date=timezone.localdate(),
            petition_type="denunciation",
            field_code="tham-nhung",
            subject="Cán bộ địa chính xã nhận tiền khi làm thủ tục",
            summary="Tố cáo cán bộ địa chính nhận tiền của người dân.",
            signer_kind="one",
            signers=[{"full_name": DENOUNCER, "id_kind": "none", "address_street": "thôn Nà Pàn"}],
        )
    try:
        yield unit, people, petition
    finally:
        with schema_context(unit.schema_name):
            petitions = Petition.objects.filter(registered_by=people["registrar"])
            case_ids = list(petitions.values_list("case_id", flat=True))
            SealedIdentityAccess.objects.filter(petition__in=petitions).delete()
            petitions.delete()  # with the sealed identity, events and deadlines
            for counter in RegistryCounter.objects.all():
                if counter.year in registry:
                    RegistryCounter.objects.filter(pk=counter.pk).update(last_number=registry[counter.year])
                else:
                    counter.delete()
            User.objects.filter(pk__in=[user.pk for user in people.values()]).delete()  # with their devices
        CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()
        connections.close_all()


def _log_in(page, live_url: str, username: str, path: str = "") -> None:  # noqa: F811
    page.goto(f"{live_url}/u/{UNIT}/{path}")
    page.fill("#id_username", username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")


def test_a_cleared_officer_enrols_logs_in_with_a_code_and_the_sealed_read_is_audited(
    cleared,
    live_url,  # noqa: F811
    browser,  # noqa: F811
    authenticator,
):
    unit, people, petition = cleared
    detail = f"/u/{UNIT}/don-thu/{petition.pk}/"
    reason = REASON.format(at=timezone.localtime().strftime("%H:%M:%S ngày %d/%m/%Y"))
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 1. First login: the password leads to the enrolment page and nowhere else.
    phone = authenticator()
    page = browser.new_context(locale="en-US").new_page()
    _log_in(page, live_url, people["reader"].username, f"don-thu/{petition.pk}/")
    page.wait_for_url(re.compile(r"/tai-khoan/xac-thuc/dang-ky/"))
    page.goto(f"{live_url}{detail}")  # typing the petition's address does not get around it
    page.wait_for_url(re.compile(r"/tai-khoan/xac-thuc/dang-ky/"))
    assert page.locator("#sealed-identity-form").count() == 0
    page.screenshot(path=str(ARTIFACTS / "second-factor-enrol.png"), full_page=True)
    phone.enrol(page)
    page.wait_for_url(f"{live_url}{detail}")

    # 2. Log out; the next login needs the code as well as the password.
    page.goto(f"{live_url}/u/{UNIT}/")
    page.click("form[action$='/dang-xuat/'] button")
    page.wait_for_url(re.compile(r"/dang-nhap/"))
    _log_in(page, live_url, people["reader"].username, f"don-thu/{petition.pk}/")
    page.wait_for_url(re.compile(r"/tai-khoan/xac-thuc/\?"))
    assert DENOUNCER not in page.content()
    page.fill("#id_token", "000000")  # a wrong code is refused, on the same page
    page.click("main button.primary")
    page.wait_for_selector("[role=alert]")
    assert re.search(r"/tai-khoan/xac-thuc/", page.url)
    # django-otp holds the devices back for a second after a wrong code.
    page.wait_for_timeout(1200)
    phone.verify(page)
    page.wait_for_url(f"{live_url}{detail}")

    # 3. The sender is sealed on the petition page; reading it takes a reason.
    senders = page.locator("#senders").inner_text()
    assert DENOUNCER not in senders
    page.fill("#sealed-reason", reason)
    page.click("#sealed-identity-form button[type=submit]")
    page.wait_for_url(re.compile(rf"/don-thu/{petition.pk}/danh-tinh/$"))
    identity = page.locator("#sealed-identity").inner_text()
    assert DENOUNCER in identity
    assert reason in identity

    # 4. The unit administrator, through a second factor of their own, finds the reading on the
    # access log, and the tamper-evident log holds it with its chain intact.
    admin_phone = authenticator()
    admin = browser.new_context(locale="en-US").new_page()
    _log_in(admin, live_url, people["admin"].username, "nhat-ky/")
    admin_phone.enrol(admin)
    admin.wait_for_url(f"{live_url}/u/{UNIT}/nhat-ky/")
    read = admin.locator("#sealed-reads tbody tr", has_text=people["reader"].username)
    assert read.count() == 1
    row = read.inner_text()
    assert reason in row
    assert petition.registry_number in row
    assert DENOUNCER not in admin.content()  # the log names the reader, never the denouncer

    admin.goto(f"{live_url}/u/{UNIT}/nhat-ky/chuoi/")
    verification = admin.locator("#chain-verification")
    assert verification.locator(".badge.ok").count() == 1
    assert verification.locator("[role=alert]").count() == 0
    entry = admin.locator("tbody tr", has_text=people["reader"].username).filter(has_text=reason)
    assert entry.count() == 1
    logged = entry.inner_text()
    assert str(petition.case_id) in logged  # about the case, by its id
    assert petition.registry_number in logged
    assert DENOUNCER not in admin.content()
    admin.screenshot(path=str(ARTIFACTS / "audit-chain.png"), full_page=True)

    with schema_context(unit.schema_name):
        from core.accounts.audit import audit_verify

        assert audit_verify().ok
