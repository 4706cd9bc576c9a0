"""Certificates made in the test with ``cryptography`` (the demo's helpers, core/signing/demo.py): a
unit's self-issued signing certificate, exported as PKCS#12 with a password, as a unit administrator
would export theirs."""

from __future__ import annotations

import hashlib
from datetime import timedelta

from cryptography.hazmat.primitives import serialization

from core.signing.demo import pkcs12_export, self_issued_certificate

PASSWORD = "Mat-khau-chung-thu-2026"


def make_certificate(
    common_name: str = "UBND xã Tân Đoàn",
    *,
    days: int = 365,
    starts: timedelta = timedelta(days=-1),
    key_kind: str = "rsa",
    signing: bool = True,
):
    return self_issued_certificate(common_name, days=days, starts=starts, key_kind=key_kind, signing=signing)


def pkcs12_bytes(key, certificate, password: str = PASSWORD, *, with_key: bool = True) -> bytes:
    return pkcs12_export(key, certificate, password, with_key=with_key)


def fingerprint(certificate) -> str:
    return hashlib.sha256(certificate.public_bytes(serialization.Encoding.DER)).hexdigest()
