"""Writes for personal API keys: creation, revocation, and the check of every API call made with one.

A key is 40 random letters and digits (about 238 bits); its first 8 are the ``prefix`` that finds
its row. Only its SHA-256 is stored: a key this random cannot be guessed from its hash, so it needs
no salt or slow hash, unlike a password, and checking it costs one indexed lookup per request.
"""

from __future__ import annotations

import hashlib
import hmac
import secrets
import string
from datetime import date, datetime, time, timedelta

from django.db import transaction
from django.db.models import Max
from django.utils import timezone
from django.utils.translation import gettext as _

from core.common.dates import today as local_today
from core.common.errors import ApplicationError, PermissionDeniedError
from core.common.text import nfc

from .models import ApiToken, RoleChange, User

KEY_LENGTH = 40
PREFIX_LENGTH = 8
DEFAULT_LIFETIME = timedelta(days=90)
MAX_LIFETIME = timedelta(days=365)
# last_used_at is for people reading the list; rewriting it on every call would make each API
# request also a write.
LAST_USED_PRECISION = timedelta(minutes=1)
KEY_ALPHABET = string.ascii_letters + string.digits


class TokenRefused(ApplicationError):
    """The key cannot authenticate anyone (unknown, revoked, expired, or its account disabled)."""

    status_code = 401


def key_hash(key: str) -> str:
    return hashlib.sha256(key.encode()).hexdigest()


def default_expiry(today: date | None = None) -> date:
    return (today or local_today()) + DEFAULT_LIFETIME


@transaction.atomic
def token_create(*, user: User, name: str, expires_on: date | None = None) -> tuple[ApiToken, str]:
    """Issue a key to ``user``, valid through ``expires_on`` (default: in 90 days; at most a year).

    Returns the row and the key; the key is never available again.
    """
    name = nfc(name or "")
    if not name:
        raise ApplicationError(_("Give the key a name."), extra={"field": "name"})
    today = local_today()
    expires_on = expires_on or default_expiry(today)
    if expires_on <= today:
        raise ApplicationError(_("The expiry date must be after today."), extra={"field": "expires_on"})
    latest = today + MAX_LIFETIME
    if expires_on > latest:
        raise ApplicationError(
            _("A key can be valid for one year at most: choose a date until %(date)s.")
            % {"date": latest.strftime("%d/%m/%Y")},
            extra={"field": "expires_on"},
        )
    key = _new_key()
    token = ApiToken(
        user=user,
        name=name,
        prefix=key[:PREFIX_LENGTH],
        key_hash=key_hash(key),
        expires_at=timezone.make_aware(datetime.combine(expires_on, time.max)),
    )
    token.full_clean()
    token.save()
    return token, key


def key_random() -> str:
    """A new key's text: ``KEY_LENGTH`` letters and digits from the system's secure source."""
    return "".join(secrets.choice(KEY_ALPHABET) for _ in range(KEY_LENGTH))


def _new_key() -> str:
    while True:
        key = key_random()
        if not ApiToken.objects.filter(prefix=key[:PREFIX_LENGTH]).exists():
            return key


@transaction.atomic
def token_revoke(*, token: ApiToken, actor: User) -> ApiToken:
    """Revoke one of the actor's own keys; it stops working at once. Revoking twice changes nothing."""
    if token.user_id != actor.pk:
        raise PermissionDeniedError(_("You can only revoke your own API keys."))
    if token.revoked_at is None:
        token.revoked_at = timezone.now()
        token.save(update_fields=["revoked_at"])
    return token


def token_authenticate(*, key: str) -> ApiToken:
    """The key's row, if the key may be used now; records when it was last used."""
    token = None
    if len(key) == KEY_LENGTH:
        token = ApiToken.objects.select_related("user").filter(prefix=key[:PREFIX_LENGTH]).first()
    # The prefix is not secret; the rest of the key is compared in constant time.
    if token is None or not hmac.compare_digest(token.key_hash, key_hash(key)):
        raise TokenRefused(_("This API key is not valid."))
    now = timezone.now()
    if token.revoked_at is not None:
        raise TokenRefused(_("This API key has been revoked."))
    if not token.is_usable(now):
        raise TokenRefused(
            _("This API key expired on %(date)s.") % {"date": timezone.localtime(token.expires_at).strftime("%d/%m/%Y")}
        )
    if not token.user.is_active:
        raise TokenRefused(_("The account of this API key is disabled."))
    if _made_before_second_factor(token):
        raise TokenRefused(
            _("This API key was made before the account needed a second factor: log in and make a new one.")
        )
    if token.last_used_at is None or now - token.last_used_at >= LAST_USED_PRECISION:
        ApiToken.objects.filter(pk=token.pk).update(last_used_at=now)
        token.last_used_at = now
    return token


def _made_before_second_factor(token: ApiToken) -> bool:
    """Whether the key predates the account's latest role that needs a second factor. Such a key was
    made without one (an officer's), and would carry the new role past it; a key made since was made
    on the keys page, which the second factor guards."""
    from .second_factor import SECOND_FACTOR_ROLES

    granted = RoleChange.objects.filter(user_id=token.user_id, granted=True, role__in=SECOND_FACTOR_ROLES)
    last = granted.aggregate(last=Max("at"))["last"]
    return last is not None and token.created_at < last
