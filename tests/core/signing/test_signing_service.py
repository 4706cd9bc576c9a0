"""Signing a document's PDF, without LibreOffice: a PDF made by pyHanko stands in for the
conversion's output, so these run everywhere."""

from __future__ import annotations

from datetime import timedelta
from io import BytesIO

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.signing.models import DocumentSignature
from core.signing.services import certificate_upload, document_pdf_sign

from .certs import PASSWORD, fingerprint
from .pdfs import unsigned_pdf

pytestmark = pytest.mark.django_db


@pytest.fixture
def document_a(leader_a, issue, unit_a):
    return issue(
        unit_a,
        leader_a.user,
        context={"signature": {"authority": "KT. Chủ tịch", "title": "Phó Chủ tịch", "name": "Lò Văn Phó"}}
        | _complaint(),
    )


def _complaint() -> dict:
    from tests.core.documents.conftest import COMPLAINT

    return dict(COMPLAINT)


def test_the_signature_names_the_signer_the_document_prints(admin_a, document_a, certificate_a):
    certificate, p12 = certificate_a
    with schema_context(admin_a.unit.schema_name):
        certificate_upload(actor=admin_a.user, data=p12, password=PASSWORD)
        signing = document_pdf_sign(document=document_a, pdf=unsigned_pdf())
        record = signing.record(document_a)
    assert record.state == DocumentSignature.State.SIGNED
    assert record.fingerprint == fingerprint(certificate)
    assert record.signer_name == "Lò Văn Phó"
    assert record.signer_title == "KT. Chủ tịch, Phó Chủ tịch, Ủy ban nhân dân xã Tân Đoàn"
    from pyhanko.pdf_utils.reader import PdfFileReader

    (signature,) = PdfFileReader(BytesIO(signing.pdf)).embedded_signatures
    assert str(signature.sig_object["/Reason"]) == record.signer_title
    assert str(signature.sig_object["/Location"]) == "Tân Đoàn"


def test_an_expired_certificate_or_an_unreadable_bundle_leaves_the_pdf_unsigned_with_the_reason(
    admin_a, document_a, certificate_a, settings, caplog
):
    _certificate, p12 = certificate_a
    pdf = unsigned_pdf()
    with schema_context(admin_a.unit.schema_name):
        certificate_upload(actor=admin_a.user, data=p12, password=PASSWORD)
        later = document_pdf_sign(document=document_a, pdf=pdf, now=lambda: timezone.now() + timedelta(days=400))
        assert later.pdf == pdf
        assert later.row["reason"] == DocumentSignature.Reason.EXPIRED
        # The master key changed under the unit (a restore without the key): nothing opens the bundle.
        settings.SEAL_MASTER_KEY = "another-master-key"
        failed = document_pdf_sign(document=document_a, pdf=pdf)
        assert failed.pdf == pdf
        record = failed.record(document_a)
    assert record.state == DocumentSignature.State.UNSIGNED
    assert record.reason == DocumentSignature.Reason.FAILED
    # The log names the document and the error's kind, never the bundle or its password.
    assert PASSWORD not in caplog.text
    assert "signing failed" in caplog.text
