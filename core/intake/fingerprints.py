"""The keyed fingerprint of a submission: what makes two submissions "the same letter".

HMAC-SHA256 keyed with the platform's ``SECRET_KEY`` and the unit's schema (Django's
``salted_hmac``), over the type, the content (NFC, case and runs of whitespace folded) and the
identity document. Only the digest is stored: without the key it cannot be tested against a
guessed text or identity number, and another unit's digest of the same letter differs.
"""

from __future__ import annotations

import json
import re
import unicodedata

from django.utils.crypto import salted_hmac

from tenants.db import connection


def _folded(text: str) -> str:
    return re.sub(r"\s+", " ", unicodedata.normalize("NFC", text or "")).strip().casefold()


def submission_fingerprint(
    *, petition_type: str, field_code: str, subject: str, content: str, id_kind: str, id_number: str
) -> str:
    payload = json.dumps(
        [petition_type, field_code, _folded(subject), _folded(content), id_kind, re.sub(r"\s+", "", id_number).upper()],
        ensure_ascii=False,
    )
    return salted_hmac(f"tiepdan.intake.fingerprint:{connection.schema_name}", payload, algorithm="sha256").hexdigest()
