"""The citizen's receipt for an online submission (form ``online-receipt``, issued by the document
engine in the submission's transaction), with the QR code of the status lookup (the form's
``"qr": "lookup"``). For a sealed sender it names no one."""

from __future__ import annotations

from django.utils import timezone, translation

from core.catalogue.selectors import field_label
from core.petitions.choices import PetitionType
from core.petitions.issuing.common import SEALED_SENDER
from core.petitions.models import Petition

#: How the receipt names what was sent ("đơn khiếu nại").
PETITION_KIND: dict[str, str] = {
    PetitionType.COMPLAINT: "khiếu nại",
    PetitionType.DENUNCIATION: "tố cáo",
    PetitionType.RECOMMENDATION: "kiến nghị",
    PetitionType.FEEDBACK: "phản ánh",
    PetitionType.MIXED: "có nhiều nội dung",
}


def receipt_context(petition: Petition, attachment_names: list[str]) -> dict:
    """The form's keys for ``petition``: what was received, when, under which number and code."""
    at = timezone.localtime(petition.created_at or timezone.now())
    with translation.override("vi"):
        field = field_label(petition.field_code)
    sender = SEALED_SENDER if petition.is_confidential else petition.senders_text
    return {
        "received_time": f"{at:%H} giờ {at:%M}",
        "received_on": petition.received_date.isoformat(),
        "registry_number": petition.registry_number,
        "receipt_code": petition.receipt_code,
        "petition_kind": PETITION_KIND.get(petition.petition_type, "kiến nghị, phản ánh"),
        "field": field,
        "sender": sender,
        "items": list(attachment_names),
    }
