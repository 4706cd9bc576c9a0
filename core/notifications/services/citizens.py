"""Telling citizens how their petition stands: which steps they are told of, and the outbox rows
written in the step's own transaction (``petition_event_recorded``); the worker sends them
(``core.notifications.delivery``).

The steps are the ones the law has the citizen told of (domain.md §5): the receipt, acceptance or
non-acceptance, guidance to the competent body, forwarding (also to a unit of the platform, and
what that unit answered), and the result (a decision, a conclusion, an answer). Internal steps
(classification, proposals, verification, reminders) send nothing.
"""

from __future__ import annotations

import logging
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core.common.dates import today
from core.common.errors import ConflictError, PermissionDeniedError
from core.petitions import sealing
from core.petitions.choices import RESOLVING_EVENTS, EventKind, Outcome, Status, TransitionName, outcome_event
from core.petitions.models import Petition, PetitionEvent
from tenants.db import connection
from tenants.selectors import unit_current

from .. import texts
from ..models import CitizenContact, CitizenMessage, MessageChannel, MessageState
from ..selectors import contact_details

logger = logging.getLogger(__name__)

_ACCEPTANCE = {TransitionName.COMPLAINT_ACCEPT, TransitionName.DENUNCIATION_ACCEPT, TransitionName.PETITION_ACCEPT}
# Kept as an inspection lead is not acceptance as a denunciation (Art. 25): the denouncer is told
# it was not accepted, like a refusal.
_NON_ACCEPTANCE = {
    TransitionName.COMPLAINT_REFUSE,
    TransitionName.DENUNCIATION_REFUSE,
    TransitionName.DENUNCIATION_LEAD,
}
#: What a unit of the platform answered to a forwarded petition (``core.transfers`` message kinds).
_TRANSFER_ANSWERS = {"accepted": "transfer_accepted", "forwarded": "forwarded_onward"}


def template_for(petition: Petition, event: PetitionEvent) -> tuple[str, str] | None:
    """The message a step sends and the body it names (where a petition went), or None."""
    kind = event.kind
    if kind == EventKind.REGISTERED:
        return "registered", ""
    if kind in _ACCEPTANCE:
        return "accepted", ""
    if kind in _NON_ACCEPTANCE:
        return "not_accepted", ""
    if kind == outcome_event(Outcome.GUIDED):
        return "guided", petition.competent_body
    if kind == outcome_event(Outcome.FORWARDED):
        return "forwarded", petition.competent_body
    if kind in RESOLVING_EVENTS:
        return "resolved", ""
    if kind == TransitionName.FORWARD_REPLY:
        answer = (event.data or {}).get("answer", "")
        template = _TRANSFER_ANSWERS.get(answer)
        if template is None:
            return None
        return template, petition.competent_body if answer == "accepted" else ""
    return None


def _channels(has_email: bool, has_phone: bool) -> list[str]:
    channels = [MessageChannel.EMAIL.value] if has_email else []
    if has_phone:
        channels += [channel for channel in settings.TIEPDAN_PHONE_CHANNELS if channel in MessageChannel.values]
    return channels


def citizen_messages_queue(
    *,
    petition: Petition,
    template: str,
    on: date,
    event: PetitionEvent | None = None,
    body_name: str = "",
    contact: CitizenContact | None = None,
) -> list[CitizenMessage]:
    """Write one outbox row per channel of the petition's contact, in the caller's transaction, and
    queue their delivery once it commits (the task carries the row's id only)."""
    from ..tasks import citizen_message_deliver as citizen_message_deliver_task

    contact = contact or CitizenContact.objects.filter(petition=petition).first()
    if contact is None:
        return []
    details = contact_details(contact)
    unit = unit_current()
    params = texts.params_for(petition=petition, unit_name=unit.name, unit_code=unit.code, on=on, body_name=body_name)
    messages = []
    for channel in _channels(bool(details.email), bool(details.phone)):
        to = details.email if channel == MessageChannel.EMAIL else details.phone
        text = texts.render(template, channel, params)
        messages.append(
            CitizenMessage.objects.create(
                petition=petition,
                event=event,
                event_kind=event.kind if event is not None else "",
                template=template,
                template_version=texts.TEXT_VERSION,
                channel=channel,
                recipient=sealing.seal({"to": to}),
                key_version=sealing.KEY_VERSION,
                subject=text.subject[:255],
                body=text.body,
                params=text.params,
            )
        )
    ids = [message.pk for message in messages]
    if ids:
        schema = connection.schema_name
        transaction.on_commit(lambda: _deliver_later(citizen_message_deliver_task, ids, schema))
    return messages


def _deliver_later(task, ids: list[int], schema: str) -> None:
    """Queue the deliveries in the unit that wrote them: the task carries the schema it is queued
    from, and a commit hook may run after the request has left the unit's schema."""
    with schema_context(schema):
        for pk in ids:
            task.delay(pk)


def on_petition_event(sender, *, petition: Petition, event: PetitionEvent, **kwargs) -> None:
    """``petition_event_recorded`` receiver: the step's message, if the citizen gave a contact.

    A failure here must not undo the citizen's step (a registration, a decision): it is logged and
    the step goes on; the savepoint keeps the step's transaction usable."""
    if event.kind == EventKind.REGISTERED:
        # No contact can exist yet (it points at the petition): the receipt goes when the contact is
        # recorded (``contact_recorded_message``), and a registration costs no extra query.
        return
    mapped = template_for(petition, event)
    if mapped is None:
        return
    template, body_name = mapped
    # Most petitions have no contact: one read, and no savepoint opened for nothing.
    contact = CitizenContact.objects.filter(petition=petition).first()
    if contact is None:
        return
    try:
        with transaction.atomic():
            citizen_messages_queue(
                petition=petition,
                template=template,
                on=event.event_date,
                event=event,
                body_name=body_name,
                contact=contact,
            )
    except Exception:
        logger.exception("messages to the citizen for event %s of petition %s not queued", event.pk, petition.pk)


def contact_recorded_message(*, petition: Petition, contact: CitizenContact) -> list[CitizenMessage]:
    """The first message to a new contact. A contact given with the petition (the online form
    records it just after registering) gets the receipt; one added later gets a message saying it
    was recorded, with the status the petition has reached."""
    registered = (
        PetitionEvent.objects.filter(petition=petition, kind=EventKind.REGISTERED).order_by("pk").first()
        if petition.status == Status.REGISTERED
        else None
    )
    if registered is not None and not CitizenMessage.objects.filter(event=registered).exists():
        return citizen_messages_queue(
            petition=petition, template="registered", on=registered.event_date, event=registered, contact=contact
        )
    return citizen_messages_queue(petition=petition, template="contact_recorded", on=today(), contact=contact)


def citizen_message_retry(*, message: CitizenMessage, actor) -> CitizenMessage:
    """A failed message made pending again for a fresh round of attempts (the unit admin's button,
    once the cause is fixed: the mail server back, the provider's account topped up)."""
    from ..tasks import citizen_message_deliver as citizen_message_deliver_task

    if not actor.has_perm("notifications.manage_citizen_messages"):
        raise PermissionDeniedError(_("Only the unit administrator may send failed messages again."))
    with transaction.atomic():
        message = CitizenMessage.objects.select_for_update().get(pk=message.pk)
        if message.state != MessageState.FAILED:
            raise ConflictError(_("Only a failed message can be sent again."))
        if not CitizenContact.objects.filter(petition_id=message.petition_id).exists():
            raise ConflictError(_("The citizen has withdrawn the consent to be contacted."))
        message.state = MessageState.PENDING
        message.attempts = 0
        message.next_attempt_at = None
        message.save(update_fields=["state", "attempts", "next_attempt_at"])
        pk, schema = message.pk, connection.schema_name
        transaction.on_commit(lambda: _deliver_later(citizen_message_deliver_task, [pk], schema))
    return message
