"""Reads of the notifications area: what staff see of the messages to citizens and of contacts."""

from __future__ import annotations

from django.db.models import QuerySet

from core.petitions import sealing
from core.petitions.models import Petition

from .choices import ContactDetails
from .models import CitizenContact, CitizenMessage, MessageState


def citizen_messages_for(petition: Petition) -> QuerySet[CitizenMessage]:
    """The messages sent (or waiting, or failed) for one petition, newest first. The recipient is
    not part of what this gives: staff see state, channel, time and error."""
    return CitizenMessage.objects.filter(petition=petition).defer("recipient", "body", "params").order_by("-pk")


def citizen_messages_failed() -> QuerySet[CitizenMessage]:
    return (
        CitizenMessage.objects.filter(state=MessageState.FAILED)
        .select_related("petition")
        .defer("recipient", "body", "params")
        .order_by("-pk")
    )


def citizen_message_get(pk: int) -> CitizenMessage:
    return CitizenMessage.objects.get(pk=pk)


def contact_for(petition: Petition) -> CitizenContact | None:
    return CitizenContact.objects.filter(petition=petition).first()


def contact_details(contact: CitizenContact) -> ContactDetails:
    """The contact opened with the unit's key (in the active schema only: another unit's key
    cannot open it). For sending and for staff editing a contact they may see; never logged."""
    plain = sealing.unseal(contact.ciphertext, key_version=contact.key_version)
    return ContactDetails(email=plain.get("email", ""), phone=plain.get("phone", ""))


def masked_email(email: str) -> str:
    """``an.nguyen@example.vn`` → ``an•••@example.vn``: enough to recognise, not to copy."""
    local, _at, domain = email.partition("@")
    return f"{local[:2]}•••@{domain}" if domain else ""


def masked_phone(phone: str) -> str:
    """``+84912345678`` → ``0912•••678``."""
    national = "0" + phone[3:] if phone.startswith("+84") else phone
    return f"{national[:4]}•••{national[-3:]}" if len(national) > 7 else ""
