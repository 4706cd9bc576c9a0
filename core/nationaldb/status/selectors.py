"""Reads of the public sync status (the inspectorate's page and dashboard)."""

from __future__ import annotations

from django.db.models import Min, QuerySet, Sum

from .models import UnitSyncStatus


def province_statuses(province_code: str) -> QuerySet[UnitSyncStatus]:
    return UnitSyncStatus.objects.filter(province_code=province_code).order_by("-failed", "oldest_pending_at")


def province_totals(province_code: str) -> dict:
    return province_statuses(province_code).aggregate(
        pending=Sum("pending"), sent=Sum("sent"), failed=Sum("failed"), oldest_pending_at=Min("oldest_pending_at")
    )
