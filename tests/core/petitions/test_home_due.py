"""A leader's and a processing officer's home list the petitions whose clocks have run out or run out
within 3 days (registry number linked to the petition, type, due date, which clock); nobody else's
home does, no unit sees another's, and an index row written before the registry number was carried
gets it from ``caseindex_rebuild --fix``."""

from __future__ import annotations

import re
from datetime import date, timedelta

import pytest
from django.core.management import call_command
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.models import CaseIndexEntry
from core.petitions.models import Deadline
from core.petitions.selectors import petitions_due_for

pytestmark = pytest.mark.django_db


def _due_section(response) -> str:
    assert response.status_code == 200
    found = re.search(r'<div class="card" id="petitions-due">(.*?)</div>', response.content.decode(), re.S)
    return found.group(1) if found else ""


@pytest.fixture
def late(register):
    """A complaint received in September: its acceptance clock has run out."""
    return register(received_date=date(2026, 9, 1))


@pytest.fixture
def near(register, officer_a):
    """A petition one of whose clocks runs out tomorrow."""
    petition = register(received_date=timezone.localdate(), summary="Phản ánh đèn đường hỏng.")
    with schema_context(officer_a.unit.schema_name):
        Deadline.objects.filter(petition=petition).update(due_date=timezone.localdate() + timedelta(days=1))
    return petition


def test_the_officers_home_lists_overdue_and_near_due_petitions(late, near, officer_a):
    section = _due_section(officer_a.web().get(officer_a.url("")))
    detail = officer_a.url(f"don-thu/{late.pk}/")
    assert f'<a href="{detail}">{late.registry_number}</a>' in section
    assert f'href="{officer_a.url(f"don-thu/{near.pk}/")}"' in section
    assert "Khiếu nại" in section  # the type
    with schema_context(officer_a.unit.schema_name):
        clock = Deadline.objects.filter(petition=late, state="open", is_operative=True).order_by("due_date").first()
    assert f"{clock.due_date:%d/%m/%Y}" in section
    assert clock.description in section
    assert "due-overdue" in section
    assert "due-soon" in section
    assert "Nguyễn Văn An" not in section


def test_a_leader_sees_them_too(late, unit_a, make_member):
    leader = make_member(unit_a, roles=("leader",), username="chu_tich", full_name="Vi Văn Thành")
    assert late.registry_number in _due_section(leader.web().get(leader.url("")))


def test_a_reception_officer_sees_no_petition_clocks(late, member_a):
    response = member_a.web().get(member_a.url(""))
    assert _due_section(response) == ""
    with schema_context(member_a.unit.schema_name):
        assert not petitions_due_for(member_a.user).exists()


def test_another_units_home_shows_none_of_them(late, unit_b, make_member):
    officer_b = make_member(unit_b, roles=("processing_officer",), username="xu_ly_b")
    section = _due_section(officer_b.web().get(officer_b.url("")))
    assert late.registry_number not in section
    assert "Không có đơn nào quá hạn" in section


def test_the_index_carries_the_registry_number_and_the_rebuild_fills_old_rows(late, capsys):
    assert CaseIndexEntry.objects.get(case_id=late.case_id).registry_number == late.registry_number
    CaseIndexEntry.objects.filter(case_id=late.case_id).update(registry_number="")  # as indexed before
    call_command("caseindex_rebuild", "--fix")
    capsys.readouterr()
    assert CaseIndexEntry.objects.get(case_id=late.case_id).registry_number == late.registry_number
