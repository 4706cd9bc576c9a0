"""What a step becomes: one export record, in the step's transaction, whose package follows the
JSON Schema in the repository and carries a denouncer's identity never."""

from __future__ import annotations

import json

import pytest
from django.db import connection as db
from django.db import transaction
from django.test.utils import CaptureQueriesContext
from django_tenants.utils import schema_context
from jsonschema import Draft202012Validator

from core.common.errors import ConflictError
from core.nationaldb.choices import ExportEvent, Milestone, RecordState
from core.nationaldb.milestones import EXPORTED, NOT_EXPORTED
from core.nationaldb.models import ExportRecord
from core.nationaldb.package import package_errors
from core.nationaldb.status.models import UnitSyncStatus
from core.petitions.choices import Channel, EventKind, Outcome, PetitionType, Status, TransitionName, outcome_event
from core.petitions.models import Petition
from core.petitions.services.petitions import petition_classify, petition_decide_outcome

from .conftest import ADDRESS, COMPLAINANT, DENOUNCER, ID_NUMBER, NAME, PHONE, RECEIVED, SCHEMA_FILE, case_make, records

pytestmark = pytest.mark.django_db


def schema_validator() -> Draft202012Validator:
    document = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    Draft202012Validator.check_schema(document)
    return Draft202012Validator(document, format_checker=Draft202012Validator.FORMAT_CHECKER)


def test_every_step_is_exported_or_left_out_on_purpose():
    kinds = {*TransitionName, *EventKind, *(outcome_event(o) for o in Outcome.values)}
    assert kinds - set(EXPORTED) - NOT_EXPORTED == set()
    assert set(EXPORTED) & NOT_EXPORTED == set()


def test_the_schema_lists_the_codes_the_platform_uses():
    schema = json.loads(SCHEMA_FILE.read_text(encoding="utf-8"))
    case = schema["properties"]["case"]["properties"]
    assert case["petition_type"]["enum"] == PetitionType.values
    assert case["channel"]["enum"] == Channel.values
    assert case["status"]["enum"] == Status.values
    event = schema["properties"]["event"]["properties"]
    assert event["name"]["enum"] == ExportEvent.values
    assert event["milestone"]["enum"] == Milestone.values


def test_a_complaints_steps_are_queued_with_valid_packages(officer_a, unit_a):
    petition = case_make(officer_a)
    rows = records(unit_a)
    assert [(r.event_name, r.milestone) for r in rows] == [
        ("received", "case"),
        ("classified", "processing_result"),
        ("processed", "processing_result"),
        ("accepted", "handling_information"),
    ]
    validator = schema_validator()
    for row in rows:
        assert row.state == RecordState.PENDING
        assert row.key == f"{unit_a.code}:{row.event_id}:v1" == row.package["key"]
        assert list(validator.iter_errors(row.package)) == []
        assert package_errors(row.package) == []
    accepted = rows[-1].package
    assert accepted["case"]["case_id"] == str(petition.case_id)
    assert accepted["case"]["status"] == "accepted"
    assert accepted["handling"]["accepted_on"] == RECEIVED.isoformat()
    assert accepted["case"]["complaint_level"] == 1
    # A complainant is reception data: name and address, but neither the identity number nor the phone.
    assert accepted["senders"] == [
        {
            "full_name": COMPLAINANT["full_name"],
            "address_unit_code": "",
            "address_street": COMPLAINANT["address_street"],
            "is_representative": False,
        }
    ]
    text = json.dumps([r.package for r in rows], ensure_ascii=False)
    assert COMPLAINANT["id_number"] not in text
    assert COMPLAINANT["phone"] not in text
    assert accepted["giuBiMatNguoiToCao"] is False
    assert accepted["maBaoMat"] is None
    # The package is what the case was at the step: the registration's still says "registered".
    assert rows[0].package["case"]["status"] == "registered"


def test_a_denunciations_packages_carry_no_identity(officer_a, unit_a):
    petition = case_make(officer_a, petition_type="denunciation", signers=(DENOUNCER,), subject="Cán bộ địa chính xã X")
    rows = records(unit_a, petition_id=petition.pk)
    assert [r.event_name for r in rows] == ["received", "classified", "processed", "accepted"]
    validator = schema_validator()
    for row in rows:
        assert list(validator.iter_errors(row.package)) == []
        package = row.package
        assert package["giuBiMatNguoiToCao"] is True
        assert package["maBaoMat"].startswith("BM-")
        assert package["senders"] == []
        text = json.dumps(package, ensure_ascii=False)
        for secret in (NAME, ID_NUMBER, PHONE, ADDRESS, "Lò Văn", "0987"):
            assert secret not in text
    # The schema itself refuses a sealed package that names someone.
    leaked = dict(
        rows[0].package,
        senders=[
            {
                **dict.fromkeys(("address_unit_code", "address_street"), ""),
                "full_name": NAME,
                "is_representative": False,
            }
        ],
    )
    assert package_errors(leaked)


def test_a_step_that_fails_leaves_no_record(officer_a, unit_a):
    before = len(records(unit_a))

    def step_failing_after_its_event() -> None:
        with transaction.atomic():
            case_make(officer_a, steps=())
            assert ExportRecord.objects.count() == before + 1
            raise RuntimeError("the step fails after its event")

    with schema_context(unit_a.schema_name), pytest.raises(RuntimeError, match="after its event"):
        step_failing_after_its_event()
    assert len(records(unit_a)) == before


def test_a_refused_step_writes_nothing(officer_a, unit_a):
    petition = case_make(officer_a, steps=("classify",))
    before = len(records(unit_a))
    with schema_context(unit_a.schema_name), pytest.raises(ConflictError):
        # Not allowed from "classified" without the acceptance proposal: the service refuses.
        petition_decide_outcome(petition=petition, actor=officer_a.user, outcome="no-such-outcome", date=RECEIVED)
    assert len(records(unit_a)) == before


def test_a_forward_to_a_platform_unit_names_it(officer_a, unit_a, unit_b):
    petition = case_make(officer_a, petition_type="denunciation", signers=(DENOUNCER,), steps=())
    with schema_context(unit_a.schema_name):
        from core.petitions.services.petitions import petition_classify

        petition_classify(
            petition=petition, actor=officer_a.user, is_processable=True, within_jurisdiction=False, date=RECEIVED
        )
        petition_decide_outcome(
            petition=Petition.objects.get(pk=petition.pk),
            actor=officer_a.user,
            outcome="forward",
            receiving_unit=unit_b.code,
            legal_ground="khoản 2 Điều 24 Luật Tố cáo",
            date=RECEIVED,
        )
    forwarded = records(unit_a, petition_id=petition.pk)[-1]
    assert (forwarded.event_name, forwarded.milestone) == ("forwarded", "processing_result")
    assert forwarded.package["processing"]["receiving_unit_code"] == unit_b.code
    assert forwarded.package["processing"]["competent_body"] == unit_b.name
    assert package_errors(forwarded.package) == []


def test_a_pseudonymised_citizen_leaves_no_copy_in_the_packages(officer_a, unit_a):
    from core.petitions.models import Citizen

    petition = case_make(officer_a, steps=("classify",))
    with schema_context(unit_a.schema_name):
        citizen = Citizen.objects.get(petitions=petition)
        citizen.full_name, citizen.address_street = f"Đã ẩn danh #{citizen.pk}", ""
        citizen.save(update_fields=["full_name", "address_street"])
    rows = records(unit_a, petition_id=petition.pk)
    text = json.dumps([r.package for r in rows], ensure_ascii=False)
    assert COMPLAINANT["full_name"] not in text
    assert COMPLAINANT["address_street"] not in text
    assert all(r.package["senders"][0]["full_name"] == f"Đã ẩn danh #{citizen.pk}" for r in rows)
    assert all(package_errors(r.package) == [] for r in rows)


def test_a_decision_carries_its_result(officer_a, unit_a):
    from core.petitions.workflow import petition_transition

    petition = case_make(officer_a)
    with schema_context(unit_a.schema_name):
        for name, data in (
            ("complaint.verify", {"verifier": "Công chức Địa chính - Xây dựng"}),
            (
                "complaint.decide",
                {"decision": "Công nhận một phần.", "result": "partly_right", "person_money": "5000000"},
            ),
        ):
            petition = petition_transition(
                petition=petition, name=name, actor=officer_a.user, data={"date": RECEIVED.isoformat(), **data}
            )
    verified, decided = records(unit_a, petition_id=petition.pk)[-2:]
    assert (verified.event_name, verified.milestone) == ("handling", "handling_information")
    assert (decided.event_name, decided.milestone) == ("resolved", "handling_result")
    result = decided.package["handling"]["result"]
    assert result["verdict"] == "partly_right"
    assert result["person_money"] == 5_000_000
    assert decided.package["handling"]["decided_on"] == RECEIVED.isoformat()
    assert decided.package["handling"]["decision_summary"] == "Công nhận một phần."
    assert verified.package["handling"]["result"] is None
    assert package_errors(decided.package) == []


def test_a_step_pays_two_statements_for_the_hand_off(officer_a, unit_a):
    """The receiver runs inside every step: its record and a bump of the unit's public figure, never
    a count of the unit's records (which grows with the backlog when the national side is down)."""
    first = case_make(officer_a, steps=())
    second = case_make(officer_a, steps=())
    with schema_context(unit_a.schema_name):
        with CaptureQueriesContext(db) as ctx:
            petition_classify(
                petition=second, actor=officer_a.user, is_processable=True, within_jurisdiction=True, date=RECEIVED
            )
        status = UnitSyncStatus.objects.get(unit_code=unit_a.code)
    ours = [q["sql"] for q in ctx.captured_queries if "nationaldb_" in q["sql"]]
    assert len(ours) == 2, ours
    assert ours[0].startswith("INSERT")
    assert ours[1].startswith("UPDATE")
    assert status.pending == 3
    assert status.oldest_pending_at == records(unit_a, petition_id=first.pk)[0].created_at
