"""The reception log (``selectors.logbook.reception_log``) as an Excel workbook laid out like the
form: the unit top left, the form number top right, the title and period, the form's columns with
their numbers (1)…(13) under them, one row per visit. Landscape A4, the header rows repeated on
every printed page."""

from __future__ import annotations

from io import BytesIO

from openpyxl import Workbook
from openpyxl.styles import Alignment, Border, Font, Side
from openpyxl.utils import get_column_letter
from openpyxl.worksheet.properties import PageSetupProperties

from .selectors.logbook import ReceptionLog

XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
FONT = "Times New Roman"
THIN = Side(style="thin")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)
LEFT = Alignment(horizontal="left", vertical="top", wrap_text=True)
#: Where the table starts: its header row, then the row of column numbers.
HEADER_ROW = 6
#: Column widths (characters) by the column's key; others get DEFAULT_WIDTH.
WIDTHS = {
    "number": 6,
    "date": 12,
    "person": 28,
    "identity": 18,
    "content": 40,
    "type": 12,
    "headcount": 10,
    "within_jurisdiction": 11,
    "follow_up": 32,
    "notes": 26,
}
DEFAULT_WIDTH = 22
NUMERIC = {"number", "headcount"}


def _font(**kwargs) -> Font:
    return Font(name=FONT, size=kwargs.pop("size", 12), **kwargs)


def reception_log_xlsx(log: ReceptionLog) -> bytes:
    workbook = Workbook()
    sheet = workbook.worksheets[0]  # the one sheet a new workbook has
    sheet.title = "So tiep cong dan"
    columns = log.form.columns
    last = len(columns)
    sheet.merge_cells(start_row=1, start_column=1, end_row=1, end_column=min(4, last))
    sheet.cell(row=1, column=1, value=log.unit_name.upper()).font = _font(bold=True)
    if log.form.form_number:
        cell = sheet.cell(row=1, column=last, value=log.form.form_number)
        cell.font = _font(bold=True)
        cell.alignment = Alignment(horizontal="right")
    sheet.merge_cells(start_row=3, start_column=1, end_row=3, end_column=last)
    title = sheet.cell(row=3, column=1, value=log.form.title)
    title.font, title.alignment = _font(size=14, bold=True), CENTER
    sheet.merge_cells(start_row=4, start_column=1, end_row=4, end_column=last)
    period = f"Từ ngày {log.date_from:%d/%m/%Y} đến ngày {log.date_to:%d/%m/%Y}"
    if log.form.verification:
        period += f" ({log.form.legal_basis}; {log.form.verification})"
    cell = sheet.cell(row=4, column=1, value=period)
    cell.font, cell.alignment = _font(italic=True), CENTER
    for index, column in enumerate(columns, start=1):
        header = sheet.cell(row=HEADER_ROW, column=index, value=column["header"])
        number = sheet.cell(row=HEADER_ROW + 1, column=index, value=f"({index})")
        for cell in (header, number):
            cell.font, cell.alignment, cell.border = _font(bold=cell is header), CENTER, BOX
        sheet.column_dimensions[get_column_letter(index)].width = WIDTHS.get(column["key"], DEFAULT_WIDTH)
    for offset, values in enumerate(log.cells()):
        row = HEADER_ROW + 2 + offset
        for index, (column, value) in enumerate(zip(columns, values, strict=True), start=1):
            cell = sheet.cell(row=row, column=index, value=value)
            cell.font, cell.border = _font(size=11), BOX
            cell.alignment = CENTER if column["key"] in NUMERIC | {"date", "within_jurisdiction", "type"} else LEFT
    sheet.page_setup.orientation = "landscape"
    sheet.page_setup.paperSize = sheet.PAPERSIZE_A4
    sheet.page_setup.fitToWidth = 1
    sheet.page_setup.fitToHeight = 0
    sheet.sheet_properties.pageSetUpPr = PageSetupProperties(fitToPage=True)
    sheet.print_title_rows = f"{HEADER_ROW}:{HEADER_ROW + 1}"
    sheet.freeze_panes = sheet.cell(row=HEADER_ROW + 2, column=1).coordinate
    buffer = BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
