"""Registering and processing petitions (TT 05/2021). Resolution transitions are in workflow.py.

Every write happens in one transaction with its audit event, its deadlines and its row in the
public case index.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.caseindex.services import caseevent_record, caseindex_sync
from core.catalogue.models import PetitionField
from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError

from . import deadlines, sealing
from .choices import Channel, NotProcessableReason, Outcome, PetitionType, SignerKind, Status
from .identity_documents import IdKind, id_number_validate
from .models import Citizen, Petition, PetitionEvent, SealedIdentity, SealedIdentityAccess, Signer
from .receipts import receipt_code_new, registry_number_next
from .text import nfc


def _event(petition: Petition, *, kind: str, actor, on: date, from_status: str = "", note: str = "", data=None):
    event = PetitionEvent.objects.create(
        petition=petition,
        kind=kind,
        actor=actor,
        event_date=on,
        from_status=from_status,
        to_status=petition.status,
        note=note,
        data=data or {},
    )
    caseevent_record(petition, event)
    return event


def petition_refresh(petition: Petition) -> None:
    """Recompute the derived next due date and write the case-index row (same transaction)."""
    petition.next_due_date = None if petition.is_closed else deadlines.next_due_date(petition)
    petition.save(update_fields=["next_due_date", "updated_at"])
    caseindex_sync(petition)


def citizen_create(data: dict) -> Citizen:
    """A citizen record from validated sender data (identity document checked)."""
    kind = data.get("id_kind") or IdKind.NONE
    try:
        number = id_number_validate(kind, data.get("id_number", ""), birth_year=data.get("birth_year"))
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"field": "id_number"}) from exc
    if not data.get("full_name"):
        raise ApplicationError(_("Each sender needs a full name."), extra={"field": "full_name"})
    citizen = Citizen(
        full_name=data["full_name"],
        id_kind=kind,
        id_number=number,
        address_unit_code=data.get("address_unit_code", ""),
        address_street=data.get("address_street", ""),
        phone=data.get("phone", ""),
    )
    citizen.full_clean()
    citizen.save()
    return citizen


def _check_dates(received_date: date) -> None:
    if received_date > deadlines.today():
        raise ApplicationError(_("The date received cannot be in the future."), extra={"field": "received_date"})


@transaction.atomic
def petition_register(
    *,
    actor,
    channel: str,
    received_date: date,
    petition_type: str,
    field_code: str,
    subject: str,
    summary: str,
    signer_kind: str,
    signers: list[dict] | None = None,
    signer_count: int | None = None,
    forwarded_by: str = "",
    forwarding_reference: str = "",
    has_concrete_evidence: bool = False,
) -> Petition:
    """Register a petition, issue its receipt code and start its clocks.

    A denouncer's identity is sealed, never stored as a citizen record (domain.md §8).
    """
    require_perm(actor, "petitions.register_petition")
    subject, summary, forwarded_by, forwarding_reference = nfc([subject, summary, forwarded_by, forwarding_reference])
    signers = nfc(signers or [])
    _check_dates(received_date)
    if not PetitionField.objects.filter(code=field_code, is_active=True).exists():
        raise ApplicationError(_("Unknown field “%(code)s”.") % {"code": field_code}, extra={"field": "field_code"})
    if signer_kind == SignerKind.ANONYMOUS and signers:
        raise ApplicationError(_("An anonymous petition has no senders."), extra={"field": "signers"})
    if signer_kind != SignerKind.ANONYMOUS and not signers:
        raise ApplicationError(
            _("Give at least one sender, or mark the petition anonymous."), extra={"field": "signers"}
        )
    if channel in (Channel.TRANSFERRED, Channel.FORWARDED) and not forwarded_by:
        raise ApplicationError(_("Say which body forwarded it."), extra={"field": "forwarded_by"})
    if not subject or not summary:
        raise ApplicationError(_("Subject and summary are required."), extra={"field": "summary"})

    confidential = petition_type == PetitionType.DENUNCIATION and signer_kind != SignerKind.ANONYMOUS
    petition = Petition(
        receipt_code=receipt_code_new(),
        registry_number=registry_number_next(received_date.year),
        channel=channel,
        received_date=received_date,
        forwarded_by=forwarded_by,
        forwarding_reference=forwarding_reference,
        signer_kind=signer_kind,
        signer_count=signer_count if signer_count is not None else max(len(signers), 0 if signers else 0),
        petition_type=petition_type,
        field_code=field_code,
        subject=subject,
        summary=summary,
        has_concrete_evidence=has_concrete_evidence,
        is_confidential=confidential,
        senders_text="" if confidential else " ".join(signer.get("full_name", "") for signer in signers),
        registered_by=actor,
    )
    petition.full_clean(exclude=["receipt_code", "registry_number", "registered_by"])
    petition.save()
    if confidential:
        for signer in signers:  # validate as for anyone, but store only sealed
            if signer.get("id_kind") and signer.get("id_kind") != IdKind.NONE:
                try:
                    id_number_validate(signer["id_kind"], signer.get("id_number", ""))
                except ValidationError as exc:
                    raise ApplicationError(" ".join(exc.messages), extra={"field": "id_number"}) from exc
        SealedIdentity.objects.create(petition=petition, ciphertext=sealing.seal({"signers": signers}))
    else:
        for signer in signers:
            Signer.objects.create(
                petition=petition,
                citizen=citizen_create(signer),
                is_representative=bool(signer.get("is_representative")),
            )
    _event(petition, kind="registered", actor=actor, on=received_date)
    _open_registration_clocks(petition)
    petition_refresh(petition)
    return petition


def _open_registration_clocks(petition: Petition) -> None:
    start = petition.received_date
    if petition.channel == Channel.RECEPTION:
        deadlines.deadline_open(petition, code="reception.outcome_notice", start_date=start, start_event="received")
    deadlines.deadline_open(petition, code="submission.processing_sla", start_date=start, start_event="received")
    deadlines.deadline_open(
        petition, code="submission.hard_alarm", start_date=start, start_event="received", optional=True
    )
    if petition.petition_type == PetitionType.COMPLAINT:
        deadlines.deadline_open(petition, code="complaint.acceptance", start_date=start, start_event="received")
        deadlines.deadline_open(
            petition, code="complaint.acceptance", variant="law", start_date=start, start_event="received"
        )
    elif petition.petition_type == PetitionType.DENUNCIATION:
        deadlines.deadline_open(petition, code="denunciation.initial_check", start_date=start, start_event="received")


PROCESSING_CLOCKS = ("submission.processing_sla", "submission.hard_alarm")


@transaction.atomic
def petition_classify(
    *,
    petition: Petition,
    actor,
    is_processable: bool,
    within_jurisdiction: bool | None = None,
    not_processable_reason: str = "",
    petition_type: str | None = None,
    note: str = "",
) -> Petition:
    """Classification (TT 05/2021 Art. 6): content (type), eligibility, jurisdiction."""
    require_perm(actor, "petitions.process_petition")
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.status not in (Status.REGISTERED, Status.CLASSIFIED):
        raise ConflictError(_("This petition has already been processed."))
    if petition_type and petition_type != petition.petition_type:
        if petition.is_confidential or petition_type == PetitionType.DENUNCIATION:
            raise ConflictError(_("A denunciation's type cannot be changed once its sender is sealed."))
        petition.petition_type = petition_type
    if is_processable:
        if within_jurisdiction is None:
            raise ApplicationError(
                _("Say whether it is within our jurisdiction."), extra={"field": "within_jurisdiction"}
            )
        not_processable_reason = ""
    elif not not_processable_reason:
        raise ApplicationError(
            _("Give the legal reason why it cannot be processed."), extra={"field": "not_processable_reason"}
        )
    elif not_processable_reason not in NotProcessableReason.values:
        raise ApplicationError(_("Unknown reason."), extra={"field": "not_processable_reason"})
    if (
        is_processable
        and petition.signer_kind == SignerKind.ANONYMOUS
        and petition.petition_type == PetitionType.DENUNCIATION
        and not petition.has_concrete_evidence
    ):
        raise ConflictError(
            _("An anonymous denunciation is handled only when it carries concrete, verifiable evidence.")
        )
    from_status = petition.status
    petition.is_processable = is_processable
    petition.within_jurisdiction = within_jurisdiction if is_processable else None
    petition.not_processable_reason = not_processable_reason
    petition.status = Status.CLASSIFIED
    petition.save()
    _event(petition, kind="classified", actor=actor, on=deadlines.today(), from_status=from_status, note=nfc(note))
    petition_refresh(petition)
    return petition


#: Which outcomes the classification allows (domain.md §5.2).
def allowed_outcomes(petition: Petition) -> list[str]:
    if petition.status != Status.CLASSIFIED:
        return []
    if not petition.is_processable:
        return [Outcome.FILED, Outcome.RETURNED]
    if petition.petition_type == PetitionType.MIXED:
        return [Outcome.GUIDED, Outcome.FILED]  # split into separate petitions first (Reception Law Art. 25(3))
    if petition.within_jurisdiction:
        return [Outcome.ACCEPTANCE_PROPOSED, Outcome.CHASED, Outcome.FILED]
    if petition.petition_type == PetitionType.COMPLAINT:
        return [Outcome.GUIDED, Outcome.RETURNED]
    return [Outcome.FORWARDED, Outcome.GUIDED, Outcome.RETURNED]


OUTCOME_STATUS = {
    Outcome.ACCEPTANCE_PROPOSED: Status.ACCEPTANCE_PROPOSED,
    Outcome.GUIDED: Status.GUIDED,
    Outcome.FORWARDED: Status.FORWARDED,
    Outcome.RETURNED: Status.RETURNED,
    Outcome.CHASED: Status.CHASED,
    Outcome.FILED: Status.FILED,
}


@transaction.atomic
def petition_decide_outcome(
    *, petition: Petition, actor, outcome: str, competent_body: str = "", note: str = "", on: date | None = None
) -> Petition:
    """Choose the processing outcome and produce its form letter."""
    from .documents import outcome_document_create

    require_perm(actor, "petitions.process_petition")
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    on = on or deadlines.today()
    if outcome not in allowed_outcomes(petition):
        raise ConflictError(
            _("The outcome “%(outcome)s” is not allowed for this petition now.")
            % {"outcome": Outcome(outcome).label if outcome in Outcome.values else outcome}
        )
    if outcome in (Outcome.FORWARDED, Outcome.GUIDED, Outcome.RETURNED, Outcome.CHASED) and not competent_body:
        raise ApplicationError(_("Name the competent body."), extra={"field": "competent_body"})
    if on < petition.received_date:
        raise ApplicationError(_("The date cannot be before the date received."), extra={"field": "date"})
    from_status = petition.status
    petition.outcome = outcome
    petition.competent_body = nfc(competent_body)
    petition.status = OUTCOME_STATUS[outcome]
    if petition.is_closed:
        petition.closed_on = on
    petition.save()
    deadlines.deadline_close(petition, *PROCESSING_CLOCKS, "reception.outcome_notice", on=on)
    if petition.is_closed:
        deadlines.deadline_close_all(petition, on=on)
    if outcome == Outcome.FORWARDED and petition.petition_type == PetitionType.DENUNCIATION:
        deadlines.deadline_close(petition, "denunciation.initial_check", on=on)
    _event(petition, kind=f"outcome.{outcome}", actor=actor, on=on, from_status=from_status, note=nfc(note))
    outcome_document_create(petition=petition, actor=actor)
    petition_refresh(petition)
    return petition


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


MAX_ATTACHMENT_BYTES = 20 * 1024 * 1024
ATTACHMENT_TYPES = (".pdf", ".jpg", ".jpeg", ".png", ".doc", ".docx", ".odt", ".tif", ".tiff")


def _check_attachment_access(petition: Petition, actor, reason: str) -> str:
    """Scans of a sealed denunciation show the denouncer's handwriting and name: they are sealed too."""
    if not petition.is_confidential:
        return ""
    if not actor.has_perm("petitions.read_sealed_identity"):
        raise PermissionDeniedError(_("Only officers cleared for sealed identities may read them."))
    reason = nfc(reason or "")
    if len(reason) < 10:
        raise ApplicationError(
            _("State why you need the identity (at least 10 characters)."), extra={"field": "reason"}
        )
    return reason


@transaction.atomic
def attachment_add(*, petition: Petition, actor, uploaded_file, reason: str = ""):
    """Store a scan or document with the petition, in the unit's own media folder."""
    from .models import Attachment

    require_perm(actor, "petitions.register_petition")
    name = nfc(uploaded_file.name or "")
    if not name.lower().endswith(ATTACHMENT_TYPES):
        raise ApplicationError(_("Attach PDF, image or word-processor files only."), extra={"field": "file"})
    if uploaded_file.size > MAX_ATTACHMENT_BYTES:
        raise ApplicationError(_("A file may be at most 20 MB."), extra={"field": "file"})
    attachment = Attachment(petition=petition, name=name[:255], uploaded_by=actor)
    attachment.file.save(name, uploaded_file, save=False)
    attachment.save()
    _event(petition, kind="attachment_added", actor=actor, on=deadlines.today(), data={"attachment": attachment.pk})
    return attachment


@transaction.atomic
def attachment_open(*, petition: Petition, attachment_id: int, actor, reason: str = ""):
    """The attachment, for reading; for a sealed denunciation only with clearance, audited."""
    reason = _check_attachment_access(petition, actor, reason)
    attachment = petition.attachments.get(pk=attachment_id)
    if reason:
        SealedIdentityAccess.objects.create(petition=petition, user=actor, reason=f"[{attachment.name}] {reason}")
    return attachment
