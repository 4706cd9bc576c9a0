"""Forwarding petitions between units on the platform, answered back: services, run against the
real database with the delivery the worker runs (``outbox_flush``) called in-process."""

from __future__ import annotations

import json

import pytest
from django.db import connection
from django_tenants.utils import schema_context

from core.common.dates import today
from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.petitions import sealing
from core.petitions.choices import EventKind, TransitionName
from core.petitions.models import Petition, PetitionEvent, SealedIdentity, SealedIdentityAccess
from core.reports.compute import UnitRef, unit_report
from core.reports.periods import period_containing
from core.transfers import services
from core.transfers.choices import Direction, MessageState, TransferState
from core.transfers.models import InboxMessage, Transfer, TransferSealedAccess
from core.transfers.selectors import petition_path, stuck_transfers
from core.transfers.tracking.models import TransferTrack
from tenants.models import Unit

from .conftest import ADDRESS, FORWARDED_ON, ID_NUMBER, NAME, PHONE, flush, inbound, outbox

pytestmark = pytest.mark.django_db


def _xld(unit) -> dict:
    """The unit's 02/XLD for the report year that holds today (from 15/12, the next calendar year's)."""
    report = unit_report(form="02/XLD", period=period_containing(today(), "year"), unit=UnitRef.of(unit))
    return report.as_dict()["rows"][0]["values"]


def test_forward_writes_outbox_in_the_outcome_transaction(forward, unit_a, unit_b):
    petition, transfer = forward()
    assert petition.status == "forwarded"
    assert petition.competent_body == unit_b.name
    assert transfer.state == TransferState.SENDING
    assert transfer.counterpart_code == unit_b.code
    (message,) = outbox(unit_a, transfer.reference)
    assert message.state == MessageState.PENDING
    assert message.kind == "package"
    # Nothing at B before delivery.
    with schema_context(unit_b.schema_name):
        assert not InboxMessage.objects.filter(reference=transfer.reference).exists()
    track = TransferTrack.objects.get(reference=transfer.reference)
    assert (track.sender_code, track.receiver_code, track.state) == (unit_a.code, unit_b.code, "sending")


def test_sealed_identity_travels_encrypted_and_audited(forward, unit_a, unit_b, officer_b, cleared_b):
    petition, transfer = forward()
    (message,) = outbox(unit_a, transfer.reference)
    serialized = json.dumps(message.payload, ensure_ascii=False)
    for secret in (NAME, ID_NUMBER, PHONE, ADDRESS):
        assert secret not in serialized
        assert secret not in json.dumps(transfer.package, ensure_ascii=False)
    assert message.payload["sealed_identity"]
    with schema_context(unit_a.schema_name):
        # The sender's audit records that the identity left, and for whom.
        assert SealedIdentityAccess.objects.filter(petition=petition, reason__contains=unit_b.code).exists()
    flush(unit_a, transfer.reference)
    received = inbound(unit_b, transfer.reference)
    assert received.state == TransferState.DELIVERED
    assert NAME not in json.dumps(received.package, ensure_ascii=False)
    with schema_context(unit_b.schema_name):
        inbox = InboxMessage.objects.get(reference=transfer.reference)
        assert "sealed_identity" not in inbox.payload
        # An officer without clearance cannot open it; a cleared one can, and the read is audited at B.
        with pytest.raises(PermissionDeniedError):
            services.inbound_sealed_read(transfer=received, actor=officer_b.user, reason="Xác minh người tố cáo")
        identity = services.inbound_sealed_read(
            transfer=received, actor=cleared_b.user, reason="Xác minh người tố cáo trước khi thụ lý"
        )
        assert identity["signers"][0]["full_name"] == NAME
        assert TransferSealedAccess.objects.filter(transfer=received, user=cleared_b.user).count() == 1
    # A's key cannot open what was sealed for B.
    with schema_context(unit_a.schema_name), pytest.raises(PermissionError):
        sealing.unseal(received.sealed_identity)


def test_acknowledge_accept_flow_back_to_sender(forward, unit_a, unit_b, officer_b):
    petition, transfer = forward()
    flush(unit_a, transfer.reference)
    received = inbound(unit_b, transfer.reference)
    assert received.due_date is not None
    assert received.due_rule == "denunciation.initial_check"
    with schema_context(unit_b.schema_name):
        services.inbound_acknowledge(transfer=received, actor=officer_b.user)
        with pytest.raises(ConflictError):
            services.inbound_acknowledge(transfer=received, actor=officer_b.user)
    flush(unit_b, transfer.reference)
    with schema_context(unit_a.schema_name):
        sent = Transfer.objects.get(pk=transfer.pk)
        assert sent.state == TransferState.ACKNOWLEDGED
        assert sent.delivered_at is not None
        assert PetitionEvent.objects.filter(petition=petition, kind=EventKind.TRANSFER_ACKNOWLEDGED).exists()
    replies_before = _xld(unit_a)["forward_replies"]
    with schema_context(unit_b.schema_name):
        accepted = services.inbound_accept(transfer=received, actor=officer_b.user)
        new = Petition.objects.get(pk=accepted.petition_id)
        assert new.channel == "transferred"
        assert new.forwarded_by == unit_a.name
        assert transfer.reference in new.forwarding_reference
        # The denouncer is sealed again, under B's key, and B's audit says why it was opened.
        assert new.is_confidential
        assert SealedIdentity.objects.filter(petition=new).exists()
        assert new.senders_text == ""
        assert TransferSealedAccess.objects.filter(transfer=received).exists()
        assert PetitionEvent.objects.filter(petition=new, kind=EventKind.TRANSFER_RECEIVED).exists()
    flush(unit_b, transfer.reference)
    with schema_context(unit_a.schema_name):
        sent = Transfer.objects.get(pk=transfer.pk)
        assert sent.state == TransferState.ACCEPTED
        reply = PetitionEvent.objects.get(petition=petition, kind=TransitionName.FORWARD_REPLY)
        assert "đã thụ lý" in reply.note
        assert unit_b.name in reply.note
    with schema_context(unit_a.schema_name):
        lines = petition_path(petition.case_id)
    assert any(unit_b.name in line and f"{FORWARDED_ON:%d/%m/%Y}" in line for line in lines)
    assert len(lines) == 2
    # A's 02/XLD counts the reply received to its forwarded petition (column 23), in the period it arrived.
    assert _xld(unit_a)["forward_replies"] == replies_before + 1


def test_redelivery_is_idempotent(forward, unit_a, unit_b):
    _petition, transfer = forward()
    flush(unit_a, transfer.reference)
    # As if the worker died after inserting, before marking: the message is pending again.
    with schema_context(unit_a.schema_name):
        from core.transfers.models import OutboxMessage

        OutboxMessage.objects.filter(reference=transfer.reference).update(state=MessageState.PENDING)
    flush(unit_a, transfer.reference)
    with schema_context(unit_b.schema_name):
        assert InboxMessage.objects.filter(reference=transfer.reference).count() == 1
        assert Transfer.objects.filter(reference=transfer.reference).count() == 1
    assert outbox(unit_a, transfer.reference)[0].state == MessageState.DELIVERED


def test_return_with_reason(forward, unit_a, unit_b, officer_b):
    petition, transfer = forward(petition_type="recommendation", signers=[{"full_name": "Trần Thị Hoa"}])
    flush(unit_a, transfer.reference)
    received = inbound(unit_b, transfer.reference)
    assert received.package["signers"][0]["full_name"] == "Trần Thị Hoa"
    assert received.due_rule == "submission.processing_sla"
    with schema_context(unit_b.schema_name):
        with pytest.raises(ApplicationError) as short:
            services.inbound_return(transfer=received, actor=officer_b.user, reason="x")
        assert short.value.extra["field"] == "reason"
        services.inbound_return(transfer=received, actor=officer_b.user, reason="Không thuộc thẩm quyền của phường")
    flush(unit_b, transfer.reference)
    with schema_context(unit_a.schema_name):
        sent = Transfer.objects.get(pk=transfer.pk)
        assert sent.state == TransferState.RETURNED
        assert "thẩm quyền" in sent.answer_reason
        assert PetitionEvent.objects.filter(petition=petition, kind=TransitionName.FORWARD_REPLY).count() == 1


def test_forward_onward_keeps_the_path(forward, unit_a, unit_b, officer_b):
    petition, transfer = forward()
    flush(unit_a, transfer.reference)
    received = inbound(unit_b, transfer.reference)
    with schema_context(unit_b.schema_name):
        services.inbound_forward_onward(
            transfer=received, actor=officer_b.user, receiving_unit="20-UBND", legal_ground="Điều 24 Luật Tố cáo"
        )
        onward = Transfer.objects.get(direction=Direction.OUT)
        assert onward.origin_reference == transfer.reference
        (onward_message,) = outbox(unit_b, onward.reference)
        assert NAME not in json.dumps(onward_message.payload, ensure_ascii=False)
    flush(unit_b, transfer.reference)
    flush(unit_b, onward.reference)
    ubnd = Unit.objects.get(code="20-UBND")
    assert inbound(ubnd, onward.reference).state == TransferState.DELIVERED
    with schema_context(unit_a.schema_name):
        assert Transfer.objects.get(pk=transfer.pk).onward_to_name == ubnd.name
        lines = petition_path(petition.case_id)
    assert any(ubnd.name in line for line in lines)
    assert TransferTrack.objects.get(reference=onward.reference).root_reference == transfer.reference


def test_delivery_to_archived_unit_fails_visibly(forward, unit_a, unit_b):
    petition, transfer = forward()
    Unit.objects.filter(pk=unit_b.pk).update(status="archived")
    connection.set_schema_to_public()
    flush(unit_a, transfer.reference)
    with schema_context(unit_a.schema_name):
        sent = Transfer.objects.get(pk=transfer.pk)
        assert sent.state == TransferState.FAILED
        assert unit_b.name in sent.last_error
        assert PetitionEvent.objects.filter(petition=petition, kind=EventKind.TRANSFER_FAILED).exists()
    with schema_context(unit_b.schema_name):
        assert not InboxMessage.objects.exists()
        assert not Transfer.objects.exists()
    track = TransferTrack.objects.get(reference=transfer.reference)
    assert track.state == "failed"
    assert track.last_error
    assert track in stuck_transfers()


def test_receiving_unit_refusals(forward, unit_a, unit_b):
    with pytest.raises(ApplicationError) as unknown:
        forward(receiver=Unit(code="99999"))
    assert unknown.value.extra["field"] == "receiving_unit"
    with pytest.raises(ApplicationError) as itself:
        forward(receiver=unit_a)
    assert "chính" in itself.value.message or "itself" in itself.value.message


def test_chase_only_when_late(forward, unit_a, unit_b, officer_a):
    petition, transfer = forward()
    flush(unit_a, transfer.reference)
    with schema_context(unit_a.schema_name):
        sent = Transfer.objects.get(pk=transfer.pk)
        with pytest.raises(ConflictError):
            services.transfer_chase(transfer=sent, actor=officer_a.user)
        Transfer.objects.filter(pk=sent.pk).update(due_date=sent.sent_on)  # the receiver is now late
        services.transfer_chase(transfer=sent, actor=officer_a.user)
        chased = PetitionEvent.objects.get(petition=petition, kind=EventKind.TRANSFER_CHASED)
        assert chased.data["documents"], "the reminder (petition.reminder) is numbered in the register"
    flush(unit_a, transfer.reference)
    assert inbound(unit_b, transfer.reference).chase_count == 1


def test_messages_of_a_case_arrive_in_order(forward, unit_a, unit_b, officer_b):
    petition, transfer = forward()
    flush(unit_a, transfer.reference)
    received = inbound(unit_b, transfer.reference)
    with schema_context(unit_b.schema_name):
        services.inbound_acknowledge(transfer=received, actor=officer_b.user)
        services.inbound_accept(transfer=received, actor=officer_b.user)
    assert [m.seq for m in outbox(unit_b, transfer.reference)] == [1, 2]
    flush(unit_b, transfer.reference)  # one delivery run takes both, in their order
    with schema_context(unit_a.schema_name):
        kinds = list(
            PetitionEvent.objects.filter(petition=petition, kind__in=["transfer.acknowledged", "forward.reply"])
            .order_by("at", "id")
            .values_list("kind", flat=True)
        )
        assert kinds == ["transfer.acknowledged", "forward.reply"]
        assert Transfer.objects.get(pk=transfer.pk).state == TransferState.ACCEPTED
    with schema_context(unit_a.schema_name):
        assert [m.seq for m in InboxMessage.objects.filter(reference=transfer.reference).order_by("id")] == [1, 2]
