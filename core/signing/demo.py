"""The demo commune's signing certificate: self-issued at seeding time (a real unit uploads its own),
so the demo's documents come out signed and the public check has something to verify. The tests
make their certificates with the same helpers (tests/core/signing/certs.py)."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from .models import SigningCertificate
from .services import certificate_upload


def self_issued_certificate(
    organization: str,
    *,
    common_name: str = "",
    days: int = 365,
    starts: timedelta = timedelta(days=-1),
    key_kind: str = "rsa",
    signing: bool = True,
):
    """A private key and a certificate issued by itself to ``organization``, valid ``days`` from
    ``starts`` (relative to now); ``signing=False`` gives a key-encipherment-only certificate."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes
    from cryptography.hazmat.primitives.asymmetric import ec, rsa
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1()) if key_kind == "ec" else rsa.generate_private_key(65537, 2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, organization),
            x509.NameAttribute(NameOID.COMMON_NAME, common_name or organization),
        ]
    )
    now = timezone.now()
    usage = x509.KeyUsage(
        digital_signature=signing,
        content_commitment=signing,
        key_encipherment=not signing,
        data_encipherment=False,
        key_agreement=False,
        key_cert_sign=False,
        crl_sign=False,
        encipher_only=False,
        decipher_only=False,
    )
    certificate = (
        x509.CertificateBuilder()
        .subject_name(name)
        .issuer_name(name)
        .public_key(key.public_key())
        .serial_number(x509.random_serial_number())
        .not_valid_before(now + starts)
        .not_valid_after(now + starts + timedelta(days=days))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    return key, certificate


def pkcs12_export(key, certificate, password: str, *, with_key: bool = True) -> bytes:
    """The key and certificate as a PKCS#12 file, as a unit administrator exports theirs."""
    from cryptography.hazmat.primitives import serialization
    from cryptography.hazmat.primitives.serialization import pkcs12

    encryption = serialization.BestAvailableEncryption(password.encode()) if password else serialization.NoEncryption()
    return pkcs12.serialize_key_and_certificates(b"tiepdan", key if with_key else None, certificate, None, encryption)


def demo_certificate(*, admin, common_name: str) -> SigningCertificate | None:
    """Upload a fresh self-issued certificate for the active unit unless it has one in use."""
    if SigningCertificate.objects.filter(is_active=True).exists():
        return None
    key, certificate = self_issued_certificate(common_name, common_name=f"{common_name} (demo)")
    password = secrets.token_urlsafe(16)
    return certificate_upload(actor=admin, data=pkcs12_export(key, certificate, password), password=password)
