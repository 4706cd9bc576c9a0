"""Checking the signatures of a PDF anyone uploads (the public verification page).

For each signature: whether the signed bytes are unchanged and the signature matches them
(pyHanko), whether anything was appended after signing that changes the document, who signed
(the certificate's subject, the name and title written in the signature), when (the time the
signer's computer reported: there is no timestamp authority offline, so that time is a claim, not
a proof), and whether the certificate is registered to a unit of this platform.

Trust comes from the register (``RegisteredCertificate``), not from a CA chain: units' certificates
may be self-issued. pyHanko validates the signer's certificate against itself as the only trust
root (so it never fetches anything and never logs a failed chain for a self-issued certificate),
which still checks its validity period at the signing time and its key usage; whether it is
trusted is then the register's answer.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from django.utils.translation import gettext as _

from core.common.errors import ApplicationError

from .selectors import registered_certificate_find, unit_name_for

log = logging.getLogger(__name__)

#: Larger uploads are refused before they are read: an issued document is a few hundred KB.
MAX_PDF_BYTES = 20 * 1024 * 1024
#: A PDF's header may follow some junk, within its first KB (ISO 32000-1, 7.5.2, implementations' tolerance).
HEADER_WINDOW = 1024
#: An issued document carries one signature. Each check costs a CMS validation (~0.1 s), and a
#: crafted file can point thousands of fields at one signature: beyond this the file is refused
#: before any is checked, so one upload cannot hold a worker for minutes.
MAX_SIGNATURES = 10


class Verdict:
    VALID = "valid"  # intact, unchanged since, certificate registered to a unit and not revoked
    MODIFIED = "modified"  # the signature itself is fine, but the document was changed after signing
    INVALID = "invalid"  # the signed bytes were altered, or the signature does not match them
    UNREGISTERED = "unregistered"  # intact, but the certificate is no unit's of this platform
    REVOKED = "revoked"  # intact, but the unit revoked the certificate
    UNTRUSTED = "untrusted"  # registered, but the certificate was not valid (period, key usage) at signing


class VerificationError(ApplicationError):
    def __init__(self, message: str, *, status: int = 400) -> None:
        super().__init__(message, extra={"field": "pdf"})
        self.status_code = status


@dataclass(frozen=True)
class SignatureReport:
    field_name: str
    signer_name: str
    reason: str
    location: str
    signed_at: datetime | None
    subject: str
    issuer: str
    fingerprint: str
    #: The signed bytes are unchanged and the signature matches them.
    intact: bool
    #: Something was appended after signing that changes what the document shows.
    modified_after: bool
    unit_code: str
    unit_name: str
    registered: bool
    revoked_at: datetime | None
    #: pyHanko's validation of the certificate at the signing time (period, key usage).
    certificate_ok: bool
    verdict: str
    summary: str


def pdf_check(data: bytes) -> None:
    """Refuse what is not a PDF before any parser sees it."""
    if len(data) > MAX_PDF_BYTES:
        raise VerificationError(
            _("The file is larger than %(size)s MB. Upload the PDF as it was issued.")
            % {"size": MAX_PDF_BYTES // (1024 * 1024)},
            status=413,
        )
    if not data:
        raise VerificationError(_("The file is empty. Choose the PDF file to check."))
    if b"%PDF-" not in data[:HEADER_WINDOW]:
        raise VerificationError(_("This file is not a PDF. Upload the PDF file of the document."))


def pdf_signatures_verify(data: bytes) -> list[SignatureReport]:
    """Every signature of the PDF ``data``, checked. Raises ``VerificationError`` (4xx) for a file
    that is not a readable PDF or carries no signature."""
    from pyhanko.pdf_utils.reader import PdfFileReader

    pdf_check(data)
    try:
        reader = PdfFileReader(BytesIO(data), strict=False)
        if reader.encrypted:
            raise VerificationError(_("This PDF is password-protected; its signatures cannot be checked here."))
        signatures = list(reader.embedded_signatures)
    except VerificationError:
        raise
    except Exception as exc:  # noqa: BLE001 - any parser failure on untrusted input is the file's fault
        log.info("signature verification: unreadable PDF (%s)", type(exc).__name__)
        raise VerificationError(_("This file could not be read as a PDF. It may be damaged.")) from exc
    if not signatures:
        raise VerificationError(
            _("This PDF carries no digital signature: it is an unsigned copy, or was made again after signing."),
            status=422,
        )
    if len(signatures) > MAX_SIGNATURES:
        raise VerificationError(
            _("This PDF carries %(count)d signatures; a document issued here carries at most %(limit)d.")
            % {"count": len(signatures), "limit": MAX_SIGNATURES},
            status=422,
        )
    return [_report(signature) for signature in signatures]


def _report(signature) -> SignatureReport:
    from pyhanko.sign.diff_analysis import ModificationLevel
    from pyhanko.sign.validation import validate_pdf_signature
    from pyhanko.sign.validation.settings import KeyUsageConstraints
    from pyhanko.sign.validation.status import SignatureCoverageLevel
    from pyhanko_certvalidator import ValidationContext

    sig = signature.sig_object
    signed_at = signature.self_reported_timestamp
    # What the signature dictionary says of itself, reported whether or not it verifies.
    written = {
        "field_name": str(signature.field_name or ""),
        "signer_name": _text(sig.get("/Name")),
        "reason": _text(sig.get("/Reason")),
        "location": _text(sig.get("/Location")),
        "signed_at": signed_at,
    }
    try:
        certificate = signature.signer_cert
        fingerprint = certificate.sha256.hex()
        context = ValidationContext(trust_roots=[certificate], allow_fetching=False, moment=signed_at)
        status = validate_pdf_signature(
            signature,
            context,
            key_usage_settings=KeyUsageConstraints(
                key_usage={"digital_signature", "non_repudiation"}, match_all_key_usages=False
            ),
        )
    except Exception as exc:  # noqa: BLE001 - a malformed signature dictionary or CMS blob
        log.info("signature verification: unreadable signature (%s)", type(exc).__name__)
        return SignatureReport(
            **written,
            subject="",
            issuer="",
            fingerprint="",
            intact=False,
            modified_after=False,
            unit_code="",
            unit_name="",
            registered=False,
            revoked_at=None,
            certificate_ok=False,
            verdict=Verdict.INVALID,
            summary=type(exc).__name__,
        )
    intact = bool(status.intact and status.valid)
    untouched = status.coverage == SignatureCoverageLevel.ENTIRE_FILE or (
        status.modification_level is not None
        and status.modification_level <= ModificationLevel.LTA_UPDATES
        and status.docmdp_ok is not False
    )
    registered = registered_certificate_find(fingerprint)
    if not intact:
        verdict = Verdict.INVALID
    elif not untouched:
        verdict = Verdict.MODIFIED
    elif registered is None:
        verdict = Verdict.UNREGISTERED
    elif registered.revoked_at is not None:
        verdict = Verdict.REVOKED
    elif not status.trusted:
        verdict = Verdict.UNTRUSTED
    else:
        verdict = Verdict.VALID
    return SignatureReport(
        **written,
        subject=certificate.subject.human_friendly,
        issuer=certificate.issuer.human_friendly,
        fingerprint=fingerprint,
        intact=intact,
        modified_after=not untouched,
        unit_code=registered.unit_code if registered else "",
        unit_name=unit_name_for(registered.unit_code) if registered else "",
        registered=registered is not None,
        revoked_at=registered.revoked_at if registered else None,
        certificate_ok=bool(status.trusted),
        verdict=verdict,
        summary=status.summary(),
    )


def _text(value) -> str:
    return str(value)[:500] if value is not None else ""
