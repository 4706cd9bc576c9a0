"""Period-based figures of the forms, from dated events created through the real services."""

import pytest

from core.caseindex.models import CaseEvent
from core.reports.compute import (
    UnitRef,
    compute_counters,
    province_report,
    province_reports_by_unit,
    province_units,
    unit_report,
)
from core.reports.definitions import FORM_CODES
from core.reports.periods import period_bounds, period_containing

from .conftest import CLASSIFIED_ON, EXPECTED_A, EXPECTED_B, assert_figures, row_of

pytestmark = pytest.mark.django_db


@pytest.mark.parametrize("form", FORM_CODES)
def test_unit_figures_for_q3_count_only_what_happened_in_the_period(form, cases_a, unit_a, q3):
    report = unit_report(form=form, period=q3, unit=UnitRef.of(unit_a)).as_dict()
    assert [row["unit_code"] for row in report["rows"]] == [unit_a.code]
    assert_figures(report["rows"][0]["values"], EXPECTED_A[form])
    assert report["total"] == report["rows"][0]["values"]
    assert (report["period"]["start"], report["period"]["end"]) == ("2026-06-15", "2026-09-14")


def test_the_tables_balance(cases_a, unit_a, q3):
    values = compute_counters(forms=FORM_CODES, period=q3, unit_codes=[unit_a.code])
    xld, gqkn, gqtc = (values[form][unit_a.code] for form in ("02/XLD", "03/GQKN", "04/GQTC"))
    assert xld["total"] == xld["processed"] + xld["pending_at_end"]
    assert xld["total"] == sum(v for k, v in xld.items() if k.startswith("type_"))
    assert xld["total"] == sum(v for k, v in xld.items() if k.startswith("field:"))
    assert xld["processed"] == sum(v for k, v in xld.items() if k.startswith("outcome_"))
    for table in (gqkn, gqtc):
        assert table["total"] == table["resolved"] + table["withdrawn"] + table["terminated"] + table["open_at_end"]


def test_any_period_can_be_recomputed_from_the_events(cases_a, unit_a):
    q4 = period_bounds("q4", 2026)
    gqkn = unit_report(form="03/GQKN", period=q4, unit=UnitRef.of(unit_a)).as_dict()["rows"][0]["values"]
    # Only p2 (accepted 30/06) was still open on 15/09; it was decided late on 30/09.
    assert_figures(
        gqkn,
        {
            "total": 1,
            "carried_over": 1,
            "accepted": 0,
            "level_1": 1,
            "resolved": 1,
            "resolved_late": 1,
            "resolved_level_1": 1,
            "open_at_end": 0,
        },
    )
    nine_months = period_bounds("9m", 2026)  # 15/12/2025 – 14/09/2026
    xld = unit_report(form="02/XLD", period=nine_months, unit=UnitRef.of(unit_a)).as_dict()["rows"][0]["values"]
    assert_figures(xld, {"total": 15, "carried_over": 0, "received": 15, "processed": 13, "pending_at_end": 2})
    tcd = unit_report(form="01/TCD", period=nine_months, unit=UnitRef.of(unit_a)).as_dict()["rows"][0]["values"]
    assert_figures(tcd, {"reception_total": 3, "reception_denunciation": 1})


def test_a_later_step_dated_after_the_period_leaves_it_unchanged(cases_a, leader_a, unit_a, q3):
    from django_tenants.utils import schema_context

    from core.petitions.workflow import petition_transition

    before = unit_report(form="04/GQTC", period=q3, unit=UnitRef.of(unit_a)).as_dict()["rows"][0]["values"]
    with schema_context(unit_a.schema_name):
        petition_transition(
            petition=cases_a["p7"], name="denunciation.resume", actor=leader_a.user, data={"date": "2026-10-01"}
        )
    after = unit_report(form="04/GQTC", period=q3, unit=UnitRef.of(unit_a)).as_dict()["rows"][0]["values"]
    assert after == before


def test_province_rows_are_every_unit_and_the_total_is_their_sum(cases_a, cases_b, inspectorate, unit_a, unit_b, q3):
    units = province_units("20", q3)
    assert {unit.code for unit in units} >= {"20-UBND", "20-TTR", unit_a.code, unit_b.code}
    for form in FORM_CODES:
        report = province_report(form=form, period=q3, issuer=UnitRef.of(inspectorate)).as_dict()
        assert [row["unit_code"] for row in report["rows"]] == [unit.code for unit in units]
        assert_figures(row_of(report, unit_a.code), EXPECTED_A[form])
        assert_figures(row_of(report, unit_b.code), EXPECTED_B[form])
        for key in report["total"]:
            assert report["total"][key] == sum(row["values"][key] for row in report["rows"]), (form, key)
        unit_alone = unit_report(form=form, period=q3, unit=UnitRef.of(unit_a)).as_dict()
        assert row_of(report, unit_a.code) == unit_alone["rows"][0]["values"]


def test_unit_by_unit_computation_equals_the_grouped_one(cases_a, cases_b, inspectorate, q3):
    progress = []
    stepwise = province_reports_by_unit(
        period=q3, issuer=UnitRef.of(inspectorate), on_unit=lambda done, unit: progress.append(done)
    )
    assert progress == list(range(1, len(province_units("20", q3)) + 1))
    for report in stepwise:
        grouped = province_report(form=report.form, period=q3, issuer=UnitRef.of(inspectorate))
        assert report.rows == grouped.rows
        assert report.total == grouped.total


def test_the_data_source_holds_no_personal_data(cases_a):
    """The facts the reports read are codes and dates: the seeded names cannot leak from them."""
    for event in CaseEvent.objects.all().values():
        assert not any(isinstance(value, str) and ("Nguyễn" in value or "0200" in value) for value in event.values())


def test_02_xld_counts_the_classification_as_it_stood_at_the_period_end(cases_a, unit_a, q3):
    from django_tenants.utils import schema_context

    from core.petitions.models import Petition

    # The fixture classifies on 29/11/2026 (CLASSIFIED_ON): nothing was classified by the end of Q3,
    # everything by the end of the report year that holds that day.
    assert q3.end < CLASSIFIED_ON
    q3_values = unit_report(form="02/XLD", period=q3, unit=UnitRef.of(unit_a)).as_dict()["rows"][0]["values"]
    assert (q3_values["processable"], q3_values["within_jurisdiction"]) == (0, 0)
    year = period_containing(CLASSIFIED_ON, "year")
    xld = unit_report(form="02/XLD", period=year, unit=UnitRef.of(unit_a)).as_dict()["rows"][0]["values"]
    with schema_context(unit_a.schema_name):
        in_year = Petition.objects.filter(received_date__range=(year.start, year.end))
        expected = (in_year.filter(is_processable=True).count(), in_year.filter(within_jurisdiction=True).count())
    assert expected[0] > 0
    assert (xld["processable"], xld["within_jurisdiction"]) == expected
