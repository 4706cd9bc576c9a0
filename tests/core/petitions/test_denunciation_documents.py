"""Every document a denunciation's steps issue, read back from the register: the right form for the
step's date, the layout NĐ 30/2020 asks for, and the denouncer's identity only in the notices
addressed to them — read from the seal with an audit row, opened by cleared officers alone."""

from __future__ import annotations

import json
from datetime import date
from io import BytesIO

import pytest
from django.utils import translation
from django.utils.html import escape
from django.utils.translation import gettext
from django_tenants.utils import schema_context
from docx import Document

from core.documents.kinds import KINDS
from core.documents.models import IssuedDocument
from core.petitions.models import PetitionEvent, SealedIdentityAccess

from .test_workflow import Flow

pytestmark = pytest.mark.django_db

DENOUNCER = {
    "full_name": "Đinh Thị Tố Giác",
    "id_kind": "cccd",
    "id_number": "020185004321",
    "phone": "0987654321",
    "address_street": "thôn Khau Slôm",
}
#: What must never leave the seal except in a notice to the denouncer (and the number and phone never).
IDENTITY = ("Tố Giác", "020185004321", "0987654321", "Khau Slôm")
ACCUSED = "Ông Lê Văn Bị, công chức Địa chính - Xây dựng"
TEAM = "Ông Hoàng Văn Xác, Phó Chủ tịch UBND xã - Tổ trưởng\nBà Lục Thị Minh, công chức Tư pháp - Thành viên"
REFUSED_REASON = "Không đủ căn cứ để xác định người vi phạm"
DAYS_REFUSED = "Give the days granted by this extension: a whole number from 1 to %(max)d (Denunciations Law Art. 30)."


def _doc(document: IssuedDocument):
    with document.docx.open("rb") as handle:
        return Document(BytesIO(handle.read()))


def _text(doc) -> str:
    lines = [paragraph.text for paragraph in doc.paragraphs]
    for table in doc.tables:
        for cell in table._cells:
            lines.extend(paragraph.text for paragraph in cell.paragraphs)
    return "\n".join(lines)


@pytest.fixture
def denunciation(officer_a, register, media_root):
    def make(received=date(2026, 10, 1), **overrides):
        values = {
            "petition_type": "denunciation",
            "received_date": received,
            "subject": ACCUSED,
            "summary": "Nhận tiền của người dân khi làm thủ tục cấp giấy chứng nhận quyền sử dụng đất.",
            "signers": [DENOUNCER],
            **overrides,
        }
        return Flow(officer_a, register(**values))

    return make


@pytest.fixture
def cleared(unit_a, make_member):
    return make_member(unit_a, roles=("sealed_reader",), username="bi_mat_a", full_name="Mật Văn Cán")


def _walk_to_handling(flow: Flow) -> None:
    flow.classify()
    flow.outcome("accept")
    flow.go("denunciation.accept", date="2026-10-06", verification_team=TEAM)
    flow.go("denunciation.verify", date="2026-10-07")
    flow.go(
        "denunciation.extend",
        date="2026-10-30",
        complexity="complex",
        days=20,
        reason="Cần xác minh tại nhiều địa điểm",
    )
    flow.go(
        "denunciation.conclude",
        date="2026-11-16",
        result="partly_right",
        conclusion="Có căn cứ xác định ông Lê Văn Bị đã nhận 5.000.000 đồng khi hướng dẫn thủ tục.",
    )
    flow.go("denunciation.handle", date="2026-11-20", measures="Tổ chức kiểm điểm, xem xét xử lý kỷ luật.")


def _documents(flow: Flow, prefix: str = "denunciation.") -> dict[str, IssuedDocument]:
    """The case's documents of the denunciation steps (by default), or every one (``prefix=""``)."""
    documents = IssuedDocument.objects.filter(
        subject_type="petitions.petition", subject_id=flow.pk, kind__startswith=prefix
    )
    return {document.kind: document for document in documents.order_by("id")}


def test_a_denunciation_walked_to_its_handling_issues_every_document(denunciation, officer_a):
    flow = denunciation()
    _walk_to_handling(flow)
    with schema_context(officer_a.unit.schema_name):
        documents = _documents(flow)
        everything = _documents(flow, prefix="")
        texts = {kind: _text(_doc(document)) for kind, document in everything.items()}
        docs = {kind: _doc(document) for kind, document in documents.items()}
        events = {e.kind: e.data.get("documents", []) for e in PetitionEvent.objects.filter(petition_id=flow.pk)}
        audits = list(SealedIdentityAccess.objects.filter(petition_id=flow.pk).order_by("id"))
    assert list(documents) == [
        "denunciation.acceptance_decision",
        "denunciation.acceptance_notice",
        "denunciation.content_notice",
        "denunciation.extension_decision",
        "denunciation.conclusion",
        "denunciation.result_notice",
        "denunciation.handling_decision",
    ]
    # Each step's event lists the numbers it issued.
    assert events["denunciation.accept"] == [
        documents[kind].number_display
        for kind in (
            "denunciation.acceptance_decision",
            "denunciation.acceptance_notice",
            "denunciation.content_notice",
        )
    ]
    assert events["denunciation.extend"] == [documents["denunciation.extension_decision"].number_display]
    assert events["denunciation.handle"] == [documents["denunciation.handling_decision"].number_display]

    for kind, document in documents.items():
        text, doc = texts[kind], docs[kind]
        # After 1/7/2026: NĐ 31/2019's form under the Law and decree as amended (NĐ 156/2026).
        assert document.form_version == "nd156-2026", kind
        assert f"Số: {document.number_display}" in text, kind
        assert document.symbol.startswith(f"{KINDS[kind].doc_type}-"), kind
        assert f"ngày {document.issued_on:%d} tháng {document.issued_on:%m} năm {document.issued_on:%Y}" in text
        assert "ỦY BAN NHÂN DÂN" in text, kind
        assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in text, kind
        assert "Nơi nhận:" in text, kind
        assert "Lưu: VT." in text, kind
        assert officer_a.user.display_name in text, kind  # the signer: the officer recording the step
        section = doc.sections[0]
        assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297), kind
        # The legal basis travels with the file, "chưa đối chiếu" until someone checks the form.
        assert "156/2026/NĐ-CP" in doc.core_properties.subject, kind
        # Decisions recite their legal bases ("Căn cứ …"); notices and the conclusion do not.
        assert ("Căn cứ Luật Tố cáo" in text) == (KINDS[kind].doc_type == "QĐ"), kind
        assert doc.core_properties.comments == "chưa đối chiếu", kind
        assert document.names_denouncer == KINDS[kind].may_name_denouncer, kind

    # Every document of the case, the processing steps' too: the identity only where the kind may name the
    # denouncer, and never in what the register keeps (the identity is never stored with a document).
    for kind, document in everything.items():
        text = texts[kind]
        stored = json.dumps(
            [document.kinh_gui, document.recipients, document.context, document.title], ensure_ascii=False
        )
        assert document.subject_sealed, kind
        for secret in IDENTITY:
            assert secret not in stored, (kind, secret)
        named = [secret for secret in IDENTITY if secret in text]
        expected = ["Tố Giác"] if KINDS[kind].may_name_denouncer else []
        assert named == expected, kind
    assert "Kính gửi: Ông/Bà Đinh Thị Tố Giác" in texts["denunciation.acceptance_notice"]
    assert "Kính gửi: Ông/Bà Đinh Thị Tố Giác" in texts["denunciation.result_notice"]

    decision = texts["denunciation.acceptance_decision"]
    assert "QUYẾT ĐỊNH\nVề việc thụ lý tố cáo" in decision
    assert "Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018, được sửa đổi, bổ sung bởi Luật số 136/2025/QH15;" in decision
    assert "Thụ lý tố cáo đối với Ông Lê Văn Bị" in decision
    assert "- Ông Hoàng Văn Xác, Phó Chủ tịch UBND xã - Tổ trưởng;" in decision
    assert "- Bà Lục Thị Minh, công chức Tư pháp - Thành viên." in decision
    assert "Thời hạn giải quyết tố cáo là 30 ngày" in decision
    assert "Mẫu số 04" in decision
    decision_ref = f"Quyết định số {documents['denunciation.acceptance_decision'].number_display}"
    notice = texts["denunciation.acceptance_notice"]
    assert "THÔNG BÁO\nVề việc thụ lý tố cáo" in notice
    assert "Mẫu số 05" in notice
    assert decision_ref in notice
    assert "06/10/2026" in notice
    content = texts["denunciation.content_notice"]
    assert "Kính gửi: Ông Lê Văn Bị, công chức Địa chính - Xây dựng" in content
    assert "Mẫu số 06" in content
    assert decision_ref in content
    assert "Nhận tiền của người dân" in content
    extension = texts["denunciation.extension_decision"]
    assert "Về việc gia hạn giải quyết tố cáo" in extension
    assert "Mẫu số 01" in extension
    assert "thời gian gia hạn là 20 ngày" in extension
    assert "lần gia hạn thứ nhất" in extension
    assert "phức tạp" in extension
    assert "Cần xác minh tại nhiều địa điểm" in extension
    conclusion = texts["denunciation.conclusion"]
    assert "KẾT LUẬN\nNội dung tố cáo" in conclusion
    assert "Mẫu số 12" in conclusion
    assert "nội dung tố cáo là đúng một phần" in conclusion
    assert "5.000.000 đồng" in conclusion
    conclusion_ref = documents["denunciation.conclusion"].number_display
    result = texts["denunciation.result_notice"]
    assert f"Kết luận nội dung tố cáo số {conclusion_ref}" in result
    assert "đúng một phần" in result
    handling = texts["denunciation.handling_decision"]
    assert f"Kết luận nội dung tố cáo số {conclusion_ref} ngày 16/11/2026" in handling
    assert "Tổ chức kiểm điểm, xem xét xử lý kỷ luật" in handling

    # The two notices read the identity through the seal's audited door, recorded as the step's officer.
    assert [(a.user_id, a.reason.startswith("Ban hành văn bản gửi người tố cáo")) for a in audits] == [
        (officer_a.user.pk, True),
        (officer_a.user.pk, True),
    ]


def test_the_extension_states_the_days_granted_within_the_law_s_ceiling(denunciation, officer_a):
    flow = denunciation()
    flow.classify()
    flow.outcome("accept")
    flow.go("denunciation.accept", date="2026-10-06")
    for days in ({"days": 31}, {"days": 0}, {}):
        with translation.override("vi"):
            refused = flow.go("denunciation.extend", expect=400, date="2026-10-20", complexity="complex", **days)
        assert refused["field"] == "days", days
        assert refused["detail"] == "Nhập số ngày được gia hạn: số nguyên từ 1 đến 30 (Điều 30 Luật Tố cáo).", days
    # The page refuses it the same way, on the field, without a document.
    page = officer_a.web().post(
        officer_a.url(f"don-thu/{flow.pk}/chuyen/denunciation.extend/"),
        {"complexity": "complex", "days": "31", "date": "20/10/2026"},
    )
    assert page.status_code == 400
    with translation.override(page["Content-Language"]):
        message = gettext(DAYS_REFUSED) % {"max": 30}
    assert escape(message) in page.content.decode()
    with schema_context(officer_a.unit.schema_name):
        assert not IssuedDocument.objects.filter(kind="denunciation.extension_decision").exists()
    flow.go("denunciation.extend", date="2026-10-20", complexity="complex", days=30)
    with schema_context(officer_a.unit.schema_name):
        extension = _documents(flow)["denunciation.extension_decision"]
        text = _text(_doc(extension))
    assert "thời gian gia hạn là 30 ngày" in text
    # Without a verification team the resolver verifies in person (Law Art. 31).
    with schema_context(officer_a.unit.schema_name):
        decision = _text(_doc(_documents(flow)["denunciation.acceptance_decision"]))
    assert "trực tiếp tiến hành xác minh nội dung tố cáo" in decision


def test_a_refusal_tells_the_denouncer_the_ground_and_an_anonymous_one_is_told_nothing(denunciation, officer_a):
    named = denunciation()
    named.go("denunciation.refuse", date="2026-10-05", ground="no_basis", reason=REFUSED_REASON)
    anonymous = denunciation(signer_kind="anonymous", signers=[])
    anonymous.go("denunciation.refuse", date="2026-10-05", ground="no_basis", reason=REFUSED_REASON)
    with schema_context(officer_a.unit.schema_name):
        notice = _documents(named)["denunciation.refusal_notice"]
        text = _text(_doc(notice))
        assert _documents(anonymous) == {}
        assert not SealedIdentityAccess.objects.filter(petition_id=anonymous.pk).exists()
        assert SealedIdentityAccess.objects.filter(petition_id=named.pk).count() == 1
    assert notice.names_denouncer
    assert "Kính gửi: Ông/Bà Đinh Thị Tố Giác" in text
    assert "Về việc không thụ lý tố cáo" in text
    # The Art. 29(1) ground in the Law's words, then the officer's particulars.
    ground = "nội dung tố cáo không có cơ sở để xác định người vi phạm, hành vi vi phạm pháp luật"
    assert f"với lý do: {ground}; cụ thể: {REFUSED_REASON}." in text
    assert "Ông Lê Văn Bị" in text


def test_the_form_follows_the_step_s_date_nd31_before_and_nd156_from_1_july_2026(denunciation, officer_a):
    flow = denunciation(received=date(2026, 6, 1))
    flow.classify()
    flow.outcome("accept")
    flow.go("denunciation.accept", date="2026-06-10", verification_team=TEAM)
    flow.go("denunciation.verify", date="2026-06-11")
    flow.go("denunciation.extend", date="2026-07-06", complexity="complex", days=15)
    with schema_context(officer_a.unit.schema_name):
        documents = _documents(flow)
        versions = {kind: document.form_version for kind, document in documents.items()}
        decision = _doc(documents["denunciation.acceptance_decision"])
        extension = _doc(documents["denunciation.extension_decision"])
    assert versions == {
        "denunciation.acceptance_decision": "nd31-2019",
        "denunciation.acceptance_notice": "nd31-2019",
        "denunciation.content_notice": "nd31-2019",
        "denunciation.extension_decision": "nd156-2026",
    }
    assert "Căn cứ Luật Tố cáo ngày 12 tháng 6 năm 2018;" in _text(decision)
    assert "136/2025" not in _text(decision)
    assert "156/2026" not in decision.core_properties.subject
    assert "Luật số 136/2025/QH15" in _text(extension)
    assert "156/2026" in extension.core_properties.subject


def test_only_a_cleared_officer_opens_a_document_naming_the_denouncer_and_the_opening_is_audited(
    denunciation, officer_a, cleared, member_b
):
    flow = denunciation()
    flow.classify()
    flow.outcome("accept")
    flow.go("denunciation.accept", date="2026-10-06", verification_team=TEAM)
    with schema_context(officer_a.unit.schema_name):
        documents = _documents(flow)
        before = SealedIdentityAccess.objects.filter(petition_id=flow.pk).count()
    notice, content = documents["denunciation.acceptance_notice"], documents["denunciation.content_notice"]
    page = f"van-ban/{notice.pk}/tai-xuong/docx/"
    api = f"api/v1/documents/{notice.pk}/docx/"
    refusal = "Chỉ cán bộ được phép tiếp cận mới được xem thông tin người tố cáo được giữ bí mật."

    # The officer who issued it is not cleared: refused, on the page and in the API, in Vietnamese.
    web = officer_a.web()
    refused_page = web.get(officer_a.url(page), HTTP_ACCEPT_LANGUAGE="vi")
    assert refused_page.status_code == 403
    assert refusal in refused_page.content.decode()
    refused_api = officer_a.api().get(officer_a.url(api), HTTP_ACCEPT_LANGUAGE="vi")
    assert (refused_api.status_code, refused_api.json()["detail"]) == (403, refusal)
    # The notice to the accused names no one but the accused: any officer of the case opens it.
    assert web.get(officer_a.url(f"van-ban/{content.pk}/tai-xuong/docx/")).status_code == 200
    # The lists show every number, but offer the notice's file to cleared officers alone.
    petition_page = web.get(officer_a.url(f"don-thu/{flow.pk}/")).content.decode()
    assert f"van-ban/{content.pk}/tai-xuong/docx/" in petition_page
    assert f"van-ban/{notice.pk}/tai-xuong/docx/" not in petition_page
    listed = {row["id"]: row for row in officer_a.api().get(officer_a.url("api/v1/documents/")).json()["results"]}
    assert (listed[notice.pk]["may_open"], listed[notice.pk]["docx_url"]) == (False, None)
    assert listed[content.pk]["may_open"] is True
    # Another unit does not even find it.
    assert member_b.api().get(member_b.url(api)).status_code == 404

    client = cleared.web()
    opened = client.get(cleared.url(page))
    assert opened.status_code == 200
    assert "Đinh Thị Tố Giác" in _text(Document(BytesIO(b"".join(opened.streaming_content))))
    assert cleared.api().get(cleared.url(api)).status_code == 200
    with schema_context(officer_a.unit.schema_name):
        reads = list(SealedIdentityAccess.objects.filter(petition_id=flow.pk).order_by("id")[before:])
        assert SealedIdentityAccess.objects.filter(petition_id=flow.pk).count() == before + 2
    assert [(read.user_id, notice.number_display in read.reason) for read in reads] == [
        (cleared.user.pk, True),
        (cleared.user.pk, True),
    ]
