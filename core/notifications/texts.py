"""The texts of messages to citizens: Vietnamese templates under
``templates/notifications/citizen/v<N>/``, one per message and channel.

A message is rendered once, when its step happens, from facts that are not personal and say
nothing of the matter: the unit, the registry number, the dates, the status and the public lookup
page (without the receipt code: the citizen has it on the receipt, and a link carrying it would
open the case to whoever sees the message). Never the subject, the summary, a sender's name or the
contact itself; for a sealed denunciation not even the word "denunciation" (a phone's lock screen
or a shared mailbox would tell it), only "đơn".

The version is stored on each message, so a text changed later does not rewrite what was sent;
a new wording goes into a new folder and ``TEXT_VERSION`` moves on.
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass
from datetime import date

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from core.petitions.choices import PetitionType
from core.petitions.models import Petition

from .models import MessageChannel

TEXT_VERSION = 1

#: The templates there are (each has ``<name>.txt`` for e-mail and Zalo, ``<name>.sms.txt`` for SMS).
TEMPLATES = (
    "registered",
    "accepted",
    "not_accepted",
    "guided",
    "forwarded",
    "transfer_accepted",
    "forwarded_onward",
    "resolved",
    "contact_recorded",
)

_KIND_LABELS = {
    PetitionType.COMPLAINT: "đơn khiếu nại",
    PetitionType.RECOMMENDATION: "đơn kiến nghị",
    PetitionType.FEEDBACK: "đơn phản ánh",
}
_NEUTRAL_LABEL = "đơn"


@dataclass(frozen=True)
class RenderedText:
    subject: str
    body: str
    params: dict


def ascii_fold(text: str) -> str:
    """Vietnamese without diacritics ("Xã Tân Đoàn" → "Xa Tan Doan"): an SMS in plain GSM letters
    takes 160 characters a part instead of 70."""
    text = text.replace("Đ", "D").replace("đ", "d")
    return "".join(ch for ch in unicodedata.normalize("NFD", text) if not unicodedata.combining(ch))


def kind_label(petition: Petition) -> str:
    if petition.is_confidential:
        return _NEUTRAL_LABEL
    return _KIND_LABELS.get(PetitionType(petition.petition_type), _NEUTRAL_LABEL)


def lookup_url(unit_code: str) -> str:
    return f"{settings.TIEPDAN_SITE_URL.rstrip('/')}/u/{unit_code}/tra-cuu/"


def params_for(*, petition: Petition, unit_name: str, unit_code: str, on: date, body_name: str = "") -> dict:
    """The facts a message is made of: all of them may be shown to anyone holding the message."""
    with translation.override("vi"):
        status = str(petition.get_status_display())
    return {
        "unit_name": unit_name,
        "unit_code": unit_code,
        "registry_number": petition.registry_number,
        "received_date": petition.received_date.isoformat(),
        "event_date": on.isoformat(),
        "status": status,
        "kind_label": kind_label(petition),
        "body_name": body_name,
        "lookup_url": lookup_url(unit_code),
    }


def render(template: str, channel: str, params: dict, *, version: int = TEXT_VERSION) -> RenderedText:
    if template not in TEMPLATES:
        raise ValueError(f"no citizen message template {template!r}")
    context = {
        **params,
        "received_date": date.fromisoformat(params["received_date"]),
        "event_date": date.fromisoformat(params["event_date"]),
        "unit_short": ascii_fold(params["unit_name"]),
        "kind_label_ascii": ascii_fold(params["kind_label"]),
    }
    folder = f"notifications/citizen/v{version}"
    with translation.override("vi"):
        if channel == MessageChannel.SMS:
            body = render_to_string(f"{folder}/{template}.sms.txt", context).strip()
            return RenderedText(subject="", body=body, params=params)
        text = render_to_string(f"{folder}/{template}.txt", context).strip()
    subject, _blank, body = text.partition("\n")
    return RenderedText(subject=subject.strip(), body=body.strip() + "\n", params=params)
