"""Sealing a denouncer's identity: encrypted at rest with a key of the unit's own.

Each unit's key is derived (HKDF-SHA256) from the platform's master key and the unit's schema
name, so a ciphertext copied into another unit's schema cannot be opened there, and no key is
stored in the database. The master key comes from ``TIEPDAN_SEAL_MASTER_KEY`` and must be kept
outside the database (and backed up: without it sealed identities cannot be read).

Whether such an envelope may live in an Internet-connected system at all is for the client to
decide under the cipher (cơ yếu) rules (domain.md §8, §13.11); this module keeps the identity
apart, encrypted, need-to-know and audited, so that either answer can be implemented.
"""

from __future__ import annotations

import base64
import json

from cryptography.fernet import Fernet, InvalidToken
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives.kdf.hkdf import HKDF
from django.conf import settings

from tenants.db import connection

KEY_VERSION = 1


def unit_fernet(schema_name: str, key_version: int = KEY_VERSION, *, purpose: str = "seal") -> Fernet:
    """The unit's key for ``purpose``: each purpose has a salt of its own (``tiepdan-<purpose>-v<n>``),
    so a leak of one purpose's key opens nothing of another's (``core.signing.keys`` uses "signing")."""
    master = settings.SEAL_MASTER_KEY.encode()
    key = HKDF(
        algorithm=hashes.SHA256(),
        length=32,
        salt=f"tiepdan-{purpose}-v{key_version}".encode(),
        info=schema_name.encode(),
    ).derive(master)
    return Fernet(base64.urlsafe_b64encode(key))


def seal(identity: dict) -> bytes:
    return unit_fernet(connection.schema_name).encrypt(json.dumps(identity, ensure_ascii=False).encode())


def unseal(ciphertext: bytes | memoryview, *, key_version: int = KEY_VERSION) -> dict:
    try:
        plain = unit_fernet(connection.schema_name, key_version).decrypt(bytes(ciphertext))
    except InvalidToken as exc:
        raise PermissionError("sealed identity cannot be opened with this unit's key") from exc
    return json.loads(plain)


def seal_for_unit(identity: dict, *, schema_name: str) -> bytes:
    """The identity sealed with another unit's key: a forwarded denunciation carries its denouncer
    this way, so only the receiving unit can open it (domain.md §8.3)."""
    return unit_fernet(schema_name).encrypt(json.dumps(identity, ensure_ascii=False).encode())
