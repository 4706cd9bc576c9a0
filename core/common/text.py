"""Text input hygiene: everything we store is Unicode NFC, trimmed, without control characters.

Vietnamese can be typed precomposed ("ễ") or decomposed ("ê" + combining tilde + dot); without
normalisation the same name would not match itself in search or duplicate detection.

Text pasted out of a PDF brings form feeds and other control characters that no XML document can
carry: stored once, they made every letter that quotes the text fail. ``strip_controls`` runs at
the edges (``web.middleware.InputHygieneMiddleware``, ``api.parsers``), in ``nfc`` for whatever
reaches a service another way, and in the DOCX writers for text stored before.
"""

from __future__ import annotations

import re
import unicodedata

#: What XML 1.0 cannot carry: C0 controls other than tab, line feed and carriage return; lone
#: surrogates; U+FFFE and U+FFFF.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0e-\x1f\ud800-\udfff\ufffe\uffff]")
#: Vertical tab and form feed break lines (a PDF's page break): kept as a line break, so the words
#: on either side stay apart.
_LINE_BREAKS = re.compile("[\x0b\x0c]")


def strip_controls(value):
    """``value`` without the characters XML cannot carry, walking lists and dicts (keys too)."""
    if isinstance(value, str):
        return _XML_ILLEGAL.sub("", _LINE_BREAKS.sub("\n", value))
    if isinstance(value, dict):
        return {strip_controls(key): strip_controls(item) for key, item in value.items()}
    if isinstance(value, list):
        return [strip_controls(item) for item in value]
    return value


def nfc(value):
    if isinstance(value, str):
        return unicodedata.normalize("NFC", strip_controls(value)).strip()
    if isinstance(value, dict):
        return {key: nfc(item) for key, item in value.items()}
    if isinstance(value, list):
        return [nfc(item) for item in value]
    return value
