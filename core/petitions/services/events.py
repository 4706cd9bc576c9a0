"""The audit trail of a petition: every step is one ``PetitionEvent``, mirrored PII-free into the
public case index in the same transaction. Services and transitions write steps only through
``event_record``."""

from __future__ import annotations

from datetime import date

from ..models import Petition, PetitionEvent
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
    return event
