"""Writes for personal data: a person's export on request (Law 91/2025/QH15) and pseudonymisation
once the retention schedule lets it. Both are recorded in the unit's audit chain, never with the
identity number in clear: its last four digits and a keyed digest are enough to find the request
again, and too little to read the number back."""

from __future__ import annotations

import hashlib
import hmac
from datetime import date

from django.conf import settings
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.accounts.audit import Kind, audit_append
from core.common.errors import ApplicationError, PermissionDeniedError
from core.common.text import nfc
from core.notifications.selectors import contact_details
from core.notifications.services import contact_withdraw
from core.petitions import sealing
from core.petitions.models import Petition, SealedIdentity, SealedIdentityAccess

from .selectors import PSEUDONYM_PREFIX, ErasableCitizen, citizens_by_id_number, citizens_erasable

EXPORT_PERMISSION = "accounts.manage_unit_users"
SEALED_PERMISSION = "petitions.read_sealed_identity"


def id_number_masked(id_number: str) -> dict:
    """What the audit keeps of an identity number: the last four digits and a digest keyed with the
    platform's secret (a bare hash of a 12-digit number could be reversed by trying them all)."""
    digest = hmac.new(settings.SECRET_KEY.encode(), id_number.encode(), hashlib.sha256).hexdigest()
    return {"id_last4": id_number[-4:], "id_digest": digest[:16]}


def _petition_facts(petition: Petition) -> dict:
    # Callers select_related("citizen_contact"); a petition without one raises an AttributeError subclass.
    contact = getattr(petition, "citizen_contact", None)
    details = contact_details(contact) if contact else None
    return {
        "registry_number": petition.registry_number,
        "receipt_code": petition.receipt_code,
        "received_date": petition.received_date.isoformat(),
        "type": petition.get_petition_type_display(),
        "subject": petition.subject,
        "status": petition.status,
        "status_label": petition.get_status_display(),
        "closed_on": petition.closed_on.isoformat() if petition.closed_on else None,
        # The contact the citizen agreed to be told at (stored encrypted; opened for the export).
        "contact": {"email": details.email, "phone": details.phone} if details else None,
    }


def _sealed_matches(id_number: str, *, actor, reason: str) -> list[dict]:
    """The sealed denunciations naming this person, for an officer cleared for sealed identities.
    Each one opened for the export is a sealed read like any other (recorded, then chained)."""
    found = []
    for sealed in SealedIdentity.objects.select_related("petition__citizen_contact").order_by(
        "petition__received_date", "pk"
    ):
        identity = sealing.unseal(sealed.ciphertext, key_version=sealed.key_version)
        signers = [s for s in identity.get("signers", []) if (s.get("id_number") or "").strip() == id_number]
        if not signers:
            continue
        SealedIdentityAccess.objects.create(
            petition=sealed.petition, user=actor, reason=f"Trích xuất dữ liệu cá nhân theo yêu cầu: {reason}"[:500]
        )
        found.append({**_petition_facts(sealed.petition), "sealed_identity": signers})
    return found


@transaction.atomic
def personal_data_export(*, actor, unit, id_number: str, reason: str) -> dict:
    """Everything the unit holds about the person with this identity number, as a JSON-ready dict,
    for the unit administrator answering the person's request. A sealed denouncer's record is
    included only when the administrator is also cleared for sealed identities."""
    if not actor.has_perm(EXPORT_PERMISSION):
        raise PermissionDeniedError(_("Only the unit administrator may export a citizen's personal data."))
    id_number = "".join(nfc(id_number or "").split())
    if not id_number.isalnum() or not 6 <= len(id_number) <= 20:
        raise ApplicationError(
            _("Enter the identity document number (6 to 20 letters or digits)."), extra={"field": "id_number"}
        )
    reason = nfc(reason or "").strip()
    if len(reason) < 10:
        raise ApplicationError(
            _("State the request being answered (at least 10 characters)."), extra={"field": "reason"}
        )
    citizens = citizens_by_id_number(id_number)
    petitions: dict[int, dict] = {}
    visits: dict[int, dict] = {}
    for citizen in citizens:
        for petition in citizen.petitions.all():
            petitions[petition.pk] = _petition_facts(petition)
        for visit in citizen.visits.all():
            visits[visit.pk] = {
                "number": visit.number,
                "visited_at": timezone.localtime(visit.visited_at).isoformat(),
                "place": visit.place,
                "type": visit.petition_type,
                "content": visit.content,
                "outcome": visit.get_outcome_display(),
            }
    cleared = actor.has_perm(SEALED_PERMISSION)
    sealed = _sealed_matches(id_number, actor=actor, reason=reason) if cleared else []
    export = {
        "unit": {"code": unit.code, "name": unit.name},
        "exported_at": timezone.localtime().isoformat(),
        "legal_basis": "Luật Bảo vệ dữ liệu cá nhân 91/2025/QH15",
        "id_number": id_number,
        "citizens": [
            {
                "full_name": c.full_name,
                "id_kind": c.id_kind,
                "id_number": c.id_number,
                "address_unit_code": c.address_unit_code,
                "address_street": c.address_street,
                "phone": c.phone,
                "recorded_at": timezone.localtime(c.created_at).isoformat(),
            }
            for c in citizens
        ],
        "petitions": list(petitions.values()),
        "visits": list(visits.values()),
        "sealed_denunciations": sealed,
        "sealed_included": cleared,
    }
    audit_append(
        kind=Kind.PERSONAL_DATA_EXPORTED,
        actor=actor,
        target=id_number_masked(id_number)["id_digest"],
        data={
            **id_number_masked(id_number),
            "reason": reason,
            "citizens": len(citizens),
            "petitions": len(petitions),
            "visits": len(visits),
            "sealed": len(sealed),
        },
    )
    return export


ERASER = "he-thong:privacy_retention"


@transaction.atomic
def retention_erase(*, on: date | None = None) -> list[ErasableCitizen]:
    """Pseudonymise every citizen whose records are all past retention under a schedule row that
    allows erasure: name, identity number, phone and street address go; the rows, their links and so
    every count of every report stay. Each erasure is one entry in the audit chain."""
    on = on or timezone.localdate()
    erasable = citizens_erasable(on=on)
    for item in erasable:
        citizen = item.citizen
        masked = id_number_masked(citizen.id_number) if citizen.id_number else {}
        citizen.full_name = f"{PSEUDONYM_PREFIX} #{citizen.pk}"
        citizen.id_number = ""
        citizen.phone = ""
        citizen.address_street = ""
        # The commune code stays: reports count by area, and alone it names no one.
        citizen.save(update_fields=["full_name", "id_number", "phone", "address_street"])
        # The senders' names copied for search are written again from the rows as they now are; the
        # contact given for notices goes, with whatever was still waiting to be sent to it.
        for petition in Petition.objects.filter(citizens=citizen).prefetch_related("citizens"):
            names = " ".join(c.full_name for c in petition.citizens.all())
            Petition.objects.filter(pk=petition.pk).update(senders_text=names)
            contact_withdraw(petition=petition)
        audit_append(
            kind=Kind.PERSONAL_DATA_ERASED,
            actor=ERASER,
            target=f"citizen:{citizen.pk}",
            data={**masked, "petitions": item.petitions, "visits": item.visits, "on": on.isoformat()},
        )
    return erasable
