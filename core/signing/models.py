"""A unit's signing certificate and what was signed with it (unit schema).

The PKCS#12 file and its password are stored only as one ciphertext under a key derived for this
unit (``core.signing.keys``): never in clear in the database, a log or a queue message. The public
half (the certificate) is also in the platform's register (``core.signing_registry``), which the
verification page trusts.
"""

from __future__ import annotations

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class SigningCertificate(models.Model):
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64, unique=True)
    subject = models.CharField(pgettext_lazy("certificate", "subject"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=500)
    serial_number = models.CharField(_("serial number"), max_length=80)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    #: Fernet token of {"p12": base64, "password": text} under the unit's signing key.
    sealed_bundle = models.BinaryField()
    key_version = models.PositiveSmallIntegerField(default=1)
    #: The one certificate the unit signs with; the others are kept, revoked, for the record.
    is_active = models.BooleanField(_("in use"), default=True)
    uploaded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("uploaded by")
    )
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("revoked by"),
    )
    revoke_reason = models.CharField(_("reason for revoking"), max_length=500, blank=True)

    class Meta:
        verbose_name = _("signing certificate")
        verbose_name_plural = _("signing certificates")
        ordering = ["-uploaded_at"]
        permissions = [("manage_signing_certificate", _("Can upload and revoke the unit's signing certificate"))]
        constraints = [
            models.UniqueConstraint(
                fields=["is_active"], condition=models.Q(is_active=True), name="signing_one_active_certificate"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.subject} ({self.fingerprint[:16]})"


class DocumentSignature(models.Model):
    """Whether an issued document's PDF was signed, and with what; one row per PDF made."""

    class State(models.TextChoices):
        SIGNED = "signed", _("Digitally signed")
        UNSIGNED = "unsigned", _("Not digitally signed")

    class Reason(models.TextChoices):
        NO_CERTIFICATE = "no_certificate", _("The unit has no signing certificate")
        EXPIRED = "expired", _("The unit's signing certificate has expired")
        FAILED = "failed", _("Signing failed")

    document = models.OneToOneField(
        "documents.IssuedDocument", on_delete=models.CASCADE, related_name="signature", verbose_name=_("document")
    )
    state = models.CharField(_("signature"), max_length=10, choices=State.choices)
    reason = models.CharField(_("why unsigned"), max_length=20, choices=Reason.choices, blank=True)
    detail = models.CharField(_("details"), max_length=500, blank=True)
    certificate = models.ForeignKey(
        SigningCertificate,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="signatures",
        verbose_name=_("certificate"),
    )
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64, blank=True)
    signer_name = models.CharField(_("signer"), max_length=200, blank=True)
    signer_title = models.CharField(_("signer's title"), max_length=500, blank=True)
    signed_at = models.DateTimeField(_("signed at"), null=True, blank=True)

    class Meta:
        verbose_name = _("document signature")
        verbose_name_plural = _("document signatures")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(state="unsigned")
                | (models.Q(certificate__isnull=False) & ~models.Q(fingerprint="")),
                name="signing_signed_names_certificate",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.document_id}: {self.state}"
