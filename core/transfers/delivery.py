"""Delivering a unit's outbox into other units' inboxes, exactly once, in order per case.

Run by the worker in the sending unit's schema (``tasks.transfer_deliver``). For each pending
message of a case, in ``seq`` order:

1. in the receiver's schema, one transaction inserts the inbox row keyed by the message's
   ``key`` and applies it (the received transfer, the copied files, the answer on the sender's
   timeline…); a second delivery of the same message hits the unique key and applies nothing;
2. in the sender's schema, a second transaction marks the message delivered.

The two are separate on purpose: they are what a split of the database across nodes would
allow, and a worker killed between them (or before the broker got its acknowledgement) simply
delivers again later — the idempotency key, not luck, makes that harmless. The outbox row, not
the broker message, is the source of truth: ``outbox_sweep`` re-queues whatever is still pending,
so a message lost with a killed worker (the filesystem transport has no redelivery) still goes.
"""

from __future__ import annotations

import base64
import logging
import time
from datetime import date, timedelta

from django.conf import settings
from django.core.files.base import ContentFile
from django.core.files.storage import default_storage
from django.db import IntegrityError, transaction
from django.utils import timezone
from django_tenants.utils import schema_context

from core.common.dates import today
from core.petitions.choices import EventKind, TransitionName
from core.petitions.models import Petition
from core.petitions.services.events import event_record
from tenants.models import Unit, UnitStatus
from tenants.selectors import unit_current

from .choices import AWAITING_ANSWER, Direction, MessageKind, MessageState, TransferState
from .models import InboxMessage, OutboxMessage, Transfer
from .services import answer_due, answer_rule
from .tracking.models import TransferTrack

logger = logging.getLogger(__name__)

#: After this many failed attempts a message is given up and shown as failed.
MAX_ATTEMPTS = 8


class DeliveryRefused(Exception):
    """The receiver cannot take the message (archived, unknown): retrying would not help."""


def _refusal(message: OutboxMessage) -> str | None:
    unit = Unit.objects.filter(code=message.receiver_code).first()
    if unit is None or unit.is_platform:
        return f"Không có đơn vị mã {message.receiver_code} trên nền tảng."
    if unit.status != UnitStatus.ACTIVE:
        return f"{unit.name} ({unit.code}) không nhận đơn trên nền tảng: {unit.get_status_display()}."
    return None


def outbox_flush(reference: str) -> None:
    """Deliver this unit's pending messages of one case, in order; stop at the first that does not go."""
    sender = unit_current()
    pending = list(OutboxMessage.objects.filter(reference=reference, state=MessageState.PENDING).order_by("seq"))
    for message in pending:
        refusal = _refusal(message)
        if refusal is not None:
            _fail(message, refusal)
            return
        try:
            received_at = _deliver(sender, message)
        except Exception as exc:
            _attempt_failed(message, exc)
            raise
        pause = getattr(settings, "TRANSFERS_PAUSE_AFTER_INSERT", 0)
        if pause:  # test-only: the window in which a killed worker must not lose or double the message
            time.sleep(pause)
        _delivered(message, received_at)


def _files(message: OutboxMessage) -> dict[str, bytes]:
    """The attachments' bytes, read in the sender's schema (each unit's media folder is its own)."""
    if message.kind != MessageKind.PACKAGE:
        return {}
    files = {}
    for item in message.payload.get("package", {}).get("attachments", []):
        with default_storage.open(item["path"], "rb") as handle:
            files[item["path"]] = handle.read()
    return files


def _inbox_copy(payload: dict) -> dict:
    """What the receiver keeps of a message: the sealed identity stays on the transfer, encrypted,
    and the sender's storage paths stay with the sender (a scan's path carries its original file
    name, often the denouncer's, which ``package_build`` keeps out of the names that travel)."""
    copy = {key: value for key, value in payload.items() if key != "sealed_identity"}
    if "package" in copy:
        attachments = [
            {k: v for k, v in item.items() if k != "path"} for item in copy["package"].get("attachments", [])
        ]
        copy["package"] = {**copy["package"], "attachments": attachments}
    return copy


def _deliver(sender: Unit, message: OutboxMessage):
    """Insert and apply the message in the receiver's schema; the time it arrived there."""
    receiver = Unit.objects.get(code=message.receiver_code)
    files = _files(message)
    with schema_context(receiver.schema_name), transaction.atomic():
        try:
            with transaction.atomic():
                inbox = InboxMessage.objects.create(
                    key=message.key,
                    reference=message.reference,
                    seq=message.seq,
                    kind=message.kind,
                    sender_code=sender.code,
                    payload=_inbox_copy(message.payload),
                )
        except IntegrityError:
            # Delivered before (the worker died before marking it): the first delivery applied it.
            return InboxMessage.objects.get(key=message.key).received_at
        _apply(sender, message, inbox, files)
        return inbox.received_at


def _apply(sender: Unit, message: OutboxMessage, inbox: InboxMessage, files: dict[str, bytes]) -> None:
    payload = message.payload
    on = date.fromisoformat(payload["on"]) if payload.get("on") else today()
    if message.kind == MessageKind.PACKAGE:
        _receive_package(sender, message, inbox, files)
        return
    transfer = Transfer.objects.select_for_update().filter(reference=message.reference).first()
    if transfer is None:
        logger.warning("message %s for unknown transfer %s", message.key, message.reference)
        return
    if message.kind == MessageKind.REMINDER:
        transfer.chased_on = on
        transfer.chase_count += 1
        transfer.save(update_fields=["chased_on", "chase_count", "updated_at"])
        return
    # An answer from the receiver, at the sender's side.
    petition = Petition.objects.get(pk=transfer.petition_id) if transfer.petition_id else None
    name = transfer.counterpart_name
    if message.kind == MessageKind.ACKNOWLEDGED:
        transfer.acknowledged_on = on
        if transfer.state in AWAITING_ANSWER:
            transfer.state = TransferState.ACKNOWLEDGED
        note = f"{name} đã xác nhận nhận đơn ngày {on:%d/%m/%Y}."
        kind: str = EventKind.TRANSFER_ACKNOWLEDGED
    else:
        transfer.acknowledged_on = transfer.acknowledged_on or on
        transfer.answered_on = on
        if message.kind == MessageKind.ACCEPTED:
            transfer.state = TransferState.ACCEPTED
            note = f"{name} đã thụ lý ngày {on:%d/%m/%Y} (số vào sổ {payload.get('registry_number', '')})."
        elif message.kind == MessageKind.RETURNED:
            transfer.state = TransferState.RETURNED
            transfer.answer_reason = payload.get("reason", "")
            note = f"{name} trả lại đơn ngày {on:%d/%m/%Y}: {transfer.answer_reason}"
        else:
            transfer.state = TransferState.FORWARDED
            transfer.onward_to_name = payload.get("to_name", "")
            note = f"{name} đã chuyển tiếp đơn đến {transfer.onward_to_name} ngày {on:%d/%m/%Y}."
        # A reply received to a forwarded petition: 02/XLD column 23 counts these steps.
        kind = TransitionName.FORWARD_REPLY
    transfer.save()
    if petition is not None and transfer.created_by_id is not None:
        # Recorded in the name of the officer who forwarded it: the reply is addressed to them.
        event_record(
            petition,
            kind=kind,
            actor=transfer.created_by,
            on=today(),
            note=note,
            data={"transfer": transfer.reference, "answer": message.kind, "by_unit": transfer.counterpart_code},
        )


def _receive_package(sender: Unit, message: OutboxMessage, inbox: InboxMessage, files: dict[str, bytes]) -> None:
    payload = message.payload
    package = dict(payload["package"])
    attachments = []
    for item in package.get("attachments", []):
        data = files.get(item["path"])
        stored = ""
        if data is not None:
            stored = default_storage.save(f"transfers/{message.reference}/{item['name']}", ContentFile(data))
        attachments.append({"name": item["name"], "size": item.get("size"), "stored_as": stored})
    package["attachments"] = attachments
    content = package.get("content", {})
    received = timezone.localdate(inbox.received_at)
    sealed = payload.get("sealed_identity")
    Transfer.objects.create(
        reference=message.reference,
        direction=Direction.IN,
        counterpart_code=sender.code,
        counterpart_name=payload.get("sender_name", sender.name),
        petition_type=content.get("petition_type", ""),
        field_code=content.get("field_code", ""),
        subject=(content.get("subject") or "")[:500],
        legal_ground=payload.get("legal_ground", ""),
        letters=payload.get("letters", []),
        package=package,
        sealed_identity=base64.b64decode(sealed) if sealed else None,
        state=TransferState.DELIVERED,
        sent_on=date.fromisoformat(payload["sent_on"]),
        delivered_at=inbox.received_at,
        due_date=answer_due(content.get("petition_type", ""), received),
        due_rule=answer_rule(content.get("petition_type", "")),
        origin_reference=payload.get("origin_reference", ""),
    )


def _delivered(message: OutboxMessage, received_at) -> None:
    with transaction.atomic():
        message = OutboxMessage.objects.select_for_update().get(pk=message.pk)
        if message.state == MessageState.DELIVERED:
            return
        message.state = MessageState.DELIVERED
        message.delivered_at = received_at
        message.attempts += 1
        message.last_error = ""
        message.save()
        if message.kind != MessageKind.PACKAGE:
            return
        transfer = Transfer.objects.select_for_update().get(reference=message.reference, direction=Direction.OUT)
        received = timezone.localdate(received_at)
        transfer.delivered_at = received_at
        transfer.due_date = answer_due(transfer.petition_type, received)
        transfer.due_rule = answer_rule(transfer.petition_type)
        transfer.last_error = ""
        if transfer.state in (TransferState.SENDING, TransferState.FAILED):
            transfer.state = TransferState.DELIVERED
        transfer.save()
        fields = {"delivered_at": received_at, "due_date": transfer.due_date, "last_error": ""}
        # The receiver may already have answered (its messages can overtake this marking).
        TransferTrack.objects.filter(reference=message.reference, state=TransferState.SENDING).update(
            state=TransferState.DELIVERED
        )
        TransferTrack.objects.filter(reference=message.reference).update(**fields)


def _attempt_failed(message: OutboxMessage, exc: Exception) -> None:
    error = f"{type(exc).__name__}: {exc}"[:2000]
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(attempts=message.attempts + 1, last_error=error)
    if message.attempts + 1 >= MAX_ATTEMPTS:
        _fail(message, error)


def _fail(message: OutboxMessage, error: str) -> None:
    """Give the message up: shown to the sender (its transfer, its petition's timeline) and to the
    platform admin (the track), with the error. Nothing was written at the receiver."""
    with transaction.atomic():
        OutboxMessage.objects.filter(pk=message.pk).update(state=MessageState.FAILED, last_error=error)
        transfer = Transfer.objects.select_for_update().filter(reference=message.reference).first()
        if transfer is None or transfer.direction != Direction.OUT:
            return
        transfer.last_error = error
        if message.kind == MessageKind.PACKAGE:
            transfer.state = TransferState.FAILED
            TransferTrack.objects.filter(reference=message.reference).update(
                state=TransferState.FAILED, last_error=error
            )
        transfer.save()
        if transfer.petition_id and transfer.created_by_id:
            event_record(
                Petition.objects.get(pk=transfer.petition_id),
                kind=EventKind.TRANSFER_FAILED,
                actor=transfer.created_by,
                on=today(),
                note=error,
                data={"transfer": transfer.reference},
            )


def outbox_pending_references(*, older_than_seconds: float = 0) -> list[str]:
    """The cases of this unit with a message still waiting (for the sweep)."""
    cutoff = timezone.now() - timedelta(seconds=older_than_seconds)
    return list(
        OutboxMessage.objects.filter(state=MessageState.PENDING, created_at__lte=cutoff)
        .values_list("reference", flat=True)
        .distinct()
    )
