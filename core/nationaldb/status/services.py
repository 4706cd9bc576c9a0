"""Writes of the public sync status; the tenant app calls them with plain counts."""

from __future__ import annotations

from datetime import datetime

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
    defaults: dict[str, object] = {
        "province_code": province_code,
        "pending": pending,
        "sent": sent,
        "failed": failed,
        "oldest_pending_at": oldest_pending_at,
    }
    if last_sent_at is not None:
        defaults["last_sent_at"] = last_sent_at
    UnitSyncStatus.objects.update_or_create(unit_code=unit_code, defaults=defaults)
