"""Seeding the national calendar and the rule table."""

from __future__ import annotations

from datetime import date

import pytest
from django.core.management import call_command
from django.db import IntegrityError, transaction

from core.legal.choices import DayKind, DaySource
from core.legal.models import CalendarDay, DeadlineRule
from core.legal.services import calendar_seed, rules_load, rules_seed

pytestmark = pytest.mark.django_db

D = date


def test_the_migration_seeded_the_calendar_from_2019_to_2031():
    years = set(CalendarDay.objects.dates("date", "year").values_list("date__year", flat=True))
    assert years == set(range(2019, 2032))
    assert CalendarDay.objects.get(date=D(2026, 2, 17)).name == "Tết Nguyên Đán"
    # A holiday on a Sunday is not stored (the weekend is off anyway); its observed Monday is.
    assert not CalendarDay.objects.filter(date=D(2026, 4, 26)).exists()
    assert CalendarDay.objects.get(date=D(2026, 4, 27)).kind == DayKind.HOLIDAY
    # The government swap: Monday 31/8/2026 off in exchange for Saturday 22/8/2026 worked.
    assert CalendarDay.objects.get(date=D(2026, 8, 31)).kind == DayKind.DAY_OFF
    assert CalendarDay.objects.get(date=D(2026, 8, 22)).kind == DayKind.WORKING_DAY


def test_calendar_seed_is_idempotent():
    before = list(CalendarDay.objects.values_list("date", "kind", "name", "source"))

    result = calendar_seed(years=range(2019, 2032))

    assert (result.created, result.updated, result.deleted) == (0, 0, 0)
    assert list(CalendarDay.objects.values_list("date", "kind", "name", "source")) == before


def test_calendar_seed_repairs_its_own_rows_and_keeps_admin_rows():
    # An admin turned a Tết day into a working day and added a working Saturday and an extra day off.
    CalendarDay.objects.filter(date=D(2026, 2, 20)).update(kind=DayKind.WORKING_DAY, name="Đi làm", source="admin")
    CalendarDay.objects.create(date=D(2026, 10, 10), kind=DayKind.WORKING_DAY, source=DaySource.ADMIN)
    CalendarDay.objects.create(date=D(2026, 10, 9), kind=DayKind.DAY_OFF, source=DaySource.ADMIN)
    # Seeded rows that drifted: one deleted, one renamed, one the package does not list.
    CalendarDay.objects.filter(date=D(2026, 1, 1)).delete()
    CalendarDay.objects.filter(date=D(2026, 9, 2)).update(name="sai")
    CalendarDay.objects.create(date=D(2026, 3, 3), kind=DayKind.HOLIDAY, source=DaySource.HOLIDAYS)

    result = calendar_seed(years=[2026])

    assert (result.created, result.updated, result.deleted, result.kept_admin) == (1, 1, 1, 1)
    assert CalendarDay.objects.get(date=D(2026, 1, 1)).source == DaySource.HOLIDAYS
    assert CalendarDay.objects.get(date=D(2026, 9, 2)).name == "Quốc khánh"
    assert not CalendarDay.objects.filter(date=D(2026, 3, 3)).exists()
    admin_rows = CalendarDay.objects.filter(source=DaySource.ADMIN).values_list("date", "kind", "name")
    assert set(admin_rows) == {
        (D(2026, 2, 20), DayKind.WORKING_DAY, "Đi làm"),
        (D(2026, 10, 10), DayKind.WORKING_DAY, ""),
        (D(2026, 10, 9), DayKind.DAY_OFF, ""),
    }


def test_the_calendar_seed_command(capsys):
    CalendarDay.objects.filter(date__year=2031).delete()

    call_command("calendar_seed", "--from", "2030", "--to", "2031")

    assert CalendarDay.objects.filter(date=D(2031, 1, 1)).exists()
    assert "created" in capsys.readouterr().out


def test_a_holiday_cannot_be_put_on_a_weekend():
    with pytest.raises(IntegrityError), transaction.atomic():
        CalendarDay.objects.create(date=D(2026, 10, 10), kind=DayKind.HOLIDAY, source=DaySource.ADMIN)


def test_the_migration_seeded_every_rule_of_the_file_and_reseeding_adds_nothing():
    rows = rules_load()
    assert DeadlineRule.objects.count() == len(rows)
    assert rules_seed() == 0


def test_reseeding_rules_keeps_admin_corrections():
    DeadlineRule.objects.filter(code="petition.answer_sla").update(length=20)

    rules_seed()

    assert DeadlineRule.objects.get(code="petition.answer_sla").length == 20
