"""The unit's signing bundle (PKCS#12 file and password), encrypted with a key of the unit's own.

The key is derived as sealed identities' is (``core.petitions.sealing.unit_fernet``: HKDF-SHA256 of
the platform's master key, ``TIEPDAN_SEAL_MASTER_KEY``, kept outside the database, and the unit's
schema name), under a salt of its own, so a bundle copied into another unit's schema cannot be
opened there, and a leak of one purpose's key opens nothing of the other's.
"""

from __future__ import annotations

import base64
import json

from cryptography.fernet import InvalidToken

from core.petitions.sealing import unit_fernet

KEY_VERSION = 1
PURPOSE = "signing"


def bundle_seal(*, p12: bytes, password: str, schema_name: str) -> bytes:
    plain = json.dumps({"p12": base64.b64encode(p12).decode(), "password": password})
    return unit_fernet(schema_name, KEY_VERSION, purpose=PURPOSE).encrypt(plain.encode())


def bundle_open(token: bytes | memoryview, *, schema_name: str, key_version: int = KEY_VERSION) -> tuple[bytes, str]:
    try:
        plain = unit_fernet(schema_name, key_version, purpose=PURPOSE).decrypt(bytes(token))
    except InvalidToken as exc:
        raise PermissionError("signing bundle cannot be opened with this unit's key") from exc
    data = json.loads(plain)
    return base64.b64decode(data["p12"]), data["password"]
