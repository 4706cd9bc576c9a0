"""The public signature check refuses bad input with a clear 4xx, never a 500, and is rate-limited
per client address, with one budget for the whole platform."""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import Client

from core.signing_registry.verification import MAX_PDF_BYTES
from tests.core.signing.pdfs import unsigned_pdf
from web.signing.views import VERIFY_LIMIT

pytestmark = pytest.mark.django_db

ROOT = "/xac-minh-chu-ky/"


def _post(content: bytes, name: str = "van-ban.pdf", path: str = ROOT, **extra):
    return Client().post(path, {"pdf": SimpleUploadedFile(name, content, content_type="application/pdf")}, **extra)


@pytest.mark.parametrize("path", [ROOT, "/u/06316/xac-minh-chu-ky/"])
def test_the_page_opens_without_login(path, unit_a):
    response = Client().get(path)
    assert response.status_code == 200
    assert 'enctype="multipart/form-data"' in response.content.decode()


@pytest.mark.parametrize(
    ("content", "status"),
    [
        (b"<html><body>not a pdf</body></html>", 400),
        (b"\x00" * 4096, 400),
        (b"%PDF-1.7\n\x00\x00 garbage \x00 trailer", 400),
        (b"%PDF-1.7\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\ntrailer << /Root 1 0 R >>\n%%EOF", 400),
    ],
    ids=["html", "nul-bytes", "truncated-pdf", "no-xref"],
)
def test_what_is_not_a_readable_pdf_is_a_400_with_a_message(content, status):
    response = _post(content)
    assert response.status_code == status
    assert response.context["error"]
    assert 'id="verify-error"' in response.content.decode()


def test_a_pdf_without_signature_is_a_422_saying_so():
    response = _post(unsigned_pdf())
    assert response.status_code == 422
    assert response.context["error"]
    assert response.context["reports"] is None


def test_no_file_or_an_empty_file_is_a_400():
    assert Client().post(ROOT, {}).status_code == 400
    assert _post(b"").status_code == 400
    # A field name with a NUL byte is no file either.
    assert Client().post(ROOT, {"pdf\x00": "x"}).status_code == 400


def test_a_huge_file_is_refused_with_413_before_it_is_read():
    response = _post(b"%PDF-1.7\n" + b"0" * MAX_PDF_BYTES)
    assert response.status_code == 413
    assert response.context["error"]


def test_too_many_checks_from_one_address_are_refused_with_429():
    content = b"not a pdf"
    for _ in range(VERIFY_LIMIT):
        assert _post(content, REMOTE_ADDR="192.0.2.10").status_code == 400
    limited = _post(content, REMOTE_ADDR="192.0.2.10")
    assert limited.status_code == 429
    assert limited["Retry-After"]
    # Another citizen's budget is their own.
    assert _post(content, REMOTE_ADDR="192.0.2.11").status_code == 400


def test_the_check_s_budget_is_one_for_the_whole_platform(unit_a):
    """The same page under a unit's address shares the root's count: visiting each unit's copy
    gives no more checks."""
    content = b"not a pdf"
    for _ in range(VERIFY_LIMIT):
        assert _post(content, REMOTE_ADDR="192.0.2.12").status_code == 400
    limited = _post(content, path="/u/06316/xac-minh-chu-ky/", REMOTE_ADDR="192.0.2.12")
    assert limited.status_code == 429
    assert limited["Retry-After"]


def _signed_with_many_fields(count: int) -> bytes:
    """One real signature, then ``count`` more signature fields pointing at it, as a forger would
    append them: each field is one more signature for the page to check."""
    from io import BytesIO

    from pyhanko.pdf_utils import generic
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import signers

    from tests.core.signing.certs import PASSWORD, make_certificate, pkcs12_bytes

    key, certificate = make_certificate("Người giả mạo")
    signer = signers.SimpleSigner.load_pkcs12_data(pkcs12_bytes(key, certificate), None, PASSWORD.encode())
    signed = BytesIO()
    signers.sign_pdf(
        IncrementalPdfFileWriter(BytesIO(unsigned_pdf())),
        signers.PdfSignatureMetadata(field_name="Sig1"),
        signer=signer,
        output=signed,
    )
    writer = IncrementalPdfFileWriter(BytesIO(signed.getvalue()))
    form = writer.root["/AcroForm"]
    fields = form["/Fields"]
    value = fields[0].get_object().raw_get("/V")
    for number in range(count):
        fields.append(
            writer.add_object(
                generic.DictionaryObject(
                    {
                        generic.pdf_name("/FT"): generic.pdf_name("/Sig"),
                        generic.pdf_name("/T"): generic.TextStringObject(f"X{number}"),
                        generic.pdf_name("/V"): value,
                    }
                )
            )
        )
    writer.update_container(form)
    out = BytesIO()
    writer.write(out)
    return out.getvalue()


def test_a_pdf_with_hundreds_of_signatures_is_refused_before_any_is_checked():
    """Review 12: 3,000 fields pointing at one signature held the page for minutes (one CMS check each)."""
    import time

    from core.signing_registry.verification import MAX_SIGNATURES

    started = time.monotonic()
    response = _post(_signed_with_many_fields(300))
    assert response.status_code == 422
    assert response.context["reports"] is None
    assert str(MAX_SIGNATURES) in response.context["error"]
    assert time.monotonic() - started < 10
    # A file within the limit is still checked, every signature reported.
    checked = _post(_signed_with_many_fields(2))
    assert checked.status_code == 200
    assert len(checked.context["reports"]) == 3
