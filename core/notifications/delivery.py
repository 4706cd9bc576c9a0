"""Sending the unit's messages to citizens, run by the worker in the unit's schema.

One attempt holds the row locked (``skip_locked``: a second task for the same row, from the sweep
or a redelivery, passes by), opens the recipient with the unit's key, hands the message to the
channel's adapter and records what happened, all in one transaction. A failure worth retrying sets
the next attempt (1, 2, 4… minutes); the last one, or a permanent refusal, fails the message with
its reason, shown to staff. A worker killed after the provider took the message but before the
commit leaves it pending, so it may go twice: a second notice is better than none.

Errors are stored and logged without the recipient: SMTP errors quote the refused address.
"""

from __future__ import annotations

import logging
from datetime import timedelta

from django.conf import settings
from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from core.petitions import sealing
from tenants.db import connection
from tenants.selectors import unit_current

from .models import CitizenMessage, MessageState
from .providers import OutgoingMessage, PermanentFailure, provider_for

logger = logging.getLogger(__name__)

#: A task arriving this much before its message's next attempt still runs it (clocks drift).
EARLY_TOLERANCE = timedelta(seconds=5)
BACKOFF_MAX = 6 * 3600


def backoff(attempts: int) -> int:
    """Seconds before the next attempt after ``attempts`` failed ones."""
    return min(settings.TIEPDAN_CITIZEN_MESSAGE_BACKOFF_SECONDS * 2 ** max(attempts - 1, 0), BACKOFF_MAX)


def _error_text(exc: Exception, recipient: str) -> str:
    text = f"{type(exc).__name__}: {exc}"
    if recipient:
        text = text.replace(recipient, "<người nhận>")
        if recipient.startswith("+84"):
            text = text.replace("0" + recipient[3:], "<người nhận>").replace(recipient[1:], "<người nhận>")
    return text[:2000]


def message_deliver(message_id: int) -> CitizenMessage | None:
    """One attempt at one message of the active unit; the message as it then stands, or None when
    there is nothing to do (already handled, cancelled, being handled, another unit's id)."""
    now = timezone.now()
    with transaction.atomic():
        message = (
            CitizenMessage.objects.select_for_update(skip_locked=True)
            .filter(pk=message_id, state=MessageState.PENDING)
            .filter(Q(next_attempt_at__isnull=True) | Q(next_attempt_at__lte=now + EARLY_TOLERANCE))
            .first()
        )
        if message is None:
            return None
        unit = unit_current()
        recipient = ""
        provider = provider_for(message.channel)
        message.provider = provider.name
        message.attempts += 1
        message.handled_in_schema = connection.schema_name
        try:
            recipient = sealing.unseal(message.recipient, key_version=message.key_version)["to"]
            result = provider.send(
                OutgoingMessage(
                    id=message.pk,
                    channel=message.channel,
                    to=recipient,
                    subject=message.subject,
                    body=message.body,
                    unit_code=unit.code,
                )
            )
        except PermanentFailure as exc:
            _failed(message, _error_text(exc, recipient))
        except Exception as exc:
            error = _error_text(exc, recipient)
            if message.attempts >= settings.TIEPDAN_CITIZEN_MESSAGE_ATTEMPTS:
                _failed(message, error)
            else:
                message.last_error = error
                message.next_attempt_at = now + timedelta(seconds=backoff(message.attempts))
                logger.warning(
                    "citizen message %s: attempt %s failed, next at %s: %s",
                    message.pk,
                    message.attempts,
                    message.next_attempt_at.isoformat(),
                    error,
                )
        else:
            message.state = result.state
            message.provider_reference = result.reference[:255]
            message.last_error = ""
            message.next_attempt_at = None
            if result.state == MessageState.SENT:
                message.sent_at = timezone.now()
        message.save()
    return message


def _failed(message: CitizenMessage, error: str) -> None:
    message.state = MessageState.FAILED
    message.last_error = error
    message.next_attempt_at = None
    logger.warning("citizen message %s failed after %s attempts: %s", message.pk, message.attempts, error)


def messages_due(*, older_than_seconds: float = 60) -> list[int]:
    """The unit's messages waiting whose time has come: a retry due, or a first attempt whose task
    was lost (older than ``older_than_seconds``, so a task just queued is not doubled)."""
    now = timezone.now()
    return list(
        CitizenMessage.objects.filter(state=MessageState.PENDING)
        .filter(
            Q(next_attempt_at__lte=now)
            | Q(next_attempt_at__isnull=True, created_at__lte=now - timedelta(seconds=older_than_seconds))
        )
        .order_by("pk")
        .values_list("pk", flat=True)
    )
