"""Keeping the public case index in step with the units' petitions.

One row per petition and one per step, written in the same transaction as the unit's own write
(all schemas share one database), from the facts the petitions app pushes.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Iterable
from datetime import date

from django.utils import timezone

from tenants.db import connection

from ..facts import CaseEventFacts, CaseFacts, Difference
from ..models import CaseEvent, CaseIndexEntry
from ..selectors import unit_codes

INDEXED_FIELDS = (
    "unit_code",
    "province_code",
    "registry_number",
    "petition_type",
    "field_code",
    "channel",
    "status",
    "outcome",
    "received_date",
    "accepted_date",
    "decided_date",
    "resolution_due_date",
    "next_due_date",
    "is_overdue",
    "closed_date",
)


def case_values(facts: CaseFacts, *, today: date | None = None) -> dict:
    """The index row of a case in the active unit; ``is_overdue`` is as of ``today``."""
    today = today or timezone.localdate()
    unit_code, province_code = unit_codes(connection.schema_name)
    values = dataclasses.asdict(facts)
    values.pop("case_id")
    is_closed = values.pop("is_closed")
    return {
        **values,
        "unit_code": unit_code,
        "province_code": province_code,
        "is_overdue": bool(facts.next_due_date and facts.next_due_date < today and not is_closed),
    }


def case_upsert(*, facts: CaseFacts) -> None:
    """Write a case's row; call inside the transaction that changed the petition. The month
    counters follow by themselves (``CaseMonthCount``: the index's triggers)."""
    _entry_write(facts.case_id, case_values(facts))


def _entry_write(case_id, values: dict) -> None:
    # One statement, no read first: INSERT … ON CONFLICT (case_id) DO UPDATE. Its trigger sees
    # the row as it was (under the row's lock, so the newest version) and moves the case's cells.
    CaseIndexEntry.objects.bulk_create(
        [CaseIndexEntry(case_id=case_id, **values)],
        update_conflicts=True,
        unique_fields=["case_id"],
        update_fields=[*values, "updated_at"],
    )


def case_event_record(*, facts: CaseEventFacts) -> CaseEvent:
    """Mirror one step into the public events table (one INSERT, counted by its trigger); call
    inside the step's transaction."""
    unit_code, province_code = unit_codes(connection.schema_name)
    return CaseEvent.objects.create(**dataclasses.asdict(facts), unit_code=unit_code, province_code=province_code)


def cases_compare(*, cases: Iterable[CaseFacts], fix: bool = False, today: date | None = None) -> Difference:
    """Compare the active unit's index rows with ``cases`` (all of its petitions), and rewrite the
    rows that differ when ``fix``."""
    unit_code, _province = unit_codes(connection.schema_name)
    diff = Difference(source="cases")
    expected = {facts.case_id: case_values(facts, today=today) for facts in cases}
    actual = {entry.case_id: entry for entry in CaseIndexEntry.objects.filter(unit_code=unit_code)}
    for case_id, values in expected.items():
        entry = actual.get(case_id)
        if entry is None:
            diff.missing.append(case_id)
        elif any(getattr(entry, name) != values[name] for name in INDEXED_FIELDS):
            diff.changed.append(case_id)
    diff.extra = [case_id for case_id in actual if case_id not in expected]
    if fix:
        for case_id in diff.missing + diff.changed:
            _entry_write(case_id, expected[case_id])
        # One DELETE; its trigger takes the rows out of their cells.
        CaseIndexEntry.objects.filter(case_id__in=diff.extra).delete()
    return diff


def cases_refresh_overdue(*, today: date | None = None) -> int:
    """Overdue flags change with the date, not only with writes: refresh the active unit's rows."""
    today = today or timezone.localdate()
    unit_code, _province = unit_codes(connection.schema_name)
    rows = CaseIndexEntry.objects.filter(unit_code=unit_code, closed_date__isnull=True)
    now_overdue = rows.filter(next_due_date__lt=today, is_overdue=False).update(is_overdue=True)
    no_longer = rows.exclude(next_due_date__lt=today).filter(is_overdue=True).update(is_overdue=False)
    return now_overdue + no_longer
