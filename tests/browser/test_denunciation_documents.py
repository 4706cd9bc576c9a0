"""A person's view: headless Chromium walks a sealed denunciation from acceptance to its handling on
the petition page, then downloads every document the steps issued from the page's list.

The officer is cleared for sealed identities, so the notices to the denouncer open for them (and
each opening is audited); the others never carry the denouncer's name. Runs against committed data
and removes what it created: the petition, its documents and their register numbers, the audit
rows and the account.
"""

from __future__ import annotations

import re
from io import BytesIO

import pytest
from django.db import connections
from django.utils import timezone
from django_tenants.utils import schema_context
from docx import Document

from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PASSWORD = "Mat-khau-2026!"
DENOUNCER = "Đinh Thị Tố Giác"
STEPS = [
    # (transition, {field: value}; "select:" picks an option)
    ("denunciation.accept", {"verification_team": "Ông Hoàng Văn Xác - Tổ trưởng\nBà Lục Thị Minh - Thành viên"}),
    ("denunciation.verify", {}),
    ("denunciation.extend", {"select:complexity": "complex", "days": "20", "reason": "Xác minh tại nhiều nơi"}),
    (
        "denunciation.conclude",
        {"conclusion": "Tố cáo đúng một phần: đã nhận tiền khi hướng dẫn thủ tục.", "select:result": "partly_right"},
    ),
    ("denunciation.handle", {"measures": "Kiểm điểm, xem xét xử lý kỷ luật."}),
]
ISSUED = {
    "denunciation.acceptance_decision",
    "denunciation.acceptance_notice",
    "denunciation.content_notice",
    "denunciation.extension_decision",
    "denunciation.conclusion",
    "denunciation.result_notice",
    "denunciation.handling_decision",
}


@pytest.fixture
def resolver(committed, settings, tmp_path):
    """A leader of Xã Tân Đoàn cleared for sealed identities, and a denunciation accepted for
    processing; everything they leave behind is removed afterwards."""
    from core.accounts.models import User
    from core.accounts.services import user_create
    from core.caseindex.models import CaseIndexEntry
    from core.documents.models import IssuedDocument
    from core.documents.models import RegisterCounter as DocumentCounter
    from core.petitions.models import Petition, RegistryCounter, SealedIdentityAccess
    from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
    from tenants.models import Unit

    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"  # django-tenants' storage forgets MEDIA_ROOT changes otherwise
    unit = Unit.objects.get(code="06316")
    with schema_context(unit.schema_name):
        registry = dict(RegistryCounter.objects.values_list("year", "last_number"))
        register = {(c.year, c.symbol): c.last_number for c in DocumentCounter.objects.all()}
        user = user_create(
            unit=unit,
            username="giai_quyet_to_cao",
            password=PASSWORD,
            full_name="Vi Văn Quyết",
            roles=["processing_officer", "leader", "sealed_reader"],
        )
        petition = petition_register(
            actor=user,
            channel="post",
            received_date=timezone.localdate(),
            petition_type="denunciation",
            field_code="tham-nhung",
            subject="Ông Lê Văn Bị, công chức Địa chính - Xây dựng",
            summary="Nhận tiền của người dân khi làm thủ tục đất đai.",
            signer_kind="one",
            signers=[{"full_name": DENOUNCER, "id_kind": "none", "address_street": "thôn Khau Slôm"}],
        )
        petition = petition_classify(petition=petition, actor=user, is_processable=True, within_jurisdiction=True)
        petition = petition_decide_outcome(petition=petition, actor=user, outcome="accept")
    try:
        yield unit, user, petition
    finally:
        with schema_context(unit.schema_name):
            petitions = Petition.objects.filter(registered_by=user)
            case_ids = list(petitions.values_list("case_id", flat=True))
            IssuedDocument.objects.filter(
                subject_type="petitions.petition", subject_id__in=petitions.values("pk")
            ).delete()
            for counter in DocumentCounter.objects.all():
                if (counter.year, counter.symbol) in register:
                    counter.last_number = register[(counter.year, counter.symbol)]
                    counter.save(update_fields=["last_number"])
                else:
                    counter.delete()
            SealedIdentityAccess.objects.filter(petition__in=petitions).delete()
            petitions.delete()  # with the sealed identity, events and deadlines
            for counter in RegistryCounter.objects.all():
                if counter.year in registry:
                    RegistryCounter.objects.filter(pk=counter.pk).update(last_number=registry[counter.year])
                else:
                    counter.delete()
            User.objects.filter(pk=user.pk).delete()
        CaseIndexEntry.objects.filter(case_id__in=case_ids).delete()
        connections.close_all()


def _docx_text(body: bytes) -> str:
    doc = Document(BytesIO(body))
    lines = [paragraph.text for paragraph in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


def test_a_denunciation_is_walked_to_its_handling_and_every_document_downloaded(resolver, live_url, browser):  # noqa: F811
    from core.documents.kinds import KINDS
    from core.documents.models import IssuedDocument
    from core.petitions.models import SealedIdentityAccess

    unit, user, petition = resolver
    detail = f"{live_url}/u/{unit.code}/don-thu/{petition.pk}/"
    page = browser.new_page(locale="vi-VN")
    page.goto(detail)  # the login page first, then back here
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    page.wait_for_url(detail)

    for name, fields in STEPS:
        action = f"#action-{name.replace('.', '')}"
        page.click(f"{action} summary")
        prefix = f"#id_{name.replace('.', '_')}_"
        for field, value in fields.items():
            if field.startswith("select:"):
                page.select_option(prefix + field.removeprefix("select:"), value)
            else:
                page.fill(prefix + field, value)
        with page.expect_navigation():
            page.click(f"{action} button.primary")
        assert page.locator(".error").count() == 0, (name, page.locator(".error").all_inner_texts())
    assert page.locator("#status").get_attribute("data-status") == "handling"

    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "denunciation-documents.png"), full_page=True)
    rows = page.locator("#documents tbody tr")
    links = page.locator("#documents a[href*='/tai-xuong/docx/']")
    with schema_context(unit.schema_name):
        issued = {
            d.pk: d
            for d in IssuedDocument.objects.filter(
                subject_type="petitions.petition", subject_id=petition.pk, kind__startswith="denunciation."
            )
        }
        before = SealedIdentityAccess.objects.filter(petition=petition).count()
    assert {d.kind for d in issued.values()} == ISSUED
    listed = rows.locator("td.number").all_inner_texts()
    assert {d.number_display for d in issued.values()} <= {text.split(" ")[0] for text in listed}
    assert links.count() == rows.count()  # a cleared officer opens every one

    opened_naming = 0
    for index in range(links.count()):
        href = links.nth(index).get_attribute("href")
        response = page.context.request.get(f"{live_url}{href}")
        assert response.status == 200, href
        assert response.headers["content-disposition"].startswith("attachment"), href
        text = _docx_text(response.body())
        document = issued.get(int(re.search(r"/van-ban/(\d+)/", href).group(1)))
        if document is None:  # a processing step's document (the acceptance proposal): never names anyone sealed
            assert DENOUNCER not in text, href
            continue
        assert f"Số: {document.number_display}" in text, document.kind
        assert (DENOUNCER in text) == KINDS[document.kind].may_name_denouncer, document.kind
        opened_naming += KINDS[document.kind].may_name_denouncer
    assert opened_naming == 2
    # The PDFs the worker made (eager in tests, where LibreOffice is installed) download from the same list.
    pdfs = page.locator("#documents a[href*='/tai-xuong/pdf/']")
    for index in range(pdfs.count()):
        href = pdfs.nth(index).get_attribute("href")
        response = page.context.request.get(f"{live_url}{href}")
        assert response.status == 200, href
        assert response.body()[:5] == b"%PDF-", href
        document = issued.get(int(re.search(r"/van-ban/(\d+)/", href).group(1)))
        opened_naming += bool(document and KINDS[document.kind].may_name_denouncer)
    with schema_context(unit.schema_name):
        # Opening a notice that names the denouncer is a read of the seal: audited.
        assert SealedIdentityAccess.objects.filter(petition=petition).count() == before + opened_naming
