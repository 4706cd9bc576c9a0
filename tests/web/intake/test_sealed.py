"""An online denunciation is sealed from the first byte: after the citizen sends it through the
page, the name, the identity number, the e-mail address and the phone number are in no column of
any table of the unit's schema or of the platform's, in no log line of the whole request (with
Django's SQL logging on), in no file the request stored (the attachment's name, the receipt), and
in no e-mail but the one addressed to them; the cleared officer reads the identity through the
audited unseal. The Celery messages are asserted against a real worker and broker in
``test_sealed_worker.py``."""

from __future__ import annotations

import io
import logging
import unicodedata

import pytest
from django.core import mail
from django.db import connection
from django.test import Client
from django_tenants.utils import schema_context

from tests.core.intake.conftest import CCCD, EMAIL, NAME, PHONE, pdf

pytestmark = pytest.mark.django_db

#: The secrets, as typed and as the search index would fold them.
SECRETS = (NAME, NAME.lower(), "lo thi tuyet", CCCD, EMAIL, PHONE)
DENUNCIATION = {
    "petition_type": "denunciation",
    "subject": "Cán bộ địa chính xã nhận tiền khi xác nhận hồ sơ",
    "content": "Tôi tố cáo việc cán bộ địa chính xã nhận tiền để xác nhận hồ sơ cấp giấy chứng nhận.",
}
TEXT_TYPES = ("text", "character varying", "character", "json", "jsonb")


def columns(schemas: tuple[str, ...]) -> list[tuple[str, str, str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(
            """
            SELECT c.table_schema, c.table_name, c.column_name, c.data_type
            FROM information_schema.columns c
            JOIN information_schema.tables t ON t.table_schema = c.table_schema AND t.table_name = c.table_name
            WHERE c.table_schema = ANY(%s) AND t.table_type = 'BASE TABLE'
              AND (c.data_type = ANY(%s) OR c.data_type = 'bytea')
            """,
            [list(schemas), list(TEXT_TYPES)],
        )
        return cursor.fetchall()


def places_holding(secret: str, schemas: tuple[str, ...]) -> list[str]:
    """Every ``schema.table.column`` where ``secret`` occurs (text, JSON, or bytes read as UTF-8)."""
    found = []
    with connection.cursor() as cursor:
        for schema, table, column, data_type in columns(schemas):
            name = f'"{schema}"."{table}"."{column}"'.replace('"."', ".").replace('"', "")
            target = f'"{schema}"."{table}"'
            if data_type == "bytea":
                cursor.execute(
                    f"SELECT 1 FROM {target} WHERE position(convert_to(%s, 'UTF8') in \"{column}\") > 0 LIMIT 1",  # noqa: S608
                    [secret],
                )
            else:
                cursor.execute(
                    f'SELECT 1 FROM {target} WHERE "{column}"::text ILIKE %s LIMIT 1',  # noqa: S608
                    [f"%{secret}%"],
                )
            if cursor.fetchone():
                found.append(name)
    return found


def docx_text(data: bytes) -> str:
    from docx import Document

    document = Document(io.BytesIO(data))
    parts = [paragraph.text for paragraph in document.paragraphs]
    for table in document.tables:
        parts += [cell.text for row in table.rows for cell in row.cells]
    return "\n".join(parts)


def test_an_online_denunciation_is_sealed_from_the_first_byte(
    send, quick, unit_a, make_member, media_root, caplog, settings, django_capture_on_commit_callbacks
):
    from core.documents.models import IssuedDocument
    from core.notifications.models import CitizenContact
    from core.petitions.models import Attachment, Petition, SealedIdentityAccess

    settings.DEBUG = True  # Django logs every SQL statement with its parameters
    caplog.set_level(logging.DEBUG)
    for name in ("django.db.backends", "axes", "django_tenants_smart_executor", "celery"):
        caplog.set_level(logging.DEBUG, logger=name)  # quieter by configuration: opened up here
    connection.force_debug_cursor = True
    browser = Client()
    try:
        with django_capture_on_commit_callbacks(execute=True):
            sent = send(unit_a, client=browser, attachments=[pdf(f"to-cao-{NAME}.pdf")], **DENUNCIATION)
            receipt = browser.get(sent.url)
            download = browser.get(f"/u/{unit_a.code}/gui-don/bien-nhan/tai-ve/")
    finally:
        connection.force_debug_cursor = False
        settings.DEBUG = False
    logged = [record.getMessage() for record in caplog.records]  # the request's, before the scan's own
    assert sent.status_code == 302
    assert receipt.status_code == 200
    assert download.status_code == 200
    assert any("INSERT INTO" in line for line in logged), "SQL was not logged: the test would be blind"

    with schema_context(unit_a.schema_name):
        petition = Petition.objects.get()
        assert petition.is_confidential
        assert petition.channel == "online"
        assert CitizenContact.objects.filter(petition=petition).exists()
        assert Attachment.objects.get(petition=petition).name == "tai-lieu-01.pdf"
        document = IssuedDocument.objects.get(subject_id=petition.pk, kind="petition.online_receipt")
        stored_docx = document.docx.read()
    schemas = (unit_a.schema_name, "public")
    for secret in SECRETS:
        assert places_holding(secret, schemas) == [], secret
        assert (
            unicodedata.normalize("NFD", secret) == secret
            or places_holding(unicodedata.normalize("NFD", secret), schemas) == []
        ), secret
        assert not [line for line in logged if secret in line], secret
        assert secret not in receipt.content.decode()
        assert secret not in docx_text(stored_docx)
        for message in mail.outbox:
            assert secret not in message.subject
            assert secret not in message.body
    assert places_holding(petition.receipt_code, schemas)  # the scan does find what is there
    assert [message.to for message in mail.outbox] == [[EMAIL]]  # the receipt e-mail, to them alone
    for path in media_root.rglob("*"):
        assert NAME not in path.name
        assert "tuyet" not in path.name.lower()

    # The cleared officer reads it through the audited unseal.
    cleared = make_member(unit_a, roles=("processing_officer", "sealed_reader"), username="bi_mat")
    page = cleared.web().post(
        cleared.url(f"don-thu/{petition.pk}/danh-tinh/"), {"reason": "Xác minh người tố cáo theo Điều 24"}
    )
    assert page.status_code == 200
    html = page.content.decode()
    assert NAME in html
    assert CCCD in html
    with schema_context(unit_a.schema_name):
        assert SealedIdentityAccess.objects.filter(petition=petition, user=cleared.user).count() == 1
    uncleared = make_member(unit_a, roles=("processing_officer",), username="khong_mat")
    refused = uncleared.web().post(
        uncleared.url(f"don-thu/{petition.pk}/danh-tinh/"), {"reason": "Xác minh người tố cáo theo Điều 24"}
    )
    assert refused.status_code == 403
