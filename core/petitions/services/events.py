"""The audit trail of a petition: every step is one ``PetitionEvent``, mirrored PII-free into the
public case index in the same transaction. Services and transitions write steps only through
``event_record``."""

from __future__ import annotations

from datetime import date

from core.accounts.audit import Kind, audit_append

from ..models import Petition, PetitionEvent
from ..signals import petition_event_recorded
from .index import petition_event_index


def event_record(
    petition: Petition, *, kind: str, actor, on: date, from_status: str = "", note: str = "", data=None
) -> PetitionEvent:
    event = PetitionEvent.objects.create(
        petition=petition,
        kind=kind,
        actor=actor,
        event_date=on,
        from_status=from_status,
        to_status=petition.status,
        note=note,
        data=data or {},
    )
    petition_event_index(petition, event)
    # The unit's tamper-evident log gets every step too, PII-free (no note, no inputs), in the
    # step's transaction: a step that fails leaves no row, and no step escapes the chain.
    audit_append(
        kind=Kind.PETITION_STEP,
        actor=actor,
        target=str(petition.case_id),
        data={
            "event": kind,
            "registry_number": petition.registry_number,
            "from_status": from_status,
            "to_status": petition.status,
            "date": on,
            "event_id": event.pk,
        },
    )
    petition_event_recorded.send(sender=Petition, petition=petition, event=event)
    return event
