"""Writes to the register of units' certificates. Called by ``core.signing`` in the unit's own
transaction (every schema shares one database), so a certificate is registered exactly when the
unit stores it, and revoked with it."""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from django.utils.translation import gettext as _

from core.common.errors import ConflictError

from .models import RegisteredCertificate


@dataclass(frozen=True)
class CertificateFacts:
    """What the register keeps of a certificate: public facts only."""

    fingerprint: str
    subject: str
    issuer: str
    serial_number: str
    not_before: datetime
    not_after: datetime
    der: bytes


def registry_certificate_register(*, unit_code: str, facts: CertificateFacts, at: datetime) -> RegisteredCertificate:
    """Register ``facts`` as ``unit_code``'s. A certificate belongs to one unit for good: one
    registered by another unit, or revoked, is refused (else a revoked key could be trusted again,
    or one unit could sign in another's name)."""
    existing = RegisteredCertificate.objects.select_for_update().filter(fingerprint=facts.fingerprint).first()
    if existing is not None:
        if existing.unit_code != unit_code:
            raise ConflictError(
                _("This certificate is already registered to another unit of the platform."),
                extra={"field": "certificate"},
            )
        if existing.revoked_at is not None:
            raise ConflictError(
                _("This certificate was revoked and cannot be used again. Upload a new certificate."),
                extra={"field": "certificate"},
            )
        return existing
    return RegisteredCertificate.objects.create(
        fingerprint=facts.fingerprint,
        unit_code=unit_code,
        subject=facts.subject[:500],
        issuer=facts.issuer[:500],
        serial_number=facts.serial_number[:80],
        not_before=facts.not_before,
        not_after=facts.not_after,
        certificate_der=facts.der,
        registered_at=at,
    )


def registry_certificate_revoke(*, unit_code: str, fingerprint: str, at: datetime) -> None:
    RegisteredCertificate.objects.filter(unit_code=unit_code, fingerprint=fingerprint, revoked_at__isnull=True).update(
        revoked_at=at
    )
