"""The petition page's card on telling the citizen: the contact (with consent) and the messages
sent, waiting or failed. A tag, so that the petition page's view need not know of it."""

from __future__ import annotations

from django import template

from core.notifications.selectors import (
    citizen_messages_for,
    contact_details,
    contact_for,
    masked_email,
    masked_phone,
)
from web.notifications.forms import ContactForm

register = template.Library()

#: How many of a petition's messages the card lists (a petition has a handful per channel).
SHOWN = 50


def may_edit_contact(user, petition) -> bool:
    if petition.is_confidential:
        return user.has_perm("petitions.read_sealed_identity")
    return user.has_perm("petitions.register_petition") or user.has_perm("petitions.process_petition")


@register.inclusion_tag("notifications/_petition_card.html", takes_context=True)
def citizen_notices(context, petition) -> dict:
    user = context["request"].user
    contact = contact_for(petition)
    shown = {"email": "", "phone": ""}
    initial: dict[str, object] = {"consent": contact is not None}
    editable = may_edit_contact(user, petition)
    if contact is not None and not petition.is_confidential:
        details = contact_details(contact)
        shown = {"email": masked_email(details.email), "phone": masked_phone(details.phone)}
        if editable:
            initial.update(email=details.email, phone=details.phone)
    return {
        "petition": petition,
        "contact": contact,
        "shown": shown,
        "form": ContactForm(initial=initial) if editable else None,
        "citizen_messages": list(citizen_messages_for(petition)[:SHOWN]),
        "manage": user.has_perm("notifications.manage_citizen_messages"),
        "csrf_token": context.get("csrf_token"),
    }
