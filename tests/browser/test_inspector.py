"""The provincial inspectorate in headless Chromium (issue 4's acceptance walk).

An inspector of the provincial inspectorate logs in, opens the province dashboard, changes the
period with the period selector, and downloads the province's 01/TCD workbook for that period,
which is read back with openpyxl.

Runs against committed data (the live server has its own connection) and removes what it created:
the inspector's account and the one PII-free reception fact it adds so that the workbook has a
visit to show.
"""

from __future__ import annotations

from datetime import date
from io import BytesIO
from pathlib import Path

import pytest
from django.db import connections
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from tests.browser.test_login import ARTIFACTS, browser, live_url  # noqa: F401  (fixtures)

pytestmark = pytest.mark.browser
PASSWORD = "Mat-khau-2026!"
INSPECTORATE = "20-TTR"
UNIT = "06316"  # Xã Tân Đoàn
#: A source id no unit's own visit will have, to find (and remove) the fact this test adds.
SOURCE_ID = 9_000_000_001


@pytest.fixture
def inspector(committed):
    from core.accounts.models import User
    from core.accounts.services import user_create
    from core.caseindex.models import ReceptionFact
    from tenants.models import Unit

    inspectorate = Unit.objects.get(code=INSPECTORATE)
    unit = Unit.objects.get(code=UNIT)
    with schema_context(inspectorate.schema_name):
        user = user_create(
            unit=inspectorate,
            username="thanh_tra_trinh_duyet",
            password=PASSWORD,
            full_name="Hà Thị Thanh",
            roles=["inspector"],
        )
    # One crowd visit of 6 people at Tân Đoàn's regular reception on 2/11/2026: a fact, no names.
    fact = ReceptionFact.objects.create(
        unit_code=unit.code,
        province_code=unit.province_code,
        kind=ReceptionFact.Kind.VISIT,
        source_id=SOURCE_ID,
        date=date(2026, 11, 2),
        visit_kind="regular",
        headcount=6,
        is_crowd=True,
        petition_type="complaint",
        field_code="dat-dai",
    )
    try:
        yield inspectorate, user
    finally:
        ReceptionFact.objects.filter(pk=fact.pk).delete()
        with schema_context(inspectorate.schema_name):
            User.objects.filter(pk=user.pk).delete()
        connections.close_all()


def test_an_inspector_changes_the_period_and_downloads_the_01_tcd_workbook(inspector, live_url, browser, authenticator):  # noqa: F811
    from django.urls import reverse

    from core.reports.compute import UnitRef, province_report
    from core.reports.periods import period_bounds

    inspectorate, user = inspector
    dashboard = f"/u/{inspectorate.code}{reverse('oversight:dashboard')}"  # the unit's workspace: /u/20-TTR/thanh-tra/
    ARTIFACTS.mkdir(parents=True, exist_ok=True)

    # 1. Log in: the dashboard asks for the login first, and (an inspector must use a second
    # factor) for setting up the authenticator at this first login, then comes back.
    page = browser.new_context(locale="en-US", accept_downloads=True).new_page()
    page.goto(f"{live_url}{dashboard}")
    page.fill("#id_username", user.username)
    page.fill("#id_password", PASSWORD)
    page.click("main button[type=submit]")
    authenticator().enrol(page)
    page.wait_for_url(f"{live_url}{dashboard}")
    assert page.get_attribute("html", "lang") == "vi"
    assert page.locator("table.units tr[data-unit='06316']").count() == 1

    # 2. Change the period: the year 2026 (15/12/2025 – 14/12/2026) instead of the current quarter.
    page.select_option("#id_period", "year")
    page.fill("#id_year", "2026")
    page.click("form.filters button.primary")
    page.wait_for_url("**/thanh-tra/?period=year&year=2026*")
    shown = page.locator("main").inner_text()
    assert "15/12/2025" in shown
    assert "14/12/2026" in shown
    assert int(page.locator("table.units tr[data-unit='06316'] td[data-col='visits']").inner_text()) >= 1
    assert int(page.locator("[data-figure='crowd_visits']").inner_text()) >= 1
    page.screenshot(path=str(ARTIFACTS / "inspector-dashboard.png"), full_page=True)

    # 3. Download the province's 01/TCD workbook of that period and read it back.
    with page.expect_download() as download:
        page.click("#tcd-xlsx")
    assert download.value.suggested_filename == "01-TCD-toan-tinh-20-year-2026.xlsx"
    workbook = load_workbook(BytesIO(Path(download.value.path()).read_bytes()))
    assert workbook.sheetnames == ["01-TCD"]
    assert workbook.properties.title == "Biểu số 01/TCD"
    sheet = workbook["01-TCD"]
    texts = [str(cell.value) for row in sheet.iter_rows() for cell in row if cell.value is not None]
    assert "Biểu số 01/TCD" in texts
    assert "TỔNG HỢP KẾT QUẢ TIẾP CÔNG DÂN" in texts
    assert "Kỳ báo cáo: Năm năm 2026" in texts
    assert "(Số liệu tính từ ngày 15/12/2025 đến ngày 14/12/2026)" in texts
    assert "THANH TRA TỈNH LẠNG SƠN" in texts
    # Its figures are the province report's: Tân Đoàn's row holds the visit added above.
    report = province_report(form="01/TCD", period=period_bounds("year", 2026), issuer=UnitRef.of(inspectorate))
    values = next(row.values for row in report.rows if row.unit_code == UNIT)
    row = next(r for r in sheet.iter_rows(values_only=True) if r[1] == "Xã Tân Đoàn")
    keys = [column.key for column in report.columns]
    assert dict(zip(keys, row[2 : 2 + len(keys)], strict=True)) == values
    assert values["crowds"] >= 1
    assert values["regular_crowd_persons"] >= 6
