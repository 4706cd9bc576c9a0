"""The keyed fingerprint of a submission: what makes two submissions "the same letter".

HMAC-SHA256 keyed with the platform's ``SECRET_KEY`` and the unit's schema (Django's
``salted_hmac``), over the type, the content (NFC, case and runs of whitespace folded) and the
sender. Only the digest is stored: without the keys it cannot be tested against a guessed text, and
another unit's digest of the same letter differs.

The sender is their identity document as the repeat check keys it (``citizen_keys``, under its own
secret): an identity number has structure and is guessed quickly, so a leak of ``SECRET_KEY`` and a
unit's tables alone must not let anyone test a sealed denouncer's number against a fingerprint. A
sender without a document (an Open311 request) is their folded name instead, so two people who
report the same pothole are two petitions, not one. During a rotation of the citizens' key the same
letter sent across the switch is registered twice: harmless, and rare.
"""

from __future__ import annotations

import json
import re
import unicodedata

from django.utils.crypto import salted_hmac

from core.caseindex.citizen_keys import citizen_keys
from tenants.db import connection


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip().casefold()


def submission_fingerprint(
    *,
    petition_type: str,
    field_code: str,
    subject: str,
    content: str,
    id_kind: str,
    id_number: str,
    full_name: str,
) -> str:
    """``id_number`` as ``identity_documents.id_number_validate`` normalised it (or "")."""
    keys = citizen_keys(id_kind, id_number)
    sender = f"key:{keys[0].digest}" if keys else f"name:{_folded(full_name)}"
    payload = json.dumps([petition_type, field_code, _folded(subject), _folded(content), sender], ensure_ascii=False)
    return salted_hmac(f"tiepdan.intake.fingerprint:{connection.schema_name}", payload, algorithm="sha256").hexdigest()
