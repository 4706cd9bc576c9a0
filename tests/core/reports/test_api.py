"""The reports API: each unit sees its own report; the province's are the inspectorate's alone;
the roll-up job reports its progress; no report carries a citizen's name or number."""

import json
import zipfile
from io import BytesIO

import pytest
from django.contrib.auth.models import Permission
from django_tenants.utils import schema_context
from openpyxl import load_workbook

from core.reports.definitions import FORM_CODES
from core.reports.models import ReportJob

from .conftest import EXPECTED_A, EXPECTED_B, PII, assert_figures, row_of

pytestmark = pytest.mark.django_db
Q3 = {"period": "q3", "year": 2026}
PROVINCE_GETS = ("province/", "province/xlsx/", "province/submissions/", "province/jobs/")


def test_each_unit_gets_its_own_report_only(cases_a, cases_b, leader_a, leader_b):
    for member, unit_code, expected in ((leader_a, "06316", EXPECTED_A), (leader_b, "05983", EXPECTED_B)):
        body = member.api().get(member.url("api/v1/reports/unit/"), {"form": "02/XLD", **Q3}).json()
        assert [row["unit_code"] for row in body["rows"]] == [unit_code]
        assert_figures(body["rows"][0]["values"], expected["02/XLD"])


def test_an_officer_of_unit_b_cannot_read_unit_a_reports(cases_a, leader_b):
    api = leader_b.api()  # B's token, used at A's address
    for path in ("api/v1/reports/unit/", "api/v1/reports/unit/xlsx/", "api/v1/reports/unit/compare/"):
        response = api.get(f"/u/06316/{path}", {"form": "02/XLD", **Q3})
        assert response.status_code in (401, 403), path
    session = leader_b.web()
    assert session.get("/u/06316/api/v1/reports/unit/", {"form": "02/XLD", **Q3}).status_code in (401, 403)


def test_province_endpoints_are_for_inspectors_of_the_inspectorate_only(leader_a, inspectorate, make_member):
    clerk = make_member(inspectorate, roles=("reception_officer",), username="van_thu")
    with schema_context(leader_a.unit.schema_name):
        # even holding the permission, a commune is not the inspectorate
        leader_a.user.user_permissions.add(Permission.objects.get(codename="view_province_report"))
    for member in (leader_a, clerk):
        api = member.api()
        for path in PROVINCE_GETS:
            response = api.get(member.url(f"api/v1/reports/{path}"), {"form": "01/TCD", **Q3})
            assert response.status_code == 403, (member.user.username, path)
        started = api.post(member.url("api/v1/reports/province/jobs/"), {"form": "ALL", **Q3}, format="json")
        assert started.status_code == 403
    assert not ReportJob.objects.exists()


def test_the_inspectorate_sees_the_province_and_who_has_submitted(cases_a, cases_b, leader_a, inspector):
    leader_a.api().post(leader_a.url("api/v1/reports/unit/submissions/"), {"form": "02/XLD", **Q3}, format="json")
    api = inspector.api()
    report = api.get(inspector.url("api/v1/reports/province/"), {"form": "02/XLD", **Q3}).json()
    assert report["scope"] == "province"
    assert_figures(row_of(report, "06316"), EXPECTED_A["02/XLD"])
    assert_figures(row_of(report, "05983"), EXPECTED_B["02/XLD"])
    assert report["total"]["total"] == sum(row["values"]["total"] for row in report["rows"])
    assert {row["unit_code"]: row["submitted"] for row in report["rows"]}["06316"] is True
    status = api.get(inspector.url("api/v1/reports/province/submissions/"), {"form": "02/XLD", **Q3}).json()
    by_unit = {row["unit_code"]: row for row in status}
    assert by_unit["06316"]["submitted"] is True
    assert by_unit["06316"]["matches_recomputation"] is True
    assert by_unit["05983"]["submitted"] is False
    assert by_unit["05983"]["matches_recomputation"] is None
    assert {"20-UBND", "20-TTR"} <= set(by_unit)
    other_form = api.get(inspector.url("api/v1/reports/province/submissions/"), {"form": "01/TCD", **Q3}).json()
    assert not any(row["submitted"] for row in other_form)
    xlsx = api.get(inspector.url("api/v1/reports/province/xlsx/"), {"form": "02/XLD", **Q3})
    assert xlsx.status_code == 200
    assert load_workbook(BytesIO(xlsx.content)).sheetnames == ["02-XLD"]


def test_the_roll_up_job_reaches_done_with_a_workbook_of_four_sheets(
    cases_a, cases_b, inspector, django_capture_on_commit_callbacks
):
    api = inspector.api()
    with django_capture_on_commit_callbacks(execute=True):
        started = api.post(inspector.url("api/v1/reports/province/jobs/"), {"form": "ALL", **Q3}, format="json")
    assert started.status_code == 202, started.content
    assert started.json()["status"] == "queued"
    job = api.get(inspector.url(f"api/v1/reports/province/jobs/{started.json()['id']}/")).json()
    assert job["status"] == "done", job
    assert job["percent"] == 100
    assert job["done"] == job["total"] >= 4
    workbook = load_workbook(BytesIO(api.get(job["download"]).content))
    assert workbook.sheetnames == [form.replace("/", "-") for form in FORM_CODES]
    province = api.get(inspector.url("api/v1/reports/province/"), {"form": "04/GQTC", **Q3}).json()
    sheet = workbook["04-GQTC"]
    total_row = next(row for row in sheet.iter_rows(values_only=True) if row[1] == "Tổng cộng")
    expected = [province["total"][column["key"]] for column in province["columns"]]
    assert list(total_row[2 : 2 + len(expected)]) == expected
    assert [j["id"] for j in api.get(inspector.url("api/v1/reports/province/jobs/")).json()] == [job["id"]]


def test_another_province_inspectorate_job_is_not_found(inspector):
    job = ReportJob.objects.create(
        province_code="01",
        inspectorate_code="01-TTR",
        form="ALL",
        period_kind="q3",
        year=2026,
        period_start="2026-06-15",
        period_end="2026-09-14",
        requested_by="x",
    )
    assert inspector.api().get(inspector.url(f"api/v1/reports/province/jobs/{job.pk}/")).status_code == 404


def _workbook_text(content: bytes) -> str:
    with zipfile.ZipFile(BytesIO(content)) as archive:
        return "".join(archive.read(name).decode("utf-8", "replace") for name in archive.namelist())


def test_no_citizen_name_or_number_in_any_report(
    cases_a, cases_b, leader_a, inspector, django_capture_on_commit_callbacks
):
    outputs = []
    unit_api, province_api = leader_a.api(), inspector.api()
    unit_api.post(leader_a.url("api/v1/reports/unit/submissions/"), {"form": "04/GQTC", **Q3}, format="json")
    for form in FORM_CODES:
        query = {"form": form, **Q3}
        outputs.append(json.dumps(unit_api.get(leader_a.url("api/v1/reports/unit/"), query).json(), ensure_ascii=False))
        outputs.append(_workbook_text(unit_api.get(leader_a.url("api/v1/reports/unit/xlsx/"), query).content))
        for path in ("province/", "province/submissions/"):
            body = province_api.get(inspector.url(f"api/v1/reports/{path}"), query).json()
            outputs.append(json.dumps(body, ensure_ascii=False))
        outputs.append(_workbook_text(province_api.get(inspector.url("api/v1/reports/province/xlsx/"), query).content))
    with django_capture_on_commit_callbacks(execute=True):
        job = province_api.post(inspector.url("api/v1/reports/province/jobs/"), {"form": "ALL", **Q3}, format="json")
    rolled_up = province_api.get(inspector.url(f"api/v1/reports/province/jobs/{job.json()['id']}/xlsx/"))
    outputs.append(_workbook_text(rolled_up.content))
    outputs.append(json.dumps(ReportJob.objects.get().data, ensure_ascii=False))
    text = "\n".join(outputs)
    assert "Xã Tân Đoàn" in text  # the outputs were read
    for seeded in PII:
        assert seeded not in text, seeded


def test_every_report_endpoint_is_in_the_openapi_schema(leader_a):
    schema = leader_a.api().get(leader_a.url("api/v1/schema/"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    paths = schema.json()["paths"]
    for path in (
        "unit/",
        "unit/xlsx/",
        "unit/compare/",
        "unit/submissions/",
        "province/",
        "province/xlsx/",
        "province/submissions/",
        "province/jobs/",
        "province/jobs/{id}/",
        "province/jobs/{id}/xlsx/",
    ):
        assert f"/reports/{path}" in paths, path
