"""Fixtures of the report tests: petitions of units A and B with dated steps in and around
Q3 2026 (15/06/2026 – 14/09/2026), created through the real services, and the expected figures."""

from __future__ import annotations

from datetime import date

import pytest
from django_tenants.utils import schema_context

from core.petitions.models import Petition
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.petitions.workflow import petition_transition
from core.reports.periods import period_bounds
from tenants.models import Unit
from tests.conftest import UNIT_A, UNIT_B, member_make, member_reload
from tests.shared_data import shared

#: Seeded personal data that no report may carry.
CITIZENS = [
    {"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "020085001234", "phone": "0912345678"},
    {"full_name": "Hà Thị Mai", "id_kind": "cccd", "id_number": "020185001234", "phone": "0911222333"},
]
PII = ["Nguyễn Văn An", "020085001234", "0912345678", "Hà Thị Mai", "020185001234", "0911222333"]
DATA = {
    "note": "Đơn xin rút số 01.",
    "reason": "Căn cứ Điều 34 Luật Tố cáo.",
    "minutes": "Biên bản đối thoại.",
    "participants": "Người khiếu nại; người bị khiếu nại.",
    "dialogue_result": "Chưa thống nhất.",
    "verifier": "Công chức Địa chính - Xây dựng",
    "decision": "Quyết định giải quyết.",
    "conclusion": "Kết luận nội dung tố cáo.",
    "measures": "Xử lý theo kết luận.",
}
#: What unit A's decisions and conclusions record (money in đồng, land in m²).
RESULTS = {
    "p1": {
        "result": "right",
        "state_money": 50_000_000,
        "state_land": 120,
        "person_money": 10_000_000,
        "persons_restored": 2,
        "discipline_persons": 2,
        "discipline_officials": 1,
    },
    "p2": {"result": "partly_right", "org_land": 300, "orgs_restored": 1, "investigation_persons": 1},
    "p3": {"result": "partly_right", "person_land": 40, "persons_restored": 1},
    "p5": {"result": "partly_right", "state_money": 200_000_000, "discipline_persons": 3, "discipline_officials": 3},
    "p5_handling": {"referred_to_investigation": True, "investigation_persons": 2},
    "p6": {"result": "wrong"},
    "p6_handling": {"persons_restored": 1},
}
D = date
#: The day ``make_case`` classifies a petition unless told otherwise: after Q3 2026, inside the 2026
#: report year (which ends on 14/12/2026), so the figures do not move with the day the tests run.
CLASSIFIED_ON = D(2026, 11, 29)


@pytest.fixture
def q3():
    return period_bounds("q3", 2026)


# The leaders and their petitions are shared data (tests/shared_data.py): built once for the tests
# of a module that ask for them, rolled back like any test's data.
@shared("leader_a", load=member_reload)
def _leader_a():
    unit = Unit.objects.get(code=UNIT_A)
    return member_make(unit, roles=("processing_officer", "leader"), username="lanh_dao_a", full_name="Nông Văn Đức")


@shared("leader_b", load=member_reload)
def _leader_b():
    unit = Unit.objects.get(code=UNIT_B)
    return member_make(unit, roles=("processing_officer", "leader"), username="lanh_dao_b", full_name="Vi Văn Thành")


@pytest.fixture
def leader_a(unit_a, shared_data):
    return shared_data("leader_a")


@pytest.fixture
def leader_b(unit_b, shared_data):
    return shared_data("leader_b")


def petitions_reload(unit_code: str):
    """The loader of a unit's named petitions: each test reads them afresh."""

    def load(cases: dict[str, Petition]) -> dict[str, Petition]:
        with schema_context(Unit.objects.get(code=unit_code).schema_name):
            return {name: Petition.objects.get(pk=petition.pk) for name, petition in cases.items()}

    return load


@pytest.fixture
def inspector(inspectorate, make_member):
    return make_member(inspectorate, roles=("inspector",), username="thanh_tra", full_name="Lương Thị Hằng")


def make_case(
    member,
    petition_type: str,
    received: date,
    *,
    channel: str = "post",
    field_code: str = "dat-dai",
    outcome: str | None = None,
    outcome_on: date | None = None,
    classified_on: date = CLASSIFIED_ON,
    processable: bool = True,
    within: bool = True,
    steps: tuple = (),
    citizen: int = 0,
) -> Petition:
    """Register a petition, classify it (on ``classified_on``), choose its outcome and run its
    transitions, each dated."""
    with schema_context(member.unit.schema_name):
        petition = petition_register(
            actor=member.user,
            channel=channel,
            forwarded_by="Ban Dân nguyện" if channel == "forwarded" else "",
            received_date=received,
            petition_type=petition_type,
            field_code=field_code,
            subject="Nội dung đơn",
            summary=f"Đơn của {CITIZENS[citizen]['full_name']}, CCCD {CITIZENS[citizen]['id_number']}.",
            signer_kind="one",
            signers=[CITIZENS[citizen]],
        )
        if outcome is None:
            return petition
        petition_classify(
            petition=petition,
            actor=member.user,
            is_processable=processable,
            within_jurisdiction=within if processable else None,
            not_processable_reason="" if processable else "unsigned",
            date=classified_on,
        )
        # A returned petition's letter states why (core.petitions.issuing.processing).
        reason = "Đơn gửi không đúng cơ quan có thẩm quyền." if outcome == "return" else ""
        petition = petition_decide_outcome(
            petition=petition,
            actor=member.user,
            outcome=outcome,
            competent_body="Sở Tư pháp",
            date=outcome_on,
            reason=reason,
        )
        for name, on, *extra in steps:
            data = {**DATA, **(extra[0] if extra else {}), "date": on.isoformat()}
            petition = petition_transition(petition=petition, name=name, actor=member.user, data=data)
        return petition


@pytest.fixture
def cases_a(leader_a, shared_data):
    return shared_data("cases_a")


@shared("cases_a", needs=("leader_a",), load=petitions_reload(UNIT_A))
def _cases_a(leader_a):
    """Unit A's petitions; the comments give what each counts for in Q3 2026."""
    m = leader_a
    return {
        # carried-over complaint, decided on time in the period (right, with figures), executed in it
        "p1": make_case(
            m,
            "complaint",
            D(2026, 6, 1),
            outcome="accept",
            outcome_on=D(2026, 6, 5),
            steps=(
                ("complaint.accept", D(2026, 6, 10), {"level": 1}),
                ("complaint.verify", D(2026, 6, 12)),
                ("complaint.decide", D(2026, 7, 1), RESULTS["p1"]),
                ("complaint.take_effect", D(2026, 8, 3)),
                ("complaint.execute", D(2026, 8, 4)),
                ("complaint.close", D(2026, 9, 1)),
            ),
        ),
        # at reception; accepted in the period, decided only after it
        "p2": make_case(
            m,
            "complaint",
            D(2026, 6, 20),
            channel="reception",
            outcome="accept",
            outcome_on=D(2026, 6, 25),
            steps=(
                ("complaint.accept", D(2026, 6, 30), {"level": 1}),
                ("complaint.verify", D(2026, 7, 1)),
                ("complaint.dialogue", D(2026, 7, 2)),
                ("complaint.decide", D(2026, 9, 30), RESULTS["p2"]),
            ),
        ),
        # accepted and decided late in the period
        "p3": make_case(
            m,
            "complaint",
            D(2026, 6, 16),
            outcome="accept",
            outcome_on=D(2026, 6, 17),
            steps=(
                ("complaint.accept", D(2026, 6, 18), {"level": 1}),
                ("complaint.verify", D(2026, 6, 19)),
                ("complaint.decide", D(2026, 9, 10), RESULTS["p3"]),
            ),
        ),
        # accepted and withdrawn in the period
        "p4": make_case(
            m,
            "complaint",
            D(2026, 7, 1),
            outcome="accept",
            outcome_on=D(2026, 7, 2),
            steps=(
                ("complaint.accept", D(2026, 7, 3), {"level": 1}),
                ("complaint.withdraw", D(2026, 7, 20), {"after_explanation": True}),
            ),
        ),
        # carried-over denunciation, extended, concluded late in the period
        "p5": make_case(
            m,
            "denunciation",
            D(2026, 5, 1),
            channel="reception",
            outcome="accept",
            outcome_on=D(2026, 5, 5),
            citizen=1,
            steps=(
                ("denunciation.accept", D(2026, 5, 10)),
                ("denunciation.verify", D(2026, 5, 11)),
                ("denunciation.extend", D(2026, 7, 1), {"complexity": "complex", "days": 30}),
                ("denunciation.conclude", D(2026, 8, 1), RESULTS["p5"]),
                ("denunciation.handle", D(2026, 8, 10), RESULTS["p5_handling"]),
            ),
        ),
        # accepted and concluded on time
        "p6": make_case(
            m,
            "denunciation",
            D(2026, 7, 5),
            outcome="accept",
            outcome_on=D(2026, 7, 6),
            steps=(
                ("denunciation.accept", D(2026, 7, 7)),
                ("denunciation.verify", D(2026, 7, 8)),
                ("denunciation.conclude", D(2026, 7, 20), RESULTS["p6"]),
                # handled and closed after the period: its figures and execution count in Q4
                ("denunciation.handle", D(2026, 9, 20), RESULTS["p6_handling"]),
                ("denunciation.close", D(2026, 9, 25)),
            ),
        ),
        # accepted and suspended: open at the end
        "p7": make_case(
            m,
            "denunciation",
            D(2026, 7, 10),
            outcome="accept",
            outcome_on=D(2026, 7, 11),
            steps=(("denunciation.accept", D(2026, 7, 12)), ("denunciation.suspend", D(2026, 7, 15))),
        ),
        # accepted and terminated
        "p8": make_case(
            m,
            "denunciation",
            D(2026, 7, 10),
            outcome="accept",
            outcome_on=D(2026, 7, 11),
            steps=(("denunciation.accept", D(2026, 7, 12)), ("denunciation.terminate", D(2026, 8, 1))),
        ),
        # received before, never processed: carried over and pending
        "p9": make_case(m, "recommendation", D(2026, 6, 10), channel="online"),
        # at reception on the last day of the period, pending
        "p10": make_case(m, "feedback", D(2026, 9, 14), channel="reception"),
        # after the period: nowhere
        "p11": make_case(m, "feedback", D(2026, 9, 15), channel="reception"),
        "p12": make_case(
            m, "complaint", D(2026, 8, 1), field_code="nha-o", outcome="guide", outcome_on=D(2026, 8, 5), within=False
        ),
        "p13": make_case(
            m, "recommendation", D(2026, 8, 2), outcome="file", outcome_on=D(2026, 8, 3), processable=False
        ),
        # received before, returned in the period: carried over and processed (only a letter an agency
        # forwarded goes back to it)
        "p14": make_case(
            m,
            "feedback",
            D(2026, 6, 1),
            channel="forwarded",
            outcome="return",
            outcome_on=D(2026, 6, 20),
            processable=False,
        ),
        "p15": make_case(m, "denunciation", D(2026, 7, 1), outcome="forward", outcome_on=D(2026, 7, 2), within=False),
        "p16": make_case(m, "recommendation", D(2026, 7, 3), outcome="chase", outcome_on=D(2026, 7, 4)),
    }


@pytest.fixture
def cases_b(leader_b, shared_data):
    return shared_data("cases_b")


@shared("cases_b", needs=("leader_b",), load=petitions_reload(UNIT_B))
def _cases_b(leader_b):
    m = leader_b
    return {
        "b1": make_case(m, "complaint", D(2026, 7, 1), channel="reception"),
        "b2": make_case(
            m,
            "denunciation",
            D(2026, 8, 1),
            field_code="tham-nhung",
            outcome="accept",
            outcome_on=D(2026, 8, 2),
            steps=(("denunciation.accept", D(2026, 8, 3)),),
        ),
        "b3": make_case(
            m,
            "complaint",
            D(2026, 3, 1),
            outcome="accept",
            outcome_on=D(2026, 3, 2),
            steps=(("complaint.accept", D(2026, 3, 3), {"level": 1}),),
        ),
    }


#: Unit A's figures for Q3 2026, derived by hand from the comments of ``cases_a``.
EXPECTED_A = {
    "01/TCD": {
        "reception_total": 2,
        "reception_complaint": 1,
        "reception_feedback": 1,
        "reception_denunciation": 0,
        "reception_recommendation": 0,
        "reception_mixed": 0,
    },
    "02/XLD": {
        "total": 13,
        "carried_over": 2,
        "received": 11,
        "type_complaint": 4,
        "type_denunciation": 4,
        "type_recommendation": 3,
        "type_feedback": 2,
        "type_mixed": 0,
        "processed": 11,
        "outcome_accept": 6,
        "outcome_guide": 1,
        "outcome_forward": 1,
        "outcome_return": 1,
        "outcome_chase": 1,
        "outcome_file": 1,
        "pending_at_end": 2,
        "field:dat-dai": 12,
        "field:nha-o": 1,
        "field:tham-nhung": 0,
    },
    "03/GQKN": {
        "total": 4,
        "carried_over": 1,
        "accepted": 3,
        "level_1": 4,
        "level_2": 0,
        "resolved": 2,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "resolved_level_1": 2,
        "resolved_level_2": 0,
        "withdrawn": 1,
        "withdrawn_after_explanation": 1,
        "terminated": 0,
        "open_at_end": 1,
        # p1 and p3, decided in the period (p2's decision falls in Q4)
        "verdict_right": 1,
        "verdict_wrong": 0,
        "verdict_partly_right": 1,
        "verdict_upheld": 0,
        "verdict_annulled": 0,
        "state_money": 50_000_000,
        "state_land": 120,
        "org_money": 0,
        "org_land": 0,
        "person_money": 10_000_000,
        "person_land": 40,
        "orgs_restored": 0,
        "persons_restored": 3,
        "discipline_persons": 2,
        "discipline_officials": 1,
        "investigation_cases": 0,
        "investigation_persons": 0,
        "execution_due": 2,
        "executed": 1,
    },
    "04/GQTC": {
        "total": 4,
        "carried_over": 1,
        "accepted": 3,
        "resolved": 2,
        "resolved_on_time": 1,
        "resolved_late": 1,
        "extended": 1,
        "suspended": 1,
        "withdrawn": 0,
        "terminated": 1,
        "open_at_end": 1,
        # p5 (with its handling in the period) and p6 (handled only after it)
        "verdict_right": 0,
        "verdict_partly_right": 1,
        "verdict_wrong": 1,
        "state_money": 200_000_000,
        "persons_restored": 0,
        "discipline_persons": 3,
        "discipline_officials": 3,
        "investigation_cases": 1,
        "investigation_persons": 2,
        "execution_due": 2,
        "executed": 0,
    },
    "05/KQTH": {
        "complaint_due": 2,
        "complaint_executed": 1,
        "denunciation_due": 2,
        "denunciation_executed": 0,
        # p1, executed in the period
        "state_money": 50_000_000,
        "state_land": 120,
        "person_money": 10_000_000,
        "person_land": 0,
        "persons_restored": 2,
        "discipline_persons": 2,
        "discipline_officials": 1,
        "investigation_cases": 0,
    },
}
#: Unit B's: b1 received at reception and pending; b2 accepted in the period and open; b3 carried over.
EXPECTED_B = {
    "01/TCD": {"reception_total": 1, "reception_complaint": 1},
    "02/XLD": {
        "total": 2,
        "carried_over": 0,
        "received": 2,
        "processed": 1,
        "outcome_accept": 1,
        "pending_at_end": 1,
        "field:dat-dai": 1,
        "field:tham-nhung": 1,
    },
    "03/GQKN": {"total": 1, "carried_over": 1, "accepted": 0, "level_1": 1, "open_at_end": 1, "resolved": 0},
    "04/GQTC": {"total": 1, "accepted": 1, "open_at_end": 1, "resolved": 0},
    "05/KQTH": {"complaint_due": 0, "denunciation_due": 0, "state_money": 0},
}


def row_of(report: dict, unit_code: str) -> dict:
    return next(row["values"] for row in report["rows"] if row["unit_code"] == unit_code)


def assert_figures(values: dict, expected: dict) -> None:
    assert {key: values[key] for key in expected} == expected
