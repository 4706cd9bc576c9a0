"""The public facts of an X.509 certificate, read the same way when a unit registers it and when
a signature shows it (asn1crypto, which pyHanko uses), so the fingerprint and names match."""

from __future__ import annotations

import hashlib

from asn1crypto import x509

from .services import CertificateFacts


def certificate_facts(der: bytes) -> CertificateFacts:
    certificate = x509.Certificate.load(der)
    validity = certificate["tbs_certificate"]["validity"]
    return CertificateFacts(
        fingerprint=hashlib.sha256(der).hexdigest(),
        subject=certificate.subject.human_friendly,
        issuer=certificate.issuer.human_friendly,
        serial_number=format(certificate.serial_number, "X"),
        not_before=validity["not_before"].native,
        not_after=validity["not_after"].native,
        der=der,
    )
