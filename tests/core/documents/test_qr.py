"""The status lookup's QR code (issue 12, point 3): the address it holds, and the documents that carry
it, read back with a real decoder (zxing-cpp, ``tests/qr.py``) from the issued DOCX's picture.

Only documents addressed to the citizen who holds the receipt code carry it (their manifests say
``"qr": "lookup"``); a letter to another body or to the person a denunciation accuses never does.
"""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO
from urllib.parse import urlsplit

import pytest
from django.test import Client
from django.urls import reverse
from django_tenants.utils import schema_context
from docx import Document

from core.documents.forms.manifests import FORMS_DIR, manifests_read
from core.documents.qr import CAPTION, LOOKUP_PATH, form_has_qr, lookup_url, qr_png, qr_svg
from core.documents.services import document_issue, document_reissue
from core.petitions.receipts import receipt_docx
from core.petitions.services.petitions import petition_register
from tests.qr import docx_qr_images, qr_decode, qr_decode_all

from .conftest import COMPLAINT, DENUNCIATION, all_text

pytestmark = pytest.mark.django_db

SITE = "https://tiepdan.langson.gov.vn"
CODE = "ABCD-EFGH-JKMN"
#: The forms addressed to the citizen who holds the receipt code (the receipt, and the notices).
TO_THE_CITIZEN = {
    "reception-receipt",
    "reception-refusal-notice",
    "petition-guidance",
    "petition-mixed-guidance",
    "petition-denunciation-forwarding-notice",
    "complaint-acceptance-notice",
    "complaint-non-acceptance-notice",
    "denunciation-acceptance-notice",
    "denunciation-refusal-notice",
    "denunciation-result-notice",
}
#: Letters to other bodies or to the accused: the citizen's code must never be on them.
NEVER = {
    "denunciation-content-notice",
    "petition-forwarding",
    "petition-denunciation-forwarding",
    "petition-return",
    "petition-reminder",
    "complaint-resolution-decision",
}


@pytest.fixture(autouse=True)
def _site(settings):
    settings.TIEPDAN_SITE_URL = SITE + "/"


@pytest.fixture
def petition(unit_a, leader_a):
    with schema_context(unit_a.schema_name):
        return petition_register(
            actor=leader_a.user,
            channel="post",
            received_date=date(2026, 11, 20),
            petition_type="complaint",
            field_code="dat-dai",
            subject="Quyết định thu hồi đất số 15/QĐ-UBND",
            summary="Khiếu nại việc thu hồi đất.",
            signer_kind="one",
            signers=[{"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "020085001234"}],
        )


def _docx(unit, document) -> bytes:
    with schema_context(unit.schema_name), document.docx.open("rb") as file:
        return file.read()


def _qr_of(docx: bytes) -> list[str]:
    return [qr_decode(image) for image in docx_qr_images(docx)]


# --- The address -------------------------------------------------------------------------------


def test_lookup_url_is_absolute_with_the_code_in_the_fragment_only(unit_a):
    url = lookup_url(unit_a.code, CODE)
    parts = urlsplit(url)
    assert url == f"{SITE}/u/{unit_a.code}/tra-cuu/#{CODE}"
    assert (parts.scheme, parts.netloc, parts.query, parts.fragment) == ("https", "tiepdan.langson.gov.vn", "", CODE)
    # core may not import the pages: the path it repeats must be the lookup page's.
    with schema_context(unit_a.schema_name):
        assert parts.path == unit_a.path_prefix + LOOKUP_PATH
        assert reverse("reception_public:lookup").endswith("/" + LOOKUP_PATH)
    assert Client().get(parts.path).status_code == 200
    with pytest.raises(ValueError, match="receipt code"):
        lookup_url(unit_a.code, "")


def test_png_and_svg_hold_the_address():
    url = lookup_url("06316", CODE)
    assert qr_decode(qr_png(url)) == url
    svg = qr_svg(url)
    # Inline markup for a page under the Content-Security-Policy: no declaration, style or script.
    assert svg.startswith("<svg")
    assert svg.rstrip().endswith("</svg>")
    assert "style" not in svg
    assert "<script" not in svg
    assert "<?xml" not in svg


def test_a_picture_without_a_code_decodes_to_nothing():
    """The decoder of these tests finds no code where there is none (it can fail)."""
    from PIL import Image

    buffer = BytesIO()
    Image.new("L", (300, 300), 255).save(buffer, format="PNG")
    assert qr_decode_all(buffer.getvalue()) == []
    with pytest.raises(AssertionError):
        qr_decode(buffer.getvalue())


# --- Which forms ---------------------------------------------------------------------------------


def test_manifests_put_the_code_on_the_citizens_documents_only():
    carrying = {item.form_code for item in manifests_read() if item.data["layout"].get("qr") == "lookup"}
    assert carrying >= TO_THE_CITIZEN
    assert not carrying & NEVER
    for item in manifests_read():
        template = Document(BytesIO((FORMS_DIR / item.template_path).read_bytes()))
        has_tag = "{{ qr.image }}" in all_text(template)
        assert has_tag == form_has_qr(item.form_code, item.version), item.template_path


def test_a_manifest_layout_key_is_the_only_switch(tmp_path):
    """The manifest's key, not the kind, decides: the same layout without it builds no QR row."""
    from core.documents.layout import template_build

    spec = json.loads((FORMS_DIR / "complaint-acceptance-notice" / "manifest.json").read_text())["versions"][-1]
    with_qr = Document(BytesIO(template_build(spec["layout"])))
    without = Document(BytesIO(template_build({k: v for k, v in spec["layout"].items() if k != "qr"})))
    assert "{{ qr.image }}" in all_text(with_qr)
    assert "qr" not in all_text(without)


# --- Issued documents ----------------------------------------------------------------------------


def test_a_notice_to_the_citizen_carries_the_lookup_of_its_petition(unit_a, leader_a, petition, issue):
    document = issue(unit_a, leader_a.user, subject=petition)
    docx = _docx(unit_a, document)
    assert _qr_of(docx) == [f"{SITE}/u/{unit_a.code}/tra-cuu/#{petition.receipt_code}"]
    text = all_text(Document(BytesIO(docx)))
    assert CAPTION in text
    assert petition.receipt_code in text
    # The stored context is the caller's: the code is the petition's, read again when re-issued.
    assert "qr" not in document.context
    with schema_context(unit_a.schema_name):
        again = document_reissue(document=document, actor=leader_a.user, reason="Sửa lỗi chính tả")
    assert _qr_of(_docx(unit_a, again)) == [lookup_url(unit_a.code, petition.receipt_code)]


def test_the_accused_never_gets_the_code(unit_a, leader_a, petition, issue):
    document = issue(unit_a, leader_a.user, kind="denunciation.content_notice", context=DENUNCIATION, subject=petition)
    docx = _docx(unit_a, document)
    assert docx_qr_images(docx) == []
    assert petition.receipt_code not in all_text(Document(BytesIO(docx)))
    assert CAPTION not in all_text(Document(BytesIO(docx)))


def test_a_document_without_a_receipt_code_has_no_qr(unit_a, leader_a, issue):
    document = issue(unit_a, leader_a.user)  # no subject
    docx = _docx(unit_a, document)
    assert docx_qr_images(docx) == []
    assert CAPTION not in all_text(Document(BytesIO(docx)))


def test_an_explicit_code_and_a_subject_given_by_reference(unit_a, leader_a, petition, media):
    with schema_context(unit_a.schema_name):
        by_ref = document_issue(
            kind="complaint.acceptance_notice",
            on_date=date(2026, 12, 2),
            actor=leader_a.user,
            context=COMPLAINT,
            subject_ref=("petitions.petition", petition.pk),
        )
        explicit = document_issue(
            kind="complaint.acceptance_notice",
            on_date=date(2026, 12, 2),
            actor=leader_a.user,
            context=COMPLAINT,
            receipt_code=CODE,
        )
    assert _qr_of(_docx(unit_a, by_ref)) == [lookup_url(unit_a.code, petition.receipt_code)]
    assert _qr_of(_docx(unit_a, explicit)) == [lookup_url(unit_a.code, CODE)]


def test_each_unit_s_documents_point_at_its_own_lookup(unit_a, unit_b, leader_a, member_b, petition, issue):
    """Tenant isolation: B's notice names B's lookup, and A's code is not found at B's lookup."""
    in_b = issue(unit_b, member_b.user, receipt_code=CODE)
    assert _qr_of(_docx(unit_b, in_b)) == [f"{SITE}/u/{unit_b.code}/tra-cuu/#{CODE}"]
    in_a = issue(unit_a, leader_a.user, subject=petition)
    (url,) = _qr_of(_docx(unit_a, in_a))
    assert f"/u/{unit_a.code}/" in url
    assert unit_b.code not in url
    at_b = Client().post(f"/u/{unit_b.code}/{LOOKUP_PATH}", {"code": urlsplit(url).fragment})
    assert at_b.status_code == 200
    assert at_b.context["searched"] is True
    assert at_b.context["result"] is None


def test_a_reception_receipt_carries_the_code_of_the_petition_its_visit_registered(unit_a, member_a, media):
    from core.documents.models import IssuedDocument
    from tests.core.reception.helpers import log

    visit = log(member_a, documents_received=["Đơn khiếu nại (02 trang, bản gốc)"])
    with schema_context(unit_a.schema_name):
        receipt = IssuedDocument.objects.get(kind="reception.receipt", subject_id=visit.pk)
        code = visit.petition.receipt_code
    assert _qr_of(_docx(unit_a, receipt)) == [lookup_url(unit_a.code, code)]


def test_the_registration_receipt_carries_the_code(unit_a, petition):
    with schema_context(unit_a.schema_name):
        docx = receipt_docx(petition)
    assert _qr_of(docx) == [lookup_url(unit_a.code, petition.receipt_code)]
    assert CAPTION in all_text(Document(BytesIO(docx)))


# --- The lookup page -----------------------------------------------------------------------------


def test_the_lookup_page_loads_its_static_script(client, unit_a):
    html = client.get(f"/u/{unit_a.code}/{LOOKUP_PATH}").content.decode()
    assert 'id="lookup-form"' in html
    assert "public/lookup.js" in html
    assert "<script>" not in html  # no inline script (CSP)
    from django.contrib.staticfiles import finders

    script = finders.find("public/lookup.js")
    assert script is not None
    with open(script, encoding="utf-8") as file:
        source = file.read()
    assert "location.hash" in source
    assert "replaceState" in source
