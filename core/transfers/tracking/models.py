"""Where each transfer between units stands, in the public schema (no personal data: unit codes
and names, type, field, dates, states). Written by the sending and the receiving unit's services
in the same transaction as their own rows; read by the platform admin (failed deliveries), the
inspectorate (stuck transfers) and a citizen's receipt lookup (the path of their petition)."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from ..choices import TransferState


class TransferTrack(models.Model):
    reference = models.CharField(_("case reference"), max_length=40, unique=True)
    # The first reference of a chain of forwards (A → B → C all share A's).
    root_reference = models.CharField(_("first case reference"), max_length=40, db_index=True)
    sender_code = models.CharField(_("from unit"), max_length=32, db_index=True)
    sender_name = models.CharField(_("from"), max_length=255)
    receiver_code = models.CharField(_("to unit"), max_length=32, db_index=True)
    receiver_name = models.CharField(_("to"), max_length=255)
    # The sender's petition, by its platform-wide case id (the public case index's key), for the receipt lookup.
    sender_case_id = models.UUIDField(_("sender's case id"), null=True, blank=True, db_index=True)
    petition_type = models.CharField(_("type"), max_length=20)
    field_code = models.CharField(_("field"), max_length=40)
    sent_on = models.DateField(_("sent on"))
    state = models.CharField(_("state"), max_length=20, choices=TransferState.choices)
    last_error = models.TextField(_("delivery error"), blank=True)
    delivered_at = models.DateTimeField(_("delivered at"), null=True, blank=True)
    acknowledged_on = models.DateField(_("acknowledged on"), null=True, blank=True)
    answered_on = models.DateField(_("answered on"), null=True, blank=True)
    onward_to_name = models.CharField(_("forwarded onward to"), max_length=255, blank=True)
    due_date = models.DateField(_("answer due"), null=True, blank=True)
    chase_count = models.PositiveSmallIntegerField(_("reminders"), default=0)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("transfer between units")
        verbose_name_plural = _("transfers between units")
        ordering = ["-sent_on", "-id"]
        indexes = [models.Index(fields=["state", "due_date"])]

    def __str__(self) -> str:
        return f"{self.reference}: {self.sender_code} → {self.receiver_code}"
