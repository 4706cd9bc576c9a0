"""Writes of the public sync status; the tenant app calls them with plain counts."""

from __future__ import annotations

from datetime import datetime

from django.db.models import F, Value
from django.db.models.functions import Coalesce

from .models import UnitSyncStatus


def unit_status_set(
    *,
    unit_code: str,
    province_code: str,
    pending: int,
    sent: int,
    failed: int,
    oldest_pending_at: datetime | None,
    last_sent_at: datetime | None = None,
) -> None:
    row = UnitSyncStatus(
        unit_code=unit_code,
        province_code=province_code,
        pending=pending,
        sent=sent,
        failed=failed,
        oldest_pending_at=oldest_pending_at,
        last_sent_at=last_sent_at,
    )
    fields = ["province_code", "pending", "sent", "failed", "oldest_pending_at", "updated_at"]
    if last_sent_at is not None:
        fields.append("last_sent_at")
    # One statement (INSERT … ON CONFLICT DO UPDATE): it runs inside every step of the unit.
    UnitSyncStatus.objects.bulk_create([row], update_conflicts=True, unique_fields=["unit_code"], update_fields=fields)


def unit_status_pending_add(*, unit_code: str, at: datetime) -> bool:
    """One more record pending at the unit: an increment of its row, the one statement a step pays
    (the sender rewrites the exact counts after each flush). False when the unit has no row yet."""
    updated = UnitSyncStatus.objects.filter(unit_code=unit_code).update(
        pending=F("pending") + 1, oldest_pending_at=Coalesce(F("oldest_pending_at"), Value(at)), updated_at=at
    )
    return updated > 0
