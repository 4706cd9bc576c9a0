"""Form letters of petition processing (TT 05/2021) as DOCX, and PDF where LibreOffice is installed.

The layout follows Vietnamese administrative documents (NĐ 30/2020): the issuing body and the
national motto side by side, number and place-date line, title, body, signature block. Only
form 01–03 numbers are confirmed for TT 05/2021 (domain.md §13.3); the others are labelled as the
unit's own forms.
"""

from __future__ import annotations

import io
import shutil
import subprocess
import tempfile
from datetime import date
from pathlib import Path

from django.core.files.base import ContentFile
from django.db import connection
from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from core.catalogue.selectors import field_label

from .choices import Outcome
from .models import Petition, PetitionDocument

FORMS = {
    Outcome.ACCEPTANCE_PROPOSED: ("Mẫu số 01 (TT 05/2021)", "PHIẾU ĐỀ XUẤT THỤ LÝ ĐƠN"),
    Outcome.GUIDED: ("Mẫu số 02 (TT 05/2021)", "PHIẾU HƯỚNG DẪN"),
    Outcome.FORWARDED: ("Mẫu số 03 (TT 05/2021)", "PHIẾU CHUYỂN ĐƠN"),
    Outcome.RETURNED: ("Mẫu của đơn vị", "PHIẾU TRẢ LẠI ĐƠN"),
    Outcome.CHASED: ("Mẫu của đơn vị", "VĂN BẢN ĐÔN ĐỐC GIẢI QUYẾT ĐƠN"),
    Outcome.FILED: ("Mẫu của đơn vị", "PHIẾU LƯU ĐƠN"),
}


#: How documents name a denouncer: never by name (Denunciations Law Art. 47).
SEALED_SENDER = "Người tố cáo (thông tin được giữ bí mật theo quy định)"


def _unit():
    from tenants.models import Unit

    return Unit.objects.get(schema_name=connection.schema_name)


def vietnamese_date(day: date, place: str) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def _sender_line(petition: Petition) -> str:
    """Who sent it: for a sealed denunciation, never a name (Denunciations Law Art. 47)."""
    if petition.is_confidential:
        return SEALED_SENDER
    if petition.signer_kind == "anonymous":
        return "Đơn không ghi tên người gửi"
    names = [c.full_name for c in petition.citizens.all()]
    return ", ".join(names) or "—"


def _header(doc: Document, unit, form: str, number: str, today: date) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(unit.name.upper()).bold = True
    left.add_paragraph(f"Số: {number}")
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc").runs[0].bold = True
    right.add_paragraph(vietnamese_date(today, unit.province_name or "")).runs[0].italic = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(form).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def outcome_docx(petition: Petition, *, today: date) -> tuple[str, bytes]:
    unit = _unit()
    form, title = FORMS[petition.outcome]
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    _header(doc, unit, form, f"{petition.registry_number}/PXL", today)
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True
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
        paragraph.add_run(str(value))
    doc.add_paragraph(_body(petition))
    signature = doc.add_paragraph()
    signature.alignment = WD_ALIGN_PARAGRAPH.RIGHT
    signature.add_run("NGƯỜI ĐỀ XUẤT / THỦ TRƯỞNG ĐƠN VỊ\n(Ký, ghi rõ họ tên)").bold = True
    buffer = io.BytesIO()
    doc.save(buffer)
    return title, buffer.getvalue()


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


def pdf_from_docx(docx: bytes) -> bytes | None:
    """Convert with LibreOffice when it is installed; None otherwise (the DOCX is the record)."""
    office = shutil.which("soffice") or shutil.which("libreoffice")
    if office is None:
        return None
    with tempfile.TemporaryDirectory() as folder:
        source = Path(folder) / "letter.docx"
        source.write_bytes(docx)
        result = subprocess.run(
            [office, "--headless", "--convert-to", "pdf", "--outdir", folder, str(source)],
            capture_output=True,
            timeout=120,
        )
        target = source.with_suffix(".pdf")
        return target.read_bytes() if result.returncode == 0 and target.exists() else None


def outcome_document_create(*, petition: Petition, actor) -> PetitionDocument:
    from .deadlines import today

    title, docx = outcome_docx(petition, today=today())
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
    unit = _unit()
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    _header(doc, unit, "Giấy biên nhận", petition.registry_number, petition.received_date)
    title = doc.add_paragraph()
    title.alignment = WD_ALIGN_PARAGRAPH.CENTER
    title.add_run("GIẤY BIÊN NHẬN ĐƠN").bold = True
    doc.add_paragraph(f"{unit.name} đã nhận đơn ngày {petition.received_date.strftime('%d/%m/%Y')}, "
                      f"số vào sổ {petition.registry_number}.")  # fmt: skip
    code = doc.add_paragraph()
    code.add_run("Mã tra cứu: ").bold = True
    code.add_run(petition.receipt_code).bold = True
    doc.add_paragraph(
        "Dùng mã tra cứu trên trang của đơn vị để xem tình trạng giải quyết đơn. Không cung cấp mã này cho người khác."
    )
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
