"""Mirroring a unit's reception work into the public schema, in the same transaction.

Only counts and kinds leave the unit: which day, what kind of reception, how many people, crowd
or not, first visit or repeat, who presided (the head in person or a deputy standing in). Names,
identity numbers and content stay in the unit's schema.
"""

from __future__ import annotations

from collections.abc import Iterable

from django.db import connection
from django.utils import timezone

from .models import ReceptionFact, UnitReceptionStat
from .services import _unit_codes


def _head_id() -> int | None:
    from core.reception.models import UnitProfile

    profile = UnitProfile.objects.only("head_id").first()
    return profile.head_id if profile else None


def reception_sync(*, visits: Iterable = (), sessions: Iterable = ()) -> None:
    unit_code, province_code = _unit_codes(connection.schema_name)
    head_id = _head_id()
    for visit in visits:
        ReceptionFact.objects.update_or_create(
            unit_code=unit_code,
            kind=ReceptionFact.Kind.VISIT,
            source_id=visit.pk,
            defaults={
                "province_code": province_code,
                "date": timezone.localtime(visit.visited_at).date(),
                "visit_kind": visit.kind,
                "headcount": visit.headcount,
                "is_crowd": visit.is_crowd,
                "is_repeat": visit.is_repeat,
                "petition_type": visit.petition_type,
                "field_code": visit.field_code,
            },
        )
    for session in sessions:
        ReceptionFact.objects.update_or_create(
            unit_code=unit_code,
            kind=ReceptionFact.Kind.SESSION,
            source_id=session.pk,
            defaults={
                "province_code": province_code,
                "date": session.date,
                "session_kind": session.kind,
                "session_status": session.status,
                "head_in_person": session.presiding_id == head_id and not session.is_substitution,
                "is_substitution": session.is_substitution,
            },
        )


def reception_stat_refresh() -> UnitReceptionStat:
    from core.reception.services import hot_spots_open, matters_repeated
    from core.reception.staff import trained_share

    unit_code, province_code = _unit_codes(connection.schema_name)
    share = trained_share()
    stat, _created = UnitReceptionStat.objects.update_or_create(
        unit_code=unit_code,
        defaults={
            "province_code": province_code,
            "officers_active": share.total,
            "officers_trained": share.trained,
            "hot_spots_open": hot_spots_open().count(),
            "matters_repeated": matters_repeated().count(),
        },
    )
    return stat


def reception_rebuild() -> int:
    """Re-mirror every visit and session of the active unit (after a head change, or to repair)."""
    from core.reception.models import ReceptionSession, Visit

    unit_code, _province = _unit_codes(connection.schema_name)
    ReceptionFact.objects.filter(unit_code=unit_code).delete()
    visits, sessions = list(Visit.objects.all()), list(ReceptionSession.objects.all())
    reception_sync(visits=visits, sessions=sessions)
    reception_stat_refresh()
    return len(visits) + len(sessions)
