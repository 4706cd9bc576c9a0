"""Issued PDFs signed with the unit's certificate (PAdES), verified by pyHanko and by the public
page; a changed PDF is not valid; without a certificate the PDF is unsigned and says so; unit A's
certificate never signs unit B's documents. Needs LibreOffice (the real conversion)."""

from __future__ import annotations

import logging
from io import BytesIO

import pytest
from django_tenants.utils import schema_context

from core.documents.models import IssuedDocument
from core.documents.services import document_pdf_make
from core.signing.models import DocumentSignature
from core.signing_registry.verification import Verdict
from tests.core.documents.conftest import COMPLAINT
from tests.core.petitions.test_workflow import Flow

from .certs import fingerprint
from .conftest import needs_libreoffice, upload
from .pdfs import append_visible_text, flip_inside_signed_range, verify

pytestmark = pytest.mark.django_db


def _pdf_made(unit, document: IssuedDocument) -> tuple[IssuedDocument, bytes]:
    """What the worker's task does, in the unit's schema (the task's message is the id alone)."""
    with schema_context(unit.schema_name):
        made = document_pdf_make(document_id=document.pk)
        assert made is not None
        assert made.pdf_state == IssuedDocument.PdfState.READY, made.pdf_error
        with made.pdf.open("rb") as handle:
            return made, handle.read()


def _accepted_notice(officer_a, register) -> IssuedDocument:
    """The complaint acceptance notice, issued by the real step."""
    flow = Flow(officer_a, register())
    flow.classify()
    flow.outcome("accept")
    flow.go("complaint.accept", date="2026-11-10", level=1)
    with schema_context(officer_a.unit.schema_name):
        return IssuedDocument.objects.get(subject_id=flow.pk, kind="complaint.acceptance_notice")


def test_a_step_document_is_signed_with_the_unit_certificate_and_verifies(
    admin_a, officer_a, register, media, certificate_a
):
    needs_libreoffice()
    certificate, p12 = certificate_a
    assert upload(admin_a.web(), admin_a, p12).status_code == 302
    notice, pdf = _pdf_made(admin_a.unit, _accepted_notice(officer_a, register))

    with schema_context(admin_a.unit.schema_name):
        record = DocumentSignature.objects.get(document=notice)
    assert record.state == DocumentSignature.State.SIGNED
    assert record.fingerprint == fingerprint(certificate)
    # The signer the document prints: the officer who recorded the step, with the issuing body.
    assert record.signer_name == officer_a.user.display_name
    assert record.signer_title.endswith("Ủy ban nhân dân xã Tân Đoàn")

    # pyHanko, on its own: intact, covering the whole file, by the uploaded certificate.
    from pyhanko.pdf_utils.reader import PdfFileReader
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    from core.signing_registry.certificates import certificate_facts

    (signature,) = PdfFileReader(BytesIO(pdf)).embedded_signatures
    assert signature.signer_cert.sha256.hex() == fingerprint(certificate)
    assert signature.sig_object["/SubFilter"] == "/ETSI.CAdES.detached"  # PAdES
    assert str(signature.sig_object["/Name"]) == officer_a.user.display_name
    assert "Ủy ban nhân dân xã Tân Đoàn" in str(signature.sig_object["/Reason"])
    status = validate_pdf_signature(signature, ValidationContext(trust_roots=[signature.signer_cert]))
    assert status.intact
    assert status.valid
    assert status.trusted
    assert status.coverage == SignatureCoverageLevel.ENTIRE_FILE
    assert certificate_facts(signature.signer_cert.dump()).fingerprint == record.fingerprint

    # The document's page says who signed it.
    page = officer_a.web().get(officer_a.url(f"van-ban/{notice.pk}/"))
    assert 'data-signed="yes"' in page.content.decode()
    assert officer_a.user.display_name in page.content.decode()

    # The public page, at the platform's root and under another unit: valid, registered to unit A.
    for path in ("/xac-minh-chu-ky/", "/u/05983/xac-minh-chu-ky/"):
        response = verify(pdf, path)
        assert response.status_code == 200, response.content.decode()[:500]
        (report,) = response.context["reports"]
        assert report.verdict == Verdict.VALID
        assert report.intact
        assert not report.modified_after
        assert report.unit_code == admin_a.unit.code
        assert report.unit_name == admin_a.unit.name
        assert 'data-verdict="valid"' in response.content.decode()
        assert admin_a.unit.name in response.content.decode()

    # A byte flipped inside the signed range: not valid.
    response = verify(flip_inside_signed_range(pdf))
    assert response.status_code == 200
    assert [r.verdict for r in response.context["reports"]] == [Verdict.INVALID]
    assert 'data-verdict="invalid"' in response.content.decode()

    # Text appended by an incremental update after signing: the signed part is intact, but the
    # document was changed, and the page says so.
    logging.disable(logging.WARNING)  # pyHanko's diff analysis logs the illegal update it finds
    try:
        response = verify(append_visible_text(pdf))
    finally:
        logging.disable(logging.NOTSET)
    assert response.status_code == 200
    (report,) = response.context["reports"]
    assert report.verdict == Verdict.MODIFIED
    assert report.modified_after
    assert 'data-verdict="modified"' in response.content.decode()

    # Revoked: the page stops vouching for it.
    client = admin_a.web()
    assert client.post(admin_a.url("ky-so/thu-hoi/"), {"reason": "Khoá bị lộ"}).status_code == 302
    assert verify(pdf).context["reports"][0].verdict == Verdict.REVOKED


def test_without_a_certificate_the_pdf_is_unsigned_and_says_so(leader_a, issue, unit_a):
    needs_libreoffice()
    document, pdf = _pdf_made(unit_a, issue(unit_a, leader_a.user))
    with schema_context(unit_a.schema_name):
        record = DocumentSignature.objects.get(document=document)
    assert record.state == DocumentSignature.State.UNSIGNED
    assert record.reason == DocumentSignature.Reason.NO_CERTIFICATE
    page = leader_a.web().get(leader_a.url(f"van-ban/{document.pk}/"))
    assert 'data-signed="no"' in page.content.decode()
    response = verify(pdf)
    assert response.status_code == 422
    assert response.context["error"]
    assert response.context["reports"] is None


def test_isolation_unit_a_certificate_never_signs_unit_b_documents(
    admin_a, leader_a, unit_b, make_member, issue, certificate_a
):
    needs_libreoffice()
    certificate, p12 = certificate_a
    assert upload(admin_a.web(), admin_a, p12).status_code == 302
    leader_b = make_member(unit_b, roles=("leader",), username="chu_tich_b", full_name="Hà Thị Bích")
    document_b, pdf_b = _pdf_made(unit_b, issue(unit_b, leader_b.user, context=COMPLAINT))
    with schema_context(unit_b.schema_name):
        assert DocumentSignature.objects.get(document=document_b).state == DocumentSignature.State.UNSIGNED
    assert fingerprint(certificate).encode() not in pdf_b
    assert verify(pdf_b).status_code == 422
    document_a, pdf_a = _pdf_made(admin_a.unit, issue(admin_a.unit, leader_a.user))
    with schema_context(admin_a.unit.schema_name):
        assert DocumentSignature.objects.get(document=document_a).fingerprint == fingerprint(certificate)
    assert verify(pdf_a).context["reports"][0].unit_code == admin_a.unit.code
