"""The processing outcomes (TT 05/2021) issue their documents in the outcome's transaction, numbered
in the unit's register: each walked from a registered petition through the API or the pages, each
document read back with python-docx."""

from __future__ import annotations

import io
from datetime import date

import pytest
from django_tenants.utils import schema_context
from docx import Document

from core.documents.forms.services import forms_load
from core.documents.models import IssuedDocument
from core.documents.services import document_symbol_set
from core.petitions.choices import Outcome, outcome_event
from core.petitions.issuing.registry import StepFacts, step_documents
from core.petitions.models import Petition, PetitionEvent, SealedIdentityAccess
from core.petitions.services.petitions import petition_classify

from .test_workflow import Flow

pytestmark = pytest.mark.django_db
RECEIVED, DECIDED = date(2026, 11, 2), date(2026, 11, 5)
DECIDED_LINE = "Tân Đoàn, ngày 05 tháng 11 năm 2026"
NAME, ID_NUMBER, PHONE, ADDRESS = "Lò Văn Tố", "020090004321", "0987654321", "thôn Khòn Pát"
DENOUNCER = {"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER, "phone": PHONE, "address_street": ADDRESS}
TT05 = "Thông tư số 05/2021/TT-TTCP"


@pytest.fixture(autouse=True)
def _forms(db):
    """The forms table as the repository's manifests say (a reused test database may predate them)."""
    with schema_context("public"):
        forms_load()


@pytest.fixture
def cleared(unit_a, make_member):
    return make_member(unit_a, roles=("sealed_reader",), username="mat", full_name="Cán bộ được tiếp cận")


def _flow(officer, register, **overrides) -> Flow:
    return Flow(officer, register(received_date=RECEIVED, **overrides))


def _documents(member, flow: Flow) -> list[IssuedDocument]:
    with schema_context(member.unit.schema_name):
        return list(IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id=flow.pk).order_by("id"))


def _event(member, flow: Flow, outcome: str) -> PetitionEvent:
    with schema_context(member.unit.schema_name):
        return PetitionEvent.objects.get(petition_id=flow.pk, kind=outcome_event(outcome))


def _read(member, document: IssuedDocument):
    with schema_context(member.unit.schema_name), document.docx.open("rb") as handle:
        return Document(io.BytesIO(handle.read()))


def _text(doc) -> str:
    cells = [p.text for table in doc.tables for row in table.rows for cell in row.cells for p in cell.paragraphs]
    return "\n".join([p.text for p in doc.paragraphs] + cells)


def _lines(cell) -> list[str]:
    return [p.text for p in cell.paragraphs if p.text]


def _check(doc, document: IssuedDocument, *, title: list[str], kinh_gui, recipients, signer: str):
    """What every document of the engine carries (NĐ 30/2020 Appendix I): A4, the issuing body, its
    number with the symbol, place and date, title, "Kính gửi" where the form has it, the legal basis,
    the signature block and "Nơi nhận"."""
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    header = doc.tables[0]
    assert _lines(header.rows[0].cells[0]) == ["ỦY BAN NHÂN DÂN", "XÃ TÂN ĐOÀN"]
    assert header.rows[1].cells[0].text.strip() == f"Số: {document.number_display}"
    assert header.rows[1].cells[1].text.strip() == DECIDED_LINE
    body = [p.text for p in doc.paragraphs if p.text]
    position = body.index(title[0])
    assert body[position : position + len(title)] == title
    if kinh_gui is False:
        assert [line for line in body if line.startswith("Kính gửi: ")]
    elif kinh_gui is None:
        assert not [line for line in body if line.startswith("Kính gửi")]
    elif len(kinh_gui) == 1:
        assert f"Kính gửi: {kinh_gui[0]}" in body
    else:
        start = body.index("Kính gửi:")
        assert body[start + 1 : start + 1 + len(kinh_gui)] == kinh_gui
    # The form's legal basis is named in the file and cited in the text.
    assert doc.core_properties.subject == document_form_basis(document)
    assert doc.core_properties.comments == "chưa đối chiếu"
    assert "căn cứ" in _text(doc).lower()
    signature = doc.tables[-1]
    assert signature.rows[0]._tr.trPr is not None  # the row that never splits across pages
    assert signer in _lines(signature.rows[0].cells[-1])
    if recipients is not None:
        assert _lines(signature.rows[0].cells[0]) == ["Nơi nhận:", *recipients]


def document_form_basis(document: IssuedDocument) -> str:
    from core.documents.forms.models import FormVersion

    return FormVersion.objects.get(form_code=document.form_code, version=document.form_version).legal_basis


def test_proposing_acceptance_issues_form_01_signed_by_the_proposer_and_the_head(officer_a, register):
    flow = _flow(officer_a, register)
    flow.classify(date="2026-11-04")
    body = flow.outcome("accept", date=DECIDED.isoformat())
    assert body["status"] == "acceptance_proposed"
    [document] = _documents(officer_a, flow)
    assert document.kind == "petition.acceptance_proposal"
    assert (document.form_version, document.issued_on) == ("tt05-2021", DECIDED)
    assert document.number_display == "01/PĐX-UBND"
    assert _event(officer_a, flow, "accept").data["documents"] == [document.number_display]
    doc = _read(officer_a, document)
    text = _text(doc)
    assert "Mẫu số 01" in text
    _check(
        doc,
        document,
        title=["PHIẾU ĐỀ XUẤT THỤ LÝ", "Đơn khiếu nại"],
        kinh_gui=False,
        recipients=None,
        signer=officer_a.user.display_name,
    )
    # Addressed to the head who accepts (the resolver the complaint documents name).
    assert "Kính gửi: Chủ tịch" in text
    assert "nhận được đơn khiếu nại (số vào sổ 00001/2026) của ông/bà Nguyễn Văn An" in text
    assert "Quyết định thu hồi đất số 12/QĐ-UBND" in text
    # Two signature blocks side by side: the head who approves, the officer who proposes.
    head, proposer = doc.tables[-1].rows[0].cells
    assert _lines(head) == ["Ý KIẾN PHÊ DUYỆT CỦA THỦ TRƯỞNG", "(Ký, ghi rõ họ tên)"]
    assert _lines(proposer) == ["NGƯỜI ĐỀ XUẤT", "(Ký, ghi rõ họ tên)", officer_a.user.display_name]


def test_guiding_a_complaint_issues_form_02_with_the_unit_s_symbol(officer_a, admin_a, register):
    with schema_context(officer_a.unit.schema_name):
        document_symbol_set(actor=admin_a.user, kind="petition.guidance", symbol="HD-UBND")
    flow = _flow(officer_a, register)
    flow.classify(within_jurisdiction=False)
    refused = flow.post("outcome/", {"outcome": "guide"}, expect=400)
    assert (refused["field"], refused["detail"]) == ("competent_body", "Hãy ghi rõ cơ quan có thẩm quyền.")
    body = flow.outcome(
        "guide",
        date=DECIDED.isoformat(),
        competent_body="Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn",
        legal_ground="Điều 21 Luật Khiếu nại",
        guidance="Thời hiệu khiếu nại là 90 ngày kể từ ngày nhận được quyết định.",
    )
    assert body["status"] == "guided"
    [document] = _documents(officer_a, flow)
    assert (document.kind, document.number_display) == ("petition.guidance", "01/HD-UBND")
    doc = _read(officer_a, document)
    text = _text(doc)
    assert "Mẫu số 02" in text
    _check(
        doc,
        document,
        title=["PHIẾU HƯỚNG DẪN"],
        kinh_gui=["Ông/Bà Nguyễn Văn An"],
        recipients=["- Lưu: VT."],
        signer=officer_a.user.display_name,
    )
    assert "căn cứ Điều 21 Luật Khiếu nại" in text
    assert "Thời hiệu khiếu nại là 90 ngày kể từ ngày nhận được quyết định." in text
    assert "gửi đơn và các thông tin, tài liệu kèm theo (nếu có) đến Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn" in text


def test_a_letter_with_mixed_contents_gets_the_guidance_to_split_it(officer_a, register):
    flow = _flow(officer_a, register, petition_type="mixed", subject="Khiếu nại và tố cáo về đất đai")
    flow.classify()
    refused = flow.post("outcome/", {"outcome": "guide"}, expect=400)
    assert refused["field"] == "guidance"
    flow.outcome(
        "guide",
        date=DECIDED.isoformat(),
        guidance="Nội dung khiếu nại: gửi Chủ tịch Ủy ban nhân dân xã Tân Đoàn.\n"
        "Nội dung tố cáo: gửi Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn.",
    )
    [document] = _documents(officer_a, flow)
    assert document.kind == "petition.mixed_guidance"
    doc = _read(officer_a, document)
    _check(
        doc,
        document,
        title=["PHIẾU HƯỚNG DẪN", "Về đơn có nhiều nội dung khác nhau"],
        kinh_gui=["Ông/Bà Nguyễn Văn An"],
        recipients=["- Lưu: VT."],
        signer=officer_a.user.display_name,
    )
    body = [p.text for p in doc.paragraphs if p.text]
    assert "- Nội dung khiếu nại: gửi Chủ tịch Ủy ban nhân dân xã Tân Đoàn." in body
    assert "- Nội dung tố cáo: gửi Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn." in body


def test_forwarding_a_denunciation_issues_form_03_and_the_notice_to_the_denouncer(officer_a, cleared, register):
    flow = _flow(
        officer_a,
        register,
        petition_type="denunciation",
        subject="Cán bộ địa chính xã nhận tiền",
        summary="Tố cáo cán bộ địa chính nhận tiền khi làm thủ tục đất đai.",
        signers=[DENOUNCER],
    )
    flow.classify(within_jurisdiction=False)
    body = flow.outcome("forward", date=DECIDED.isoformat(), competent_body="Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn")
    assert body["status"] == "forwarded"
    slip, notice = _documents(officer_a, flow)
    assert (slip.kind, notice.kind) == ("petition.denunciation_forwarding", "petition.denunciation_forwarding_notice")
    assert _event(officer_a, flow, "forward").data["documents"] == [slip.number_display, notice.number_display]
    assert slip.number_display == "01/PC-UBND"

    # Form 03 goes to the competent body and names no one: the denouncer is told separately.
    assert (slip.names_denouncer, slip.subject_sealed) == (False, True)
    doc = _read(officer_a, slip)
    text = _text(doc)
    assert "Mẫu số 03" in text
    _check(
        doc,
        slip,
        title=["PHIẾU CHUYỂN ĐƠN TỐ CÁO"],
        kinh_gui=["Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"],
        recipients=["- Như trên;", "- Người tố cáo (thông báo riêng);", "- Lưu: VT."],
        signer=officer_a.user.display_name,
    )
    assert "Căn cứ khoản 2 Điều 24 Luật Tố cáo" in text
    assert "thông tin được giữ bí mật" in text
    for secret in (NAME, "Lò Văn", ID_NUMBER, PHONE, ADDRESS):
        assert secret not in text
        assert secret not in str([slip.kinh_gui, slip.recipients, slip.context, slip.title])

    # The notice names the denouncer (Denunciations Law Art. 24(2)) in its file alone.
    assert (notice.names_denouncer, notice.subject_sealed) == (True, True)
    for secret in (NAME, ID_NUMBER, PHONE, ADDRESS):
        assert secret not in str([notice.kinh_gui, notice.recipients, notice.context, notice.title])
    doc = _read(officer_a, notice)
    text = _text(doc)
    _check(
        doc,
        notice,
        title=["THÔNG BÁO", "Về việc chuyển đơn tố cáo"],
        kinh_gui=[f"Ông/Bà {NAME}"],
        recipients=["- Như trên;", "- Lưu: VT."],
        signer=officer_a.user.display_name,
    )
    assert f"nhận được đơn tố cáo của Ông/Bà {NAME}, địa chỉ: {ADDRESS}" in text
    assert "Ngày 05/11/2026, Ủy ban nhân dân xã Tân Đoàn đã chuyển đơn tố cáo đến Chủ tịch" in text
    assert ID_NUMBER not in text
    assert PHONE not in text
    # The identity left the seal for the notice: audited, with the officer who recorded the step.
    with schema_context(officer_a.unit.schema_name):
        [read] = SealedIdentityAccess.objects.filter(petition_id=flow.pk)
        assert read.user_id == officer_a.user.pk
        assert "chuyển đơn" in read.reason.lower() or "tố cáo" in read.reason

    # The officer who is not cleared sees both listed on the petition but may open only Form 03.
    listed = flow.api.get(officer_a.url(f"api/v1/petitions/{flow.pk}/documents/")).json()
    assert [(row["kind"], row["may_open"]) for row in listed] == [
        ("petition.denunciation_forwarding", True),
        ("petition.denunciation_forwarding_notice", False),
    ]
    assert listed[1]["docx_url"] is None
    assert NAME not in str(listed)
    assert flow.api.get(officer_a.url(f"api/v1/documents/{notice.pk}/docx/")).status_code == 403
    assert officer_a.web().get(officer_a.url(f"van-ban/{notice.pk}/tai-xuong/docx/")).status_code == 403
    page = officer_a.web().get(officer_a.url(f"don-thu/{flow.pk}/"))
    assert page.status_code == 200
    assert NAME not in page.content.decode()
    assert slip.number_display in page.content.decode()
    assert notice.number_display in page.content.decode()
    # The cleared officer opens it.
    assert cleared.api().get(cleared.url(f"api/v1/documents/{notice.pk}/docx/")).status_code == 200


def test_an_anonymous_denunciation_is_forwarded_with_no_notice_due(officer_a, register):
    flow = _flow(
        officer_a,
        register,
        petition_type="denunciation",
        signer_kind="anonymous",
        signers=[],
        has_concrete_evidence=True,
        subject="Cán bộ thu tiền trái phép",
    )
    flow.classify(within_jurisdiction=False)
    flow.outcome("forward", date=DECIDED.isoformat(), competent_body="Thanh tra tỉnh Lạng Sơn")
    [slip] = _documents(officer_a, flow)
    assert slip.kind == "petition.denunciation_forwarding"
    doc = _read(officer_a, slip)
    assert "người gửi đơn không ghi tên" in _text(doc)
    _check(
        doc,
        slip,
        title=["PHIẾU CHUYỂN ĐƠN TỐ CÁO"],
        kinh_gui=["Thanh tra tỉnh Lạng Sơn"],
        recipients=["- Như trên;", "- Lưu: VT."],
        signer=officer_a.user.display_name,
    )
    with schema_context(officer_a.unit.schema_name):
        assert not SealedIdentityAccess.objects.filter(petition_id=flow.pk).exists()


@pytest.mark.parametrize(("petition_type", "type_text"), [("recommendation", "kiến nghị"), ("feedback", "phản ánh")])
def test_forwarding_a_recommendation_or_feedback_uses_its_own_form_not_form_03(
    officer_a, register, petition_type, type_text
):
    flow = _flow(officer_a, register, petition_type=petition_type, subject="Đường liên thôn Nà Pàn xuống cấp")
    flow.classify(within_jurisdiction=False)
    flow.outcome(
        "forward",
        date=DECIDED.isoformat(),
        competent_body="Sở Xây dựng tỉnh Lạng Sơn",
        legal_ground="khoản 1 Điều 8 Luật Tổ chức chính quyền địa phương",
    )
    [document] = _documents(officer_a, flow)
    assert document.kind == "petition.forwarding"
    doc = _read(officer_a, document)
    text = _text(doc)
    assert "Mẫu số 03" not in text
    assert "TỐ CÁO" not in text
    _check(
        doc,
        document,
        title=["PHIẾU CHUYỂN", f"Đơn {type_text}"],
        kinh_gui=["Sở Xây dựng tỉnh Lạng Sơn"],
        recipients=["- Như trên;", "- Ông/Bà Nguyễn Văn An (để biết);", "- Lưu: VT."],
        signer=officer_a.user.display_name,
    )
    assert f"nhận được đơn {type_text} (số vào sổ 00001/2026) của ông/bà Nguyễn Văn An" in text
    assert "Căn cứ khoản 1 Điều 8 Luật Tổ chức chính quyền địa phương" in text


def test_a_complaint_forwarded_would_get_the_forwarding_form_never_form_03(officer_a, register):
    """Complaints are guided, not forwarded (the outcome rule); should a complaint be forwarded, its
    letter is the forwarding form, Form 03 being for denunciations only (TT 05/2021 Art. 14)."""
    petition = register()
    with schema_context(officer_a.unit.schema_name):
        petition_classify(petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=False)
        petition = Petition.objects.get(pk=petition.pk)
        petition.competent_body = "Chủ tịch Ủy ban nhân dân tỉnh Lạng Sơn"
        facts = StepFacts(petition=petition, on=DECIDED, actor=officer_a.user, data={})
        due = [spec.kind for spec in step_documents(outcome_event(Outcome.FORWARDED)) if spec.build(facts)]
    assert due == ["petition.forwarding"]


def test_returning_needs_the_reason_and_states_it(officer_a, register):
    flow = _flow(
        officer_a, register, channel="forwarded", forwarded_by="Ban Dân nguyện", forwarding_reference="215/BDN"
    )
    flow.classify(is_processable=False, not_processable_reason="unsigned")
    refused = flow.post("outcome/", {"outcome": "return", "competent_body": "Ban Dân nguyện"}, expect=400)
    assert refused["field"] == "reason"
    with schema_context(officer_a.unit.schema_name):
        assert not IssuedDocument.objects.filter(subject_id=flow.pk).exists()  # refused: no number spent
    flow.outcome(
        "return",
        date=DECIDED.isoformat(),
        competent_body="Ban Dân nguyện",
        reason="Đơn không có chữ ký của người viết đơn.",
    )
    [document] = _documents(officer_a, flow)
    assert (document.kind, document.number_display) == ("petition.return", "01/UBND")
    doc = _read(officer_a, document)
    text = _text(doc)
    _check(
        doc,
        document,
        title=["PHIẾU TRẢ LẠI ĐƠN"],
        kinh_gui=["Ban Dân nguyện"],
        recipients=["- Như trên;", "- Lưu: VT."],
        signer=officer_a.user.display_name,
    )
    assert "do Ban Dân nguyện chuyển đến theo văn bản số 215/BDN" in text
    assert "trả lại đơn vì lý do sau: Đơn không có chữ ký của người viết đơn." in text


def test_chasing_the_overdue_body_issues_the_reminder(officer_a, register):
    flow = _flow(officer_a, register)
    flow.classify()
    payload = {"competent_body": "Ủy ban nhân dân thôn Nà Pàn", "report_by": "2026-11-05"}
    refused = flow.post("outcome/", {"outcome": "chase", "date": DECIDED.isoformat(), **payload}, expect=400)
    assert refused["field"] == "report_by"
    flow.outcome(
        "chase",
        date=DECIDED.isoformat(),
        **{**payload, "report_by": "2026-11-20"},
        reference="Phiếu chuyển số 12/PC-UBND ngày 02/10/2026",
    )
    [document] = _documents(officer_a, flow)
    assert document.kind == "petition.reminder"
    assert _event(officer_a, flow, "chase").data["report_by"] == "2026-11-20"
    doc = _read(officer_a, document)
    text = _text(doc)
    _check(
        doc,
        document,
        title=["VĂN BẢN ĐÔN ĐỐC", "Về việc giải quyết đơn khiếu nại"],
        kinh_gui=["Ủy ban nhân dân thôn Nà Pàn"],
        recipients=["- Như trên;", "- Lưu: VT."],
        signer=officer_a.user.display_name,
    )
    assert "(Phiếu chuyển số 12/PC-UBND ngày 02/10/2026)" in text
    assert "báo cáo tiến độ, kết quả giải quyết về Ủy ban nhân dân xã Tân Đoàn trước ngày 20/11/2026" in text


def test_filing_issues_nothing(officer_a, register):
    flow = _flow(officer_a, register)
    flow.classify(is_processable=False, not_processable_reason="illegible")
    assert flow.outcome("file", date=DECIDED.isoformat())["status"] == "filed"
    assert _documents(officer_a, flow) == []
    assert "documents" not in _event(officer_a, flow, "file").data


def test_the_page_takes_the_letter_s_inputs_and_shows_refusals_on_their_field(officer_a, register):
    flow = _flow(officer_a, register, channel="forwarded", forwarded_by="Ban Dân nguyện")
    flow.classify(is_processable=False, not_processable_reason="unsigned")
    client = officer_a.web()
    url = officer_a.url(f"don-thu/{flow.pk}/ket-qua-xu-ly/")
    refused = client.post(url, {"outcome": "return", "competent_body": "Ban Dân nguyện", "reason": "x"})
    assert refused.status_code == 400
    assert refused.context["outcome_form"].errors["reason"]
    done = client.post(
        url,
        {
            "outcome": "return",
            "competent_body": "Ban Dân nguyện",
            "date": "05/11/2026",
            "reason": "Đơn không có chữ ký của người viết đơn.",
        },
    )
    assert done.status_code == 302
    [document] = _documents(officer_a, flow)
    assert document.kind == "petition.return"
    detail = client.get(officer_a.url(f"don-thu/{flow.pk}/"))
    assert [row["document"].pk for row in detail.context["documents"]] == [document.pk]
    assert document.number_display in detail.content.decode()


def test_another_unit_cannot_list_or_download_a_unit_s_documents(officer_a, register, unit_b, make_member):
    flow = _flow(officer_a, register, petition_type="feedback")
    flow.classify(within_jurisdiction=False)
    flow.outcome("forward", date=DECIDED.isoformat(), competent_body="Sở Y tế tỉnh Lạng Sơn")
    [document] = _documents(officer_a, flow)
    assert flow.api.get(officer_a.url(f"api/v1/documents/{document.pk}/docx/")).status_code == 200
    officer_b = make_member(unit_b, roles=("processing_officer", "leader"), username="xu_ly_b")
    api, web = officer_b.api(), officer_b.web()
    # Through B's own address: A's petition and document do not exist there.
    assert api.get(officer_b.url(f"api/v1/petitions/{flow.pk}/documents/")).status_code == 404
    assert api.get(officer_b.url(f"api/v1/documents/{document.pk}/")).status_code == 404
    assert api.get(officer_b.url(f"api/v1/documents/{document.pk}/docx/")).status_code == 404
    assert api.get(officer_b.url("api/v1/documents/")).json()["count"] == 0
    assert web.get(officer_b.url(f"don-thu/{flow.pk}/")).status_code == 404
    assert web.get(officer_b.url(f"van-ban/{document.pk}/")).status_code == 404
    assert web.get(officer_b.url(f"van-ban/{document.pk}/tai-xuong/docx/")).status_code == 404
    # Through A's address: B's token and session mean nothing there.
    assert api.get(officer_a.url(f"api/v1/petitions/{flow.pk}/documents/")).status_code == 401
    assert api.get(officer_a.url(f"api/v1/documents/{document.pk}/docx/")).status_code == 401
    login = officer_a.url("dang-nhap/")
    assert web.get(officer_a.url(f"van-ban/{document.pk}/tai-xuong/docx/")).url.startswith(login)
    assert web.get(officer_a.url(f"don-thu/{flow.pk}/")).url.startswith(login)
