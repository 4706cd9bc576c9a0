"""What several petition documents say the same way: who wrote, about what, who resolves."""

from __future__ import annotations

from ..models import Petition

#: How a document names a denouncer to anyone but the denouncer: never (Denunciations Law Art. 47).
SEALED_SENDER = "Người tố cáo (thông tin được giữ bí mật theo quy định)"


def senders(petition: Petition) -> list[str]:
    """The senders' names as the documents address them; never a sealed denouncer's."""
    if petition.is_confidential:
        return []
    return [citizen.full_name for citizen in petition.citizens.all()]


def sender_line(petition: Petition) -> str:
    if petition.is_confidential:
        return SEALED_SENDER
    return ", ".join(senders(petition)) or "Người gửi đơn không ghi tên"


def sender_address(petition: Petition) -> str:
    if petition.is_confidential:
        return ""
    first = petition.citizens.first()
    return first.address_street if first is not None else ""
