"""Forwarding petitions between units of the platform, and answering them (domain.md §5.6, §8).

The sender's forward outcome calls ``transfer_send`` in its own transaction: the transfer, the
outbox message and the public track are written with the outcome or not at all. The receiver
acknowledges, then accepts (the petition is registered in its book), returns it with a reason
or forwards it onward; each answer is an outbox message the other way, which the delivery task
(``delivery.outbox_flush``) brings to the sender's timeline, its 02/XLD and the citizen's lookup.
"""

from __future__ import annotations

import base64
import uuid
from datetime import date

from django.db import transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.accounts.audit import Kind, audit_append
from core.common.dates import today
from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.common.text import nfc
from core.legal.selectors import compute
from core.petitions import sealing
from core.petitions.choices import Channel, EventKind, Outcome, PetitionType, outcome_event
from core.petitions.models import Attachment, Petition, SealedIdentity, SealedIdentityAccess
from core.petitions.services.documents import step_documents_issue
from core.petitions.services.events import event_record
from tenants.db import connection
from tenants.models import Unit, UnitStatus
from tenants.selectors import unit_current, unit_get_by_code

from .choices import AWAITING_ANSWER, Direction, MessageKind, TransferState
from .models import OutboxMessage, Transfer, TransferSealedAccess
from .package import package_build
from .tracking.models import TransferTrack

PROCESS = "petitions.process_petition"
REASON_MIN_LENGTH = 5
SEALED_REASON_MIN_LENGTH = 10


#
# Deadlines: the law gives no time limit for acknowledging a forwarded petition; the receiver
# processes it like any petition it receives, so its answer is due by its processing clock.
#


def answer_rule(petition_type: str) -> str:
    """A denunciation is checked and accepted (or not) within 7 working days of receipt
    (Denunciations Law Art. 24(1)); anything else within the processing time limit (rule table)."""
    if petition_type == PetitionType.DENUNCIATION:
        return "denunciation.initial_check"
    return "submission.processing_sla"


def answer_due(petition_type: str, received: date) -> date | None:
    return compute(code=answer_rule(petition_type), start=received).due_date


#
# Sending
#


def receiving_unit_resolve(code: str) -> Unit:
    """The unit of the platform a petition is forwarded to, by its code; refused with a message
    when it is not one that can receive (unknown, this unit, archived or not yet set up)."""
    code = (code or "").strip().upper()
    unit = unit_get_by_code(code)
    if unit is None or unit.is_platform:
        raise ApplicationError(
            _("No unit with code “%(code)s” is on the platform.") % {"code": code}, extra={"field": "receiving_unit"}
        )
    if unit.schema_name == connection.schema_name:
        raise ApplicationError(_("A unit cannot forward a petition to itself."), extra={"field": "receiving_unit"})
    if unit.status != UnitStatus.ACTIVE:
        raise ApplicationError(
            _("%(unit)s cannot receive petitions on the platform (%(status)s): forward it by letter.")
            % {"unit": unit.name, "status": unit.get_status_display()},
            extra={"field": "receiving_unit"},
        )
    return unit


def _reference_new(sender: Unit, on: date) -> str:
    """A case reference unique on the platform: the sender's code makes it unique across units."""
    return f"{sender.code}-{on.year}-{uuid.uuid4().hex[:8].upper()}"


def message_enqueue(*, reference: str, kind: str, receiver_code: str, payload: dict) -> OutboxMessage:
    """Write a message into this unit's outbox (the caller's transaction) and ask the worker to
    deliver it once the transaction commits. Order per case: ``seq`` counts up per reference."""
    last = OutboxMessage.objects.filter(reference=reference).aggregate(last=Max("seq"))["last"] or 0
    message = OutboxMessage.objects.create(
        reference=reference, seq=last + 1, kind=kind, receiver_code=receiver_code, payload=payload
    )
    schema = connection.schema_name
    transaction.on_commit(lambda: deliver_later(schema, reference))
    return message


def deliver_later(schema: str, reference: str) -> None:
    """Queue the delivery in the unit whose outbox holds the message (the header the worker reads)."""
    from django_tenants.utils import schema_context

    from .tasks import transfer_deliver

    with schema_context(schema):
        transfer_deliver.delay(reference)


def _origin(petition: Petition) -> tuple[str, str]:
    """The reference a forward continues and the chain's first one, when this unit received the
    petition from another unit on the platform."""
    inbound = Transfer.objects.filter(petition=petition, direction=Direction.IN).first()
    if inbound is None:
        return "", ""
    track = TransferTrack.objects.filter(reference=inbound.reference).first()
    return inbound.reference, (track.root_reference if track else inbound.reference)


def transfer_send(
    *, petition: Petition, receiver: Unit, actor, on: date, legal_ground: str = "", letters: list[str]
) -> Transfer:
    """Forward ``petition`` to ``receiver`` on the platform, in the caller's (the outcome's) transaction."""
    sender = unit_current()
    reference = _reference_new(sender, on)
    package = package_build(petition)
    payload: dict = {
        "package": package,
        "sender_name": sender.name,
        "sent_on": on.isoformat(),
        "legal_ground": legal_ground,
        "letters": letters,
    }
    origin_reference, root_reference = _origin(petition)
    payload["origin_reference"] = origin_reference
    if petition.is_confidential:
        sealed = SealedIdentity.objects.filter(petition=petition).first()
        if sealed is not None:
            identity = sealing.unseal(sealed.ciphertext, key_version=sealed.key_version)
            # Re-encrypted for the receiver only: in clear it exists in this process's memory alone.
            payload["sealed_identity"] = base64.b64encode(
                sealing.seal_for_unit(identity, schema_name=receiver.schema_name)
            ).decode()
            SealedIdentityAccess.objects.create(
                petition=petition,
                user=actor,
                reason=(
                    f"Danh tính người tố cáo chuyển đi (mã hoá cho đơn vị nhận) đến {receiver.name} "
                    f"({receiver.code}), mã chuyển đơn {reference}."
                )[:500],
            )
    transfer = Transfer.objects.create(
        reference=reference,
        direction=Direction.OUT,
        counterpart_code=receiver.code,
        counterpart_name=receiver.name,
        petition=petition,
        petition_type=petition.petition_type,
        field_code=petition.field_code,
        subject=petition.subject[:500],
        legal_ground=legal_ground,
        letters=letters,
        package=package,
        state=TransferState.SENDING,
        sent_on=on,
        origin_reference=origin_reference,
        created_by=actor,
    )
    TransferTrack.objects.create(
        reference=reference,
        root_reference=root_reference or reference,
        sender_code=sender.code,
        sender_name=sender.name,
        receiver_code=receiver.code,
        receiver_name=receiver.name,
        sender_case_id=petition.case_id,
        petition_type=petition.petition_type,
        field_code=petition.field_code,
        sent_on=on,
        state=TransferState.SENDING,
    )
    message_enqueue(reference=reference, kind=MessageKind.PACKAGE, receiver_code=receiver.code, payload=payload)
    return transfer


def _track_update(reference: str, **fields) -> None:
    TransferTrack.objects.filter(reference=reference).update(**fields)


def _locked(transfer: Transfer, direction: str) -> Transfer:
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.direction != direction:
        raise ConflictError(_("This transfer was not received by this unit."))
    return transfer


def _step_date(transfer: Transfer, day: date | None) -> date:
    on = day or today()
    first = transfer.delivered_at.date() if transfer.delivered_at else transfer.sent_on
    if on < first or on > today():
        raise ApplicationError(
            _("The date must be between the date the petition arrived and today."), extra={"field": "date"}
        )
    return on


def _answer(transfer: Transfer, *, kind: str, payload: dict) -> None:
    message_enqueue(reference=transfer.reference, kind=kind, receiver_code=transfer.counterpart_code, payload=payload)


#
# The receiver's answers
#


@transaction.atomic
def inbound_acknowledge(*, transfer: Transfer, actor, date: date | None = None) -> Transfer:
    """Acknowledge receipt: the sender sees it on its timeline."""
    require_perm(actor, PROCESS)
    transfer = _locked(transfer, Direction.IN)
    if transfer.state != TransferState.DELIVERED:
        raise ConflictError(_("This transfer has already been acknowledged or answered."))
    on = _step_date(transfer, date)
    transfer.acknowledged_on = on
    transfer.state = TransferState.ACKNOWLEDGED
    transfer.save(update_fields=["acknowledged_on", "state", "updated_at"])
    _track_update(transfer.reference, state=transfer.state, acknowledged_on=on)
    _answer(transfer, kind=MessageKind.ACKNOWLEDGED, payload={"on": on.isoformat()})
    return transfer


def _awaiting(transfer: Transfer) -> None:
    if transfer.state not in (TransferState.DELIVERED, TransferState.ACKNOWLEDGED):
        raise ConflictError(_("This transfer has already been answered."))


def _register(transfer: Transfer, *, actor, on: date) -> Petition:
    """The petition in this unit's book, registered from the package (received on the day it arrived)."""
    from core.petitions.services.petitions import petition_register

    package = transfer.package
    content = package.get("content", {})
    signers = package.get("signers", [])
    if transfer.sealed_identity:
        identity = sealing.unseal(transfer.sealed_identity)
        signers = identity.get("signers", [])
        _sealed_access_record(
            transfer,
            actor,
            f"Thụ lý đơn chuyển đến {transfer.reference}: danh tính niêm phong chuyển vào hồ sơ đơn.",
        )
    letters = ", ".join(transfer.letters)
    petition = petition_register(
        actor=actor,
        channel=Channel.TRANSFERRED,
        received_date=transfer.delivered_at.date() if transfer.delivered_at else on,
        petition_type=content["petition_type"],
        field_code=content["field_code"],
        subject=content["subject"],
        summary=content["summary"],
        signer_kind=content["signer_kind"],
        signers=signers,
        signer_count=content.get("signer_count"),
        forwarded_by=transfer.counterpart_name[:255],
        forwarding_reference=(f"{letters} ({transfer.reference})" if letters else transfer.reference)[:100],
        has_concrete_evidence=bool(content.get("has_concrete_evidence")),
        complaint_kind=content.get("complaint_kind") or "administrative",
        escalation=content.get("escalation") or "",
    )
    for item in package.get("attachments", []):
        if item.get("stored_as"):
            Attachment.objects.create(petition=petition, file=item["stored_as"], name=item["name"], uploaded_by=actor)
    event_record(
        petition,
        kind=EventKind.TRANSFER_RECEIVED,
        actor=actor,
        on=on,
        data={
            "transfer": transfer.reference,
            "from_code": transfer.counterpart_code,
            "from_name": transfer.counterpart_name,
            "history": package.get("history", []),
        },
    )
    transfer.petition = petition
    return petition


@transaction.atomic
def inbound_accept(*, transfer: Transfer, actor, date: date | None = None) -> Transfer:
    """Accept the petition for processing: it is registered in this unit's book, linked to the
    transfer by its case reference, and the sender is told."""
    require_perm(actor, PROCESS)
    transfer = _locked(transfer, Direction.IN)
    _awaiting(transfer)
    on = _step_date(transfer, date)
    petition = _register(transfer, actor=actor, on=on)
    transfer.acknowledged_on = transfer.acknowledged_on or on
    transfer.answered_on = on
    transfer.state = TransferState.ACCEPTED
    transfer.save()
    _track_update(transfer.reference, state=transfer.state, acknowledged_on=transfer.acknowledged_on, answered_on=on)
    _answer(
        transfer,
        kind=MessageKind.ACCEPTED,
        payload={"on": on.isoformat(), "registry_number": petition.registry_number},
    )
    return transfer


@transaction.atomic
def inbound_return(*, transfer: Transfer, actor, reason: str, date: date | None = None) -> Transfer:
    """Return the petition to the sender, with the reason (e.g. not within this unit's competence)."""
    require_perm(actor, PROCESS)
    transfer = _locked(transfer, Direction.IN)
    _awaiting(transfer)
    reason = nfc(reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ApplicationError(
            _("Say why the petition is returned (at least 5 characters)."), extra={"field": "reason"}
        )
    if len(reason) > 1000:
        raise ApplicationError(_("At most %(count)d characters.") % {"count": 1000}, extra={"field": "reason"})
    on = _step_date(transfer, date)
    transfer.acknowledged_on = transfer.acknowledged_on or on
    transfer.answered_on = on
    transfer.answer_reason = reason
    transfer.state = TransferState.RETURNED
    transfer.save()
    _track_update(transfer.reference, state=transfer.state, acknowledged_on=transfer.acknowledged_on, answered_on=on)
    _answer(transfer, kind=MessageKind.RETURNED, payload={"on": on.isoformat(), "reason": reason})
    return transfer


@transaction.atomic
def inbound_forward_onward(
    *, transfer: Transfer, actor, receiving_unit: str, legal_ground: str = "", date: date | None = None
) -> Transfer:
    """Forward the petition onward to the unit competent for it: registered here, classified as
    outside this unit's competence and forwarded with its letter (Form 03 for a denunciation), so
    the onward forward is documented like any other; the first sender is told where it went."""
    from core.petitions.services.petitions import petition_classify, petition_decide_outcome

    require_perm(actor, PROCESS)
    transfer = _locked(transfer, Direction.IN)
    _awaiting(transfer)
    on = _step_date(transfer, date)
    receiver = receiving_unit_resolve(receiving_unit)
    if receiver.code == transfer.counterpart_code:
        raise ApplicationError(
            _("To send it back to the unit it came from, return it with a reason."), extra={"field": "receiving_unit"}
        )
    petition = _register(transfer, actor=actor, on=on)
    transfer.save(update_fields=["petition"])
    petition = petition_classify(
        petition=petition, actor=actor, is_processable=True, within_jurisdiction=False, date=on
    )
    petition_decide_outcome(
        petition=petition,
        actor=actor,
        outcome=Outcome.FORWARDED,
        receiving_unit=receiver.code,
        legal_ground=legal_ground,
        date=on,
    )
    transfer.acknowledged_on = transfer.acknowledged_on or on
    transfer.answered_on = on
    transfer.onward_to_name = receiver.name
    transfer.state = TransferState.FORWARDED
    transfer.save()
    _track_update(
        transfer.reference,
        state=transfer.state,
        acknowledged_on=transfer.acknowledged_on,
        answered_on=on,
        onward_to_name=receiver.name,
    )
    _answer(
        transfer,
        kind=MessageKind.FORWARDED,
        payload={"on": on.isoformat(), "to_code": receiver.code, "to_name": receiver.name},
    )
    return transfer


@transaction.atomic
def inbound_sealed_read(*, transfer: Transfer, actor, reason: str) -> dict:
    """The denouncer's identity of a received denunciation, for this unit's cleared officers, every read audited."""
    if not actor.has_perm("petitions.read_sealed_identity"):
        raise PermissionDeniedError(_("Only officers cleared for sealed identities may read them."))
    transfer = _locked(transfer, Direction.IN)
    reason = nfc(reason or "").strip()
    if len(reason) < SEALED_REASON_MIN_LENGTH:
        raise ApplicationError(
            _("State why you need the identity (at least 10 characters)."), extra={"field": "reason"}
        )
    if not transfer.sealed_identity:
        raise ApplicationError(_("This transfer carries no sealed identity."))
    _sealed_access_record(transfer, actor, reason)
    return sealing.unseal(transfer.sealed_identity)


def _sealed_access_record(transfer: Transfer, actor, reason: str) -> None:
    """A read of a transfer's sealed identity, in the transfer's access list and, like a read of a
    petition's seal, in the unit's tamper-evident chain (its rows cannot be quietly deleted there).
    Who read, which transfer and why; never whom they read about."""
    access = TransferSealedAccess.objects.create(transfer=transfer, user=actor, reason=reason[:500])
    audit_append(
        kind=Kind.SEALED_READ,
        actor=actor,
        target=transfer.reference,
        data={"transfer": transfer.reference, "reason": access.reason, "transfer_read": access.pk},
    )


#
# The sender's reminder
#


@transaction.atomic
def transfer_chase(*, transfer: Transfer, actor, report_by: date | None = None, date: date | None = None) -> Transfer:
    """Chase up (đôn đốc) a receiver that is late: the reminder letter, numbered in the register,
    a step on the petition's timeline, and the reminder delivered to the receiver's inbox."""
    require_perm(actor, PROCESS)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.direction != Direction.OUT or transfer.petition_id is None:
        raise ConflictError(_("Only a unit that forwarded a petition can chase it up."))
    if transfer.state not in AWAITING_ANSWER or transfer.state == TransferState.SENDING:
        raise ConflictError(_("There is nothing to chase: the receiving unit has answered or has not received it."))
    on = date or today()
    if on > today() or on < transfer.sent_on:
        raise ApplicationError(_("The date must be between the date sent and today."), extra={"field": "date"})
    if transfer.due_date is None or on <= transfer.due_date:
        raise ConflictError(
            _("The receiving unit is not late: its answer is due on %(date)s.")
            % {"date": transfer.due_date.strftime("%d/%m/%Y") if transfer.due_date else "—"}
        )
    if report_by is not None and report_by <= on:
        raise ApplicationError(
            _("The date to report by must be after the date of the reminder."), extra={"field": "report_by"}
        )
    petition = Petition.objects.get(pk=transfer.petition_id)
    data = {
        "legal_ground": transfer.legal_ground,
        "reference": ", ".join(transfer.letters) or transfer.reference,
    }
    if report_by is not None:
        data["report_by"] = report_by.isoformat()
    issued = step_documents_issue(petition=petition, step=outcome_event(Outcome.CHASED), on=on, actor=actor, data=data)
    documents = [document.number_display for document in issued]
    event_record(
        petition,
        kind=EventKind.TRANSFER_CHASED,
        actor=actor,
        on=on,
        note=_("Reminder sent to %(unit)s.") % {"unit": transfer.counterpart_name},
        data={"transfer": transfer.reference, "documents": documents},
    )
    transfer.chased_on = on
    transfer.chase_count += 1
    transfer.save(update_fields=["chased_on", "chase_count", "updated_at"])
    _track_update(transfer.reference, chase_count=transfer.chase_count)
    _answer(
        transfer,
        kind=MessageKind.REMINDER,
        payload={"on": on.isoformat(), "documents": documents, "report_by": data.get("report_by", "")},
    )
    return transfer


@transaction.atomic
def transfer_resend(*, transfer: Transfer, actor) -> Transfer:
    """Try a failed delivery again (e.g. once the platform admin has restored the receiving unit)."""
    require_perm(actor, PROCESS)
    transfer = Transfer.objects.select_for_update().get(pk=transfer.pk)
    if transfer.direction != Direction.OUT or transfer.state != TransferState.FAILED:
        raise ConflictError(_("Only a failed delivery can be tried again."))
    receiving_unit_resolve(transfer.counterpart_code)
    OutboxMessage.objects.filter(reference=transfer.reference, state="failed").update(
        state="pending", attempts=0, last_error=""
    )
    transfer.state = TransferState.SENDING
    transfer.last_error = ""
    transfer.save(update_fields=["state", "last_error", "updated_at"])
    _track_update(transfer.reference, state=transfer.state, last_error="")
    schema = connection.schema_name
    reference = transfer.reference
    transaction.on_commit(lambda: deliver_later(schema, reference))
    return transfer
