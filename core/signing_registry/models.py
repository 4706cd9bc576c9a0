"""Which unit of the platform signs with which certificate (public schema).

A unit's certificate may be self-issued (a commune rarely holds one from a licensed CA), so a
signature is trusted because its certificate is registered here, by the unit's administrator, and
not through a CA chain. The row holds the certificate alone (public by nature): the private key
stays encrypted in the unit's own schema (``core.signing``). Units are named by code, like the case
index: no foreign key crosses from the register into a unit.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RegisteredCertificate(models.Model):
    #: SHA-256 of the certificate's DER, lowercase hex: how a signature's certificate is found.
    fingerprint = models.CharField(_("fingerprint (SHA-256)"), max_length=64, unique=True)
    unit_code = models.CharField(_("unit"), max_length=32, db_index=True)
    subject = models.CharField(pgettext_lazy("certificate", "subject"), max_length=500)
    issuer = models.CharField(_("issuer"), max_length=500)
    serial_number = models.CharField(_("serial number"), max_length=80)
    not_before = models.DateTimeField(_("valid from"))
    not_after = models.DateTimeField(_("valid until"))
    certificate_der = models.BinaryField(_("certificate (DER)"))
    registered_at = models.DateTimeField(_("registered at"))
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)

    class Meta:
        verbose_name = _("registered signing certificate")
        verbose_name_plural = _("registered signing certificates")
        ordering = ["unit_code", "-registered_at"]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.fingerprint[:16]}"
