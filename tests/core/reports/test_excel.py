"""The workbooks read back with openpyxl hold the computed figures, in the official layout."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.reports.compute import UnitRef, province_report, province_units, unit_report
from core.reports.definitions import FORM_CODES
from core.reports.excel import FIRST_DATA_ROW, HEADER_ROW, NUMBER_ROW, UNVERIFIED, workbook_bytes

pytestmark = pytest.mark.django_db


def read_table(sheet) -> tuple[list, dict[str, list], list]:
    """(column numbers, unit name -> values, total values) of a report sheet."""
    numbers = [cell.value for cell in sheet[NUMBER_ROW]][2:]
    rows, row = {}, FIRST_DATA_ROW
    while sheet.cell(row=row, column=2).value != "Tổng cộng":
        rows[sheet.cell(row=row, column=2).value] = [cell.value for cell in sheet[row]][2 : 2 + len(numbers)]
        row += 1
    total = [cell.value for cell in sheet[row]][2 : 2 + len(numbers)]
    return numbers, rows, total


def texts(sheet) -> list[str]:
    return [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]


@pytest.mark.parametrize("form", FORM_CODES)
def test_a_unit_workbook_holds_the_computed_figures(form, cases_a, unit_a, q3):
    report = unit_report(form=form, period=q3, unit=UnitRef.of(unit_a)).as_dict()
    sheet = load_workbook(BytesIO(workbook_bytes([report])))[form.replace("/", "-")]
    numbers, rows, total = read_table(sheet)
    assert numbers == [f"({column['code']})" for column in report["columns"]]
    keys = [column["key"] for column in report["columns"]]
    assert rows == {unit_a.name: [report["rows"][0]["values"][key] for key in keys]}
    assert total == [report["total"][key] for key in keys]
    content = texts(sheet)
    assert f"Biểu số {form}" in content
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in content
    assert "Độc lập - Tự do - Hạnh phúc" in content
    assert "(Số liệu tính từ ngày 15/06/2026 đến ngày 14/09/2026)" in content
    assert "Kỳ báo cáo: Quý III năm 2026" in content
    assert f"UBND {unit_a.name}".upper() in content
    assert report["title"] in content
    assert "THỦ TRƯỞNG ĐƠN VỊ" in content
    assert (UNVERIFIED in content) is (form == "05/KQTH")  # the form not yet checked against the circular


def test_the_header_cells_are_merged_by_group(cases_a, unit_a, q3):
    report = unit_report(form="02/XLD", period=q3, unit=UnitRef.of(unit_a)).as_dict()
    sheet = load_workbook(BytesIO(workbook_bytes([report])))["02-XLD"]
    merged = {str(cells) for cells in sheet.merged_cells.ranges}
    assert f"A{HEADER_ROW}:A{HEADER_ROW + 1}" in merged  # STT spans both header rows
    assert f"C{HEADER_ROW}:E{HEADER_ROW}" in merged  # "Tổng số đơn" over columns 1–3
    assert sheet.cell(row=HEADER_ROW, column=3).value == "Tổng số đơn"
    assert sheet.cell(row=HEADER_ROW + 1, column=5).value == "Tiếp nhận trong kỳ"
    fields = [c for c in report["columns"] if c["key"].startswith("field:")]
    assert fields[0]["label"] == "Đất đai"
    assert fields[0]["code"] == "24"


def test_the_province_workbook_has_a_sheet_per_form_and_matching_rows(cases_a, cases_b, inspectorate, q3):
    reports = [province_report(form=form, period=q3, issuer=UnitRef.of(inspectorate)).as_dict() for form in FORM_CODES]
    workbook = load_workbook(BytesIO(workbook_bytes(reports)))
    assert workbook.sheetnames == ["01-TCD", "02-XLD", "03-GQKN", "04-GQTC", "05-KQTH"]
    for report in reports:
        _numbers, rows, total = read_table(workbook[report["form"].replace("/", "-")])
        keys = [column["key"] for column in report["columns"]]
        assert rows == {row["unit_name"]: [row["values"][key] for key in keys] for row in report["rows"]}
        assert total == [report["total"][key] for key in keys]
        assert "THANH TRA TỈNH LẠNG SƠN" in texts(workbook[report["form"].replace("/", "-")])


def _sheet(reports: list[dict], form: str):
    return load_workbook(BytesIO(workbook_bytes(reports)))[form.replace("/", "-")]


@pytest.mark.parametrize("form", FORM_CODES)
def test_the_workbooks_balance_against_themselves(form, cases_a, cases_b, inspectorate, q3):
    """Read back from the workbooks alone: in the province's sheet every column's total row is the sum
    of its unit rows, and each unit's own workbook shows the row the province shows for it, so the
    province's total is the sum of its units' workbooks, column by column."""
    units = province_units(inspectorate.province_code, q3)
    province = province_report(form=form, period=q3, issuer=UnitRef.of(inspectorate)).as_dict()
    numbers, rows, total = read_table(_sheet([province], form))
    assert list(rows) == [unit.name for unit in units]
    assert any(total), "the fixture gives every form some figures"
    for index, number in enumerate(numbers):
        assert total[index] == sum(values[index] for values in rows.values()), (form, number)
    own_totals = []
    for unit in units:
        own = unit_report(form=form, period=q3, unit=unit).as_dict()
        own_numbers, own_rows, own_total = read_table(_sheet([own], form))
        assert own_rows == {unit.name: own_total}, unit.code
        assert dict(zip(own_numbers, own_total, strict=True)) == dict(zip(numbers, rows[unit.name], strict=True))
        own_totals.append(dict(zip(own_numbers, own_total, strict=True)))
    assert [sum(own[number] for own in own_totals) for number in numbers] == total
