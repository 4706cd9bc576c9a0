"""Reads of transfers: this unit's inbox and outbox, a transfer's history, what is overdue; from
the public track, the province's stuck transfers and the path a citizen's petition took."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from uuid import UUID

from django.db.models import BooleanField, ExpressionWrapper, Q, QuerySet
from django.utils.translation import gettext as _

from core.common.dates import today

from .choices import AWAITING_ANSWER, Direction, TransferState
from .models import InboxMessage, OutboxMessage, Transfer
from .tracking.models import TransferTrack


def transfers_readable() -> QuerySet[Transfer]:
    """This unit's transfers without the sealed ciphertext (it is opened only by ``inbound_sealed_read``),
    with ``has_sealed`` saying whether one came."""
    return Transfer.objects.defer("sealed_identity").annotate(
        has_sealed=ExpressionWrapper(Q(sealed_identity__isnull=False), output_field=BooleanField())
    )


def transfer_list(*, direction: str, state: str = "", overdue: bool = False) -> QuerySet[Transfer]:
    transfers = transfers_readable().filter(direction=direction).select_related("petition")
    if state:
        transfers = transfers.filter(state=state)
    if overdue:
        transfers = transfers.filter(state__in=AWAITING_ANSWER, due_date__lt=today())
    return transfers


def transfer_get(pk: int) -> Transfer:
    return transfers_readable().get(pk=pk)


def transfer_get_by_reference(reference: str, *, direction: str) -> Transfer:
    return Transfer.objects.defer("sealed_identity").get(reference=reference, direction=direction)


def is_overdue(transfer: Transfer | TransferTrack, on: date | None = None) -> bool:
    return bool(transfer.state in AWAITING_ANSWER and transfer.due_date and transfer.due_date < (on or today()))


def has_sealed_identity(transfer: Transfer) -> bool:
    if hasattr(transfer, "has_sealed"):
        return bool(transfer.has_sealed)
    return Transfer.objects.filter(pk=transfer.pk, sealed_identity__isnull=False).exists()


@dataclass(frozen=True)
class HistoryLine:
    at: datetime
    direction: str
    kind: str
    label: str
    state: str
    error: str


def transfer_history(transfer: Transfer) -> list[HistoryLine]:
    """The messages of the case this unit sent and received, oldest first."""
    from .choices import MessageKind

    labels = dict(MessageKind.choices)
    lines = [
        HistoryLine(m.created_at, "out", m.kind, str(labels.get(m.kind, m.kind)), m.state, m.last_error)
        for m in OutboxMessage.objects.filter(reference=transfer.reference)
    ]
    lines += [
        HistoryLine(m.received_at, "in", m.kind, str(labels.get(m.kind, m.kind)), "delivered", "")
        for m in InboxMessage.objects.filter(reference=transfer.reference)
    ]
    return sorted(lines, key=lambda line: line.at)


def counts() -> dict[str, int]:
    """What the workspace shows on its menu: items waiting for this unit, and late answers owed to it."""
    waiting = Transfer.objects.filter(
        direction=Direction.IN, state__in=(TransferState.DELIVERED, TransferState.ACKNOWLEDGED)
    ).count()
    overdue_out = transfer_list(direction=Direction.OUT, overdue=True).count()
    failed = Transfer.objects.filter(direction=Direction.OUT, state=TransferState.FAILED).count()
    return {"waiting": waiting, "overdue_out": overdue_out, "failed": failed}


#
# Public track (no personal data)
#


def stuck_transfers(*, unit_codes: list[str] | None = None, on: date | None = None) -> QuerySet[TransferTrack]:
    """Transfers whose delivery failed or whose receiver is late to answer as of ``on`` (today by
    default): the inspectorate's list, and the count on its dashboard."""
    tracks = TransferTrack.objects.filter(
        Q(state=TransferState.FAILED) | Q(state__in=AWAITING_ANSWER, due_date__lt=on or today())
    )
    if unit_codes is not None:
        tracks = tracks.filter(Q(sender_code__in=unit_codes) | Q(receiver_code__in=unit_codes))
    return tracks.order_by("due_date", "sent_on", "id")


def failed_deliveries() -> QuerySet[TransferTrack]:
    return TransferTrack.objects.filter(state=TransferState.FAILED)


def petition_path(case_id: UUID) -> list[str]:
    """The path of a citizen's petition between units, as the receipt lookup tells it: where it was
    forwarded and when, and what each receiving unit did (names of units and dates only)."""
    roots = TransferTrack.objects.filter(sender_case_id=case_id).values_list("root_reference", flat=True)
    lines = []
    for track in TransferTrack.objects.filter(root_reference__in=list(roots)).order_by("sent_on", "id"):
        lines.append(
            _("Forwarded to %(unit)s on %(date)s.") % {"unit": track.receiver_name, "date": f"{track.sent_on:%d/%m/%Y}"}
        )
        if track.state == TransferState.ACCEPTED and track.answered_on:
            lines.append(
                _("%(unit)s accepted it for processing on %(date)s.")
                % {"unit": track.receiver_name, "date": f"{track.answered_on:%d/%m/%Y}"}
            )
        elif track.state == TransferState.RETURNED and track.answered_on:
            lines.append(
                _("%(unit)s returned it to %(sender)s on %(date)s.")
                % {"unit": track.receiver_name, "sender": track.sender_name, "date": f"{track.answered_on:%d/%m/%Y}"}
            )
        elif track.state == TransferState.ACKNOWLEDGED and track.acknowledged_on:
            lines.append(
                _("%(unit)s acknowledged receipt on %(date)s.")
                % {"unit": track.receiver_name, "date": f"{track.acknowledged_on:%d/%m/%Y}"}
            )
    return lines


def receiving_units(*, query: str = "") -> QuerySet:
    """The units of the platform a petition can be forwarded to: active, not this one; searched by
    code or by name, without regard to case or diacritics."""
    from django.conf import settings
    from django.db.models import Value

    from core.petitions.models import search_key
    from tenants.db import connection
    from tenants.models import Unit, UnitStatus

    units = Unit.objects.filter(status=UnitStatus.ACTIVE).exclude(
        schema_name__in=[settings.PUBLIC_SCHEMA_NAME, connection.schema_name]
    )
    query = (query or "").strip()
    if query:
        key = search_key(Value(query))
        units = units.annotate(_name_key=search_key("name")).filter(
            Q(code__icontains=query) | Q(_name_key__contains=key)
        )
    return units.order_by("province_code", "kind", "name")
