"""A leader submits (freezes) the unit's report; later changes do not alter it; resubmission is refused."""

from datetime import date

import pytest

from core.common.dates import today
from core.reports.models import ReportSubmission
from core.reports.periods import period_containing

from .conftest import EXPECTED_A, assert_figures, make_case

pytestmark = pytest.mark.django_db
Q3 = {"form": "03/GQKN", "period": "q3", "year": 2026}


def test_submission_freezes_the_figures_and_a_recomputation_shows_what_changed(cases_a, leader_a):
    api = leader_a.api()
    submitted = api.post(leader_a.url("api/v1/reports/unit/submissions/"), Q3, format="json")
    assert submitted.status_code == 201, submitted.content
    body = submitted.json()
    assert body["frozen"] is True
    assert body["submission"]["submitted_by"] == "lanh_dao_a"
    assert_figures(body["rows"][0]["values"], EXPECTED_A["03/GQKN"])
    # A complaint backdated into the period after submission
    make_case(
        leader_a,
        "complaint",
        date(2026, 7, 1),
        outcome="accept",
        outcome_on=date(2026, 7, 2),
        steps=(("complaint.accept", date(2026, 7, 3), {"level": 1}),),
    )
    frozen = api.get(leader_a.url("api/v1/reports/unit/"), Q3).json()
    assert frozen["frozen"] is True
    assert frozen["rows"] == body["rows"]
    live = api.get(leader_a.url("api/v1/reports/unit/"), {**Q3, "live": "true"}).json()
    assert live["frozen"] is False
    assert live["rows"][0]["values"]["accepted"] == EXPECTED_A["03/GQKN"]["accepted"] + 1
    compared = api.get(leader_a.url("api/v1/reports/unit/compare/"), Q3).json()
    assert compared["matches"] is False
    changed = {d["key"]: (d["submitted"], d["now"]) for d in compared["differences"]}
    assert changed == {"total": (4, 5), "accepted": (3, 4), "level_1": (4, 5), "open_at_end": (1, 2)}
    stored = ReportSubmission.objects.get(unit_code=leader_a.unit.code, form="03/GQKN")
    assert stored.data["rows"] == body["rows"]
    assert (stored.period_start, stored.period_end, stored.form_version) == (
        date(2026, 6, 15),
        date(2026, 9, 14),
        "TT 06/2025",
    )


def test_a_second_submission_is_refused(cases_a, leader_a):
    api = leader_a.api()
    assert api.post(leader_a.url("api/v1/reports/unit/submissions/"), Q3, format="json").status_code == 201
    again = api.post(leader_a.url("api/v1/reports/unit/submissions/"), Q3, format="json")
    assert again.status_code == 409
    assert ReportSubmission.objects.filter(unit_code=leader_a.unit.code).count() == 1
    listed = api.get(leader_a.url("api/v1/reports/unit/submissions/")).json()
    assert [(s["form"], s["period_kind"], s["year"]) for s in listed] == [("03/GQKN", "q3", 2026)]


def test_only_leaders_submit_and_only_ended_periods(leader_a, member_a):
    refused = member_a.api().post(member_a.url("api/v1/reports/unit/submissions/"), Q3, format="json")
    assert refused.status_code == 403
    # The report year that holds today (e.g. 15/12/2025 – 14/12/2026) has not ended.
    year = period_containing(today(), "year")
    open_period = {"form": "01/TCD", "period": "year", "year": year.year}
    response = leader_a.api().post(leader_a.url("api/v1/reports/unit/submissions/"), open_period, format="json")
    assert response.status_code == 409
    assert f"{year.end:%d/%m/%Y}" in response.json()["detail"]
    assert not ReportSubmission.objects.exists()


def test_bad_choices_are_a_400(leader_a):
    api = leader_a.api()
    for query in (
        {"form": "09/XX", "period": "q3", "year": 2026},
        {"form": "01/TCD", "period": "q5", "year": 2026},
        {"form": "01/TCD", "period": "q3", "year": 1900},
        {"form": "01/TCD"},
    ):
        assert api.get(leader_a.url("api/v1/reports/unit/"), query).status_code == 400, query
    not_submitted = api.get(leader_a.url("api/v1/reports/unit/compare/"), Q3)
    assert not_submitted.status_code == 400
