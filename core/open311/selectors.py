"""Reads of the Open311 area: clients, requests, and how a petition's status reads in GeoReport."""

from __future__ import annotations

from datetime import datetime

from django.db.models import Q, QuerySet

from core.petitions.choices import CLOSED_STATUSES, Status

from .models import Open311Client, Open311Request

#: GeoReport v2 knows two statuses. A recommendation or feedback that has been answered is closed for
#: the citizen (the answer is the result), even before the unit files it as closed.
CLOSED_FOR_OPEN311 = frozenset(CLOSED_STATUSES | {Status.ANSWERED})
OPEN, CLOSED = "open", "closed"
#: The most requests one GET returns (GeoReport v2: "first 1000 requests").
LIST_LIMIT = 1000


def open311_status(petition_status: str) -> str:
    return CLOSED if petition_status in CLOSED_FOR_OPEN311 else OPEN


def open311_status_notes(petition_status: str) -> str:
    """The petition's status in the unit's words (the label the staff pages show)."""
    try:
        return str(Status(petition_status).label)
    except ValueError:
        return ""


def client_list() -> QuerySet[Open311Client]:
    return Open311Client.objects.select_related("created_by", "revoked_by")


def request_list(
    *,
    service_request_ids: list[str] | None = None,
    service_codes: list[str] | None = None,
    start: datetime | None = None,
    end: datetime | None = None,
    statuses: list[str] | None = None,
    limit: int = LIST_LIMIT,
) -> list[Open311Request]:
    """This unit's Open311 requests, newest first. ``service_request_ids`` overrides every other
    filter, as GeoReport v2 says."""
    rows = Open311Request.objects.select_related("petition")
    if service_request_ids is not None:
        rows = rows.filter(service_request_id__in=service_request_ids)
    else:
        if service_codes:
            rows = rows.filter(service_code__in=service_codes)
        if start is not None:
            rows = rows.filter(requested_at__gte=start)
        if end is not None:
            rows = rows.filter(requested_at__lte=end)
        if statuses and set(statuses) != {OPEN, CLOSED}:
            closed = Q(petition__status__in=CLOSED_FOR_OPEN311)
            rows = rows.filter(closed if CLOSED in statuses else ~closed)
    return list(rows.order_by("-requested_at", "-id")[:limit])
