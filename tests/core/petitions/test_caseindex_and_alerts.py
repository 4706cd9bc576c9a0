"""The public case index stays equal to the units' petitions; clocks raise alerts and follow the calendar."""

import random
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django_tenants.utils import schema_context

from core.caseindex.models import CaseIndexEntry
from core.common.errors import ApplicationError
from core.notifications.models import Notification
from core.petitions.models import Petition
from core.petitions.selectors import allowed_outcomes
from core.petitions.services.index import petition_index_compare
from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
from core.petitions.workflow import allowed_transitions, petition_transition
from tenants.catalogue import unit_spec
from tenants.models import Unit
from tenants.provisioning import unit_provision

pytestmark = pytest.mark.django_db
TYPES = ["complaint", "denunciation", "recommendation", "feedback"]
DATA = {
    "reason": "Căn cứ theo quy định.",
    "note": "Ghi chú.",
    "minutes": "Biên bản.",
    "decision": "Quyết định.",
    "conclusion": "Kết luận.",
    "measures": "Biện pháp.",
    "answer": "Trả lời.",
    "channel": "Niêm yết",
    "complexity": "especially_complex",
}


def _random_operations(rng: random.Random, members, steps: int) -> int:
    done = 0
    for _step in range(steps):
        member = rng.choice(members)
        with schema_context(member.unit.schema_name):
            petitions = list(Petition.objects.all())
            if not petitions or rng.random() < 0.3:
                petition_register(
                    actor=member.user,
                    channel=rng.choice(["post", "reception", "online"]),
                    received_date=date(2026, 11, 20) - timedelta(days=rng.randrange(0, 120)),
                    petition_type=rng.choice(TYPES),
                    field_code=rng.choice(["dat-dai", "nha-o", "chinh-sach"]),
                    subject="Nội dung",
                    summary="Tóm tắt",
                    signer_kind="one",
                    signers=[{"full_name": f"Người gửi {rng.randrange(1000)}", "id_kind": "none"}],
                )
                done += 1
                continue
            petition = rng.choice(petitions)
            try:
                if petition.status == "registered":
                    petition_classify(
                        petition=petition,
                        actor=member.user,
                        is_processable=True,
                        within_jurisdiction=rng.random() < 0.8,
                    )
                elif outcomes := allowed_outcomes(petition):
                    outcome = rng.choice(outcomes)
                    petition_decide_outcome(petition=petition, actor=member.user, outcome=outcome, competent_body="Sở")
                elif options := allowed_transitions(petition, member.user):
                    on = min(petition.received_date + timedelta(days=rng.randrange(0, 20)), date(2026, 11, 29))
                    petition_transition(
                        petition=petition,
                        name=rng.choice(options).name,
                        actor=member.user,
                        data={**DATA, "date": on.isoformat()},
                    )
                done += 1
            except ApplicationError:
                pass  # a refused move (e.g. no further extension) changes nothing, which is the point
    return done


def test_after_random_operations_across_five_units_the_index_rebuild_finds_no_difference(make_member, capsys):
    seed = random.randrange(1_000_000)
    rng = random.Random(seed)
    unit_provision(spec=unit_spec("06040"))
    codes = ["06316", "05983", "20-TTR", "20-UBND", "06040"]
    members = [
        make_member(Unit.objects.get(code=code), roles=("processing_officer", "leader"), username=f"u{i}")
        for i, code in enumerate(codes)
    ]
    assert _random_operations(rng, members, 150) > 100, f"seed {seed}"
    call_command("caseindex_rebuild")
    assert "0 differences found" in capsys.readouterr().out, f"seed {seed}"
    counts = {code: CaseIndexEntry.objects.filter(unit_code=code).count() for code in codes}
    for member in members:
        with schema_context(member.unit.schema_name):
            assert Petition.objects.count() == counts[member.unit.code]


def test_rebuild_reports_and_repairs_a_tampered_index(register, unit_a):
    petition = register()
    CaseIndexEntry.objects.filter(case_id=petition.case_id).update(status="closed")
    with schema_context(unit_a.schema_name):
        assert petition_index_compare().changed == [petition.case_id]
        petition_index_compare(fix=True)
        assert petition_index_compare().count == 0
    assert CaseIndexEntry.objects.get(case_id=petition.case_id).status == "registered"


def test_daily_scan_alerts_officers_without_naming_anyone(register, officer_a, unit_a):
    petition = register(received_date=date(2026, 9, 1))
    from core.petitions.alerts import deadlines_alert

    with schema_context(unit_a.schema_name):
        counts = deadlines_alert(today=date(2026, 11, 29))
        note = Notification.objects.get(recipient=officer_a.user)
    assert counts["overdue"] >= 1
    assert petition.registry_number in note.body
    assert "Nguyễn Văn An" not in note.subject + note.body
    assert CaseIndexEntry.objects.get(case_id=petition.case_id).is_overdue


def test_a_new_day_off_moves_open_deadlines_in_every_unit(register, unit_a, django_capture_on_commit_callbacks):
    from core.legal.models import CalendarDay

    petition = register(received_date=date(2026, 11, 2))
    with schema_context(unit_a.schema_name):
        acceptance = petition.deadlines.get(code="complaint.acceptance", variant="")
    assert acceptance.due_date == date(2026, 11, 11)
    with django_capture_on_commit_callbacks(execute=True):
        CalendarDay.objects.create(date=date(2026, 11, 5), kind="day_off", name="Nghỉ bù", source="admin")
    with schema_context(unit_a.schema_name):
        acceptance.refresh_from_db()
        petition.refresh_from_db()
    assert acceptance.due_date == date(2026, 11, 12)  # one working day fewer that week
    assert petition.next_due_date == date(2026, 11, 12)
    assert CaseIndexEntry.objects.get(case_id=petition.case_id).next_due_date == date(2026, 11, 12)
