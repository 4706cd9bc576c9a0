"""Reading a sealed denouncer's identity: cleared officers only, with a reason, every read audited."""

from __future__ import annotations

from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts.audit import Kind, audit_append
from core.common.errors import ApplicationError, PermissionDeniedError
from core.common.text import nfc

from .. import sealing
from ..models import Petition, SealedIdentity, SealedIdentityAccess


@transaction.atomic
def sealed_identity_read(*, petition: Petition, actor, reason: str) -> dict:
    """The denouncer's identity, for a holder of ``read_sealed_identity``; every read is audited."""
    if not actor.has_perm("petitions.read_sealed_identity"):
        raise PermissionDeniedError(_("Only officers cleared for sealed identities may read them."))
    reason = nfc(reason or "")
    if len(reason) < 10:
        raise ApplicationError(
            _("State why you need the identity (at least 10 characters)."), extra={"field": "reason"}
        )
    sealed = SealedIdentity.objects.filter(petition=petition).first()
    if sealed is None:
        raise ApplicationError(_("This petition has no sealed identity."))
    SealedIdentityAccess.objects.create(petition=petition, user=actor, reason=reason)
    return sealing.unseal(sealed.ciphertext, key_version=sealed.key_version)


#: What a document issued to the denouncer calls them: the law's neutral form of address.
SALUTATION = "Ông/Bà"


@transaction.atomic
def sealed_denouncer_for_document(*, petition: Petition, actor, kind_label: str) -> dict | None:
    """The addressee of a document sent to the denouncer ({salutation, name, address}), read from
    the sealed identity for the document engine alone, or ``None`` when there is no one to address
    (an anonymous denunciation). The officer recording the step need not be cleared: the identity
    goes only into the document, which then opens for cleared officers alone
    (``core.documents.access``). Every such read is audited like any other (Denunciations Law
    Art. 47; domain.md §8.5)."""
    sealed = SealedIdentity.objects.filter(petition=petition).first()
    if sealed is None:
        return None
    signers = sealing.unseal(sealed.ciphertext, key_version=sealed.key_version).get("signers", [])
    # Several denouncers are answered through their representative (Law Art. 23), else the first.
    addressee = next((s for s in signers if s.get("is_representative")), signers[0] if signers else None)
    if addressee is None or not (addressee.get("full_name") or "").strip():
        return None
    SealedIdentityAccess.objects.create(
        petition=petition,
        user=actor,
        reason=f"Ban hành văn bản gửi người tố cáo: {kind_label}."[:500],
    )
    return {
        "salutation": SALUTATION,
        "name": addressee["full_name"].strip(),
        "address": (addressee.get("address_street") or "").strip(),
    }


def sealed_document_opened(*, document, actor) -> None:
    """Audit the opening of a document that names the denouncer (the engine lets only cleared
    officers open it): the identity left the seal, so the read is recorded like a reading of the
    sealed identity page."""
    if not document.names_denouncer or document.subject_type != Petition._meta.label_lower:
        return
    SealedIdentityAccess.objects.create(
        petition_id=document.subject_id,
        user=actor,
        reason=f"Mở văn bản số {document.number_display} ({document.title}) nêu danh tính người tố cáo."[:500],
    )


def sealed_read_audit(sender, instance: SealedIdentityAccess, created: bool, **kwargs) -> None:
    """``post_save`` of a read: the same read in the unit's chained audit log, same transaction.
    Who read, which case and why; never whom they read about."""
    if not created:
        return
    facts = Petition.objects.filter(pk=instance.petition_id).values_list("case_id", "registry_number").first()
    case_id, registry_number = (str(facts[0]), facts[1]) if facts else ("", "")
    audit_append(
        kind=Kind.SEALED_READ,
        actor=instance.user,
        target=case_id,
        data={"registry_number": registry_number, "reason": instance.reason, "read": instance.pk},
    )
