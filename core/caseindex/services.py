"""Keeping the public case index in step with the units' petitions."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import lru_cache

from django.db import connection
from django.utils import timezone

from .models import CaseEvent, CaseIndexEntry

INDEXED_FIELDS = (
    "unit_code", "province_code", "petition_type", "field_code", "channel", "status", "outcome",
    "received_date", "accepted_date", "decided_date", "resolution_due_date", "next_due_date", "is_overdue",
    "closed_date",
)  # fmt: skip
#: The clocks whose due date decides whether a case was resolved on time.
RESOLUTION_CLOCKS = (
    "complaint.first_resolution", "complaint.second_resolution", "denunciation.resolution", "petition.answer_sla",
)  # fmt: skip
RESOLVING_EVENTS = ("complaint.decide", "denunciation.conclude", "petition.answer")


@lru_cache(maxsize=4096)
def _unit_codes(schema_name: str) -> tuple[str, str]:
    from tenants.models import Unit

    unit = Unit.objects.only("code", "province_code").get(schema_name=schema_name)
    return unit.code, unit.province_code


def caseindex_values(petition, *, today=None) -> dict:
    """The index row of a petition: codes, dates and status only, never a name or free text."""
    today = today or timezone.localdate()
    unit_code, province_code = _unit_codes(connection.schema_name)
    resolution_due = (
        petition.deadlines.filter(code__in=RESOLUTION_CLOCKS).order_by("-id").values_list("due_date", flat=True).first()
    )
    return {
        "unit_code": unit_code,
        "province_code": province_code,
        "petition_type": petition.petition_type,
        "field_code": petition.field_code,
        "channel": petition.channel,
        "status": petition.status,
        "outcome": petition.outcome,
        "received_date": petition.received_date,
        "accepted_date": petition.accepted_on,
        "decided_date": petition.decided_on,
        "resolution_due_date": resolution_due,
        "next_due_date": petition.next_due_date,
        "is_overdue": bool(petition.next_due_date and petition.next_due_date < today and not petition.is_closed),
        "closed_date": petition.closed_on,
    }


def caseindex_sync(petition) -> CaseIndexEntry:
    """Write the petition's row; call inside the transaction that changed the petition."""
    entry, _created = CaseIndexEntry.objects.update_or_create(
        case_id=petition.case_id, defaults=caseindex_values(petition)
    )
    return entry


def caseevent_values(petition, event, *, resolution_due=None) -> dict:
    unit_code, province_code = _unit_codes(connection.schema_name)
    on_time = None
    if event.kind in RESOLVING_EVENTS and resolution_due is not None:
        on_time = event.event_date <= resolution_due
    return {
        "case_id": petition.case_id,
        "unit_code": unit_code,
        "province_code": province_code,
        "petition_type": petition.petition_type,
        "field_code": petition.field_code,
        "channel": petition.channel,
        "kind": event.kind,
        "from_status": event.from_status,
        "to_status": event.to_status,
        "event_date": event.event_date,
        "outcome": petition.outcome,
        "complaint_level": petition.complaint_level,
        "on_time": on_time,
        "is_processable": petition.is_processable,
        "within_jurisdiction": petition.within_jurisdiction,
        "source_event_id": event.pk,
    }


def caseevent_record(petition, event) -> CaseEvent:
    """Mirror one step into the public events table; call inside the step's transaction."""
    resolution_due = None
    if event.kind in RESOLVING_EVENTS:
        resolution_due = (
            petition.deadlines.filter(code__in=RESOLUTION_CLOCKS)
            .order_by("-id")
            .values_list("due_date", flat=True)
            .first()
        )
    return CaseEvent.objects.create(**caseevent_values(petition, event, resolution_due=resolution_due))


@dataclass
class Difference:
    unit_code: str
    missing: list = field(default_factory=list)
    extra: list = field(default_factory=list)
    changed: list = field(default_factory=list)
    missing_events: list = field(default_factory=list)

    @property
    def count(self) -> int:
        return len(self.missing) + len(self.extra) + len(self.changed) + len(self.missing_events)


def caseindex_compare(*, fix: bool = False, today=None) -> Difference:
    """Compare the active schema's petitions with their index rows (and repair them if ``fix``)."""
    from core.petitions.models import Petition, PetitionEvent

    unit_code, _province = _unit_codes(connection.schema_name)
    diff = Difference(unit_code=unit_code)
    expected = {p.case_id: caseindex_values(p, today=today) for p in Petition.objects.all().iterator(chunk_size=2000)}
    actual = {e.case_id: e for e in CaseIndexEntry.objects.filter(unit_code=unit_code)}
    for case_id, values in expected.items():
        entry = actual.get(case_id)
        if entry is None:
            diff.missing.append(case_id)
        elif any(getattr(entry, name) != values[name] for name in INDEXED_FIELDS):
            diff.changed.append(case_id)
    diff.extra = [case_id for case_id in actual if case_id not in expected]
    mirrored = set(CaseEvent.objects.filter(unit_code=unit_code).values_list("source_event_id", flat=True))
    events = PetitionEvent.objects.exclude(pk__in=mirrored).select_related("petition")
    diff.missing_events = [event.pk for event in events]
    if fix:
        for case_id in diff.missing + diff.changed:
            CaseIndexEntry.objects.update_or_create(case_id=case_id, defaults=expected[case_id])
        CaseIndexEntry.objects.filter(case_id__in=diff.extra).delete()
        for event in events:
            caseevent_record(event.petition, event)
    return diff


def caseindex_refresh_overdue(*, today=None) -> int:
    """Overdue flags change with the date, not only with writes: refresh the active unit's rows."""
    today = today or timezone.localdate()
    unit_code, _province = _unit_codes(connection.schema_name)
    rows = CaseIndexEntry.objects.filter(unit_code=unit_code, closed_date__isnull=True)
    now_overdue = rows.filter(next_due_date__lt=today, is_overdue=False).update(is_overdue=True)
    no_longer = rows.exclude(next_due_date__lt=today).filter(is_overdue=True).update(is_overdue=False)
    return now_overdue + no_longer
