"""Shared by the online-intake tests: the forms loaded, uploads in a temporary folder, an empty
limiter, and ``receive`` to send a petition to a unit as a citizen would."""

from __future__ import annotations

import io

import pytest
from django.core.cache import caches
from django.core.files.uploadedfile import SimpleUploadedFile
from django_tenants.utils import schema_context

NAME = "Lò Thị Tuyết"
CCCD = "020190004321"
EMAIL = "lo.tuyet@example.vn"
PHONE = "0912345678"
PDF = b"%PDF-1.4\n% scan of the petition\n1 0 obj << >> endobj\n%%EOF\n"
HTML = b"<!DOCTYPE html><html><head><title>x</title></head><body><script>alert(1)</script></body></html>"


def pdf(name: str = "don-khieu-nai.pdf", content: bytes = PDF) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


def docx_bytes() -> bytes:
    from docx import Document

    buffer = io.BytesIO()
    Document().save(buffer)
    return buffer.getvalue()


def submission(**overrides) -> dict:
    values = {
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "subject": "Quyết định thu hồi đất số 15/QĐ-UBND",
        "content": "Tôi khiếu nại mức bồi thường khi thu hồi đất nông nghiệp tại thôn Bản Cầu.",
        "full_name": NAME,
        "id_kind": "cccd",
        "id_number": CCCD,
        "address_street": "thôn Bản Cầu",
        "email": EMAIL,
        "phone": PHONE,
        "contact_consent": True,
    }
    values.update(overrides)
    return values


@pytest.fixture(autouse=True)
def _forms(db):
    from core.documents.forms.services import forms_load

    with schema_context("public"):
        forms_load()


@pytest.fixture(autouse=True)
def _limiter_empty():
    """The limiter counts in the cache, which outlives a test's transaction."""
    caches["default"].clear()
    yield
    caches["default"].clear()


@pytest.fixture
def media_root(settings, tmp_path):
    settings.MEDIA_ROOT = tmp_path
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    return tmp_path


@pytest.fixture
def receive(media_root):
    """``receive(unit, **overrides)``: ``submission_receive`` in ``unit``'s schema."""
    from core.intake.services import submission_receive

    def send(unit, **overrides):
        with schema_context(unit.schema_name):
            return submission_receive(**submission(**overrides))

    return send
