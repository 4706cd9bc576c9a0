"""What a forwarded petition carries to the receiving unit (domain.md §5.6: "a redacted copy").

Content, type, field, summary, the attachments' metadata (the files are copied by the delivery
task) and a summary of the history; the senders only when they are not sealed. A sealed
denouncer never enters the package in clear: the delivery carries their identity separately,
encrypted with the receiver's key (``services.transfer_send``).
"""

from __future__ import annotations

from pathlib import PurePosixPath

from core.petitions.models import Petition
from core.petitions.workflow import event_label

#: The petition fields the receiver registers the petition from.
CONTENT_FIELDS = (
    "petition_type",
    "field_code",
    "subject",
    "summary",
    "signer_kind",
    "signer_count",
    "has_concrete_evidence",
    "complaint_kind",
    "escalation",
)
#: What the receiver needs of a sender who is not sealed, to register and answer them.
SIGNER_FIELDS = ("full_name", "id_kind", "id_number", "address_unit_code", "address_street", "phone")


def _signers(petition: Petition) -> list[dict]:
    if petition.is_confidential:
        return []
    rows = []
    for signer in petition.signer_set.select_related("citizen"):
        row = {field: getattr(signer.citizen, field) for field in SIGNER_FIELDS}
        row["is_representative"] = signer.is_representative
        rows.append(row)
    return rows


def _history(petition: Petition) -> list[dict]:
    """The steps as dates and names only: officers' notes and the inputs stay with the sender."""
    return [
        {
            "date": event.event_date.isoformat(),
            "step": event_label(event.kind),
            "documents": list((event.data or {}).get("documents", [])),
        }
        for event in petition.events.all()
    ]


def _attachment_name(petition: Petition, index: int, name: str) -> str:
    """A sealed petition's scans travel under neutral names: a file name often carries the sender's
    ("don-to-cao-nguyen-van-a.pdf"), and the identity crosses only in the sealed channel."""
    if not petition.is_confidential:
        return name
    suffix = PurePosixPath(name).suffix.lower()[:10]
    return f"tai-lieu-{index:02d}{suffix}"


def package_build(petition: Petition) -> dict:
    return {
        "content": {field: getattr(petition, field) for field in CONTENT_FIELDS},
        "received_date": petition.received_date.isoformat(),
        "registry_number": petition.registry_number,
        "is_confidential": petition.is_confidential,
        "signers": _signers(petition),
        "attachments": [
            {
                "name": _attachment_name(petition, index, attachment.name),
                "path": attachment.file.name,
                "size": attachment.file.size,
            }
            for index, attachment in enumerate(petition.attachments.all(), start=1)
        ],
        "history": _history(petition),
    }
