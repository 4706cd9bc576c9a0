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
    _step(
        web,
        officer_a,
        petition.pk,
        "chuyen/complaint.verify/",
        {"verifier": "Công chức địa chính", "date": "05/11/2026"},
    )
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


def _outcome_form(page: str) -> str:
    return page.split("data-outcome-form", 1)[1].split("</form>", 1)[0]


def test_the_outcome_form_offers_only_the_allowed_outcomes_and_marks_each_input_s_outcome(officer_a):
    by_post = _register(officer_a, "recommendation", summary="Kiến nghị sửa đường liên thôn.")
    web = officer_a.web()
    _step(web, officer_a, by_post.pk, "phan-loai/", {"is_processable": "1", "within_jurisdiction": "0"})
    page = web.get(officer_a.url(f"don-thu/{by_post.pk}/")).content.decode()
    form = _outcome_form(page)
    assert 'value="forward"' in form
    assert 'value="return"' not in form  # a citizen's letter has no agency to go back to
    assert 'name="reason"' not in form  # nor the return's reason, nor a reminder's inputs
    assert 'name="report_by"' not in form
    assert 'data-outcomes="forward"' in form  # the receiving unit: shown by the script for a forward only
    assert "petitions/outcome.js" in page  # a static file: the script policy forbids inline script
    refused = web.post(
        officer_a.url(f"don-thu/{by_post.pk}/ket-qua-xu-ly/"),
        {"outcome": "return", "competent_body": "Sở Giao thông", "reason": "Không thuộc thẩm quyền"},
    )
    assert refused.status_code == 409

    forwarded = _register(
        officer_a, "recommendation", channel="forwarded", forwarded_by="Ban Dân nguyện", summary="Kiến nghị."
    )
    _step(web, officer_a, forwarded.pk, "phan-loai/", {"is_processable": "1", "within_jurisdiction": "0"})
    form = _outcome_form(web.get(officer_a.url(f"don-thu/{forwarded.pk}/")).content.decode())
    assert 'value="return"' in form
    assert 'data-outcomes="return"' in form  # the reason, for a return only
    # Server-side checks stand without the script: a return without its reason is refused on its field.
    no_reason = web.post(
        officer_a.url(f"don-thu/{forwarded.pk}/ket-qua-xu-ly/"),
        {"outcome": "return", "competent_body": "Ban Dân nguyện"},
    )
    assert no_reason.status_code == 400


def test_the_deadline_table_says_the_days_each_extension_granted(officer_a):
    petition = _register(officer_a, "denunciation", subject="Cán bộ địa chính xã")
    web = officer_a.web()
    _step(web, officer_a, petition.pk, "phan-loai/", {"is_processable": "1", "within_jurisdiction": "1"})
    _step(web, officer_a, petition.pk, "ket-qua-xu-ly/", {"outcome": "accept"})
    _step(web, officer_a, petition.pk, "chuyen/denunciation.accept/", {"date": "04/11/2026"})
    extend = {"complexity": "complex", "reason": "Phức tạp", "days": "20", "date": "05/11/2026"}
    _step(web, officer_a, petition.pk, "chuyen/denunciation.extend/", extend)
    page = web.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    row = page.split('data-code="denunciation.resolution', 1)[1].split("</tr>", 1)[0]
    with translation.override("vi"):
        assert "Gia hạn 1 lần: 20 ngày" in row


def test_the_audit_chain_names_a_petition_step_by_its_registry_number_not_its_case_id(officer_a, admin_a):
    petition = _register(officer_a, "complaint")
    with schema_context(officer_a.unit.schema_name):
        petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=True)
    page = admin_a.web().get(admin_a.url("nhat-ky/chuoi/"))
    assert page.status_code == 200
    text = page.content.decode()
    rows = [row.split("</tr>", 1)[0] for row in text.split('data-seq="')[1:]]
    steps = [row for row in rows if petition.registry_number in row]
    assert steps
    for row in steps:
        assert str(petition.case_id) not in row
        about = row.split("<td>")[5]  # the "Đối tượng" column
        assert f"Đơn số {petition.registry_number}" in about


def test_a_denunciation_is_refused_on_a_listed_legal_ground(officer_a):
    petition = _register(officer_a, "denunciation", subject="Cán bộ địa chính xã")
    web = officer_a.web()
    _step(web, officer_a, petition.pk, "phan-loai/", {"is_processable": "1", "within_jurisdiction": "1"})
    _step(web, officer_a, petition.pk, "ket-qua-xu-ly/", {"outcome": "accept"})
    page = web.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    form = page.split("/chuyen/denunciation.refuse/", 1)[1].split("</form>", 1)[0]
    assert 'value="no_basis"' in form  # Art. 29(1)'s grounds, from the data file
    url = officer_a.url(f"don-thu/{petition.pk}/chuyen/denunciation.refuse/")
    free_text_only = web.post(url, {"reason": "Không rõ người bị tố cáo"})
    assert free_text_only.status_code == 400
    _step(web, officer_a, petition.pk, "chuyen/denunciation.refuse/", {"ground": "no_basis", "reason": "Không rõ"})
    with schema_context(officer_a.unit.schema_name):
        petition.refresh_from_db()
    assert petition.status == Status.NOT_ACCEPTED
    assert "Không có cơ sở để xác định người vi phạm" in petition.decision_summary


def test_one_spelling_of_khoa_across_the_pages_and_the_catalogue(admin_a):
    import unicodedata
    from pathlib import Path

    from django.conf import settings

    old = unicodedata.normalize("NFC", "khoá")  # the older tone placement; the UI writes "khóa"
    root = Path(settings.BASE_DIR)
    catalogue = root / "platform" / "locale" / "vi" / "LC_MESSAGES" / "django.po"
    sources = [catalogue, *(root / "web" / "templates").rglob("*.html"), *(root / "platform" / "templates").rglob("*")]
    for path in sources:
        if path.is_file():
            assert old not in unicodedata.normalize("NFC", path.read_text(encoding="utf-8")).lower(), path
    page = admin_a.web().get(admin_a.url("can-bo/khoa-dang-nhap/")).content.decode()
    assert "Khóa đăng nhập" in page
    assert old not in page.lower()
