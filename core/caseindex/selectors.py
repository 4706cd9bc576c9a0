"""Reads of the public index that the services and the tenant apps' pushes need."""

from __future__ import annotations

from functools import lru_cache

from tenants.models import Unit

from .models import CaseEvent


@lru_cache(maxsize=4096)
def unit_codes(schema_name: str) -> tuple[str, str]:
    """(unit code, province code) of the unit whose schema is ``schema_name``; a unit's codes never change."""
    unit = Unit.objects.only("code", "province_code").get(schema_name=schema_name)
    return unit.code, unit.province_code


def mirrored_event_ids(unit_code: str) -> set[int]:
    """The unit's own event ids that the index already holds."""
    return set(CaseEvent.objects.filter(unit_code=unit_code).values_list("source_event_id", flat=True))
