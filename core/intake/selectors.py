"""What the citizen's receipt page shows: plain values, never the petition itself."""

from __future__ import annotations

from core.documents.models import IssuedDocument
from core.petitions.choices import PetitionType
from core.petitions.models import Petition


def submission_receipt(*, petition_id, document_id) -> dict | None:
    """The receipt of the online petition ``petition_id`` in this unit's schema, or None (a
    petition that did not come online, or that is not here, has no such receipt)."""
    if not isinstance(petition_id, int):
        return None
    row = (
        Petition.objects.filter(pk=petition_id, online_submission__isnull=False)
        .values("receipt_code", "registry_number", "received_date", "petition_type")
        .first()
    )
    if row is None:
        return None
    document = None
    if isinstance(document_id, int):
        document = IssuedDocument.objects.filter(
            pk=document_id, subject_type=Petition._meta.label_lower, subject_id=petition_id
        ).first()
    kind = row["petition_type"]
    return {
        "receipt_code": row["receipt_code"],
        "registry_number": row["registry_number"],
        "received_date": row["received_date"],
        "type": PetitionType(kind).label if kind in PetitionType.values else kind,
        "document": document,
    }
