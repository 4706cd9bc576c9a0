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

import holidays
from django.db import transaction

from .choices import DayKind, DaySource

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
def calendar_seed(*, years: Iterable[int], model=None) -> CalendarSeedResult:
    """Bring the ``holidays``-sourced rows of ``years`` in line with the ``holidays`` package.

    Creates missing rows, updates changed ones, deletes seeded rows the package no longer lists, and never touches
    an admin row (an admin decision outranks the package for that date).
    """
    if model is None:
        from .models import CalendarDay as model
    years = sorted(set(years))
    if not years:
        return CalendarSeedResult(0, 0, 0, 0)
    wanted = _calendar_rows(years)
    existing = {row.date: row for row in model.objects.filter(date__year__in=years)}
    created = updated = deleted = kept_admin = 0
    for day, (kind, name) in sorted(wanted.items()):
        row = existing.get(day)
        if row is None:
            model.objects.create(date=day, kind=kind, name=name, source=DaySource.HOLIDAYS)
            created += 1
        elif row.source == DaySource.ADMIN:
            kept_admin += 1
        elif (row.kind, row.name) != (kind, name):
            row.kind, row.name = kind, name
            row.save(update_fields=["kind", "name"])
            updated += 1
    stale = [row.pk for day, row in existing.items() if row.source == DaySource.HOLIDAYS and day not in wanted]
    if stale:
        deleted, _ = model.objects.filter(pk__in=stale).delete()
    return CalendarSeedResult(created=created, updated=updated, deleted=deleted, kept_admin=kept_admin)


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
