"""A unit's side of the petitions it forwards to, and receives from, other units of the platform.

Each unit's schema holds its own rows only; the other side is named by its unit code and the
platform-wide case reference, stored as data, never as a foreign key or a join across schemas
(tech-notes.md §7.1: schemas may one day live on different Citus nodes). Messages travel through
an outbox in the sender's schema, written in the step's transaction, and land in an inbox in the
receiver's schema whose unique key makes a second delivery of the same message a no-op.
"""

from __future__ import annotations

import uuid

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import Direction, MessageKind, MessageState, TransferState


class Transfer(models.Model):
    """One forwarding of a petition, as this unit sees it: sent (``out``) or received (``in``)."""

    reference = models.CharField(_("case reference"), max_length=40)
    direction = models.CharField(_("direction"), max_length=3, choices=Direction.choices)
    counterpart_code = models.CharField(_("other unit's code"), max_length=32)
    counterpart_name = models.CharField(_("other unit"), max_length=255)
    # Out: the petition forwarded. In: the petition registered when the item was accepted (or
    # forwarded onward), none before.
    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.PROTECT, null=True, blank=True, related_name="transfers"
    )
    petition_type = models.CharField(_("type"), max_length=20)
    field_code = models.CharField(_("field"), max_length=40)
    subject = models.CharField(_("subject"), max_length=500)
    legal_ground = models.CharField(_("legal ground"), max_length=500, blank=True)
    letters = models.JSONField(_("forwarding letters"), default=list, blank=True)
    # What travelled: content, attachments' metadata, history summary; never a sealed identity in clear.
    package = models.JSONField(_("package"), default=dict)
    # In only: the denouncer's identity, encrypted with this unit's key, readable by its cleared officers.
    sealed_identity = models.BinaryField(null=True, blank=True, editable=False)
    state = models.CharField(_("state"), max_length=20, choices=TransferState.choices)
    sent_on = models.DateField(_("sent on"))
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    answer_reason = models.TextField(_("reason given"), blank=True)
    onward_to_name = models.CharField(_("forwarded onward to"), max_length=255, blank=True)
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    due_rule = models.CharField(_("deadline rule"), max_length=60, blank=True)
    chased_on = models.DateField(_("last reminder"), null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(_("reminders"), default=0)
    last_error = models.TextField(_("delivery error"), blank=True)
    # The reference this transfer continues (a unit that received a petition forwards it onward).
    origin_reference = models.CharField(max_length=40, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, null=True, blank=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("transfer")
        verbose_name_plural = _("transfers")
        ordering = ["-sent_on", "-id"]
        constraints = [
            models.UniqueConstraint(fields=["reference", "direction"], name="transfer_reference_direction"),
        ]
        indexes = [models.Index(fields=["direction", "state", "due_date"])]

    def __str__(self) -> str:
        return f"{self.reference} {self.direction} {self.counterpart_code}"


class OutboxMessage(models.Model):
    """A message waiting to be, or already, delivered to another unit. ``key`` travels with it and
    is the receiver's idempotency key; ``seq`` orders the messages of one case from this unit."""

    key = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)
    reference = models.CharField(max_length=40)
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    receiver_code = models.CharField(max_length=32)
    payload = models.JSONField(default=dict)
    state = models.CharField(max_length=10, choices=MessageState.choices, default=MessageState.PENDING)
    attempts = models.PositiveIntegerField(default=0)
    last_error = models.TextField(blank=True)
    created_at = models.DateTimeField(auto_now_add=True)
    delivered_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        ordering = ["reference", "seq"]
        constraints = [models.UniqueConstraint(fields=["reference", "seq"], name="outbox_reference_seq")]
        indexes = [models.Index(fields=["state", "created_at"])]

    def __str__(self) -> str:
        return f"{self.reference}#{self.seq} {self.kind} → {self.receiver_code}"


class InboxMessage(models.Model):
    """A message another unit delivered here. The sender's ``key`` is unique: a worker killed after
    inserting and before acknowledging re-delivers, and the second insert finds the first."""

    key = models.UUIDField(unique=True, editable=False)
    reference = models.CharField(max_length=40)
    seq = models.PositiveIntegerField()
    kind = models.CharField(max_length=20, choices=MessageKind.choices)
    sender_code = models.CharField(max_length=32)
    payload = models.JSONField(default=dict)
    received_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["received_at", "id"]
        indexes = [models.Index(fields=["reference", "sender_code", "seq"])]

    def __str__(self) -> str:
        return f"{self.reference}#{self.seq} {self.kind} ← {self.sender_code}"


class TransferSealedAccess(models.Model):
    """Who opened the sealed identity of a received denunciation before it became a petition here,
    when and why (Denunciations Law Art. 47; domain.md §8.5)."""

    transfer = models.ForeignKey(Transfer, on_delete=models.PROTECT, related_name="sealed_reads")
    user = models.ForeignKey(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    reason = models.CharField(_("reason"), max_length=500)
    at = models.DateTimeField(auto_now_add=True)

    class Meta:
        ordering = ["-at"]

    def __str__(self) -> str:
        return f"{self.user_id} read {self.transfer_id}"


__all__ = ["InboxMessage", "MessageKind", "OutboxMessage", "Transfer", "TransferSealedAccess"]
