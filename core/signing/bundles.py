"""Reading a PKCS#12 file a unit administrator uploads, and signing a PDF with it.

Every refusal says what is wrong in words the administrator can act on: not a PKCS#12 file, wrong
password, no private key, a key that is not the certificate's, expired or not yet valid, or a
certificate not meant for signing.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime
from io import BytesIO

from cryptography import x509
from cryptography.hazmat.primitives.asymmetric import ec, rsa
from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat, pkcs12
from django.utils import formats
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError
from core.signing_registry.certificates import certificate_facts
from core.signing_registry.services import CertificateFacts

#: A PKCS#12 with its chain is a few KB; anything this large is something else.
MAX_P12_BYTES = 256 * 1024


def not_pkcs12_message() -> str:
    return _("This file is not a PKCS#12 certificate file (.p12 or .pfx). Export it with its private key.")


def _refuse(message: str, field: str = "certificate") -> ApplicationError:
    return ApplicationError(message, extra={"field": field})


def _is_pkcs12(data: bytes) -> bool:
    from asn1crypto.pkcs12 import Pfx

    try:
        pfx = Pfx.load(data, strict=True)
        return pfx["version"].native == "v3" and pfx["auth_safe"]["content_type"].native in ("data", "signed_data")
    except Exception:  # noqa: BLE001 - whatever the parser says, it is not a PKCS#12 file
        return False


def _date(moment: datetime) -> str:
    return formats.date_format(moment, "d/m/Y")


def pkcs12_read(*, data: bytes, password: str, now: datetime) -> CertificateFacts:
    """The certificate's facts if ``data`` is a usable signing bundle under ``password``."""
    if not data or len(data) > MAX_P12_BYTES or not _is_pkcs12(data):
        raise _refuse(not_pkcs12_message())
    try:
        key, certificate, _chain = pkcs12.load_key_and_certificates(data, password.encode() if password else None)
    except ValueError:
        raise _refuse(_("The password does not open this certificate file. Check the password."), "password") from None
    if certificate is None:
        raise _refuse(_("The file contains no certificate."))
    if key is None:
        raise _refuse(_("The file contains no private key: export the certificate together with its private key."))
    if not isinstance(key, rsa.RSAPrivateKey | ec.EllipticCurvePrivateKey):
        raise _refuse(_("The certificate's key is of a kind that cannot sign PDFs here (use RSA or ECDSA)."))
    public = key.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo)
    if public != certificate.public_key().public_bytes(Encoding.DER, PublicFormat.SubjectPublicKeyInfo):
        raise _refuse(_("The private key in the file does not belong to its certificate."))
    if certificate.not_valid_after_utc <= now:
        raise _refuse(
            _("The certificate expired on %(date)s. Upload a certificate that is still valid.")
            % {"date": _date(certificate.not_valid_after_utc)}
        )
    if certificate.not_valid_before_utc > now:
        raise _refuse(
            _("The certificate is only valid from %(date)s.") % {"date": _date(certificate.not_valid_before_utc)}
        )
    try:
        usage = certificate.extensions.get_extension_for_class(x509.KeyUsage).value
    except x509.ExtensionNotFound:
        usage = None
    if usage is not None and not (usage.digital_signature or usage.content_commitment):
        raise _refuse(_("This certificate is not meant for signing: its key usage allows no signature."))
    return certificate_facts(certificate.public_bytes(Encoding.DER))


@dataclass(frozen=True)
class SignatureText:
    """What the signature says of its signer: the name, the title (the reason), the place."""

    name: str
    title: str
    location: str
    contact: str


def pdf_sign(*, pdf: bytes, p12: bytes, password: str, text: SignatureText) -> bytes:
    """``pdf`` with a PAdES baseline B-B signature (CAdES detached, signing-certificate-v2) by the
    bundle's key, certifying the document so that any later change shows as one.

    Invisible: the DOCX already prints the signature block (authority, title, name) where NĐ
    30/2020 puts it, and its place on the page moves with the text, so a drawn stamp could cover
    the body; PDF readers list the signature in their signature panel. No timestamp (B-T) or
    long-term validation data (B-LT): no timestamp authority or OCSP is reachable offline.
    """
    from pyhanko.pdf_utils.incremental_writer import IncrementalPdfFileWriter
    from pyhanko.sign import fields, signers

    signer = signers.SimpleSigner.load_pkcs12_data(p12, other_certs=[], passphrase=password.encode() or None)
    writer = IncrementalPdfFileWriter(BytesIO(pdf), strict=False)
    metadata = signers.PdfSignatureMetadata(
        field_name="ChuKySo",
        name=text.name or None,
        reason=text.title or None,
        location=text.location or None,
        contact_info=text.contact or None,
        subfilter=fields.SigSeedSubFilter.PADES,
        md_algorithm="sha256",
        certify=True,
        docmdp_permissions=fields.MDPPerm.NO_CHANGES,
    )
    out = signers.sign_pdf(writer, metadata, signer=signer)
    return out.getvalue()
