"""What a new commune official met walking the pages: a step the law does not allow is not offered
(publishing a first-level decision), legal inputs say their limits, a unit typed by its full name
is found, and what the pages show of a forwarded case and of the audit chain reads as Vietnamese
(dd/mm/yyyy, names of steps and statuses, never the keys the rows are stored with)."""

from __future__ import annotations

import pytest
from django.utils import translation
from django_tenants.utils import schema_context

from core.accounts.audit import Kind, audit_append
from core.petitions.choices import Status
from core.petitions.services.petitions import petition_classify, petition_register
from core.petitions.workflow import event_label
from core.transfers.choices import Direction
from core.transfers.models import Transfer
from tests.core.transfers import conftest as transfers
from tests.core.transfers.conftest import RECEIVED, flush, inbound

# The transfer tests' fixtures, shared rather than copied: two units, their officers, a forward.
_forms = transfers._forms
officer_a = transfers.officer_a
officer_b = transfers.officer_b
forward = transfers.forward

pytestmark = pytest.mark.django_db

COMPLAINANT = {"full_name": "Hoàng Văn Nam", "id_kind": "cccd", "id_number": "020070012345"}


def _register(officer, petition_type: str, **overrides):
    values = {
        "channel": "post",
        "received_date": RECEIVED,
        "petition_type": petition_type,
        "field_code": "dat-dai",
        "subject": "Quyết định thu hồi đất số 12/QĐ-UBND",
        "summary": "Khiếu nại việc thu hồi đất nông nghiệp.",
        "signer_kind": "one",
        "signers": [COMPLAINANT],
        **overrides,
    }
    with schema_context(officer.unit.schema_name):
        return petition_register(actor=officer.user, **values)


def _step(web, officer, pk: int, path: str, data: dict) -> None:
    response = web.post(officer.url(f"don-thu/{pk}/{path}"), data)
    assert response.status_code == 302, response.content.decode()[:2000]


def test_a_first_level_decision_is_not_offered_for_publication(officer_a):
    petition = _register(officer_a, "complaint")
    web = officer_a.web()
    _step(web, officer_a, petition.pk, "phan-loai/", {"is_processable": "1", "within_jurisdiction": "1"})
    _step(web, officer_a, petition.pk, "ket-qua-xu-ly/", {"outcome": "accept"})
    _step(web, officer_a, petition.pk, "chuyen/complaint.accept/", {"level": "1", "date": "04/11/2026"})
    _step(web, officer_a, petition.pk, "chuyen/complaint.verify/", {"verifier": "Công chức địa chính"})
    page = web.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    # The decision's content has its legal outline beside it.
    assert 'id="id_complaint_decide_decision_helptext"' in page
    dialogue = {"minutes": "Đối thoại", "participants": "Người khiếu nại", "dialogue_result": "Chưa thống nhất."}
    _step(web, officer_a, petition.pk, "chuyen/complaint.dialogue/", dialogue)
    decision = {"decision": "Giữ nguyên quyết định thu hồi đất.", "result": "wrong"}
    _step(web, officer_a, petition.pk, "chuyen/complaint.decide/", decision)
    page = web.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    assert "/chuyen/complaint.take_effect/" in page
    assert "/chuyen/complaint.publish/" not in page
    refused = web.post(officer_a.url(f"don-thu/{petition.pk}/chuyen/complaint.publish/"), {"channel": "Niêm yết"})
    assert refused.status_code == 409


def test_the_days_of_a_denunciation_extension_say_their_limit(officer_a):
    petition = _register(officer_a, "denunciation", subject="Cán bộ địa chính xã")
    web = officer_a.web()
    _step(web, officer_a, petition.pk, "phan-loai/", {"is_processable": "1", "within_jurisdiction": "1"})
    _step(web, officer_a, petition.pk, "ket-qua-xu-ly/", {"outcome": "accept"})
    _step(web, officer_a, petition.pk, "chuyen/denunciation.accept/", {"date": "04/11/2026"})
    page = web.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    assert 'id="id_denunciation_extend_days_helptext"' in page
    too_long = {"complexity": "complex", "reason": "Phức tạp", "days": "45", "note": "Giữ lại ghi chú"}
    refused = web.post(officer_a.url(f"don-thu/{petition.pk}/chuyen/denunciation.extend/"), too_long)
    assert refused.status_code == 400
    assert "Giữ lại ghi chú" in refused.content.decode()  # the official's input survives the refusal


def test_a_unit_typed_by_its_full_name_is_forwarded_to(officer_a, unit_b):
    petition = _register(officer_a, "recommendation", summary="Kiến nghị sửa đường liên thôn.")
    with schema_context(officer_a.unit.schema_name):
        petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=False)
    web = officer_a.web()
    url = officer_a.url(f"don-thu/{petition.pk}/ket-qua-xu-ly/")
    unknown = web.post(url, {"outcome": "forward", "receiving_unit": "Ủy ban không có thật"})
    assert unknown.status_code == 400
    # Typed without choosing from the list, in other letter case: still that unit.
    done = web.post(url, {"outcome": "forward", "receiving_unit": f"  {unit_b.name.upper()} "})
    assert done.status_code == 302, done.content.decode()[:2000]
    with schema_context(officer_a.unit.schema_name):
        transfer = Transfer.objects.get(petition=petition, direction=Direction.OUT)
    assert transfer.counterpart_code == unit_b.code


def test_a_received_case_shows_its_dates_day_first_and_names_the_sender_column(forward, unit_a, unit_b, officer_b):
    _petition, transfer = forward(petition_type="feedback", signers=[{"full_name": "Lăng Thị Mai"}])
    flush(unit_a, transfer.reference)
    received = inbound(unit_b, transfer.reference)
    web = officer_b.web()
    detail = web.get(officer_b.url(f"chuyen-don/{received.pk}/")).content.decode()
    assert RECEIVED.strftime("%d/%m/%Y") in detail
    assert RECEIVED.isoformat() not in detail
    inbox = web.get(officer_b.url("chuyen-don/")).content.decode()
    header = inbox.split("<thead>", 1)[1].split("</thead>", 1)[0]
    assert "Từ ngày" not in header  # the sending unit's column, not a date


def test_the_audit_chain_shows_details_as_an_official_reads_them(admin_a):
    with schema_context(admin_a.unit.schema_name):
        audit_append(
            kind=Kind.PETITION_STEP,
            actor="xu_ly_a",
            target="00012/2026",
            data={"date": "2026-11-04", "event": "complaint.decide", "to_status": "decided", "event_id": 7},
        )
    page = admin_a.web().get(admin_a.url("nhat-ky/chuoi/"))
    assert page.status_code == 200
    text = page.content.decode()
    (row,) = [row.split("</tr>", 1)[0] for row in text.split('data-seq="')[1:] if "00012/2026" in row]
    assert "04/11/2026" in row
    assert "2026-11-04" not in row
    for key in ("to_status", "event_id", "complaint.decide"):
        assert key not in row
    with translation.override("vi"):
        assert str(Status("decided").label) in row
        assert event_label("complaint.decide") in row
