"""Bad characters at the edge: a NUL byte in an address or a query string is refused with 400 (or
404 for a unit code), never a 500; control characters in what people type are removed before
anything stores them; and letters still render text that was stored with them before."""

from __future__ import annotations

from datetime import timedelta

import pytest
from django_tenants.utils import schema_context

from core.documents.models import IssuedDocument
from core.petitions.models import Petition
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.reception.models import UnitProfile, Visit
from core.reception.services.instructions import instruction_add
from core.reception.services.sessions import session_notice_issue
from tests.core.reception.helpers import docx_text, held_session, log, today

pytestmark = pytest.mark.django_db

PASTED = "Đoạn cuối trang 1\x0cĐầu trang 2\x00\x1b, hết."
#: What PostgreSQL accepted before (it never stores a NUL byte).
STORED = "Đoạn cuối trang 1\x0cĐầu trang 2\x1b, hết."


@pytest.fixture
def officer(unit_a, make_member):
    return make_member(unit_a, roles=("processing_officer", "leader"), username="xu_ly", full_name="Nông Văn Đức")


def _petition_form(**overrides) -> dict:
    form = {
        "channel": "post",
        "received_date": today().strftime("%d/%m/%Y"),
        "petition_type": "complaint",
        "field_code": "dat-dai",
        "subject": "Quyết định thu hồi đất số 12/QĐ-UBND",
        "summary": PASTED,
        "signer_kind": "one",
        "signers-TOTAL_FORMS": "1",
        "signers-INITIAL_FORMS": "0",
        "signers-0-full_name": "Nguyễn Văn An",
        "signers-0-id_kind": "none",
    }
    form.update(overrides)
    return form


def test_a_nul_byte_as_unit_code_is_no_unit(client):
    response = client.get("/u/%00/")
    assert response.status_code == 404
    assert client.get("/u/%00").status_code == 404


def test_a_nul_byte_in_a_unit_address_is_refused(member_a):
    response = member_a.web().get(member_a.url("don-thu/%00/"))
    assert response.status_code == 400
    assert "ký tự không được phép" in response.content.decode()


def test_a_nul_byte_in_the_matters_search_is_refused(member_a):
    client = member_a.web()
    response = client.get(member_a.url("tiep-dan/vu-viec/"), {"q": "đất\x00"})
    assert response.status_code == 400
    assert "ký tự không được phép" in response.content.decode()
    assert client.get(member_a.url("tiep-dan/vu-viec/"), {"q": "đất\x0cđai"}).status_code == 200


def test_control_characters_typed_into_a_form_are_removed(officer):
    response = officer.web().post(officer.url("don-thu/moi/"), _petition_form())
    assert response.status_code == 302, response.content.decode()
    with schema_context(officer.unit.schema_name):
        assert Petition.objects.get().summary == "Đoạn cuối trang 1\nĐầu trang 2, hết."


@pytest.mark.parametrize("summary", ["\u0000 trong tóm tắt", "ngắt trang\f trong tóm tắt"])
def test_control_characters_in_a_json_body_are_removed(officer, summary):
    body = {key: value for key, value in _petition_form().items() if not key.startswith("signers")}
    body |= {"received_date": today().isoformat(), "summary": summary, "signers": [{"full_name": "Nguyễn Văn An"}]}
    response = officer.api().post(officer.url("api/v1/petitions/"), body, format="json")
    assert response.status_code == 201, response.content
    assert "\x00" not in response.json()["summary"]
    assert "\x0c" not in response.json()["summary"]


def test_letters_render_text_stored_before_the_cleaning(officer):
    with schema_context(officer.unit.schema_name):
        petition = petition_register(
            actor=officer.user,
            channel="post",
            received_date=today(),
            petition_type="complaint",
            field_code="dat-dai",
            subject="Thu hồi đất",
            summary="Tóm tắt",
            signer_kind="one",
            signers=[{"full_name": "Nguyễn Văn An"}],
        )
        # As stored before the edge cleaned input: straight into the table.
        Petition.objects.filter(pk=petition.pk).update(summary=STORED, subject="Thu hồi\x0b đất")
        petition_classify(petition=petition, actor=officer.user, is_processable=True, within_jurisdiction=True)
        petition_decide_outcome(petition=petition, actor=officer.user, outcome="accept")
        document = IssuedDocument.objects.get(subject_type="petitions.petition", subject_id=petition.pk)
        assert "Đầu trang 2, hết." in docx_text(document.docx.read())
    response = officer.web().get(officer.url(f"don-thu/{petition.pk}/bien-nhan/"))
    assert response.status_code == 200


def test_the_session_notice_renders_text_stored_before_the_cleaning(unit_a, make_member):
    head = make_member(unit_a, roles=("leader", "reception_officer"), username="chu_tich", full_name="Vi Văn Thành")
    with schema_context(unit_a.schema_name):
        UnitProfile.objects.create(head=head.user, head_title="Chủ tịch UBND xã")
    session = held_session(head, today())
    visit = log(head, session=session)
    with schema_context(unit_a.schema_name):
        Visit.objects.filter(pk=visit.pk).update(content=STORED)
        instruction_add(
            actor=head.user,
            session=session,
            visit=visit,
            text="Giao\x0c rà soát.",
            assignee_body="Phòng Kinh tế",
            due_date=today() + timedelta(days=15),
        )
        session = session_notice_issue(actor=head.user, session=session, notice_date=today())
        notice = IssuedDocument.objects.get(kind="reception.session_notice", subject_id=session.pk)
        text = docx_text(notice.docx.read())
    assert "Nội dung: Đoạn cuối trang 1" in text
    assert "Đầu trang 2, hết." in text
