"""The results recorded on decisions and conclusions (through the real services, the web pages and
the API) appear in 03/GQKN, 04/GQTC and 05/KQTH for the period of the decision, and in no other;
02/XLD's cases, resolution status and forwarding replies; the figures never carry a person."""

from __future__ import annotations

import pytest
from django_tenants.utils import schema_context

from core.caseindex.models import CaseEvent
from core.common.errors import ApplicationError
from core.petitions.models import Petition, ResolutionResult
from core.petitions.services.petitions import petition_classify
from core.petitions.workflow import petition_transition
from core.reports.compute import UnitRef, compute_counters, province_report, unit_report
from core.reports.periods import period_bounds

from .conftest import EXPECTED_A, PII, D, assert_figures, make_case, row_of

pytestmark = pytest.mark.django_db

RESULT_KEYS_03 = (
    "verdict_right",
    "verdict_wrong",
    "verdict_partly_right",
    "verdict_upheld",
    "verdict_annulled",
    "state_money",
    "state_land",
    "org_money",
    "org_land",
    "person_money",
    "person_land",
    "orgs_restored",
    "persons_restored",
    "discipline_persons",
    "discipline_officials",
    "investigation_cases",
    "investigation_persons",
)


def values(form: str, kind: str, unit) -> dict:
    report = unit_report(form=form, period=period_bounds(kind, 2026), unit=UnitRef.of(unit)).as_dict()
    return report["rows"][0]["values"]


def test_results_of_decisions_count_in_the_period_of_the_decision_only(cases_a, unit_a):
    # Q3: p1 (right) and p3 (partly right) were decided in it; p2 (partly right) on 30/09, in Q4.
    assert_figures(values("03/GQKN", "q3", unit_a), EXPECTED_A["03/GQKN"])
    q4 = values("03/GQKN", "q4", unit_a)
    assert_figures(
        q4,
        {
            "verdict_right": 0,
            "verdict_partly_right": 1,
            "verdict_upheld": 0,
            "verdict_annulled": 0,
            "state_money": 0,
            "person_money": 0,
            "org_land": 300,
            "orgs_restored": 1,
            "persons_restored": 0,
            "investigation_cases": 1,
            "investigation_persons": 1,
            "withdrawn_after_explanation": 0,
            "execution_due": 2,
            "executed": 0,
        },
    )
    # Nothing was decided in Q2: every result column is empty there.
    q2 = values("03/GQKN", "q2", unit_a)
    assert {key: q2[key] for key in RESULT_KEYS_03} == dict.fromkeys(RESULT_KEYS_03, 0)
    # The year holds each decision once.
    year = values("03/GQKN", "year", unit_a)
    for key in RESULT_KEYS_03:
        assert year[key] == EXPECTED_A["03/GQKN"][key] + q4[key], key


@pytest.fixture
def province_leader(make_member):
    """A leader of the provincial People's Committee, which resolves second-level complaints."""
    from tenants.models import Unit

    unit = Unit.objects.get(code="20-UBND")
    roles = ("processing_officer", "leader")
    return make_member(unit, roles=roles, username="lanh_dao_tinh", full_name="Hoàng Văn Tỉnh")


def second_level(member, on, decided, result):
    return make_case(
        member,
        "complaint",
        on,
        outcome="accept",
        outcome_on=on,
        steps=(
            ("complaint.accept", on, {"level": 2}),
            ("complaint.verify", on),
            ("complaint.dialogue", on),
            ("complaint.decide", decided, result),
        ),
    )


def test_second_level_decisions_count_upheld_or_annulled_in_their_period(province_leader):
    second_level(province_leader, D(2026, 6, 20), D(2026, 8, 1), {"result": "upheld"})
    second_level(province_leader, D(2026, 7, 1), D(2026, 9, 20), {"result": "annulled", "person_money": 4_000_000})
    unit = province_leader.unit
    assert_figures(
        values("03/GQKN", "q3", unit),
        {"resolved_level_2": 1, "verdict_upheld": 1, "verdict_annulled": 0, "person_money": 0, "open_at_end": 1},
    )
    assert_figures(
        values("03/GQKN", "q4", unit),
        {"resolved_level_2": 1, "verdict_upheld": 0, "verdict_annulled": 1, "person_money": 4_000_000},
    )


def test_results_of_conclusions_count_as_completed_by_the_period_end(cases_a, unit_a):
    # p5's handling (10/08) is inside Q3; p6's (20/09) is after it, so Q3 shows p6's conclusion alone.
    assert_figures(values("04/GQTC", "q3", unit_a), EXPECTED_A["04/GQTC"])
    q4 = values("04/GQTC", "q4", unit_a)
    assert_figures(
        q4,
        {
            "verdict_right": 0,
            "verdict_partly_right": 0,
            "verdict_wrong": 0,
            "persons_restored": 0,
            "state_money": 0,
            "execution_due": 2,
            "executed": 1,
        },
    )
    year = values("04/GQTC", "year", unit_a)
    assert_figures(
        year,
        {
            "verdict_partly_right": 1,
            "verdict_wrong": 1,
            "persons_restored": 1,
            "investigation_cases": 1,
            "investigation_persons": 2,
            "state_money": 200_000_000,
        },
    )


def test_05_kqth_counts_the_decisions_executed_in_the_period(cases_a, unit_a):
    assert_figures(values("05/KQTH", "q3", unit_a), EXPECTED_A["05/KQTH"])
    # p6 was closed after its handling on 25/09: executed in Q4, with the rights its handling restored.
    assert_figures(
        values("05/KQTH", "q4", unit_a),
        {
            "complaint_due": 2,
            "complaint_executed": 0,
            "denunciation_due": 2,
            "denunciation_executed": 1,
            "persons_restored": 1,
            "state_money": 0,
        },
    )


def test_a_late_correction_leaves_the_period_of_the_decision_unchanged(cases_a, leader_a, unit_a):
    petition = make_case(
        leader_a,
        "denunciation",
        D(2026, 7, 1),
        outcome="accept",
        outcome_on=D(2026, 7, 2),
        steps=(
            ("denunciation.accept", D(2026, 7, 3)),
            ("denunciation.verify", D(2026, 7, 4)),
            ("denunciation.conclude", D(2026, 9, 20), {"result": "right", "state_money": 7_000_000}),
        ),
    )
    before = values("04/GQTC", "q3", unit_a)
    assert before["verdict_right"] == 0  # concluded on 20/09, in Q4
    with schema_context(unit_a.schema_name):
        petition_transition(
            petition=petition,
            name="denunciation.handle",
            actor=leader_a.user,
            data={"measures": "Thu hồi.", "state_money": 9_000_000, "date": "2026-10-02"},
        )
        assert ResolutionResult.objects.get(petition=petition).state_money == 9_000_000
    q4 = values("04/GQTC", "q4", unit_a)
    assert (q4["verdict_right"], q4["state_money"]) == (1, 9_000_000)  # as it stood at the end of Q4
    assert values("04/GQTC", "q3", unit_a) == before


def test_the_result_columns_balance(cases_a, unit_a):
    for kind in ("q3", "q4", "year"):
        counters = compute_counters(
            forms=["03/GQKN", "04/GQTC"], period=period_bounds(kind, 2026), unit_codes=[unit_a.code]
        )
        gqkn, gqtc = counters["03/GQKN"][unit_a.code], counters["04/GQTC"][unit_a.code]
        verdicts = lambda table, *names: sum(table[f"verdict_{name}"] for name in names)  # noqa: E731
        assert gqkn["resolved_level_1"] == verdicts(gqkn, "right", "wrong", "partly_right"), kind
        assert gqkn["resolved_level_2"] == verdicts(gqkn, "upheld", "annulled"), kind
        assert gqtc["resolved"] == verdicts(gqtc, "right", "wrong", "partly_right"), kind
        for table in (gqkn, gqtc):
            assert table["discipline_officials"] <= table["discipline_persons"]
            assert table["executed"] <= table["execution_due"]
        assert gqkn["withdrawn_after_explanation"] <= gqkn["withdrawn"]


def test_another_units_results_stay_in_its_own_row(cases_a, cases_b, inspectorate, unit_a, unit_b):
    q3 = period_bounds("q3", 2026)
    for form in ("03/GQKN", "04/GQTC", "05/KQTH"):
        report = province_report(form=form, period=q3, issuer=UnitRef.of(inspectorate)).as_dict()
        assert_figures(row_of(report, unit_a.code), EXPECTED_A[form])
        assert row_of(report, unit_b.code).get("state_money", 0) == 0
        assert report["total"]["state_money"] == sum(row["values"]["state_money"] for row in report["rows"])


def test_the_public_events_carry_the_figures_and_no_person(cases_a, unit_a):
    events = CaseEvent.objects.filter(unit_code=unit_a.code, results__isnull=False)
    assert {event.kind for event in events} == {
        "complaint.decide",
        "complaint.withdraw",
        "denunciation.conclude",
        "denunciation.handle",
    }
    decided = events.get(kind="complaint.decide", event_date=D(2026, 7, 1))
    assert (decided.results["verdict"], decided.results["state_money"]) == ("right", 50_000_000)
    text = str(list(events.values_list("results", flat=True)))
    assert not any(value in text for value in PII)


#
# The steps refuse what the law does not allow; the pages and the API carry the inputs.
#
def ready(member, level: int):
    """A complaint at ``level``, ready for its decision."""
    on = D(2026, 11, 2)
    return make_case(
        member,
        "complaint",
        on,
        outcome="accept",
        outcome_on=on,
        steps=(("complaint.accept", on, {"level": level}), ("complaint.verify", on), ("complaint.dialogue", on)),
    )


@pytest.fixture
def decidable(leader_a, province_leader):
    """A first-level complaint of unit A and a second-level one of the province, each ready for its decision."""
    return ready(leader_a, 1), ready(province_leader, 2)


def test_a_decision_needs_the_result_its_level_allows(decidable, leader_a, province_leader):
    first, second = decidable
    for member, petition, data, field in (
        (leader_a, first, {}, "result"),
        (leader_a, first, {"result": "upheld"}, "result"),  # upheld / annulled belong to the second level
        (province_leader, second, {"result": "right"}, "result"),
        (
            leader_a,
            first,
            {"result": "right", "discipline_persons": 1, "discipline_officials": 2},
            "discipline_officials",
        ),
        (leader_a, first, {"result": "right", "state_money": -5}, "state_money"),
        (leader_a, first, {"result": "right", "state_land": "nhiều"}, "state_land"),
    ):
        with schema_context(member.unit.schema_name), pytest.raises(ApplicationError) as refused:
            petition_transition(
                petition=petition, name="complaint.decide", actor=member.user, data={"decision": "Quyết định.", **data}
            )
        assert refused.value.extra["field"] == field
    for member, petition in ((leader_a, first), (province_leader, second)):
        with schema_context(member.unit.schema_name):
            assert not ResolutionResult.objects.exists()
            assert Petition.objects.get(pk=petition.pk).status == "dialogue"


def test_the_page_records_a_decisions_results(decidable, leader_a, unit_a):
    first, _second = decidable
    client, base = leader_a.web(), leader_a.url(f"don-thu/{first.pk}/")
    page = client.get(base)
    form = {name: form for name, _label, form in page.context["transitions"]}["complaint.decide"]
    inputs = {"result", "state_money", "state_land", "discipline_officials", "referred_to_investigation"}
    assert inputs <= set(form.fields)
    refused = client.post(f"{base}chuyen/complaint.decide/", {"decision": "Giữ nguyên.", "state_money": "1000"})
    assert refused.status_code == 400
    forms = {name: form for name, _label, form in refused.context["transitions"]}
    assert forms["complaint.decide"].errors["result"]
    done = client.post(
        f"{base}chuyen/complaint.decide/",
        {
            "decision": "Khiếu nại đúng.",
            "result": "right",
            "state_money": "25000000",
            "state_land": "0",
            "persons_restored": "1",
            "discipline_persons": "2",
            "discipline_officials": "1",
            "referred_to_investigation": "on",
            "investigation_persons": "1",
            "date": "10/11/2026",
        },
    )
    assert done.status_code == 302, done.content.decode()[:2000]
    shown = client.get(base).content.decode()
    assert 'id="result"' in shown
    assert "25.000.000" in shown
    with schema_context(unit_a.schema_name):
        result = ResolutionResult.objects.get(petition=first)
    assert (result.verdict, result.state_money, result.persons_restored) == ("right", 25_000_000, 1)
    assert (result.discipline_persons, result.discipline_officials, result.referred_to_investigation) == (2, 1, True)
    q4 = values("03/GQKN", "q4", unit_a)
    assert (q4["verdict_right"], q4["state_money"], q4["investigation_cases"]) == (1, 25_000_000, 1)


def test_the_api_records_a_conclusion_and_a_withdrawal(leader_a, unit_a):
    api = leader_a.api()
    concluded = make_case(
        leader_a,
        "denunciation",
        D(2026, 11, 2),
        outcome="accept",
        outcome_on=D(2026, 11, 2),
        steps=(("denunciation.accept", D(2026, 11, 3)), ("denunciation.verify", D(2026, 11, 4))),
    )
    url = leader_a.url(f"api/v1/petitions/{concluded.pk}/transitions/")
    bad = api.post(f"{url}denunciation.conclude/", {"conclusion": "x", "result": "annulled"}, format="json")
    assert bad.status_code == 400
    negative = api.post(
        f"{url}denunciation.conclude/", {"conclusion": "x", "result": "right", "org_land": -1}, format="json"
    )
    assert (negative.status_code, list(negative.json())) == (400, ["org_land"])
    body = api.post(
        f"{url}denunciation.conclude/",
        {
            "conclusion": "Tố cáo đúng.",
            "result": "right",
            "state_money": 3_000_000,
            "date": "2026-11-10",
        },
        format="json",
    ).json()
    assert (body["result"]["verdict"], body["result"]["state_money"]) == ("right", 3_000_000)
    body = api.post(
        f"{url}denunciation.handle/",
        {"measures": "Chuyển điều tra.", "investigation_persons": 2, "date": "2026-11-11"},
        format="json",
    ).json()
    assert (body["result"]["state_money"], body["result"]["referred_to_investigation"]) == (3_000_000, True)

    withdrawn = make_case(
        leader_a,
        "complaint",
        D(2026, 11, 2),
        outcome="accept",
        outcome_on=D(2026, 11, 2),
        steps=(("complaint.accept", D(2026, 11, 3), {"level": 1}),),
    )
    url = leader_a.url(f"api/v1/petitions/{withdrawn.pk}/transitions/")
    body = api.post(
        f"{url}complaint.withdraw/",
        {"note": "Đơn rút ngày 12/11/2026.", "after_explanation": True, "date": "2026-11-12"},
        format="json",
    ).json()
    assert (body["status"], body["result"]["after_explanation"]) == ("withdrawn", True)
    assert_figures(values("03/GQKN", "q4", unit_a), {"withdrawn": 1, "withdrawn_after_explanation": 1})
    assert_figures(
        values("04/GQTC", "q4", unit_a), {"verdict_right": 1, "investigation_cases": 1, "investigation_persons": 2}
    )


#
# 02/XLD: cases beside letters, their resolution status, replies to forwarded petitions
#
def test_02_xld_counts_cases_by_matter_and_status_and_forwarding_replies(leader_a, unit_a):
    on = D(2026, 7, 1)
    first = make_case(leader_a, "complaint", on)
    again = make_case(leader_a, "complaint", D(2026, 7, 2))
    other = make_case(leader_a, "recommendation", D(2026, 7, 3))
    late = make_case(leader_a, "feedback", D(2026, 7, 4))
    forwarded = make_case(
        leader_a,
        "recommendation",
        D(2026, 7, 5),
        outcome="forward",
        outcome_on=D(2026, 7, 6),
        within=False,
        steps=(("forward.reply", D(2026, 8, 1)),),
    )
    with schema_context(unit_a.schema_name):
        classify = lambda petition, **extra: petition_classify(  # noqa: E731
            petition=petition,
            actor=leader_a.user,
            is_processable=True,
            within_jurisdiction=True,
            date=D(2026, 7, 10),
            **extra,
        )
        classify(first, prior_resolution="once")
        classify(again, prior_resolution="several", same_matter_as=first.registry_number)  # the same matter
        classify(other)
        with pytest.raises(ApplicationError) as refused:
            classify(first, same_matter_as=late.registry_number)  # a later letter is linked to the earlier one
        assert refused.value.extra["field"] == "same_matter_as"
        with pytest.raises(ApplicationError):
            classify(other, same_matter_as="99999/2026")
        petition_classify(
            petition=late,
            actor=leader_a.user,
            is_processable=False,
            not_processable_reason="unsigned",
            date=D(2026, 7, 10),
        )
    xld = values("02/XLD", "q3", unit_a)
    # forwarded: classified by the fixture on 29/11/2026, so not yet by the end of Q3
    assert_figures(
        xld,
        {
            "processable": 3,
            "processable_cases": 2,
            "within_jurisdiction": 3,
            "status_none": 1,
            "status_once": 0,
            "status_several": 1,
            "forward_replies": 1,
        },
    )
    assert xld["processable_cases"] == xld["status_none"] + xld["status_once"] + xld["status_several"]
    assert forwarded.status == "forwarded"
    assert values("02/XLD", "q4", unit_a)["forward_replies"] == 0


def test_a_unit_neither_records_nor_links_another_units_cases(decidable, leader_a, leader_b, unit_a, unit_b):
    first, _second = decidable
    decide = {"decision": "Quyết định.", "result": "right", "state_money": 1_000}
    url = f"api/v1/petitions/{first.pk}/transitions/complaint.decide/"
    assert leader_b.api().post(leader_b.url(url), decide, format="json").status_code == 404
    assert leader_a.api().post(leader_b.url(url), decide, format="json").status_code in (401, 403)
    with schema_context(unit_a.schema_name):
        assert not ResolutionResult.objects.exists()
    # A registry number names a petition of the unit's own book only.
    own = make_case(leader_b, "complaint", D(2026, 11, 3))
    with schema_context(unit_b.schema_name), pytest.raises(ApplicationError) as refused:
        petition_classify(
            petition=own,
            actor=leader_b.user,
            is_processable=True,
            within_jurisdiction=True,
            same_matter_as=first.registry_number,
        )
    assert refused.value.extra["field"] == "same_matter_as"
