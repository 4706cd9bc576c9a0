"""Reads of the register of units' certificates."""

from __future__ import annotations

from .models import RegisteredCertificate


def registered_certificate_find(fingerprint: str) -> RegisteredCertificate | None:
    return RegisteredCertificate.objects.filter(fingerprint=fingerprint.lower()).first()


def unit_name_for(unit_code: str) -> str:
    from tenants.models import Unit

    return Unit.objects.filter(code=unit_code).values_list("name", flat=True).first() or unit_code
