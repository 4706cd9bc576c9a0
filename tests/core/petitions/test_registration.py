"""Registering petitions through the API: receipt, registry, clocks, index, validation."""

import re
import unicodedata
from datetime import date

import pytest
from django_tenants.utils import schema_context

from core.caseindex.models import CaseIndexEntry
from core.petitions.models import Citizen, Petition

pytestmark = pytest.mark.django_db

PAYLOAD = {
    "channel": "reception",
    "received_date": "2026-11-02",
    "petition_type": "complaint",
    "field_code": "dat-dai",
    "subject": "Quyết định thu hồi đất số 12/QĐ-UBND",
    "summary": "Khiếu nại việc thu hồi đất.",
    "signer_kind": "one",
    "signers": [{"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "020085001234"}],
}


def test_registering_a_complaint_issues_a_receipt_and_starts_its_clocks(officer_a):
    response = officer_a.api().post(officer_a.url("api/v1/petitions/"), PAYLOAD, format="json")
    assert response.status_code == 201, response.content
    body = response.json()
    assert re.fullmatch(r"[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}-[2-9A-HJ-NP-Z]{4}", body["receipt_code"])
    assert body["registry_number"].endswith("/2026")
    assert body["status"] == "registered"
    clocks = {(d["code"], d["variant"]): d for d in body["deadlines"]}
    # Received Mon 2/11/2026: decree 7 WD -> Wed 11/11; Law 10 CD -> Thu 12/11; notice 10 WD -> Mon 16/11.
    assert clocks[("complaint.acceptance", "")]["due_date"] == "2026-11-11"
    assert clocks[("complaint.acceptance", "law")]["due_date"] == "2026-11-12"
    assert clocks[("complaint.acceptance", "law")]["is_operative"] is False
    assert clocks[("reception.outcome_notice", "")]["due_date"] == "2026-11-16"
    assert clocks[("submission.hard_alarm", "")]["due_date"] == "2026-12-17"
    assert body["next_due_date"] == "2026-11-11"
    entry = CaseIndexEntry.objects.get(case_id=body["case_id"])
    assert (entry.unit_code, entry.petition_type, entry.status) == (officer_a.unit.code, "complaint", "registered")


def test_a_complaint_received_before_the_rule_change_keeps_the_old_acceptance_clock(register, unit_a):
    petition = register(received_date=date(2026, 6, 29))
    with schema_context(unit_a.schema_name):
        clocks = {(d.code, d.variant): d for d in petition.deadlines.all()}
    # Mon 29/6/2026, decree in force then: 10 WD -> Mon 13/7 (the 7 WD rule applies from receipts on 1/7).
    assert clocks[("complaint.acceptance", "")].due_date == date(2026, 7, 13)
    assert clocks[("complaint.acceptance", "")].length == 10
    assert ("submission.hard_alarm", "") not in clocks  # the 45-day alarm exists from 1/7/2026


def test_text_is_stored_in_nfc(officer_a):
    decomposed = unicodedata.normalize("NFD", "Nguyễn Thị Hường")
    payload = {**PAYLOAD, "signers": [{"full_name": decomposed, "id_kind": "none"}]}
    body = officer_a.api().post(officer_a.url("api/v1/petitions/"), payload, format="json").json()
    assert body["senders"][0]["full_name"] == unicodedata.normalize("NFC", "Nguyễn Thị Hường")


@pytest.mark.parametrize(
    ("change", "field", "words"),
    [
        ({"field_code": "khong-co"}, "field_code", "Lĩnh vực"),
        ({"received_date": "2099-01-01"}, "received_date", "tương lai"),
        ({"signer_kind": "anonymous"}, "signers", "nặc danh"),
        ({"signers": [{"full_name": "A", "id_kind": "cccd", "id_number": "12345"}]}, "id_number", "12 chữ số"),
        ({"channel": "forwarded"}, "forwarded_by", "chuyển"),
    ],
)
def test_bad_input_is_refused_in_vietnamese_and_writes_nothing(officer_a, change, field, words):
    response = officer_a.api().post(officer_a.url("api/v1/petitions/"), {**PAYLOAD, **change}, format="json")
    assert response.status_code == 400
    assert response.json()["field"] == field
    assert words in response.json()["detail"]
    with schema_context(officer_a.unit.schema_name):
        assert not Petition.objects.exists()
        assert not Citizen.objects.exists()
    assert not CaseIndexEntry.objects.exists()


def test_malformed_request_gets_400_not_500(officer_a):
    response = officer_a.api().post(officer_a.url("api/v1/petitions/"), {"channel": "pigeon"}, format="json")
    assert response.status_code == 400
    assert "channel" in response.json()


def test_reception_officer_registers_but_cannot_classify(unit_a, make_member, register):
    clerk = make_member(unit_a, roles=("reception_officer",), username="le_tan")
    assert clerk.api().post(clerk.url("api/v1/petitions/"), PAYLOAD, format="json").status_code == 201
    petition = register()
    response = clerk.api().post(
        clerk.url(f"api/v1/petitions/{petition.pk}/classify/"),
        {"is_processable": False, "not_processable_reason": "unsigned"},
        format="json",
    )
    assert response.status_code == 403


def test_receipt_is_a_word_document_with_the_code(officer_a, register):
    import io

    from docx import Document

    petition = register()
    response = officer_a.api().get(officer_a.url(f"api/v1/petitions/{petition.pk}/receipt/"))
    assert response.status_code == 200
    text = "\n".join(p.text for p in Document(io.BytesIO(response.content)).paragraphs)
    assert petition.receipt_code in text
    assert "GIẤY BIÊN NHẬN ĐƠN" in text
