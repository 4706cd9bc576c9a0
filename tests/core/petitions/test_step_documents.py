"""A step whose duty is a notice issues it in its own transaction, numbered in the unit's register."""

from datetime import date
from io import BytesIO

import pytest
from django_tenants.utils import schema_context
from docx import Document

from core.documents.models import IssuedDocument
from core.petitions.models import PetitionEvent

from .test_workflow import Flow

pytestmark = pytest.mark.django_db


def _text(document: IssuedDocument) -> str:
    with document.docx.open("rb") as handle:
        doc = Document(BytesIO(handle.read()))
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in doc.paragraphs] + cells)


def test_accepting_a_complaint_issues_the_acceptance_notice_in_the_register(officer_a, register):
    flow = Flow(officer_a, register(received_date=date(2026, 10, 1)))
    flow.classify()
    flow.outcome("accept")
    flow.go("complaint.accept", date="2026-10-06", level=1)
    with schema_context(officer_a.unit.schema_name):
        documents = list(
            IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id=flow.pk).order_by("id")
        )
        event = PetitionEvent.objects.get(petition_id=flow.pk, kind="complaint.accept")
        # The outcome before it issued the acceptance proposal (Form 01 of TT 05/2021).
        assert [d.kind for d in documents] == ["petition.acceptance_proposal", "complaint.acceptance_notice"]
        notice = documents[1]
        assert event.data["documents"] == [notice.number_display]
        assert notice.issued_on == date(2026, 10, 6)
        # Before 1/7/2026's NĐ 155 the form is NĐ 124/2020's; the case was accepted after, so NĐ 155's.
        assert notice.form_version == "nd155-2026"
        text = _text(notice)
    assert notice.number_display in text
    assert "thụ lý giải quyết khiếu nại lần đầu" in text
    assert "06 tháng 10 năm 2026" in text
    # Signed by the officer who recorded the step (the engine's default signer).
    assert officer_a.user.display_name in text


def test_a_step_refused_issues_nothing_and_spends_no_number(officer_a, register):
    flow = Flow(officer_a, register(received_date=date(2026, 10, 1)))
    flow.classify()
    flow.outcome("accept")
    flow.go("complaint.accept", expect=400, date="2026-10-06", level=3)
    with schema_context(officer_a.unit.schema_name):
        # Only the outcome's acceptance proposal, issued before the refused step.
        kinds = IssuedDocument.objects.filter(subject_id=flow.pk).values_list("kind", flat=True)
        assert list(kinds) == ["petition.acceptance_proposal"]
