"""The public mirror of reception work: counts and kinds for the inspectorate, nothing personal."""

from datetime import date, datetime, time

import pytest
from django.core.management import CommandError, call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.models import ReceptionFact, UnitReceptionStat
from core.reception.models import ReceptionSession, UnitProfile
from core.reception.services.index import reception_rebuild
from core.reception.services.staff import officer_create, training_add
from core.reception.services.visits import visit_log

pytestmark = pytest.mark.django_db


def test_visits_sessions_and_staff_are_mirrored_without_names(receptionist_a, leader_a, unit_a, make_member):
    admin = make_member(unit_a, roles=("unit_admin",), username="qt")
    with schema_context(unit_a.schema_name):
        UnitProfile.objects.create(head=leader_a.user)
        group = [{"full_name": f"Người {i}", "id_kind": "none", "is_representative": i == 0} for i in range(6)]
        at = timezone.make_aware(datetime.combine(date(2026, 11, 16), time(9)))
        visit = visit_log(
            actor=receptionist_a.user,
            visited_at=at,
            place="Xã",
            petition_type="complaint",
            field_code="dat-dai",
            content="Đất đai",
            outcome="answered",
            citizens=group,
            headcount=6,
        )
        session = ReceptionSession.objects.create(
            kind="periodic",
            date=date(2026, 11, 19),
            start_time=time(8),
            place="UBND xã",
            presiding=leader_a.user,
            status="held",
        )
        officer = officer_create(actor=admin.user, full_name="Lường Thị Hoa", employment="full_time")
        training_add(actor=admin.user, officer=officer, course="Nghiệp vụ tiếp công dân", completed_on=date(2026, 3, 1))
        reception_rebuild()
    facts = {f.kind: f for f in ReceptionFact.objects.filter(unit_code=unit_a.code)}
    assert (facts["visit"].source_id, facts["visit"].headcount, facts["visit"].is_crowd) == (visit.pk, 6, True)
    assert (facts["session"].source_id, facts["session"].head_in_person) == (session.pk, True)
    stat = UnitReceptionStat.objects.get(unit_code=unit_a.code)
    assert (stat.officers_active, stat.officers_trained) == (1, 1)
    text = str([vars(f) for f in ReceptionFact.objects.all()]) + str(vars(stat))
    assert "Người" not in text
    assert "Lường" not in text


def test_the_index_rebuild_reports_and_repairs_reception_facts(receptionist_a, leader_a, unit_a, capsys):
    """The reception app registers its check with the index; the index never reads reception's tables."""
    with schema_context(unit_a.schema_name):
        at = timezone.make_aware(datetime.combine(date(2026, 11, 16), time(9)))
        visit = visit_log(
            actor=receptionist_a.user,
            visited_at=at,
            place="Xã",
            petition_type="complaint",
            field_code="dat-dai",
            content="Đất đai",
            outcome="answered",
            citizens=[{"full_name": "Người 1", "id_kind": "none"}],
        )
    ReceptionFact.objects.filter(unit_code=unit_a.code, source_id=visit.pk).update(headcount=40)
    ReceptionFact.objects.create(
        unit_code=unit_a.code, province_code="20", kind="session", source_id=999_999, date=date(2026, 11, 1)
    )
    with pytest.raises(CommandError):
        call_command("caseindex_rebuild", "--unit", unit_a.code)
    assert f"{unit_a.code} reception: 0 missing, 1 different, 1 extra" in capsys.readouterr().out
    call_command("caseindex_rebuild", "--unit", unit_a.code, "--fix")
    call_command("caseindex_rebuild", "--unit", unit_a.code)
    assert "0 differences found" in capsys.readouterr().out
    facts = ReceptionFact.objects.filter(unit_code=unit_a.code)
    assert [(fact.kind, fact.source_id, fact.headcount) for fact in facts] == [("visit", visit.pk, 1)]
