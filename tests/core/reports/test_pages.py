"""The report pages: a unit's own reports with download and submission; the inspectorate's
province page with submissions, workbook and roll-up progress; isolation between units."""

from io import BytesIO

import pytest
from openpyxl import load_workbook

from core.reports.excel import XLSX
from core.reports.models import ReportJob, ReportSubmission

from .conftest import EXPECTED_A, PII

pytestmark = pytest.mark.django_db
QUERY = {"form": "02/XLD", "period": "q3", "year": "2026"}


def test_the_unit_page_shows_the_unit_table_and_downloads_it(cases_a, cases_b, leader_a):
    web = leader_a.web()
    page = web.get(leader_a.url("bao-cao/"), QUERY)
    assert page.status_code == 200
    assert [row["unit_code"] for row in page.context["rows"]] == ["06316"]
    keys = [column["key"] for column in page.context["report"]["columns"]]
    assert (
        page.context["rows"][0]["cells"][: len(EXPECTED_A["02/XLD"])]
        == [page.context["report"]["rows"][0]["values"][key] for key in keys][: len(EXPECTED_A["02/XLD"])]
    )
    assert page.context["can_submit"] is True
    assert "15/06/2026" in page.content.decode()
    download = web.get(leader_a.url("bao-cao/tai-xuong/"), QUERY)
    assert download["Content-Type"] == XLSX
    assert load_workbook(BytesIO(download.content)).sheetnames == ["02-XLD"]
    html = page.content.decode()
    for seeded in PII:
        assert seeded not in html
    assert web.get(leader_a.url("bao-cao/")).status_code == 200  # default: the last ended quarter


def test_a_leader_submits_from_the_page_and_the_table_is_frozen(cases_a, leader_a):
    web = leader_a.web()
    response = web.post(leader_a.url("bao-cao/nop/"), QUERY)
    assert response.status_code == 302
    assert ReportSubmission.objects.filter(unit_code="06316", form="02/XLD", period_kind="q3", year=2026).exists()
    page = web.get(response["Location"])
    assert page.context["report"]["frozen"] is True
    assert page.context["can_submit"] is False
    assert page.context["comparison"]["matches"] is True
    again = web.post(leader_a.url("bao-cao/nop/"), QUERY, follow=True)
    assert ReportSubmission.objects.count() == 1
    assert any(m.level_tag == "error" for m in again.context["messages"])


def test_an_officer_cannot_submit_from_the_page(member_a):
    web = member_a.web()
    assert web.get(member_a.url("bao-cao/"), QUERY).context["can_submit"] is False
    assert web.post(member_a.url("bao-cao/nop/"), QUERY).status_code == 403
    assert not ReportSubmission.objects.exists()


def test_unit_b_staff_do_not_see_unit_a_pages(cases_a, leader_b):
    web = leader_b.web()
    own = web.get(leader_b.url("bao-cao/"), QUERY)
    assert [row["unit_code"] for row in own.context["rows"]] == ["05983"]
    for path in ("bao-cao/", "bao-cao/tai-xuong/", "bao-cao/toan-tinh/"):
        response = web.get(f"/u/06316/{path}", QUERY)
        assert response.status_code in (302, 403), path
        assert b"06316" not in response.content


def test_the_province_page_is_the_inspectorate_s_alone(leader_a, inspectorate, make_member):
    clerk = make_member(inspectorate, roles=("reception_officer",), username="van_thu")
    for member in (leader_a, clerk):
        web = member.web()
        for path in ("bao-cao/toan-tinh/", "bao-cao/toan-tinh/tai-xuong/"):
            assert web.get(member.url(path), QUERY).status_code == 403, (member.user.username, path)
        assert web.post(member.url("bao-cao/toan-tinh/tong-hop/"), {**QUERY, "form": "ALL"}).status_code == 403


def test_the_inspector_sees_submissions_downloads_and_follows_a_roll_up(
    cases_a, cases_b, leader_a, inspector, django_capture_on_commit_callbacks
):
    leader_a.web().post(leader_a.url("bao-cao/nop/"), QUERY)
    web = inspector.web()
    page = web.get(inspector.url("bao-cao/toan-tinh/"), QUERY)
    assert page.status_code == 200
    status = {row["unit_code"]: row["submitted"] for row in page.context["status"]}
    assert status["06316"] is True
    assert status["05983"] is False
    assert page.context["submitted_count"] == 1
    workbook = web.get(inspector.url("bao-cao/toan-tinh/tai-xuong/"), QUERY)
    assert workbook["Content-Type"] == XLSX
    with django_capture_on_commit_callbacks(execute=True):
        started = web.post(inspector.url("bao-cao/toan-tinh/tong-hop/"), {**QUERY, "form": "ALL"})
    assert started.status_code == 302
    job = ReportJob.objects.get()
    assert started["Location"].endswith(f"/bao-cao/toan-tinh/tong-hop/{job.pk}/")
    progress = web.get(started["Location"])
    assert progress.status_code == 200
    assert f"/u/20-TTR/api/v1/reports/province/jobs/{job.pk}/" in progress.content.decode()
    polled = web.get(f"/u/20-TTR/api/v1/reports/province/jobs/{job.pk}/").json()  # what the page polls
    assert (polled["status"], polled["percent"]) == ("done", 100)
    download = web.get(inspector.url(f"bao-cao/toan-tinh/tong-hop/{job.pk}/tai-xuong/"))
    assert load_workbook(BytesIO(download.content)).sheetnames == ["01-TCD", "02-XLD", "03-GQKN", "04-GQTC", "05-KQTH"]
    assert web.get(inspector.url("bao-cao/toan-tinh/"), QUERY).context["jobs"][0].pk == job.pk
