"""The layout of an administrative document (NĐ 30/2020/NĐ-CP, Appendix I), in one place.

``template_build(spec)`` writes a DOCX *template* (docxtpl/Jinja tags in its text) for one form
version from its spec in the form's manifest (``core/documents/forms/<form>/manifest.json``, key
``layout``); ``tools/build_form_templates.py`` runs it for every form and the DOCX files are
committed as data. Rendering fills the tags (``core.documents.rendering``); the layout keys it
fills are listed in ``LAYOUT_KEYS``.

What the decree fixes, and where it is done here:

* A4, margins top and bottom 20 mm, left 30 mm, right 15 mm (the decree: 20–25, 20–25, 30–35,
  15–20); Times New Roman; body 14 pt (13–14), justified, first-line indent 1 cm, 6 pt between
  paragraphs, single line spacing.
* Header, a borderless two-column table with fixed widths (65 + 100 mm): on the left the direct
  superior body in capitals (12 pt), the issuing body in bold capitals (12 pt) with a short rule
  under it, and "Số: 12/TB-UBND" (13 pt); on the right the national name in bold capitals (12 pt)
  and the motto in bold (13 pt), underlined, then the place and date in italics (14 pt) on the
  number's line. At these sizes the national name is 88 mm wide and the motto 56 mm in a 100 mm
  column, so neither wraps.
* Title in bold capitals, its summary line in bold with a short rule under it; "Kính gửi:" where
  the form has it; the legal bases ("Căn cứ …"), in italics for decisions; the body.
* Signature block and "Nơi nhận" side by side in one table row that cannot split, kept with the
  last paragraph of the body, so the signature never starts a page alone. "Nơi nhận:" bold italic
  12 pt, its items 11 pt; authority (TM., KT., Q.) and the signer's title in bold capitals, the
  name in bold.

``"qr": "lookup"`` in the spec adds, under the signatures, the QR code that opens the status lookup
with the petition's receipt code (``core.documents.qr``) and its caption, in a row of its own that
the renderer fills only when the document has a receipt code.

A body item of the spec is a string (a body paragraph) or an object with ``text`` and optionally
``style`` (body, plain, center, center_bold, bold, italic, list), ``for`` ("item in items": the
paragraph repeats) and ``if`` (a Jinja condition); an object with ``items`` instead of ``text``
repeats or conditions a group of items. ``**…**`` in a text is set in bold.
"""

from __future__ import annotations

import io
import zipfile
from datetime import datetime
from typing import Any

from docx import Document
from docx.enum.table import WD_TABLE_ALIGNMENT
from docx.enum.text import WD_ALIGN_PARAGRAPH, WD_LINE_SPACING
from docx.oxml import OxmlElement
from docx.oxml.ns import qn
from docx.shared import Mm, Pt

FONT = "Times New Roman"
BODY_PT = 14
PAGE = {"width": 210, "height": 297, "top": 20, "bottom": 20, "left": 30, "right": 15}
HEADER_COLUMNS_MM = (65, 100)
SIGNATURE_COLUMNS_MM = (80, 85)
NATIONAL_NAME = "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"
MOTTO = "Độc lập - Tự do - Hạnh phúc"
#: What the engine puts in every document's context (``core.documents.services``); a form's own
#: keys come on top, a caller may set ``signature``.
LAYOUT_KEYS = (
    "unit",  # superior, name_lines, place, body_name, name
    "number",
    "symbol",
    "number_display",
    "year",
    "date",  # ISO date of the step
    "date_line",  # "Tân Đoàn, ngày 02 tháng 12 năm 2026"
    "form",  # code, version, number, title, subtitle, legal_basis, verification
    "kinh_gui",  # the addressees, denouncer first where the kind may name one
    "kinh_gui_lines",  # the same, punctuated for a list ("- A;" … "- B.")
    "recipients_lines",  # "Nơi nhận", punctuated, ending with "Lưu: VT."
    "signature",  # authority, title, name
    "denouncer",  # only for kinds that may name the denouncer; None otherwise
    "qr",  # url, code, caption of the status lookup's QR code (forms with "qr": "lookup"); None otherwise
)
#: Fixed in every template so that a rebuild without a change gives the same bytes.
_BUILT = datetime(2026, 1, 1)  # noqa: DTZ001 - a constant stamp, not a time
_ZIP_DATE = (2026, 1, 1, 0, 0, 0)


def _fonts(element, size: float | None = None) -> None:
    """Times New Roman for every script (Vietnamese letters use the complex-script slot in some
    readers), Vietnamese as the language."""
    if hasattr(element, "get_or_add_rPr"):
        rpr = element.get_or_add_rPr()
    else:  # a paragraph's properties: the mark's run properties come after the others
        rpr = element.find(qn("w:rPr"))
        if rpr is None:
            rpr = OxmlElement("w:rPr")
            element.append(rpr)
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = OxmlElement("w:rFonts")
        rpr.insert(0, fonts)
    for attribute in ("w:ascii", "w:hAnsi", "w:eastAsia", "w:cs"):
        fonts.set(qn(attribute), FONT)
    lang = rpr.find(qn("w:lang"))
    if lang is None:
        lang = OxmlElement("w:lang")
        rpr.append(lang)
    lang.set(qn("w:val"), "vi-VN")
    if size is not None:
        for tag in ("w:sz", "w:szCs"):
            node = rpr.find(qn(tag))
            if node is None:
                node = OxmlElement(tag)
                rpr.append(node)
            node.set(qn("w:val"), str(int(size * 2)))


def _no_borders(table) -> None:
    properties = table._tbl.tblPr
    borders = OxmlElement("w:tblBorders")
    for edge in ("top", "left", "bottom", "right", "insideH", "insideV"):
        node = OxmlElement(f"w:{edge}")
        node.set(qn("w:val"), "nil")
        borders.append(node)
    properties.append(borders)
    layout = OxmlElement("w:tblLayout")
    layout.set(qn("w:type"), "fixed")
    properties.append(layout)


def _table(doc, rows: int, widths_mm: tuple[int, ...]):
    table = doc.add_table(rows=rows, cols=len(widths_mm))
    table.alignment = WD_TABLE_ALIGNMENT.CENTER
    table.autofit = False
    _no_borders(table)
    for column, width in zip(table.columns, widths_mm, strict=True):
        column.width = Mm(width)
        for cell in column.cells:
            cell.width = Mm(width)
    return table


def _rule(paragraph, *, width_mm: float, column_mm: float) -> None:
    """A short solid line, centred: an empty paragraph with a bottom border and indents."""
    side = max((column_mm - 4 - width_mm) / 2, 0)
    paragraph.paragraph_format.left_indent = Mm(side)
    paragraph.paragraph_format.right_indent = Mm(side)
    paragraph.paragraph_format.space_before = Pt(0)
    paragraph.paragraph_format.space_after = Pt(0)
    paragraph.paragraph_format.line_spacing_rule = WD_LINE_SPACING.EXACTLY
    paragraph.paragraph_format.line_spacing = Pt(4)
    ppr = paragraph._p.get_or_add_pPr()
    borders = OxmlElement("w:pBdr")
    bottom = OxmlElement("w:bottom")
    for name, value in (("w:val", "single"), ("w:sz", "6"), ("w:space", "1"), ("w:color", "auto")):
        bottom.set(qn(name), value)
    borders.append(bottom)
    # pBdr comes before spacing and indentation in CT_PPr's sequence.
    ppr.insert_element_before(borders, "w:shd", "w:tabs", "w:suppressAutoHyphens", "w:spacing", "w:ind", "w:jc")


def _runs(paragraph, text: str, *, size: float, bold: bool = False, italic: bool = False, underline=False) -> None:
    """``text`` with ``**…**`` in bold."""
    for index, part in enumerate(text.split("**")):
        if not part:
            continue
        run = paragraph.add_run(part)
        run.bold = bold or index % 2 == 1
        run.italic = italic
        run.underline = underline
        _fonts(run._r, size)


def _paragraph(
    container,
    text: str = "",
    *,
    size: float = BODY_PT,
    align=None,
    bold=False,
    italic=False,
    underline=False,
    before: float = 0,
    after: float = 0,
    indent_mm: float | None = None,
    first_line_mm: float | None = None,
    keep_next: bool = False,
):
    paragraph = container.add_paragraph()
    fmt = paragraph.paragraph_format
    fmt.space_before = Pt(before)
    fmt.space_after = Pt(after)
    fmt.line_spacing = 1.0
    if align is not None:
        paragraph.alignment = align
    if indent_mm is not None:
        fmt.left_indent = Mm(indent_mm)
    if first_line_mm is not None:
        fmt.first_line_indent = Mm(first_line_mm)
    if keep_next:
        fmt.keep_with_next = True
        fmt.keep_together = True
    _fonts(paragraph._p.get_or_add_pPr(), size)  # the paragraph mark's size sets an empty line's height
    if text:
        _runs(paragraph, text, size=size, bold=bold, italic=italic, underline=underline)
    return paragraph


def _tag(container, statement: str):
    """A paragraph holding only a docxtpl paragraph tag (``{%p … %}``): rendering removes it."""
    return _paragraph(container, f"{{%p {statement} %}}")


def _first(cell, text: str, **kwargs):
    """Write into a new cell's own first paragraph, then carry on with ``_paragraph``."""
    paragraph = _paragraph(cell, text, **kwargs)
    cell._tc.remove(cell.paragraphs[0]._p)
    return paragraph


_STYLES: dict[str, dict[str, Any]] = {
    "body": {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "first_line_mm": 10, "before": 6},
    "plain": {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "before": 6},
    "list": {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "first_line_mm": 10, "before": 3},
    "center": {"align": WD_ALIGN_PARAGRAPH.CENTER, "before": 6},
    "center_bold": {"align": WD_ALIGN_PARAGRAPH.CENTER, "before": 6, "bold": True},
    "bold": {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "first_line_mm": 10, "before": 6, "bold": True},
    "italic": {"align": WD_ALIGN_PARAGRAPH.JUSTIFY, "first_line_mm": 10, "before": 6, "italic": True},
}


def _setup(doc) -> None:
    section = doc.sections[0]
    section.page_width, section.page_height = Mm(PAGE["width"]), Mm(PAGE["height"])
    section.top_margin, section.bottom_margin = Mm(PAGE["top"]), Mm(PAGE["bottom"])
    section.left_margin, section.right_margin = Mm(PAGE["left"]), Mm(PAGE["right"])
    normal = doc.styles["Normal"]
    normal.font.name = FONT
    normal.font.size = Pt(BODY_PT)
    _fonts(normal.element, BODY_PT)
    normal.paragraph_format.space_after = Pt(0)
    normal.paragraph_format.space_before = Pt(0)
    normal.paragraph_format.line_spacing = 1.0
    props = doc.core_properties
    props.author = "TiepDan"
    props.title = "{{ form.title }} {{ form.subtitle }}"
    # Every document names its legal basis, and says so while the form is not yet checked against
    # the official text (domain.md §13).
    props.subject = "{{ form.legal_basis }}"
    props.comments = "{{ form.verification }}"
    props.keywords = ""
    props.language = "vi-VN"
    props.created = props.modified = _BUILT
    props.last_modified_by = "TiepDan"
    props.revision = 1


def _header(doc) -> None:
    left_mm, right_mm = HEADER_COLUMNS_MM
    _tag(doc, "if form.number")
    _paragraph(doc, "{{ form.number }}", size=12, align=WD_ALIGN_PARAGRAPH.RIGHT, bold=True)
    _tag(doc, "endif")
    table = _table(doc, 2, HEADER_COLUMNS_MM)
    bodies, nation = table.rows[0].cells
    number, place = table.rows[1].cells
    center = WD_ALIGN_PARAGRAPH.CENTER
    _first(bodies, "{%p if unit.superior %}")
    _paragraph(bodies, "{{ unit.superior }}", size=12, align=center)
    _tag(bodies, "endif")
    _tag(bodies, "for line in unit.name_lines")
    _paragraph(bodies, "{{ line }}", size=12, align=center, bold=True)
    _tag(bodies, "endfor")
    _rule(_paragraph(bodies, size=4), width_mm=left_mm / 3, column_mm=left_mm)
    _first(nation, NATIONAL_NAME, size=12, align=center, bold=True)
    _paragraph(nation, MOTTO, size=13, align=center, bold=True, underline=True)
    _first(number, "Số: {{ number_display }}", size=13, align=center, before=6)
    _first(place, "{{ date_line }}", size=14, align=center, italic=True, before=6)


def _title(doc, spec: dict) -> None:
    center = WD_ALIGN_PARAGRAPH.CENTER
    _paragraph(doc, "{{ form.title }}", align=center, bold=True, before=18)
    _tag(doc, "if form.subtitle")
    _paragraph(doc, "{{ form.subtitle }}", align=center, bold=True)
    _rule(_paragraph(doc, size=4), width_mm=40, column_mm=PAGE["width"] - PAGE["left"] - PAGE["right"])
    _tag(doc, "endif")
    if spec.get("kinh_gui"):
        _tag(doc, "if kinh_gui|length == 1")
        _paragraph(doc, "Kính gửi: {{ kinh_gui[0] }}", align=center, before=12)
        _tag(doc, "elif kinh_gui")
        _paragraph(doc, "Kính gửi:", indent_mm=25, before=12)
        _tag(doc, "for line in kinh_gui_lines")
        _paragraph(doc, "{{ line }}", indent_mm=45)
        _tag(doc, "endfor")
        _tag(doc, "endif")
    for line in spec.get("preamble", []):
        _paragraph(doc, line, align=center, bold=True, before=12)
    italic = spec.get("legal_bases_italic", True)
    for number, line in enumerate(spec.get("legal_bases", [])):
        _paragraph(doc, line, **{**_STYLES["body"], "italic": italic, "before": 12 if number == 0 else 3})


def _body(doc, items: list, *, last: bool = True) -> None:
    """The body's items; an item with ``items`` groups them under its ``for``/``if``. The very
    last paragraph keeps with the signature block."""
    items = [item if isinstance(item, dict) else {"text": item} for item in items]
    for number, item in enumerate(items):
        is_last = last and number == len(items) - 1
        if "if" in item:
            _tag(doc, f"if {item['if']}")
        if "for" in item:
            _tag(doc, f"for {item['for']}")
        if "items" in item:
            _body(doc, item["items"], last=is_last)
        else:
            style = dict(_STYLES[item.get("style", "body")])
            style["keep_next"] = is_last
            _paragraph(doc, item["text"], **style)
        if "for" in item:
            _tag(doc, "endfor")
        if "if" in item:
            _tag(doc, "endif")


def _signature(doc) -> None:
    table = _table(doc, 1, SIGNATURE_COLUMNS_MM)
    row = table.rows[0]
    # The row never splits across pages…
    cant_split = OxmlElement("w:cantSplit")
    row._tr.get_or_add_trPr().append(cant_split)
    recipients, signer = row.cells
    _first(recipients, "Nơi nhận:", size=12, bold=True, italic=True, before=12, keep_next=True)
    _tag(recipients, "for line in recipients_lines")
    _paragraph(recipients, "{{ line }}", size=11, keep_next=True)
    _tag(recipients, "endfor")
    center = WD_ALIGN_PARAGRAPH.CENTER
    _first(signer, "{%p if signature.authority %}")
    _paragraph(signer, "{{ signature.authority }}", size=13, align=center, bold=True, before=12, keep_next=True)
    _tag(signer, "endif")
    _paragraph(signer, "{{ signature.title }}", size=13, align=center, bold=True, keep_next=True)
    for _ in range(4):  # room for the signature and the seal
        _paragraph(signer, size=13, keep_next=True)
    _paragraph(signer, "{{ signature.name }}", size=14, align=center, bold=True)


def _signers(doc, signers: list[dict], per_row: int | None = None) -> None:
    """Several signers side by side, each column with its title, the note under it ("(Ký, ghi rõ
    họ tên)") and the name, in rows that cannot split (``per_row`` to a row; default all in one);
    no "Nơi nhận" (a receipt, Form 02/TCD, is signed by the person handing in and the officer
    receiving, and sent to no one)."""
    width = SIGNATURE_COLUMNS_MM[0] + SIGNATURE_COLUMNS_MM[1]
    # Minutes signed by many parties (Form 14 of the complaint decrees: six) set them two to a row.
    per_row = per_row or len(signers)
    rows = [signers[index : index + per_row] for index in range(0, len(signers), per_row)]
    table = _table(doc, len(rows), tuple(width // per_row for _ in range(per_row)))
    center = WD_ALIGN_PARAGRAPH.CENTER
    for number, (row, group) in enumerate(zip(table.rows, rows, strict=True)):
        row._tr.get_or_add_trPr().append(OxmlElement("w:cantSplit"))
        # A row keeps with the next, so no row of signatures is left alone on a page.
        keep = number < len(rows) - 1
        for cell, signer in zip(row.cells, group, strict=False):
            _first(cell, signer["title"], size=13, align=center, bold=True, before=12, keep_next=True)
            if signer.get("note"):
                _paragraph(cell, signer["note"], size=13, align=center, italic=True, keep_next=True)
            for _ in range(4):  # room for the signature (and the seal, where there is one)
                _paragraph(cell, size=13, keep_next=True)
            _paragraph(cell, signer.get("name", ""), size=14, align=center, bold=True, keep_next=keep)


def _qr(doc) -> None:
    """The status lookup's QR code (``{{ qr.image }}``: the renderer puts the picture there) and its
    caption with the receipt code, for a citizen without a camera; nothing without a code. Plain
    paragraphs kept together, so the signature block stays the document's last table."""
    _tag(doc, "if qr")
    _paragraph(doc, "{{ qr.image }}", size=11, before=18, keep_next=True)
    _paragraph(doc, "{{ qr.caption }}", size=12, italic=True, keep_next=True)
    _paragraph(doc, "Mã tra cứu: **{{ qr.code }}**", size=12)
    _tag(doc, "endif")


def template_build(spec: dict) -> bytes:
    """The DOCX template of one form version from its ``layout`` spec; ``signers`` (a list of
    {title, note, name}) replaces the one signer and "Nơi nhận" with several signers."""
    doc = Document()
    _setup(doc)
    _header(doc)
    _title(doc, spec)
    _body(doc, spec.get("body", []))
    if spec.get("signers"):
        _signers(doc, spec["signers"], spec.get("signers_per_row"))
    else:
        _signature(doc)
    if spec.get("qr") == "lookup":
        _qr(doc)
    return deterministic_zip(_bytes(doc))


def _bytes(doc) -> bytes:
    buffer = io.BytesIO()
    doc.save(buffer)
    return buffer.getvalue()


def deterministic_zip(data: bytes) -> bytes:
    """The same archive with fixed timestamps, so that rebuilding an unchanged form changes no byte."""
    source = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as target:
        for info in source.infolist():
            fixed = zipfile.ZipInfo(info.filename, date_time=_ZIP_DATE)
            fixed.compress_type = zipfile.ZIP_DEFLATED
            fixed.external_attr = 0o644 << 16
            target.writestr(fixed, source.read(info.filename))
    return out.getvalue()
