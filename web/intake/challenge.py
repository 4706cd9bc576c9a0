"""The form's time-based challenge, kept on the server's side: no third-party service, no puzzle
for the citizen.

The form carries a token signed with the platform's secret (``TimestampSigner``) naming the unit's
schema and a random nonce. A post is refused when the token is forged, belongs to another unit's
form, came back sooner than ``TIEPDAN_INTAKE_MIN_SECONDS`` after the form was served (a person
reads and types; a script posts at once) or later than ``CHALLENGE_MAX_AGE``, or was used already:
the nonce is remembered in the cache (``cache.add`` is atomic) until the token would expire anyway.
"""

from __future__ import annotations

import secrets
import time

from django.conf import settings
from django.core import signing
from django.core.cache import cache
from django.utils.translation import gettext as _

from tenants.db import connection

SALT = "tiepdan.intake.challenge"
#: How long a served form stays good to send.
CHALLENGE_MAX_AGE = 3 * 60 * 60
DEFAULT_MIN_SECONDS = 3


def _signer() -> signing.TimestampSigner:
    return signing.TimestampSigner(salt=SALT)


def min_seconds() -> int:
    return int(getattr(settings, "TIEPDAN_INTAKE_MIN_SECONDS", DEFAULT_MIN_SECONDS))


def challenge_issue() -> str:
    """A fresh token for a form served now, in the current unit."""
    return _signer().sign(f"{connection.schema_name}:{secrets.token_urlsafe(16)}")


def challenge_refusal(token: str) -> str:
    """Why ``token`` does not let a post through ("" when it does); using it consumes it."""
    signer = _signer()
    try:
        value = signer.unsign(token or "", max_age=CHALLENGE_MAX_AGE)
    except signing.SignatureExpired:
        return _("This form was opened too long ago. Your petition was not sent: please check it and send it again.")
    except signing.BadSignature:
        return _("This form could not be checked. Your petition was not sent: please send it again.")
    schema, _sep, nonce = value.partition(":")
    if schema != connection.schema_name or not nonce:
        return _("This form could not be checked. Your petition was not sent: please send it again.")
    issued_at = signing.b62_decode(token.rsplit(signer.sep, 2)[1])
    if time.time() - issued_at < min_seconds():
        return _("The form was sent too quickly. Please read your petition through once more and send it again.")
    if not cache.add(f"intake-challenge:{nonce}", 1, CHALLENGE_MAX_AGE + 60):
        return _("This form was sent already. Your petition was not sent twice: please check it and send it again.")
    return ""
