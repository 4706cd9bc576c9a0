"""Writes to the legal tables: seeding the national calendar and the deadline rules.

Both seeders are idempotent and take an optional ``model`` so data migrations can pass their historical model
(``apps.get_model(...)``) and the management commands the real one.
"""

from __future__ import annotations

import json
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import TYPE_CHECKING

import holidays
from django.db import transaction
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError

from .choices import DayKind, DaySource

if TYPE_CHECKING:
    from .models import CalendarDay

RULES_FILE = Path(__file__).resolve().parent / "data" / "deadline_rules.json"


@dataclass(frozen=True)
class CalendarSeedResult:
    created: int
    updated: int
    deleted: int
    kept_admin: int


def _swapped_days() -> dict[date, date]:
    """Government swaps from the package's own table: {weekday given off: Saturday worked in exchange}.

    ``holidays`` lists the day off ("Ngày nghỉ (thay cho ngày 22/08/2026)") but not the Saturday worked for it
    (domain.md §7); both halves come from the same announcement, so both are seeded. Entries are
    ``(month, day, from_month, from_day[, from_year])`` keyed by the day off's year.
    """
    from holidays.countries.vietnam import VietnamStaticHolidays

    swaps: dict[date, date] = {}
    for year, entries in getattr(VietnamStaticHolidays, "special_public_holidays", {}).items():
        for entry in (entries,) if isinstance(entries[0], int) else entries:
            month, day, from_month, from_day, *from_year = entry
            swaps[date(year, month, day)] = date(from_year[0] if from_year else year, from_month, from_day)
    return swaps


def _calendar_rows(years: Iterable[int]) -> dict[date, tuple[str, str]]:
    """{date: (kind, name)} for the given years, as the ``holidays`` package has them."""
    years = sorted(set(years))
    rows: dict[date, tuple[str, str]] = {}
    swaps = _swapped_days()
    for day, name in holidays.VN(years=years, language="vi").items():
        # A holiday on a weekend changes nothing by itself: its compensatory weekday is listed separately.
        if day.isoweekday() <= 5:
            rows[day] = (DayKind.DAY_OFF if day in swaps else DayKind.HOLIDAY, name)
    for day_off, worked in swaps.items():
        if worked.year in years and worked.isoweekday() > 5:
            rows[worked] = (DayKind.WORKING_DAY, f"Làm việc bù cho ngày nghỉ {day_off:%d/%m/%Y}")
    return rows


@transaction.atomic
def calendar_seed(*, years: Iterable[int], model=None, year_model=None) -> CalendarSeedResult:
    """Bring the ``holidays``-sourced rows of ``years`` in line with the ``holidays`` package, and record the years
    as seeded (the engine computes only inside seeded years).

    Creates missing rows, updates changed ones, deletes seeded rows the package no longer lists, and never touches
    an admin row (an admin decision outranks the package for that date). ``model``/``year_model``: the historical
    models of a data migration (an old one has no ``year_model``: the years are then not recorded).
    """
    if model is None:
        from .models import CalendarDay as model
        from .models import CalendarYear as year_model
    years = sorted(set(years))
    if not years:
        return CalendarSeedResult(0, 0, 0, 0)
    wanted = _calendar_rows(years)
    existing = {row.date: row for row in model.objects.filter(date__year__in=years)}
    covered = set(year_model.objects.filter(year__in=years).values_list("year", flat=True)) if year_model else set()
    created = updated = deleted = kept_admin = 0
    fresh = []
    for day, (kind, name) in sorted(wanted.items()):
        row = existing.get(day)
        if row is None:
            if day.year in covered:
                # A seeded year changes: saved one by one, so the recomputation of open clocks is triggered.
                model.objects.create(date=day, kind=kind, name=name, source=DaySource.HOLIDAYS)
            else:
                # A year never seeded holds no computed clock (the engine refused to count into it): nothing to
                # recompute, so no save signals and no task for every unit.
                fresh.append(model(date=day, kind=kind, name=name, source=DaySource.HOLIDAYS))
            created += 1
        elif row.source == DaySource.ADMIN:
            kept_admin += 1
        elif (row.kind, row.name) != (kind, name):
            row.kind, row.name = kind, name
            row.save(update_fields=["kind", "name"])
            updated += 1
    model.objects.bulk_create(fresh)
    stale = [row.pk for day, row in existing.items() if row.source == DaySource.HOLIDAYS and day not in wanted]
    if stale:
        deleted, _ = model.objects.filter(pk__in=stale).delete()
    if year_model is not None:
        for year in years:
            year_model.objects.update_or_create(year=year)
    return CalendarSeedResult(created=created, updated=updated, deleted=deleted, kept_admin=kept_admin)


def calendar_seed_ahead(*, today: date | None = None, years_ahead: int | None = None) -> list[int]:
    """Seed every year from this one to ``years_ahead`` years on that is not seeded yet (run on migrate and by a
    daily beat entry); returns the years it seeded. Seeded years are left alone: re-seeding one is
    ``manage.py calendar_seed``."""
    from django.conf import settings
    from django.utils import timezone

    from .models import CalendarYear

    today = today or timezone.localdate()
    ahead = settings.TIEPDAN_CALENDAR_YEARS_AHEAD if years_ahead is None else years_ahead
    wanted = set(range(today.year, today.year + ahead + 1))
    missing = sorted(wanted - set(CalendarYear.objects.filter(year__in=wanted).values_list("year", flat=True)))
    if missing:
        calendar_seed(years=missing)
    return missing


@transaction.atomic
def calendar_day_cancel(*, day: date) -> CalendarDay:
    """Cancel a seeded day durably: a seeded holiday becomes an admin working day, a seeded working Saturday an
    admin day off. Re-seeding never overwrites an admin row, so the cancellation stays (deleting the seeded row
    would not: the next seeding brings it back)."""
    from .models import CalendarDay

    row = CalendarDay.objects.select_for_update().filter(date=day).first()
    if row is None or row.source != DaySource.HOLIDAYS:
        raise ApplicationError(
            _("%(date)s is not a day seeded from the holidays list: edit it directly.") % {"date": f"{day:%d/%m/%Y}"}
        )
    row.kind = DayKind.DAY_OFF if row.kind == DayKind.WORKING_DAY else DayKind.WORKING_DAY
    row.source = DaySource.ADMIN
    row.full_clean()
    row.save()
    return row


def rules_load(*, path: Path = RULES_FILE) -> list[dict]:
    """The rule rows of the JSON file, with dates parsed."""
    rows = json.loads(path.read_text(encoding="utf-8"))
    for row in rows:
        row["effective_from"] = date.fromisoformat(row["effective_from"])
        if row.get("effective_to"):
            row["effective_to"] = date.fromisoformat(row["effective_to"])
    return rows


@transaction.atomic
def rules_seed(*, path: Path = RULES_FILE, model=None) -> int:
    """Create the rule versions of the JSON file that do not exist yet; returns how many were created.

    Existing versions (same code, variant and effective_from) are left alone: a platform admin may have corrected
    them, and a change in the law is a new version, not an edit.
    """
    if model is None:
        from .models import DeadlineRule as model
    # A historical model (in an old data migration) may lack fields the file gained later.
    known = {field.name for field in model._meta.get_fields()}
    created = 0
    for row in rules_load(path=path):
        key = {"code": row["code"], "variant": row.get("variant", ""), "effective_from": row["effective_from"]}
        defaults = {field: value for field, value in row.items() if field not in key and field in known}
        _, was_created = model.objects.get_or_create(**key, defaults=defaults)
        created += was_created
    return created
