"""Form letters of petition processing (TT 05/2021) as DOCX, and PDF where LibreOffice is installed.

The layout follows Vietnamese administrative documents (NĐ 30/2020): the issuing body and the
national motto side by side, number and place-date line, title, body, signature block. Only
form 01–03 numbers are confirmed for TT 05/2021 (domain.md §13.3); the others are labelled as the
unit's own forms.
"""

from __future__ import annotations

from datetime import date

from django.core.files.base import ContentFile
from docx.enum.text import WD_ALIGN_PARAGRAPH

from core.catalogue.selectors import field_label
from core.common.dates import today as _today
from core.common.documents import (
    issuing_unit,
    letter_bytes,
    letter_header,
    letter_new,
    letter_title,
    pdf_from_docx,
)
from core.common.text import strip_controls

from .choices import Outcome
from .issuing.common import SEALED_SENDER
from .models import Petition, PetitionDocument

FORMS = {
    Outcome.ACCEPTANCE_PROPOSED: ("Mẫu số 01 (TT 05/2021)", "PHIẾU ĐỀ XUẤT THỤ LÝ ĐƠN"),
    Outcome.GUIDED: ("Mẫu số 02 (TT 05/2021)", "PHIẾU HƯỚNG DẪN"),
    Outcome.FORWARDED: ("Mẫu số 03 (TT 05/2021)", "PHIẾU CHUYỂN ĐƠN"),
    Outcome.RETURNED: ("Mẫu của đơn vị", "PHIẾU TRẢ LẠI ĐƠN"),
    Outcome.CHASED: ("Mẫu của đơn vị", "VĂN BẢN ĐÔN ĐỐC GIẢI QUYẾT ĐƠN"),
    Outcome.FILED: ("Mẫu của đơn vị", "PHIẾU LƯU ĐƠN"),
}


def _sender_line(petition: Petition) -> str:
    """Who sent it: for a sealed denunciation, never a name (Denunciations Law Art. 47)."""
    if petition.is_confidential:
        return SEALED_SENDER
    if petition.signer_kind == "anonymous":
        return "Đơn không ghi tên người gửi"
    names = [c.full_name for c in petition.citizens.all()]
    return ", ".join(names) or "—"


def outcome_docx(petition: Petition, *, today: date) -> tuple[str, bytes]:
    unit = issuing_unit()
    form, title = FORMS[petition.outcome]
    doc = letter_new()
    letter_header(doc, unit, form, f"{petition.registry_number}/PXL", today)
    letter_title(doc, title)
    rows = [
        ("Số vào sổ", petition.registry_number),
        ("Ngày nhận đơn", petition.received_date.strftime("%d/%m/%Y")),
        ("Người gửi", _sender_line(petition)),
        ("Loại đơn", petition.get_petition_type_display()),
        ("Lĩnh vực", field_label(petition.field_code)),
        ("Nội dung", petition.subject),
        ("Tóm tắt", petition.summary),
    ]
    if petition.competent_body:
        rows.append(("Cơ quan có thẩm quyền", petition.competent_body))
    for label, value in rows:
        paragraph = doc.add_paragraph()
        paragraph.add_run(f"{label}: ").bold = True
        # Text stored before input was cleaned may hold characters no XML can carry.
        paragraph.add_run(strip_controls(str(value)))
    doc.add_paragraph(strip_controls(_body(petition)))
    signature = doc.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run("NGƯỜI ĐỀ XUẤT / THỦ TRƯỞNG ĐƠN VỊ\n(Ký, ghi rõ họ tên)").bold = True
    return title, letter_bytes(doc)


def _body(petition: Petition) -> str:
    body = {
        Outcome.ACCEPTANCE_PROPOSED: "Đơn đủ điều kiện xử lý và thuộc thẩm quyền giải quyết. "
        "Đề xuất thủ trưởng đơn vị thụ lý giải quyết theo quy định.",
        Outcome.GUIDED: f"Nội dung đơn thuộc thẩm quyền giải quyết của {petition.competent_body}. "
        "Đề nghị người gửi đơn liên hệ cơ quan có thẩm quyền để được giải quyết theo quy định.",
        Outcome.FORWARDED: f"Chuyển đơn đến {petition.competent_body} để xem xét, giải quyết theo thẩm quyền "
        "và thông báo kết quả cho cơ quan chuyển đơn.",
        Outcome.RETURNED: f"Trả lại đơn cho {petition.competent_body} do đơn không thuộc thẩm quyền giải quyết "
        "của cơ quan nhận.",
        Outcome.CHASED: f"Đề nghị {petition.competent_body} khẩn trương giải quyết và báo cáo kết quả.",
        Outcome.FILED: "Đơn không đủ điều kiện xử lý hoặc đã được giải quyết; lưu đơn theo quy định "
        "(Điều 28 Thông tư 05/2021/TT-TTCP).",
    }
    return body[petition.outcome]


def outcome_document_create(*, petition: Petition, actor) -> PetitionDocument:
    title, docx = outcome_docx(petition, today=_today())
    document = PetitionDocument(petition=petition, form=petition.outcome, title=title, created_by=actor)
    stem = f"{petition.registry_number.replace('/', '-')}-{petition.outcome}"
    document.docx.save(f"{stem}.docx", ContentFile(docx), save=False)
    pdf = pdf_from_docx(docx)
    if pdf:
        document.pdf.save(f"{stem}.pdf", ContentFile(pdf), save=False)
    document.save()
    return document


def receipt_docx(petition: Petition) -> bytes:
    """The citizen's receipt: registry number, date and the code to look the petition up with."""
    unit = issuing_unit()
    doc = letter_new()
    letter_header(doc, unit, "Giấy biên nhận", petition.registry_number, petition.received_date)
    letter_title(doc, "GIẤY BIÊN NHẬN ĐƠN")
    doc.add_paragraph(f"{unit.name} đã nhận đơn ngày {petition.received_date.strftime('%d/%m/%Y')}, "
                      f"số vào sổ {petition.registry_number}.")  # fmt: skip
    code = doc.add_paragraph()
    code.add_run("Mã tra cứu: ").bold = True
    code.add_run(petition.receipt_code).bold = True
    doc.add_paragraph(
        "Dùng mã tra cứu trên trang của đơn vị để xem tình trạng giải quyết đơn. Không cung cấp mã này cho người khác."
    )
    return letter_bytes(doc)
