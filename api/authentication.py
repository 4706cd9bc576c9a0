"""``Authorization: Token <key>`` with the personal API keys of ``core.accounts.tokens`` (stored
hashed, with an expiry, revocable), in the unit's own schema: a key of unit A means nothing at B."""

from __future__ import annotations

from rest_framework import authentication, exceptions

from core.accounts.tokens import TokenRefused, token_authenticate


class ApiTokenAuthentication(authentication.TokenAuthentication):
    """DRF's header parsing, our keys. The caller's unit membership is checked by ``TenantAPIView``."""

    def authenticate_credentials(self, key: str):
        try:
            token = token_authenticate(key=key)
        except TokenRefused as exc:
            raise exceptions.AuthenticationFailed(exc.message) from exc
        return token.user, token
