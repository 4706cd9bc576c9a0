"""What the unit keeps of its online intake besides the petition itself: which account the portal
acts as, and per submission its source, a keyed fingerprint (for duplicate suppression) and the
receipt issued. Nothing here holds a citizen's words or identity."""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _


class Source(models.TextChoices):
    WEB = "web", _("The unit's online form")
    OPEN311 = "open311", _("Open311 client")


class PortalAccount(models.Model):
    """The unit's online portal as an actor: an inactive account with no usable password, so it can
    never log in, yet its steps (registration, attachments) are recorded under a name like any
    officer's. ``core.intake.backends`` grants it the few permissions the portal needs."""

    user = models.OneToOneField(settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+")
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("online portal account")
        verbose_name_plural = _("online portal accounts")

    def __str__(self) -> str:
        return str(self.user_id)


class Submission(models.Model):
    """A petition as it arrived online. ``fingerprint`` is an HMAC (keyed with the platform's
    secret and the unit's schema) of the type, content and identity, never the content itself: it
    finds the same letter sent again, and reveals nothing of it."""

    petition = models.OneToOneField(
        "petitions.Petition", on_delete=models.CASCADE, related_name="online_submission", verbose_name=_("petition")
    )
    source = models.CharField(_("source"), max_length=10, choices=Source.choices, default=Source.WEB)
    fingerprint = models.CharField(max_length=64, editable=False)
    receipt_document = models.ForeignKey(
        "documents.IssuedDocument",
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("receipt"),
    )
    submitted_at = models.DateTimeField(_("submitted at"), auto_now_add=True)

    class Meta:
        verbose_name = _("online submission")
        verbose_name_plural = _("online submissions")
        indexes = [models.Index(fields=["fingerprint", "submitted_at"], name="intake_fingerprint_recent")]

    def __str__(self) -> str:
        return f"{self.source}:{self.petition_id}"
