"""The periodic reports as Excel workbooks in the official layout (openpyxl), one sheet per form.

The writer takes the report as a dict (``compute.Report.as_dict()`` or a frozen submission's
snapshot), so a submitted report prints exactly as it was submitted. Layout: issuing body top
left (upper case), national motto top right under the form code, title, period, a table whose
merged headers come from the form's column groups with a numbered row under them, one row per
unit and a total row, notes and the signature block. Nothing personal is written: the report
holds codes, unit names and counts only.
"""

from __future__ import annotations

from datetime import date, datetime
from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties
from openpyxl.worksheet.worksheet import Worksheet

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="center", wrap_text=True)
#: The first columns of every table: row number and unit.
LEAD = (("A", "STT"), ("B", "Đơn vị"))
#: Row numbers of the layout (1-based); the table starts at HEADER_ROW.
TITLE_ROW, PERIOD_LABEL_ROW, PERIOD_ROW, HEADER_ROW = 5, 6, 7, 9
NUMBER_ROW = HEADER_ROW + 2
UNVERIFIED_ROW = PERIOD_ROW + 1
UNVERIFIED = "(Biểu chưa đối chiếu với phụ lục của thông tư quy định chế độ báo cáo)"
FIRST_DATA_ROW = NUMBER_ROW + 1
COMMUNE_LEVEL = {"commune", "ward", "special_zone"}


def _font(**kwargs) -> Font:
    return Font(name=FONT, size=kwargs.pop("size", 12), **kwargs)


def _dmy(value: str) -> str:
    return date.fromisoformat(value).strftime("%d/%m/%Y")


def issuer_lines(issuer: dict) -> tuple[str, str]:
    """The two lines of the issuing body: the superior body, then the unit itself, upper case."""
    province = issuer.get("province_label") or issuer.get("province_name") or ""
    if issuer.get("kind") in COMMUNE_LEVEL:
        return province.upper(), f"UBND {issuer['name']}".upper()
    return (f"UBND {province}".upper() if province else ""), issuer["name"].upper()


def _merge(ws: Worksheet, row: int, first: int, last: int, value, *, font=None, align=CENTER, end_row=None) -> None:
    end_row = end_row or row
    if last > first or end_row > row:
        ws.merge_cells(start_row=row, start_column=first, end_row=end_row, end_column=last)
    cell = ws.cell(row=row, column=first, value=value)
    cell.font = font or _font()
    cell.alignment = align


def _box(ws: Worksheet, first_row: int, last_row: int, last_column: int) -> None:
    for row in ws.iter_rows(min_row=first_row, max_row=last_row, min_col=1, max_col=last_column):
        for cell in row:
            cell.border = BOX


def _header(ws: Worksheet, report: dict, width: int) -> None:
    split = max(2, min(width // 3, 5))
    right = split + 1
    _merge(ws, 1, right, width, f"Biểu số {report['form']}", font=_font(bold=True), align=Alignment(horizontal="right"))
    superior, name = issuer_lines(report["issuer"])
    _merge(ws, 2, 1, split, superior, font=_font(size=11))
    _merge(ws, 3, 1, split, name, font=_font(size=11, bold=True))
    _merge(ws, 2, right, width, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", font=_font(size=11, bold=True))
    _merge(ws, 3, right, width, "Độc lập - Tự do - Hạnh phúc", font=_font(bold=True, underline="single"))
    _merge(ws, TITLE_ROW, 1, width, report["title"], font=_font(size=14, bold=True))
    _merge(ws, PERIOD_LABEL_ROW, 1, width, f"Kỳ báo cáo: {report['period']['label']}", font=_font(bold=True))
    period = report["period"]
    line = f"(Số liệu tính từ ngày {_dmy(period['start'])} đến ngày {_dmy(period['end'])})"
    _merge(ws, PERIOD_ROW, 1, width, line, font=_font(italic=True))
    if report.get("unverified"):
        _merge(ws, UNVERIFIED_ROW, 1, width, UNVERIFIED, font=_font(size=11, italic=True, color="C00000"))
    ws.row_dimensions[TITLE_ROW].height = 36


def _table_header(ws: Worksheet, columns: list[dict]) -> None:
    top, below = HEADER_ROW, HEADER_ROW + 1
    bold = _font(size=11, bold=True)
    for index, (number, label) in enumerate(LEAD, start=1):
        _merge(ws, top, index, index, label, font=bold, end_row=below)
        _merge(ws, NUMBER_ROW, index, index, number, font=_font(size=10, italic=True))
    position = len(LEAD) + 1
    index = 0
    while index < len(columns):
        group = columns[index]["group"]
        span = 1
        while group and index + span < len(columns) and columns[index + span]["group"] == group:
            span += 1
        if group:
            _merge(ws, top, position, position + span - 1, group, font=bold)
            for offset in range(span):
                column = columns[index + offset]
                _merge(ws, below, position + offset, position + offset, column["label"], font=_font(size=11))
        else:
            _merge(ws, top, position, position, columns[index]["label"], font=bold, end_row=below)
        for offset in range(span):
            code = columns[index + offset]["code"]
            _merge(ws, NUMBER_ROW, position + offset, position + offset, f"({code})", font=_font(size=10, italic=True))
        position += span
        index += span
    ws.row_dimensions[top].height = 45
    ws.row_dimensions[below].height = 60


def _table_body(ws: Worksheet, report: dict) -> int:
    columns = report["columns"]
    row = FIRST_DATA_ROW
    for number, unit_row in enumerate(report["rows"], start=1):
        ws.cell(row=row, column=1, value=number).alignment = CENTER
        ws.cell(row=row, column=2, value=unit_row["unit_name"]).alignment = LEFT
        for offset, column in enumerate(columns):
            ws.cell(row=row, column=len(LEAD) + 1 + offset, value=unit_row["values"].get(column["key"], 0))
        row += 1
    ws.cell(row=row, column=2, value="Tổng cộng").font = _font(bold=True)
    for offset, column in enumerate(columns):
        cell = ws.cell(row=row, column=len(LEAD) + 1 + offset, value=report["total"].get(column["key"], 0))
        cell.font = _font(bold=True)
    for cells in ws.iter_rows(min_row=FIRST_DATA_ROW, max_row=row, min_col=1, max_col=len(LEAD) + len(columns)):
        for cell in cells:
            if cell.font is None or cell.font.name != FONT:
                cell.font = _font()
            if (cell.column or 0) > 2:
                cell.alignment = CENTER
    return row


def _footer(ws: Worksheet, report: dict, row: int, width: int) -> None:
    notes = list(report.get("notes") or [])
    submission = report.get("submission")
    if submission:
        submitted = datetime.fromisoformat(submission["submitted_at"])
        notes.append(f"Báo cáo đã nộp (chốt số liệu) ngày {submitted:%d/%m/%Y}; số liệu in theo bản đã nộp.")
    row += 2
    if notes:
        ws.cell(row=row, column=1, value="Ghi chú:").font = _font(size=11, bold=True, italic=True)
        for note in notes:
            row += 1
            _merge(ws, row, 1, width, f"- {note}", font=_font(size=11, italic=True), align=LEFT)
            ws.row_dimensions[row].height = 30
    row += 2
    split = max(2, min(width // 3, 5))
    right = split + 1
    _merge(ws, row, right, width, "……, ngày …… tháng …… năm ……", font=_font(italic=True))
    _merge(ws, row + 1, 1, split, "NGƯỜI LẬP BIỂU", font=_font(bold=True))
    _merge(ws, row + 1, right, width, "THỦ TRƯỞNG ĐƠN VỊ", font=_font(bold=True))
    _merge(ws, row + 2, 1, split, "(Ký, ghi rõ họ tên)", font=_font(italic=True))
    _merge(ws, row + 2, right, width, "(Ký, ghi rõ họ tên, đóng dấu)", font=_font(italic=True))


def sheet_write(ws: Worksheet, report: dict) -> None:
    columns = report["columns"]
    width = len(LEAD) + len(columns)
    ws.title = report["form"].replace("/", "-")
    _header(ws, report, width)
    _table_header(ws, columns)
    last_row = _table_body(ws, report)
    _box(ws, HEADER_ROW, last_row, width)
    _footer(ws, report, last_row, width)
    ws.column_dimensions["A"].width = 6
    ws.column_dimensions["B"].width = 34
    for index in range(len(LEAD) + 1, width + 1):
        ws.column_dimensions[get_column_letter(index)].width = 11
    ws.freeze_panes = ws.cell(row=FIRST_DATA_ROW, column=len(LEAD) + 1).coordinate
    ws.page_setup.orientation = "landscape"
    ws.page_setup.paperSize = ws.PAPERSIZE_A4
    ws.page_setup.fitToWidth = 1
    ws.page_setup.fitToHeight = 0
    ws.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    ws.print_title_rows = f"{HEADER_ROW}:{NUMBER_ROW}"


def workbook_bytes(reports: list[dict]) -> bytes:
    """One workbook with a sheet per report (form), as .xlsx bytes."""
    workbook = Workbook()
    workbook.remove(workbook.worksheets[0])  # the empty sheet every new workbook has
    for report in reports:
        sheet_write(workbook.create_sheet(), report)
    workbook.properties.creator = "TiepDan"
    workbook.properties.title = ", ".join(f"Biểu số {report['form']}" for report in reports)
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()


def workbook_filename(report: dict) -> str:
    scope = report["unit_code"] if report["scope"] == "unit" else f"toan-tinh-{report['province_code']}"
    period = report["period"]
    return f"{report['form'].replace('/', '-')}-{scope}-{period['kind']}-{period['year']}.xlsx"
