"""How a message to a citizen leaves the platform: one adapter per channel, chosen in settings.

An adapter is a class with a ``name`` and ``send(message) -> ProviderResult``, built without
arguments (it reads its own settings: an API key, an endpoint) and named by dotted path in
``TIEPDAN_EMAIL_PROVIDER``, ``TIEPDAN_SMS_PROVIDER`` and ``TIEPDAN_ZALO_PROVIDER``. It raises on a
failure worth retrying (a network error, a 5xx); ``PermanentFailure`` for one that is not (a number
the provider rejects), which fails the message at once. The outbox (``CitizenMessage``) and the
worker (``delivery``) do the rest: attempts, back-off, state, the error shown to staff.

Adapters see the recipient in clear (they must) and nothing else of the case; they must never log
it. The platform ships two: ``EmailProvider`` (Django's mail framework, so ``EMAIL_BACKEND`` /
``EMAIL_HOST`` decide the server) and ``LogOnlyProvider``, the default for SMS and Zalo, which sends
nothing and says so.
"""

from __future__ import annotations

import logging
from dataclasses import dataclass
from functools import cache
from typing import Protocol

from django.conf import settings
from django.core.mail import EmailMessage
from django.utils.module_loading import import_string

from .models import MessageChannel, MessageState

logger = logging.getLogger(__name__)

_SETTINGS = {
    MessageChannel.EMAIL: "TIEPDAN_EMAIL_PROVIDER",
    MessageChannel.SMS: "TIEPDAN_SMS_PROVIDER",
    MessageChannel.ZALO: "TIEPDAN_ZALO_PROVIDER",
}


@dataclass(frozen=True)
class OutgoingMessage:
    """What an adapter gets: the text and the one address, plus ids for its own records."""

    id: int
    channel: str
    to: str
    subject: str
    body: str
    unit_code: str

    def __repr__(self) -> str:  # never the address, even in a traceback's locals
        return f"OutgoingMessage(id={self.id}, channel={self.channel}, unit={self.unit_code})"


@dataclass(frozen=True)
class ProviderResult:
    """``state`` is ``MessageState.SENT`` or ``MessageState.NOT_SENT`` (nothing left the platform);
    ``reference`` is the provider's id of the message, shown to staff."""

    state: str
    reference: str = ""


class PermanentFailure(Exception):
    """The provider refused the message for good: retrying would not help."""


class Provider(Protocol):
    name: str

    def send(self, message: OutgoingMessage) -> ProviderResult: ...


class EmailProvider:
    """E-mail through Django's mail framework (``EMAIL_BACKEND``, ``EMAIL_HOST``…)."""

    name = "email"

    def send(self, message: OutgoingMessage) -> ProviderResult:
        sender = getattr(settings, "TIEPDAN_CITIZEN_EMAIL_FROM", "") or settings.DEFAULT_FROM_EMAIL
        email = EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=sender,
            to=[message.to],
            headers={"X-TiepDan-Message": f"{message.unit_code}-{message.id}", "Auto-Submitted": "auto-generated"},
        )
        email.send(fail_silently=False)
        return ProviderResult(state=MessageState.SENT, reference=email.extra_headers["X-TiepDan-Message"])


class LogOnlyProvider:
    """Sends nothing: the message stays in the outbox as "not sent (log only)" and one line says so.

    The default for SMS and Zalo until the unit's province contracts a provider and someone writes
    its adapter (README, "Telling citizens"). The line names the message, never the number.
    """

    name = "log-only"

    def send(self, message: OutgoingMessage) -> ProviderResult:
        logger.warning(
            "NOT SENT (log-only %s provider, no message left the platform): citizen message %s of unit %s",
            message.channel,
            message.id,
            message.unit_code,
        )
        return ProviderResult(state=MessageState.NOT_SENT)


@cache
def _provider(path: str) -> Provider:
    return import_string(path)()


def provider_for(channel: str) -> Provider:
    """The adapter configured for ``channel`` (one instance per process)."""
    return _provider(getattr(settings, _SETTINGS[MessageChannel(channel)]))
