"""The DOCX plumbing of the slips that are not documents of the register (the petition's receipt,
``core.petitions.receipts``): Vietnamese administrative layout (NĐ 30/2020). Numbered documents
are the document engine's (``core.documents``).

A letter starts with ``letter_new`` (Times New Roman 13), then ``letter_header``: the issuing
body and its number on the left, the national motto and the place-date line on the right, the
form's name below. ``letter_bytes`` gives the file. Every text a person typed goes through
``core.common.text.strip_controls`` on its way in: text stored before input was cleaned may hold
characters that no XML document can carry, and python-docx refuses them.
"""

from __future__ import annotations

import io
from datetime import date

from docx import Document
from docx.document import Document as DocxDocument
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.shared import Pt

from tenants.db import connection

from .text import strip_controls


def issuing_unit():
    """The unit whose schema is active: the body that issues the letter."""
    from tenants.models import Unit

    return Unit.objects.get(schema_name=connection.schema_name)


def vietnamese_date(day: date, place: str) -> str:
    return f"{place}, ngày {day.day:02d} tháng {day.month:02d} năm {day.year}"


def letter_new() -> DocxDocument:
    doc = Document()
    doc.styles["Normal"].font.name = "Times New Roman"
    doc.styles["Normal"].font.size = Pt(13)
    return doc


def letter_header(doc: DocxDocument, unit, form: str, number: str, day: date) -> None:
    table = doc.add_table(rows=1, cols=2)
    left, right = table.rows[0].cells
    left.paragraphs[0].add_run(strip_controls(unit.name.upper())).bold = True
    left.add_paragraph(strip_controls(f"Số: {number}"))
    right.paragraphs[0].add_run("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM").bold = True
    right.add_paragraph("Độc lập - Tự do - Hạnh phúc").runs[0].bold = True
    right.add_paragraph(vietnamese_date(day, unit.province_name or "")).runs[0].italic = True
    for cell in (left, right):
        for paragraph in cell.paragraphs:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.CENTER
    doc.add_paragraph(form).alignment = WD_ALIGN_PARAGRAPH.RIGHT


def letter_title(doc: DocxDocument, title: str) -> None:
    heading = doc.add_paragraph()
    heading.alignment = WD_ALIGN_PARAGRAPH.CENTER
    heading.add_run(title).bold = True


def letter_bytes(doc: DocxDocument) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()
