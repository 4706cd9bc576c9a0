"""Reads of the unit's reception profile: who heads the unit, the rules, address and hours."""

from __future__ import annotations

from ..models import UnitProfile


def unit_profile_get() -> UnitProfile:
    """The unit's one profile row (created empty on first use, so pages and forms always have one)."""
    profile = UnitProfile.objects.order_by("pk").first()
    return profile or UnitProfile.objects.create()


def unit_head_id() -> int | None:
    """The head of the unit's account, whose own sessions count toward the quota."""
    return UnitProfile.objects.order_by("pk").values_list("head_id", flat=True).first()
