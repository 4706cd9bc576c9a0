"""Issuing documents in a unit's schema, with the forms loaded from the repository's manifests."""

from __future__ import annotations

from datetime import date
from io import BytesIO

import pytest
from django_tenants.utils import schema_context
from docx import Document

#: The keys of the complaint acceptance notice's form (its manifest's "required").
COMPLAINT = {
    "complainant": "ông Nguyễn Văn An",
    "complainant_address": "thôn Nà Pàn, xã Tân Đoàn, tỉnh Lạng Sơn",
    "received_on": date(2026, 11, 20),
    "complaint_subject": "Quyết định số 15/QĐ-UBND ngày 02/10/2026 về việc thu hồi đất",
    "resolver": "Chủ tịch Ủy ban nhân dân xã Tân Đoàn",
    "accepted_on": date(2026, 12, 1),
    "level_text": "đầu",
    "time_limit_days": 30,
}
DENUNCIATION = {
    "decision_number": "05/QĐ-UBND",
    "decision_date": date(2026, 12, 1),
    "resolver": "Chủ tịch Ủy ban nhân dân xã Tân Đoàn",
    "accused": "ông Lê Văn Bị, công chức Địa chính - Xây dựng",
    "content": "vi phạm quy định về quản lý đất đai",
}
DENOUNCER = {"salutation": "Bà", "name": "Đinh Thị Tố Giác", "address": "thôn Khau Slôm, xã Tân Đoàn"}


@pytest.fixture
def leader_a(unit_a, make_member):
    return make_member(
        unit_a, roles=("leader",), username="chu_tich_a", full_name="Vi Văn Thành", position="Chủ tịch UBND xã"
    )


@pytest.fixture
def media(settings, tmp_path):
    """Files of documents whose rows the test rolls back go to a temporary folder."""
    from django.core.files.storage import storages

    storage = storages["default"]
    # django-tenants' storage caches MEDIA_ROOT and misses the setting's change (its
    # _clear_cached_properties passes the settings module as the setting's name): forget it both ways.
    storage.__dict__.pop("relative_media_root", None)
    settings.MEDIA_ROOT = tmp_path
    yield tmp_path
    storage.__dict__.pop("relative_media_root", None)


@pytest.fixture
def issue(media):
    """``issue(unit, actor, **kwargs)``: ``document_issue`` in ``unit``'s schema, with the complaint
    notice of 2/12/2026 unless told otherwise."""
    from core.documents.services import document_issue

    def run(unit, actor, **kwargs):
        kwargs.setdefault("kind", "complaint.acceptance_notice")
        kwargs.setdefault("on_date", date(2026, 12, 2))
        kwargs.setdefault("context", COMPLAINT)
        with schema_context(unit.schema_name):
            return document_issue(actor=actor, **kwargs)

    return run


def read_docx(unit, document):
    with schema_context(unit.schema_name), document.docx.open("rb") as file:
        return Document(BytesIO(file.read()))


def all_text(doc) -> str:
    lines = [p.text for p in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            lines.extend(p.text for p in cell.paragraphs)
    return "\n".join(lines)
