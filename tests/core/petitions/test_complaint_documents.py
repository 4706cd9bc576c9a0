"""Every document the steps of a complaint issue, read back from the DOCX: a case under NĐ 124/2020
(before 1/7/2026) and one under NĐ 155/2026, the inputs each document needs refused when missing,
and the documents of one unit invisible from another."""

from datetime import date
from io import BytesIO

import pytest
from django_tenants.utils import schema_context
from docx import Document

from core.documents.models import IssuedDocument
from core.documents.services import document_symbol_set
from core.petitions.models import PetitionEvent
from core.petitions.services.petitions import petition_register

from .test_workflow import Flow

pytestmark = pytest.mark.django_db

VERIFIER = "Ông Hoàng Văn Bình, công chức Địa chính - Xây dựng"
DIALOGUE = {
    "participants": "Người chủ trì: Chủ tịch Ủy ban nhân dân.\nNgười khiếu nại: Ông Nguyễn Văn An (có mặt).",
    "minutes": "Người khiếu nại đề nghị bồi thường theo giá thị trường.",
    "dialogue_result": "Thống nhất đo đạc lại diện tích.\nCòn ý kiến khác nhau về đơn giá bồi thường.",
}


def _docx(document: IssuedDocument):
    with document.docx.open("rb") as handle:
        return Document(BytesIO(handle.read()))


def _text(doc) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in doc.paragraphs] + cells)


def _documents(member, pk) -> dict[str, IssuedDocument]:
    with schema_context(member.unit.schema_name):
        documents = IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id=pk)
        # The processing steps before acceptance issue their own documents (core.petitions.issuing.processing).
        return {d.kind: d for d in documents.filter(kind__startswith="complaint.")}


def _read(
    member,
    document: IssuedDocument,
    *,
    on: date,
    title: str,
    version: str,
    kinh_gui: str | None = None,
    minutes: bool = False,
) -> str:
    """What every document shows, checked; the whole text for the checks of its kind."""
    from core.documents.issuer import issuer_default

    with schema_context(member.unit.schema_name):
        doc = _docx(document)
    text = _text(doc)
    issuer = issuer_default(member.unit)
    # The issuing body, the number with its symbol, the place and the date (NĐ 30/2020 Appendix I).
    assert all(line in text for line in issuer.name_lines)
    assert f"Số: {document.number_display}" in text
    assert f"{issuer.place}, ngày {on:%d} tháng {on:%m} năm {on.year}" in text
    assert document.issued_on == on
    assert document.form_version == version
    assert title in text
    # The form names its legal basis, and says it is not checked against the gazette yet.
    properties = doc.core_properties
    assert properties.subject == document_form(document).legal_basis
    assert "chưa đối chiếu" in properties.comments.lower()
    if kinh_gui is not None:
        assert f"Kính gửi: {kinh_gui}" in text
    else:
        assert "Kính gửi" not in text
    # Signed by the officer recording the step; a notice or decision lists its recipients, minutes
    # carry every party's signature instead (Form 14).
    assert member.user.display_name in text
    if minutes:
        assert "Nơi nhận" not in text
    else:
        assert "Nơi nhận:" in text
        assert "- Lưu: VT, hồ sơ." in text
    section = doc.sections[0]
    # A4 (stored in twentieths of a point, so to the nearest millimetre).
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    return text


def document_form(document: IssuedDocument):
    from core.documents.forms.models import FormVersion

    return FormVersion.objects.get(form_code=document.form_code, version=document.form_version)


def test_a_first_level_complaint_under_decree_124_issues_its_documents(officer_a, admin_a, register):
    with schema_context(officer_a.unit.schema_name):
        document_symbol_set(actor=admin_a.user, kind="complaint.resolution_decision", symbol="QĐ-GQKN")
    f = Flow(officer_a, register(received_date=date(2026, 5, 4)))
    f.classify()
    f.outcome("accept")
    f.go("complaint.accept", date="2026-05-08", level=1)  # 30 CD -> Sun 7/6, a day off: Mon 8/6/2026
    f.go("complaint.verify", date="2026-05-11", verifier=VERIFIER)
    f.go("complaint.dialogue", date="2026-05-20", **DIALOGUE)
    f.go(
        "complaint.decide",
        date="2026-06-01",
        decision="Giao đo đạc lại diện tích, tính lại bồi thường.",
        result="partly_right",
    )
    documents = _documents(officer_a, f.pk)
    assert set(documents) == {
        "complaint.acceptance_notice",
        "complaint.verification_decision",
        "complaint.dialogue_minutes",
        "complaint.resolution_decision",
    }

    verification = _read(
        officer_a,
        documents["complaint.verification_decision"],
        on=date(2026, 5, 11),
        title="Về việc giao nhiệm vụ xác minh nội dung khiếu nại",
        version="nd124-2020",
    )
    assert "Căn cứ Nghị định số 124/2020/NĐ-CP" in verification
    assert "155/2026" not in verification
    assert f"Điều 1. Giao {VERIFIER} tiến hành xác minh" in verification
    # By default the verification runs until the decision is due: 11/5 + 28 days = 8/6/2026.
    assert "Thời gian xác minh: 28 ngày, kể từ ngày 11/05/2026 (đến hết ngày 08/06/2026)." in verification
    assert "CHỦ TỊCH ỦY BAN NHÂN DÂN XÃ TÂN ĐOÀN" in verification

    minutes = _read(
        officer_a,
        documents["complaint.dialogue_minutes"],
        on=date(2026, 5, 20),
        title="BIÊN BẢN ĐỐI THOẠI",
        version="nd124-2020",
        minutes=True,
    )
    assert "Mẫu số 14" in minutes
    assert "Người khiếu nại: Ông Nguyễn Văn An (có mặt)." in minutes
    assert "Còn ý kiến khác nhau về đơn giá bồi thường." in minutes
    assert "Biên bản được lập thành 3 bản" in minutes
    assert "NGƯỜI BỊ KHIẾU NẠI" in minutes
    assert "NGƯỜI GHI BIÊN BẢN" in minutes

    decision = documents["complaint.resolution_decision"]
    assert decision.number_display.endswith("/QĐ-GQKN")  # the symbol the unit configured
    text = _read(
        officer_a,
        decision,
        on=date(2026, 6, 1),
        version="nd124-2020",
        title="Về việc giải quyết khiếu nại của Nguyễn Văn An (lần đầu)",
    )
    assert "Khiếu nại của Nguyễn Văn An là đúng một phần" in text
    assert "Điều 2. Giao đo đạc lại diện tích, tính lại bồi thường." in text
    # The verification and the dialogue the case went through, with the verification decision's number.
    assert documents["complaint.verification_decision"].number_display in text
    assert "Kết quả đối thoại ngày 20/05/2026" in text
    # Rights and effect as the clocks the decision opened count them (Complaints Law Arts. 33, 44).
    assert "Trong thời hạn 30 ngày, kể từ ngày nhận được Quyết định này" in text
    assert "khởi kiện vụ án hành chính" in text
    assert "có hiệu lực pháp luật sau 30 ngày" in text
    with schema_context(officer_a.unit.schema_name):
        event = PetitionEvent.objects.get(petition_id=f.pk, kind="complaint.decide")
    assert event.data["documents"] == [decision.number_display]


def test_refusal_and_termination_before_and_after_1_july_2026(officer_a, register):
    old = Flow(officer_a, register(received_date=date(2026, 5, 4)))
    old.classify()
    old.outcome("accept")
    old.go("complaint.refuse", date="2026-05-06", ground="time_expired", reason="Đơn gửi sau 90 ngày.")
    new = Flow(officer_a, register(received_date=date(2026, 10, 1)))
    new.classify()
    new.outcome("accept")
    new.go("complaint.refuse", date="2026-10-05", ground="unsigned", reason="Đơn không có chữ ký.")
    notice = _read(
        officer_a,
        _documents(officer_a, old.pk)["complaint.non_acceptance_notice"],
        on=date(2026, 5, 6),
        title="Về việc không thụ lý giải quyết khiếu nại",
        version="nd124-2020",
        kinh_gui="Nguyễn Văn An",
    )
    assert "căn cứ khoản 6 Điều 11 của Luật Khiếu nại" in notice
    assert "thời hiệu, thời hạn khiếu nại đã hết mà không có lý do chính đáng" in notice
    assert "Mẫu số 04" not in notice  # the NĐ 124 number is unverified: not printed
    notice = _read(
        officer_a,
        _documents(officer_a, new.pk)["complaint.non_acceptance_notice"],
        on=date(2026, 10, 5),
        title="Về việc không thụ lý giải quyết khiếu nại",
        version="nd155-2026",
        kinh_gui="Nguyễn Văn An",
    )
    assert "Mẫu số 04" in notice
    assert "căn cứ khoản 5 Điều 11 của Luật Khiếu nại" in notice
    assert "Cụ thể: Đơn không có chữ ký." in notice

    ended = Flow(officer_a, register(received_date=date(2026, 5, 4)))
    ended.classify()
    ended.outcome("accept")
    ended.go("complaint.accept", date="2026-05-08")
    ended.go("complaint.terminate", date="2026-06-10", reason="Người khiếu nại rút toàn bộ nội dung khiếu nại.")
    text = _read(
        officer_a,
        _documents(officer_a, ended.pk)["complaint.suspension_decision"],
        on=date(2026, 6, 10),
        title="Về việc đình chỉ giải quyết khiếu nại",
        version="nd124-2020",
    )
    assert "Mẫu số 14a" not in text  # Form 14a exists only from NĐ 155/2026
    assert "Điều 1. Đình chỉ giải quyết khiếu nại của Nguyễn Văn An" in text
    assert "Lý do: Người khiếu nại rút toàn bộ nội dung khiếu nại." in text


@pytest.fixture
def province(db, make_member):
    """The provincial People's Committee office, competent for second-level complaints."""
    from tenants.models import Unit

    member = make_member(Unit.objects.get(code="20-UBND"), roles=("leader",), username="lanh_dao_tinh")

    def make(**overrides):
        values = {
            "channel": "transferred",
            "forwarded_by": "Ban Tiếp công dân tỉnh",
            "received_date": date(2026, 9, 1),
            "petition_type": "complaint",
            "field_code": "dat-dai",
            "subject": "Quyết định giải quyết khiếu nại lần đầu số 5/QĐ-UBND ngày 10/08/2026",
            "summary": "Khiếu nại lần hai về bồi thường.",
            "signer_kind": "one",
            "signers": [{"full_name": "Nguyễn Văn An"}],
            **overrides,
        }
        with schema_context(member.unit.schema_name):
            return Flow(member, petition_register(actor=member.user, **values))

    return member, make


def test_a_second_level_complaint_under_decree_155_suspended_resumed_decided_and_published(province):
    member, make = province
    f = make()
    f.classify()
    f.outcome("accept")
    f.go("complaint.accept", date="2026-09-04", level=2)  # 45 CD -> Mon 19/10/2026
    f.go(
        "complaint.verify",
        date="2026-09-07",
        verifier="Thanh tra tỉnh",
        verification_days=20,
        verification_content="Việc áp giá bồi thường.",
    )
    f.go("complaint.suspend", date="2026-09-10", reason="Người khiếu nại đang điều trị tại bệnh viện.")
    f.go("complaint.resume", date="2026-09-20")
    f.go(
        "complaint.dialogue",
        date="2026-09-25",
        dialogue_time="14:30",
        place="Hội trường Ủy ban nhân dân tỉnh",
        **DIALOGUE,
    )
    f.go("complaint.decide", date="2026-10-01", decision="Giữ nguyên Quyết định số 5/QĐ-UBND.", result="upheld")
    f.go("complaint.publish", date="2026-10-05", channel="Niêm yết tại trụ sở Ủy ban nhân dân tỉnh")
    documents = _documents(member, f.pk)
    assert {d.form_version for d in documents.values()} == {"nd155-2026"}

    text = _read(
        member,
        documents["complaint.verification_decision"],
        on=date(2026, 9, 7),
        version="nd155-2026",
        title="Về việc giao nhiệm vụ xác minh nội dung khiếu nại",
    )
    assert "Nội dung xác minh: Việc áp giá bồi thường." in text
    assert "Thời gian xác minh: 20 ngày, kể từ ngày 07/09/2026 (đến hết ngày 27/09/2026)." in text
    assert "được sửa đổi, bổ sung bởi Nghị định số 155/2026/NĐ-CP" in text

    suspension = documents["complaint.suspension_decision"]
    text = _read(
        member,
        suspension,
        on=date(2026, 9, 10),
        version="nd155-2026",
        title="Về việc tạm đình chỉ giải quyết khiếu nại",
    )
    assert "Mẫu số 14a" in text
    assert "Lý do: Người khiếu nại đang điều trị tại bệnh viện." in text
    assert "Thời gian tạm đình chỉ không tính vào thời hạn giải quyết khiếu nại" in text

    text = _read(
        member,
        documents["complaint.resumption_decision"],
        on=date(2026, 9, 20),
        version="nd155-2026",
        title="Về việc tiếp tục giải quyết khiếu nại",
    )
    assert "Mẫu số 14b" in text
    assert f"từ ngày 10/09/2026 theo Quyết định số {suspension.number_display}" in text
    # 6 days ran (5/9..10/9); the 39 left run from Sun 20/9 -> Thu 29/10/2026.
    assert "tiếp tục được tính từ ngày ban hành Quyết định này, đến hết ngày 29/10/2026" in text

    text = _read(
        member,
        documents["complaint.dialogue_minutes"],
        on=date(2026, 9, 25),
        version="nd155-2026",
        title="BIÊN BẢN ĐỐI THOẠI VỚI NGƯỜI KHIẾU NẠI",
        minutes=True,
    )
    assert "Vào hồi 14 giờ 30, ngày 25/09/2026, tại Hội trường Ủy ban nhân dân tỉnh" in text
    assert "III. KẾT QUẢ ĐỐI THOẠI" in text

    decision = documents["complaint.resolution_decision"]
    text = _read(
        member,
        decision,
        on=date(2026, 10, 1),
        version="nd155-2026",
        title="Về việc giải quyết khiếu nại của Nguyễn Văn An (lần hai)",
    )
    assert "Công nhận và giữ nguyên Quyết định giải quyết khiếu nại lần đầu số 5/QĐ-UBND" in text
    assert "có quyền khởi kiện vụ án hành chính" in text
    assert "lần hai hoặc khởi kiện" not in text  # no third complaint after the second level
    assert "- Ban Tiếp công dân tỉnh;" in text  # the forwarding body is told the result

    text = _read(
        member,
        documents["complaint.publication_minutes"],
        on=date(2026, 10, 5),
        version="nd155-2026",
        title="Công khai quyết định giải quyết khiếu nại",
        minutes=True,
    )
    assert f"Quyết định số {decision.number_display} ngày 01/10/2026" in text
    assert "Hình thức công khai: Niêm yết tại trụ sở Ủy ban nhân dân tỉnh." in text


def test_a_document_input_missing_or_wrong_is_refused_with_its_field(officer_a, register):
    f = Flow(officer_a, register(received_date=date(2026, 10, 1)))
    f.classify()
    f.outcome("accept")
    assert f.go("complaint.refuse", expect=400, reason="Không đủ điều kiện.")["field"] == "ground"
    assert f.go("complaint.refuse", expect=400, ground="no_such_ground", reason="x")["field"] == "ground"
    f.go("complaint.accept", date="2026-10-05")  # 30 CD -> Wed 4/11/2026
    assert f.go("complaint.verify", expect=400, date="2026-10-06")["field"] == "verifier"
    refused = f.go("complaint.verify", expect=400, date="2026-10-06", verifier=VERIFIER, verification_days=40)
    assert refused["field"] == "verification_days"
    assert "04/11/2026" in refused["detail"]
    f.go("complaint.verify", date="2026-10-06", verifier=VERIFIER, verification_days=29)
    assert f.go("complaint.dialogue", expect=400, minutes="Đối thoại.")["field"] == "participants"
    assert f.go("complaint.dialogue", expect=400, minutes="x", participants="x")["field"] == "dialogue_result"
    f.post("transitions/complaint.dialogue/", {**DIALOGUE, "dialogue_time": "25:99"}, expect=400)
    # Nothing refused spent a number.
    assert set(_documents(officer_a, f.pk)) == {"complaint.acceptance_notice", "complaint.verification_decision"}


def test_the_page_asks_for_the_ground_and_the_verifier(officer_a, register):
    f = Flow(officer_a, register(received_date=date(2026, 10, 1)))
    f.classify()
    f.outcome("accept")
    client = officer_a.web()
    base = officer_a.url(f"don-thu/{f.pk}/")
    page = client.get(base)
    forms = {name: form for name, _label, form in page.context["transitions"]}
    assert ("time_expired", "Hết thời hiệu, thời hạn khiếu nại mà không có lý do chính đáng (khoản 6)") in forms[
        "complaint.refuse"
    ].fields["ground"].choices
    refused = client.post(f"{base}chuyen/complaint.refuse/", {"reason": "Đã hết thời hiệu."})
    assert refused.status_code == 400
    done = client.post(f"{base}chuyen/complaint.refuse/", {"ground": "time_expired", "reason": "Đã hết thời hiệu."})
    assert done.status_code == 302
    assert set(_documents(officer_a, f.pk)) == {"complaint.non_acceptance_notice"}


def test_a_units_complaint_documents_are_not_seen_from_another_unit(officer_a, member_b, register):
    f = Flow(officer_a, register(received_date=date(2026, 10, 1)))
    f.classify()
    f.outcome("accept")
    f.go("complaint.refuse", ground="time_expired", reason="Đã hết thời hiệu.")
    notice = _documents(officer_a, f.pk)["complaint.non_acceptance_notice"]
    with schema_context(member_b.unit.schema_name):
        assert not IssuedDocument.objects.filter(subject_type="petitions.petition", subject_id=f.pk).exists()
    # Unit B's officer asking for unit A's petition at unit B finds nothing.
    response = member_b.api().get(member_b.url(f"api/v1/petitions/{f.pk}/"))
    assert response.status_code == 404
    assert notice.number_display not in response.content.decode()
