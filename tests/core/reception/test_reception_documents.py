"""The documents of citizen reception, issued by the reception steps through the document engine and
read back: the refusal notice (01/TCD), the receipt (02/TCD) with both signatures, the session's
conclusion notice titled by the session's date, and the reception log (03/TCD) printed and
exported with its 13 columns. Another unit gets none of them."""

from __future__ import annotations

from datetime import date, timedelta
from io import BytesIO

import pytest
from django_tenants.utils import schema_context
from docx import Document
from openpyxl import load_workbook

from core.common.errors import ApplicationError
from core.documents.models import IssuedDocument, RegisterCounter
from core.documents.services import document_symbol_set
from core.petitions.issuing.common import SEALED_SENDER
from core.reception.models import UnitProfile, Visit
from core.reception.selectors.logbook import FORMS_FILE
from core.reception.services.instructions import instruction_add
from core.reception.services.sessions import session_hold, session_notice_issue

from .helpers import at, held_session, log, today

pytestmark = pytest.mark.django_db
URL = "tiep-dan/"
CITIZEN = {
    "full_name": "Hoàng Văn Dũng",
    "id_kind": "cccd",
    "id_number": "020085001234",
    "address_street": "thôn Bản Cầu, xã Tân Đoàn",
}
ITEMS = ["Đơn khiếu nại ngày 01/12/2026 (02 trang, bản gốc)", "Quyết định số 12/QĐ-UBND (bản phô tô, 03 trang)"]


@pytest.fixture
def media(settings, tmp_path):
    """The files of documents the test issues go to a temporary folder."""
    from django.core.files.storage import storages

    storage = storages["default"]
    storage.__dict__.pop("relative_media_root", None)  # django-tenants caches MEDIA_ROOT
    settings.MEDIA_ROOT = tmp_path
    yield tmp_path
    storage.__dict__.pop("relative_media_root", None)


@pytest.fixture
def head_a(leader_a, media):
    with schema_context(leader_a.unit.schema_name):
        UnitProfile.objects.create(head=leader_a.user, head_title="Chủ tịch UBND xã", reception_address="UBND xã")
    return leader_a


def _documents(member, subject, kind: str = "") -> list[IssuedDocument]:
    label = subject._meta.label_lower
    with schema_context(member.unit.schema_name):
        found = IssuedDocument.objects.filter(subject_type=label, subject_id=subject.pk).order_by("id")
        return list(found.filter(kind=kind) if kind else found)


def _read(member, document: IssuedDocument) -> Document:
    with schema_context(member.unit.schema_name), document.docx.open("rb") as handle:
        return Document(BytesIO(handle.read()))


def _text(doc: Document) -> str:
    cells = [cell.text for table in doc.tables for row in table.rows for cell in row.cells]
    return "\n".join([paragraph.text for paragraph in doc.paragraphs] + cells)


def _common_parts(doc: Document, document: IssuedDocument, day: date) -> str:
    """What every reception document carries (NĐ 30/2020): A4, the commune's header, the number with
    its symbol, place and date; returns the whole text."""
    section = doc.sections[0]
    assert (round(section.page_width.mm), round(section.page_height.mm)) == (210, 297)
    text = _text(doc)
    assert "ỦY BAN NHÂN DÂN\nXÃ TÂN ĐOÀN" in doc.tables[0].rows[0].cells[0].text
    assert f"Số: {document.number_display}" in text
    assert f"Tân Đoàn, ngày {day:%d} tháng {day:%m} năm {day:%Y}" in text
    return text


def test_a_refusal_on_the_ground_of_art_4_h_issues_the_refusal_notice_signed_by_the_head(
    head_a, receptionist_a, admin_a
):
    with schema_context(admin_a.unit.schema_name):
        document_symbol_set(actor=admin_a.user, kind="reception.refusal_notice", symbol="TB-TCD")
    visit = log(
        receptionist_a,
        petition_type="recommendation",
        outcome="refused",
        refusal_reason="answered",
        citizens=[CITIZEN],
        headcount=1,
        content="Kiến nghị cấp giấy chứng nhận đã được trả lời bằng văn bản.",
    )
    [notice] = _documents(receptionist_a, visit)
    assert (notice.kind, notice.form_version, notice.number_display) == (
        "reception.refusal_notice",
        "nd154-2026",
        "01/TB-TCD",
    )
    assert notice.kinh_gui == ["Hoàng Văn Dũng"]
    doc = _read(receptionist_a, notice)
    text = _common_parts(doc, notice, today())
    lines = [paragraph.text for paragraph in doc.paragraphs]
    assert "Mẫu số 01/TCD" in lines
    assert "THÔNG BÁO" in lines
    assert "Về việc từ chối tiếp công dân" in lines
    assert "Kính gửi: Hoàng Văn Dũng" in lines
    assert "Căn cước số 020085001234" in text
    assert "điểm h khoản 1 Điều 4 Nghị định số 154/2026/NĐ-CP" in text
    assert "đã được trả lời bằng văn bản" in text  # the ground, in Vietnamese
    assert "từ chối tiếp nhận nội dung kiến nghị của Hoàng Văn Dũng" in text
    signer = doc.tables[-1].rows[0].cells[1].text
    assert "CHỦ TỊCH UBND XÃ" in signer  # the head signs (NĐ 154/2026 Art. 4(3)), not the officer
    assert head_a.user.display_name in signer
    assert "Nơi nhận:" in doc.tables[-1].rows[0].cells[0].text
    assert doc.core_properties.comments == "chưa đối chiếu"


def test_a_refusal_explained_orally_issues_nothing_and_before_july_2026_the_law_s_ground_is_cited(
    head_a, receptionist_a
):
    oral = log(receptionist_a, outcome="refused", refusal_reason="threatening", citizens=[CITIZEN], headcount=1)
    assert _documents(receptionist_a, oral) == []
    june = date(2026, 6, 11)
    visit = log(
        receptionist_a,
        visited_at=at(june),
        outcome="refused",
        refusal_reason="resolved",
        citizens=[CITIZEN],
        headcount=1,
    )
    [notice] = _documents(receptionist_a, visit)
    assert (notice.form_version, notice.issued_on) == ("tt04-2021", june)
    text = _common_parts(_read(receptionist_a, notice), notice, june)
    assert "Căn cứ khoản 3 Điều 9 Luật Tiếp công dân" in text


def test_documents_received_are_listed_on_a_receipt_signed_by_the_citizen_and_the_officer(head_a, receptionist_a):
    visit = log(receptionist_a, documents_received=[f"  {ITEMS[0]} ", "", ITEMS[1]])
    with schema_context(receptionist_a.unit.schema_name):
        assert Visit.objects.get(pk=visit.pk).documents_received == "\n".join(ITEMS)
    [receipt] = _documents(receptionist_a, visit)
    assert (receipt.kind, receipt.form_version) == ("reception.receipt", "nd154-2026")
    assert receipt.number_display.endswith("/GBN-UBND")
    doc = _read(receptionist_a, receipt)
    text = _common_parts(doc, receipt, today())
    lines = [paragraph.text for paragraph in doc.paragraphs]
    assert "Mẫu số 02/TCD" in lines
    assert doc.core_properties.subject == "Mẫu số 02/TCD ban hành kèm theo Nghị định số 154/2026/NĐ-CP"
    assert "GIẤY BIÊN NHẬN" in lines
    assert "Thông tin, tài liệu" in lines
    assert f"1. {ITEMS[0]}" in lines
    assert f"2. {ITEMS[1]}" in lines
    assert f"Tôi là: {receptionist_a.user.display_name}." in lines
    assert "Đã nhận của Người dân 0 (đại diện đoàn 7 người)" in text
    # Both signatures side by side; a receipt is sent to no one.
    provider, receiver = doc.tables[-1].rows[0].cells
    assert provider.text.split("\n")[0] == "NGƯỜI CUNG CẤP THÔNG TIN, TÀI LIỆU"
    assert provider.text.strip().endswith("Người dân 0")
    assert receiver.text.split("\n")[0] == "NGƯỜI NHẬN"
    assert receiver.text.strip().endswith(receptionist_a.user.display_name)
    assert doc.tables[-1].rows[0]._tr.trPr is not None
    assert "Nơi nhận" not in text


def test_a_denouncer_s_receipt_names_no_one_and_opens_only_with_the_case(head_a, receptionist_a):
    visit = log(
        receptionist_a,
        petition_type="denunciation",
        headcount=1,
        subject="Tố cáo cán bộ",
        citizens=[{"full_name": "Lò Văn Bí Mật", "id_kind": "cccd", "id_number": "020085009876"}],
        documents_received=["Tài liệu chứng minh (05 trang)"],
    )
    [receipt] = _documents(receptionist_a, visit)
    assert receipt.subject_sealed
    text = _text(_read(receptionist_a, receipt))
    assert SEALED_SENDER in text
    assert "Lò Văn Bí Mật" not in text
    assert "020085009876" not in text


@pytest.mark.parametrize(
    ("documents", "outcome"),
    [
        (["x" * 501], "petition"),
        (["Đơn"] * 51, "petition"),
        ("Đơn khiếu nại", "petition"),  # a list, one item per document
        (["Đơn khiếu nại"], "refused"),  # a refused citizen hands in nothing
    ],
)
def test_bad_documents_received_are_refused_and_spend_no_number(head_a, receptionist_a, documents, outcome):
    extra = {"refusal_reason": "threatening"} if outcome == "refused" else {}
    with pytest.raises(ApplicationError) as refused:
        log(receptionist_a, documents_received=documents, outcome=outcome, **extra)
    assert refused.value.extra == {"field": "documents_received"}
    with schema_context(receptionist_a.unit.schema_name):
        assert not Visit.objects.exists()
        assert not IssuedDocument.objects.exists()
        assert not RegisterCounter.objects.exists()


def test_the_visit_page_takes_one_document_a_line_and_lists_the_receipt(head_a, receptionist_a):
    from .test_pages import SEVEN, _visit_form

    client = receptionist_a.web()
    form = _visit_form(SEVEN, documents_received=f"{ITEMS[0]}\r\n\r\n{ITEMS[1]}\r\n")
    response = client.post(receptionist_a.url(URL + "so-tiep-cong-dan/moi/"), form)
    assert response.status_code == 302, response.content.decode()[:2000]
    with schema_context(receptionist_a.unit.schema_name):
        visit = Visit.objects.get()
    [receipt] = _documents(receptionist_a, visit)
    assert receipt.context["items"] == ITEMS
    page = client.get(response.url)
    assert [row["document"].pk for row in page.context["documents"]] == [receipt.pk]
    download = client.get(receptionist_a.url(f"van-ban/{receipt.pk}/tai-xuong/docx/"))
    assert download.status_code == 200
    refused = client.post(
        receptionist_a.url(URL + "so-tiep-cong-dan/moi/"),
        _visit_form(SEVEN[:1], documents_received="Đơn", outcome="refused", refusal_reason="threatening"),
    )
    assert refused.status_code == 400
    assert list(refused.context["form"].errors) == ["documents_received"]


def test_the_api_takes_the_documents_received_as_a_list(head_a, receptionist_a):
    response = receptionist_a.api().post(
        receptionist_a.url("api/v1/reception/visits/"),
        {
            "visited_at": at(today(), 9).isoformat(),
            "place": "UBND xã",
            "petition_type": "feedback",
            "field_code": "dat-dai",
            "content": "Phản ánh đường hỏng.",
            "outcome": "answered",
            "citizens": [CITIZEN],
            "documents_received": ITEMS,
        },
        format="json",
    )
    assert response.status_code == 201, response.content.decode()[:2000]
    with schema_context(receptionist_a.unit.schema_name):
        visit = Visit.objects.get()
    assert [d.kind for d in _documents(receptionist_a, visit)] == ["reception.receipt"]


def _session_with_matters(head_a, receptionist_a, day: date):
    session = held_session(head_a, day)
    group = log(receptionist_a, visited_at=at(day, 8), session=session, kind="periodic")
    sealed = log(
        receptionist_a,
        visited_at=at(day, 9),
        session=session,
        kind="periodic",
        headcount=1,
        petition_type="denunciation",
        content="Tố cáo cán bộ địa chính nhận tiền.",
        subject="Tố cáo",
        citizens=[{"full_name": "Lò Văn Bí Mật", "id_kind": "cccd", "id_number": "020085009876"}],
    )
    with schema_context(head_a.unit.schema_name):
        session = session_hold(
            actor=head_a.user, session=session, attendees="Công an xã", visit_ids=[group.pk, sealed.pk]
        )
        first = instruction_add(
            actor=head_a.user,
            session=session,
            visit=group,
            assignee=receptionist_a.user,
            text="Giao Phòng Kinh tế rà soát đơn giá bồi thường.",
            assignee_body="Phòng Kinh tế",
            due_date=day + timedelta(days=15),
        )
        general = instruction_add(
            actor=head_a.user,
            session=session,
            text="Rà soát các vụ việc tồn đọng.",
            assignee_body="Văn phòng UBND xã",
            due_date=day + timedelta(days=30),
        )
    return session, group, sealed, first, general


def test_the_session_notice_is_titled_per_nd_154_and_lists_every_matter_and_instruction(head_a, receptionist_a):
    day = today()
    session, group, sealed, first, general = _session_with_matters(head_a, receptionist_a, day)
    with schema_context(head_a.unit.schema_name):
        session = session_notice_issue(actor=head_a.user, session=session, notice_date=day)
    [notice] = _documents(head_a, session)
    assert (notice.kind, notice.form_version, session.notice_number) == (
        "reception.session_notice",
        "nd154-2026",
        notice.number_display,
    )
    doc = _read(head_a, notice)
    text = _common_parts(doc, notice, day)
    lines = [paragraph.text for paragraph in doc.paragraphs]
    assert "THÔNG BÁO" in lines
    assert f"Kết luận việc tiếp công dân định kỳ ngày {day:%d/%m/%Y}" in lines
    assert doc.core_properties.subject == "Khoản 2 Điều 25 Nghị định số 154/2026/NĐ-CP"
    assert group.content in text
    assert sealed.content in text
    assert "1. Đoàn 7 người, đại diện: Người dân 0, Người dân 1" in text
    assert f"2. {SEALED_SENDER}" in text
    assert "Lò Văn Bí Mật" not in text
    assert (
        f"{first.text} Giao: Phòng Kinh tế (cán bộ phụ trách: {receptionist_a.user.display_name}); "
        f"thời hạn: {first.due_date:%d/%m/%Y}." in text
    )
    assert "3. Kết luận, chỉ đạo chung" in text
    assert general.text in text
    recipients, signer = doc.tables[-1].rows[0].cells
    assert "- Phòng Kinh tế;" in recipients.text
    assert "- Văn phòng UBND xã;" in recipients.text
    assert head_a.user.display_name in signer.text


def test_a_session_before_july_2026_keeps_the_earlier_title_though_its_notice_is_later(head_a, receptionist_a):
    day = date(2026, 6, 11)
    session, group, _sealed, first, _general = _session_with_matters(head_a, receptionist_a, day)
    with schema_context(head_a.unit.schema_name):
        session = session_notice_issue(actor=head_a.user, session=session, notice_date=date(2026, 7, 2))
    [notice] = _documents(head_a, session)
    assert (notice.form_version, notice.issued_on) == ("tt04-2021", date(2026, 7, 2))
    doc = _read(head_a, notice)
    text = _common_parts(doc, notice, date(2026, 7, 2))
    assert "Kết quả và ý kiến chỉ đạo giải quyết tại buổi tiếp công dân định kỳ ngày 11/06/2026" in text
    assert "Kết luận việc tiếp công dân" not in text
    assert first.text in text


def test_the_session_page_downloads_the_notice_from_the_register(head_a, receptionist_a):
    session, group, *_rest = _session_with_matters(head_a, receptionist_a, today())
    client = head_a.web()
    base = head_a.url(URL + f"lich-tiep/{session.pk}/")
    assert client.post(base + "notice/", {"notice_date": f"{today():%d/%m/%Y}"}).status_code == 302
    [notice] = _documents(head_a, session)
    page = client.get(base)
    assert [row["document"].pk for row in page.context["documents"]] == [notice.pk]
    download = client.get(base + "thong-bao/docx/")
    assert download.status_code == 200
    assert group.content in _text(Document(BytesIO(b"".join(download.streaming_content))))


def test_the_reception_log_prints_and_exports_the_13_columns_of_form_03_tcd(head_a, receptionist_a):
    import json

    petition = log(receptionist_a, documents_received=ITEMS, previously_resolved_by="UBND xã (lần đầu)")
    guided = log(
        receptionist_a,
        visited_at=at(today(), 10),
        outcome="guided",
        citizens=[CITIZEN],
        headcount=1,
        referred_to="Tòa án nhân dân khu vực 1",
    )
    sealed = log(
        receptionist_a,
        visited_at=at(today(), 11),
        petition_type="denunciation",
        headcount=1,
        citizens=[{"full_name": "Lò Văn Bí Mật", "id_kind": "cccd", "id_number": "020085009876"}],
        subject="Tố cáo",
        content="Tố cáo cán bộ.",
    )
    client = receptionist_a.web()
    listing = client.get(receptionist_a.url(URL + "so-tiep-cong-dan/"))
    assert 'id="log-print"' in listing.content.decode()
    period = {"date_from": f"{today():%d/%m/%Y}", "date_to": f"{today():%d/%m/%Y}"}
    printed = client.get(receptionist_a.url(URL + "so-tiep-cong-dan/ban-in/"), period)
    assert printed.status_code == 200
    assert [row["visit_id"] for row in printed.context["log"].rows] == [petition.pk, guided.pk, sealed.pk]
    exported = client.get(receptionist_a.url(URL + "so-tiep-cong-dan/xuat-excel/"), period)
    assert exported.status_code == 200
    assert exported["Content-Type"].startswith("application/vnd.openxmlformats")
    sheet = load_workbook(BytesIO(exported.content)).active
    columns = json.loads(FORMS_FILE.read_text(encoding="utf-8"))["versions"][-1]["columns"]
    headers = [cell.value for cell in sheet[6]]
    assert len(headers) == 13
    assert headers == [column["header"] for column in columns]
    assert [cell.value for cell in sheet[7]] == [f"({n})" for n in range(1, 14)]
    assert sheet["M1"].value == "Mẫu số 03/TCD"
    first, second, third = ([cell.value for cell in sheet[row]] for row in (8, 9, 10))
    assert first[:3] == [
        1,
        f"{today():%d/%m/%Y}",
        "Người dân 0 (đại diện); Người dân 1 (đại diện); " + "; ".join(f"Người dân {i}" for i in range(2, 7)),
    ]
    assert (first[5], first[6], first[7], first[8]) == ("Khiếu nại", 7, "UBND xã (lần đầu)", "x")
    assert "Đơn số " in first[11]
    assert "Giấy biên nhận số 01/GBN-UBND" in first[12]
    assert "Đoàn đông người" in first[12]
    assert (second[2], second[3]) == ("Hoàng Văn Dũng, thôn Bản Cầu, xã Tân Đoàn", "Căn cước 020085001234")
    assert (second[8], second[9]) == (None, "Tòa án nhân dân khu vực 1")
    assert (third[2], third[3], third[5]) == (SEALED_SENDER, None, "Tố cáo")
    assert "Lò Văn Bí Mật" not in exported.content.decode("latin-1")


@pytest.mark.parametrize(
    "period",
    [
        {"date_from": "10/12/2026", "date_to": "01/12/2026"},
        {"date_from": "01/01/2025", "date_to": "31/12/2026"},
        {"date_from": "31/02/2026", "date_to": "01/03/2026"},
    ],
)
def test_a_bad_period_is_refused_with_a_400(receptionist_a, period):
    client = receptionist_a.web()
    for path in ("so-tiep-cong-dan/ban-in/", "so-tiep-cong-dan/xuat-excel/"):
        response = client.get(receptionist_a.url(URL + path), period)
        assert response.status_code == 400
        assert response.context["form"].errors


def test_another_unit_gets_neither_the_log_nor_the_documents(head_a, receptionist_a, unit_b, make_member):
    visit = log(receptionist_a, documents_received=ITEMS)
    session, *_rest = _session_with_matters(head_a, receptionist_a, today())
    with schema_context(head_a.unit.schema_name):
        session_notice_issue(actor=head_a.user, session=session, notice_date=today())
    [receipt] = _documents(receptionist_a, visit)
    [notice] = _documents(head_a, session)
    leader_b = make_member(unit_b, roles=("leader", "reception_officer"), username="lanh_dao_b")
    client = leader_b.web()
    period = {"date_from": f"{today():%d/%m/%Y}", "date_to": f"{today():%d/%m/%Y}"}
    # B's own log is empty: A's visits are not in B's schema.
    own = client.get(leader_b.url(URL + "so-tiep-cong-dan/xuat-excel/"), period)
    assert own.status_code == 200
    assert load_workbook(BytesIO(own.content)).active.max_row == 7  # headers and column numbers only
    assert client.get(leader_b.url(URL + "so-tiep-cong-dan/ban-in/"), period).context["log"].rows == []
    # A's documents and session do not exist at B's address…
    for path in (
        f"van-ban/{receipt.pk}/tai-xuong/docx/",
        f"van-ban/{notice.pk}/",
        URL + f"lich-tiep/{session.pk}/thong-bao/docx/",
    ):
        assert client.get(leader_b.url(path)).status_code == 404, path
    # …and B's session means nothing at A's address: sent to log in, never given the file.
    for path in (URL + "so-tiep-cong-dan/xuat-excel/", f"van-ban/{receipt.pk}/tai-xuong/docx/"):
        response = client.get(receptionist_a.url(path), period)
        assert response.status_code == 302
        assert response.url.startswith(receptionist_a.url("dang-nhap/"))
