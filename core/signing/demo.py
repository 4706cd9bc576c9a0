"""The demo commune's signing certificate: self-issued at seeding time (a real unit uploads its own),
so the demo's documents come out signed and the public check has something to verify."""

from __future__ import annotations

import secrets
from datetime import timedelta

from django.utils import timezone

from .models import SigningCertificate
from .services import certificate_upload


def demo_certificate(*, admin, common_name: str) -> SigningCertificate | None:
    """Upload a fresh self-issued certificate for the active unit unless it has one in use."""
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import rsa
    from cryptography.hazmat.primitives.serialization import pkcs12
    from cryptography.x509.oid import NameOID

    if SigningCertificate.objects.filter(is_active=True).exists():
        return None
    key = rsa.generate_private_key(public_exponent=65537, key_size=2048)
    name = x509.Name(
        [
            x509.NameAttribute(NameOID.COUNTRY_NAME, "VN"),
            x509.NameAttribute(NameOID.ORGANIZATION_NAME, common_name),
            x509.NameAttribute(NameOID.COMMON_NAME, f"{common_name} (demo)"),
        ]
    )
    now = timezone.now()
    usage = x509.KeyUsage(
        digital_signature=True,
        content_commitment=True,
        key_encipherment=False,
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
        .not_valid_before(now - timedelta(days=1))
        .not_valid_after(now + timedelta(days=365))
        .add_extension(usage, critical=True)
        .sign(key, hashes.SHA256())
    )
    password = secrets.token_urlsafe(16)
    data = pkcs12.serialize_key_and_certificates(
        b"demo", key, certificate, None, serialization.BestAvailableEncryption(password.encode())
    )
    return certificate_upload(actor=admin, data=data, password=password)
