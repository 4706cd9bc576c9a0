"""The PDF: made after the step's commit by a real worker; a failure is kept with its reason.

The worker tests commit (the worker is another process) and remove what they wrote.
"""

from __future__ import annotations

import os
import time
from datetime import date

import pytest
from django.db import transaction
from django.utils import translation
from django_tenants.utils import schema_context

from core.documents.models import IssuedDocument
from core.documents.pdf import office_binary
from core.documents.services import document_issue, document_pdf_make
from tests.conftest import UNIT_A

from .conftest import COMPLAINT


def _wait(schema: str, pk: int, timeout: float = 120.0) -> IssuedDocument:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        with schema_context(schema):
            document = IssuedDocument.objects.get(pk=pk)
        if document.pdf_state != IssuedDocument.PdfState.PENDING:
            return document
        time.sleep(0.3)
    raise AssertionError("the worker made no PDF in time (see .tiepdan/worker-*.log)")


@pytest.fixture
def unit_and_actor(committed):
    from core.accounts.models import User
    from tenants.models import Unit

    unit = Unit.objects.get(code=UNIT_A)
    with schema_context(unit.schema_name):
        actor = User.objects.create(username="van_thu_pdf", full_name="Văn thư")
    yield unit, actor
    with schema_context(unit.schema_name):
        for document in IssuedDocument.objects.filter(issued_by=actor):
            document.docx.delete(save=False)
            if document.pdf:
                document.pdf.delete(save=False)
        IssuedDocument.objects.filter(issued_by=actor).delete()
        from core.documents.models import RegisterCounter

        RegisterCounter.objects.filter(year=2032).delete()
        User.objects.filter(pk=actor.pk).delete()


def _issue(unit, actor, *, break_docx: bool = False) -> IssuedDocument:
    with schema_context(unit.schema_name), transaction.atomic():
        document = document_issue(
            kind="complaint.acceptance_notice", on_date=date(2032, 3, 1), actor=actor, context=COMPLAINT
        )
        # Nothing is converted before the commit: the PDF is still to be made.
        assert document.pdf_state == IssuedDocument.PdfState.PENDING
        if break_docx:
            # A file LibreOffice cannot load: an archive's signature and nothing else.
            with document.docx.storage.open(document.docx.name, "wb") as file:
                file.write(b"PK\x03\x04garbage")
    return document


def _needs_libreoffice() -> None:
    """Without LibreOffice the test is skipped with a hint, except under CI=true (.ci/run installs it)."""
    if office_binary() is None:
        message = "LibreOffice is not installed: apt-get install libreoffice-writer-nogui"
        if os.environ.get("CI") == "true":
            pytest.fail(message)
        pytest.skip(message)


@pytest.mark.worker
def test_the_worker_makes_the_pdf_after_the_commit(worker, unit_and_actor):
    _needs_libreoffice()
    unit, actor = unit_and_actor
    document = _wait(unit.schema_name, _issue(unit, actor).pk)
    assert (document.pdf_state, document.pdf_error_code) == ("ready", "")
    with schema_context(unit.schema_name), document.pdf.open("rb") as pdf:
        assert pdf.read(5) == b"%PDF-"


@pytest.mark.worker
def test_a_failed_conversion_is_kept_with_its_reason(worker, unit_and_actor):
    _needs_libreoffice()
    unit, actor = unit_and_actor
    document = _wait(unit.schema_name, _issue(unit, actor, break_docx=True).pk)
    assert (document.pdf_state, document.pdf_error_code) == ("failed", "conversion")
    assert "could not be loaded" in document.pdf_error
    assert not document.pdf


def test_without_libreoffice_the_state_says_so(unit_a, make_member, issue, settings):
    settings.DOCUMENTS_OFFICE = "/nonexistent/soffice"
    member = make_member(unit_a, roles=("leader",), username="lanh_dao", full_name="Vi Văn Thành")
    document = issue(unit_a, member.user)
    with schema_context(unit_a.schema_name):
        document = document_pdf_make(document_id=document.pk)
    assert (document.pdf_state, document.pdf_error_code) == ("failed", "not_installed")
    with translation.override("en"):
        assert str(document.get_pdf_error_code_display()) == "LibreOffice is not installed on the server"
