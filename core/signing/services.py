"""The unit's signing certificate (upload, replace, revoke) and the signing of each issued PDF.

Uploading stores the PKCS#12 and its password as one ciphertext under the unit's key, registers the
certificate in the platform's register in the same transaction, replaces (revokes) the one in use,
and appends the audit chain. The worker signs a document's PDF with the certificate in use
(``document_pdf_sign``); the task's message carries the document's id only, and the bundle is
opened in the worker's memory, in the unit's schema.
"""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.accounts.audit import Kind, audit_append
from core.common.errors import ApplicationError, ConflictError
from core.signing_registry.services import registry_certificate_register, registry_certificate_revoke
from tenants.db import connection

from .bundles import SignatureText, pdf_sign, pkcs12_read
from .keys import KEY_VERSION, bundle_open, bundle_seal
from .models import DocumentSignature, SigningCertificate

log = logging.getLogger(__name__)

MANAGE = "signing.manage_signing_certificate"
REASON_MIN_LENGTH = 5


def _unit_code() -> str:
    from tenants.models import Unit

    return Unit.objects.filter(schema_name=connection.schema_name).values_list("code", flat=True).get()


def _facts(certificate: SigningCertificate) -> dict:
    return {
        "fingerprint": certificate.fingerprint,
        "subject": certificate.subject,
        "not_after": certificate.not_after.date().isoformat(),
    }


@transaction.atomic
def certificate_upload(*, actor, data: bytes, password: str) -> SigningCertificate:
    """Make the PKCS#12 ``data`` (opened by ``password``) the unit's signing certificate from now
    on. The one in use before is revoked; documents it signed stay signed by it."""
    require_perm(actor, MANAGE)
    now = timezone.now()
    facts = pkcs12_read(data=data, password=password or "", now=now)
    known = SigningCertificate.objects.filter(fingerprint=facts.fingerprint).first()
    if known is not None and known.is_active:
        raise ConflictError(_("This certificate is already the one in use."), extra={"field": "certificate"})
    if known is not None:
        raise ConflictError(
            _("This certificate was revoked and cannot be used again. Upload a new certificate."),
            extra={"field": "certificate"},
        )
    unit_code = _unit_code()
    registry_certificate_register(unit_code=unit_code, facts=facts, at=now)
    for previous in SigningCertificate.objects.select_for_update().filter(is_active=True):
        _revoke(previous, actor=actor, reason=_("Replaced by a new certificate."), at=now, unit_code=unit_code)
    certificate = SigningCertificate.objects.create(
        fingerprint=facts.fingerprint,
        subject=facts.subject[:500],
        issuer=facts.issuer[:500],
        serial_number=facts.serial_number[:80],
        not_before=facts.not_before,
        not_after=facts.not_after,
        sealed_bundle=bundle_seal(p12=data, password=password or "", schema_name=connection.schema_name),
        key_version=KEY_VERSION,
        uploaded_by=actor,
    )
    audit_append(
        kind=Kind.SIGNING_CERTIFICATE_UPLOADED, actor=actor, target=facts.fingerprint, data=_facts(certificate)
    )
    return certificate


def _revoke(certificate: SigningCertificate, *, actor, reason: str, at: datetime, unit_code: str) -> None:
    certificate.is_active = False
    certificate.revoked_at = at
    certificate.revoked_by = actor
    certificate.revoke_reason = reason[:500]
    certificate.save(update_fields=["is_active", "revoked_at", "revoked_by", "revoke_reason"])
    registry_certificate_revoke(unit_code=unit_code, fingerprint=certificate.fingerprint, at=at)
    audit_append(
        kind=Kind.SIGNING_CERTIFICATE_REVOKED,
        actor=actor,
        target=certificate.fingerprint,
        data={**_facts(certificate), "reason": certificate.revoke_reason},
    )


@transaction.atomic
def certificate_revoke(*, actor, reason: str) -> SigningCertificate:
    """Stop signing with the certificate in use (a lost or compromised key, a person who left). The
    register marks it revoked, so the verification page stops trusting it; documents issued from now
    on are unsigned until a new certificate is uploaded."""
    require_perm(actor, MANAGE)
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ApplicationError(_("Give the reason (at least 5 characters)."), extra={"field": "reason"})
    current = SigningCertificate.objects.select_for_update().filter(is_active=True).first()
    if current is None:
        raise ConflictError(_("The unit has no signing certificate in use."))
    _revoke(current, actor=actor, reason=reason, at=timezone.now(), unit_code=_unit_code())
    return current


# --- Signing a document's PDF (the worker) ----------------------------------------------------


@dataclass
class PdfSigning:
    """The PDF to keep (signed or not) and how to record it, once the PDF is stored."""

    pdf: bytes
    row: dict = field(default_factory=dict)

    def record(self, document) -> DocumentSignature:
        signature, _created = DocumentSignature.objects.update_or_create(document=document, defaults=self.row)
        return signature


def signature_text(document) -> SignatureText:
    """The signer as the document prints them: the signature block's authority, title and name
    (the issuing officer's position and name unless the step named another signer), and the
    issuing body, so the signature reads "Chủ tịch, Ủy ban nhân dân xã Tân Đoàn"."""
    from core.documents.issuer import issuer_for
    from core.documents.models import DocumentSettings
    from tenants.models import Unit

    given = (document.context or {}).get("signature") or {}
    issued_by = document.issued_by
    name = (given.get("name") or getattr(issued_by, "display_name", "") or "").strip()
    title = (given.get("title") or getattr(issued_by, "position", "") or "").strip()
    authority = (given.get("authority") or "").strip()
    unit = Unit.objects.get(schema_name=connection.schema_name)
    issuer = issuer_for(unit, DocumentSettings.objects.first())
    lines = ", ".join(part for part in (authority, title) if part)
    if issuer.body_name and issuer.body_name.casefold() not in lines.casefold():
        lines = f"{lines}, {issuer.body_name}" if lines else issuer.body_name
    return SignatureText(name=name[:200], title=lines[:500], location=issuer.place, contact=unit.name)


def document_pdf_sign(*, document, pdf: bytes, now: Callable[[], datetime] = timezone.now) -> PdfSigning:
    """Sign ``pdf`` (the document's fresh PDF) with the unit's certificate in use. Without one, or
    with one expired since, the PDF stays unsigned and the record says why; a failure to sign keeps
    the PDF unsigned, with the reason (the retry re-makes the PDF)."""
    certificate = SigningCertificate.objects.filter(is_active=True).first()
    if certificate is None:
        return PdfSigning(pdf=pdf, row=_unsigned(DocumentSignature.Reason.NO_CERTIFICATE))
    if certificate.not_after <= now():
        return PdfSigning(pdf=pdf, row=_unsigned(DocumentSignature.Reason.EXPIRED, certificate.subject))
    text = signature_text(document)
    try:
        p12, password = bundle_open(
            certificate.sealed_bundle, schema_name=connection.schema_name, key_version=certificate.key_version
        )
        signed = pdf_sign(pdf=pdf, p12=p12, password=password, text=text)
    except Exception as exc:  # noqa: BLE001 - kept with its reason; never the bundle or password
        log.warning("document %s: signing failed (%s)", document.pk, type(exc).__name__)
        return PdfSigning(pdf=pdf, row=_unsigned(DocumentSignature.Reason.FAILED, type(exc).__name__))
    return PdfSigning(
        pdf=signed,
        row={
            "state": DocumentSignature.State.SIGNED,
            "reason": "",
            "detail": "",
            "certificate": certificate,
            "fingerprint": certificate.fingerprint,
            "signer_name": text.name,
            "signer_title": text.title,
            "signed_at": now(),
        },
    )


def _unsigned(reason: str, detail: str = "") -> dict:
    return {
        "state": DocumentSignature.State.UNSIGNED,
        "reason": reason,
        "detail": detail[:500],
        "certificate": None,
        "fingerprint": "",
        "signer_name": "",
        "signer_title": "",
        "signed_at": None,
    }
