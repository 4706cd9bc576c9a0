"""The unit's signing bundle (PKCS#12 file and password), encrypted with a key of the unit's own.

Like sealed identities (``core.petitions.sealing``), the key is derived (HKDF-SHA256) from the
platform's master key (``TIEPDAN_SEAL_MASTER_KEY``, kept outside the database) and the unit's
schema name, under a salt of its own, so a bundle copied into another unit's schema cannot be
opened there, and a leak of one purpose's key opens nothing of the other's.
"""

from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

KEY_VERSION = 1


def _fernet(schema_name: str, key_version: int) -> Fernet:
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=f"tiepdan-signing-v{key_version}".encode(),
        info=schema_name.encode(),
    ).derive(settings.SEAL_MASTER_KEY.encode())
    return Fernet(base64.urlsafe_b64encode(key))


def bundle_seal(*, p12: bytes, password: str, schema_name: str) -> bytes:
    plain = json.dumps({"p12": base64.b64encode(p12).decode(), "password": password})
    return _fernet(schema_name, KEY_VERSION).encrypt(plain.encode())


def bundle_open(token: bytes | memoryview, *, schema_name: str, key_version: int = KEY_VERSION) -> tuple[bytes, str]:
    try:
        plain = _fernet(schema_name, key_version).decrypt(bytes(token))
    except InvalidToken as exc:
        raise PermissionError("signing bundle cannot be opened with this unit's key") from exc
    data = json.loads(plain)
    return base64.b64decode(data["p12"]), data["password"]
