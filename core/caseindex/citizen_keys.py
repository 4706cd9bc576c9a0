"""Who a sender is, as the public schema may know it: HMAC-SHA256 of the identity document.

The digest is keyed with a platform secret (``CITIZEN_KEY_SECRET``, from the environment, never in
the database), so the index cannot be reversed by hashing every possible number (a CCCD number has
structure: province, century, year of birth — a plain hash of it is guessed in minutes) and a copy
of the public schema alone says nothing about who wrote.

The message is ``"<kind>:<number>"`` with the number as ``identity_documents.id_number_validate``
normalises it (no spaces, upper case): the kind keeps a 9-digit identity card and a 9-character
passport apart. A legacy card and the CCCD of the same person are different numbers and do not
match: nothing links them without the national database.

Rotation: the current secret has a version (``CITIZEN_KEY_VERSION``); while a new secret is being
rolled out the previous one stays configured (``CITIZEN_KEY_PREVIOUS_SECRET`` and its version), new
rows are written under the current version only and lookups are made under both, so nothing stops
matching; ``manage.py caseindex_rekey`` then rewrites the old rows, after which the previous secret
is removed from the configuration.
"""

from __future__ import annotations

import hashlib
import hmac

from django.conf import settings
from django.core.exceptions import ImproperlyConfigured

from .facts import CitizenKey


def citizen_key_secrets() -> dict[int, bytes]:
    """{version: secret}: the current one first, then the previous one while a rotation runs."""
    if not settings.CITIZEN_KEY_SECRET:
        raise ImproperlyConfigured("TIEPDAN_CITIZEN_KEY_SECRET is not set (the repeat check's citizens' keys).")
    secrets = {settings.CITIZEN_KEY_VERSION: settings.CITIZEN_KEY_SECRET.encode()}
    previous = settings.CITIZEN_KEY_PREVIOUS_SECRET
    if previous:
        if settings.CITIZEN_KEY_PREVIOUS_VERSION == settings.CITIZEN_KEY_VERSION:
            raise ImproperlyConfigured("The previous citizens' key needs a version other than the current one.")
        secrets[settings.CITIZEN_KEY_PREVIOUS_VERSION] = previous.encode()
    return secrets


def citizen_key_version() -> int:
    """The version new rows are written under."""
    return settings.CITIZEN_KEY_VERSION


def _digest(secret: bytes, id_kind: str, id_number: str) -> str:
    return hmac.new(secret, f"{id_kind}:{id_number}".encode(), hashlib.sha256).hexdigest()


def citizen_keys(id_kind: str, id_number: str) -> tuple[CitizenKey, ...]:
    """The keyed digests of an identity document (already normalised) under every configured
    version, the current first; none for a person without a document."""
    if not id_kind or not id_number or id_kind == "none":
        return ()
    return tuple(
        CitizenKey(version=version, digest=_digest(secret, id_kind, id_number))
        for version, secret in citizen_key_secrets().items()
    )
