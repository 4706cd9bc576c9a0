"""Text input hygiene: everything we store is Unicode NFC, trimmed.

Vietnamese can be typed precomposed ("ễ") or decomposed ("ê" + combining tilde + dot); without
normalisation the same name would not match itself in search or duplicate detection.
"""

from __future__ import annotations

import unicodedata


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", value).strip()
    if isinstance(value, dict):
        return {key: nfc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [nfc(item) for item in value]
    return value
