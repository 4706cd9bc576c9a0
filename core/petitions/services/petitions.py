"""Registering and processing petitions (TT 05/2021): registration, classification, outcome."""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.accounts.access import require_perm
from core.catalogue.models import PetitionField
from core.common.errors import ApplicationError, ConflictError
from core.common.text import nfc

from .. import deadlines, sealing
from ..choices import Channel, EventKind, NotProcessableReason, Outcome, PetitionType, SignerKind, Status, outcome_event
from ..identity_documents import IdKind, id_number_validate
from ..models import Petition, SealedIdentity, Signer
from ..receipts import receipt_code_new, registry_number_next
from ..selectors import allowed_outcomes
from .citizens import citizen_create
from .events import event_record
from .index import petition_index


def petition_refresh(petition: Petition) -> None:
    """Recompute the derived next due date and write the case-index row (same transaction)."""
    petition.next_due_date = None if petition.is_closed else deadlines.next_due_date(petition)
    petition.save(update_fields=["next_due_date", "updated_at"])
    petition_index(petition)


def _step_date(petition: Petition, day: date | None) -> date:
    """The date of a processing step, today when left out: a back-entered step keeps its true date
    (its event, hence the report period it counts in), never before receipt nor in the future."""
    on = day or deadlines.today()
    if on < petition.received_date or on > deadlines.today():
        raise ApplicationError(_("The date must be between the date received and today."), extra={"field": "date"})
    return on


def _signer_count(signer_kind: str, signers: list[dict], signer_count: int | None) -> int:
    """How many people signed: the senders listed when not given. No law limits how many people
    sign one petition (the law limits how many *representatives* a group appoints), so any number
    may be listed; a count below the list, or several people on a petition of one, is refused
    rather than silently changed."""
    if signer_count is None:
        signer_count = len(signers)
    if signer_count < len(signers):
        raise ApplicationError(
            _("The number of signers (%(count)d) is smaller than the number of senders listed (%(listed)d).")
            % {"count": signer_count, "listed": len(signers)},
            extra={"field": "signer_count"},
        )
    if signer_kind == SignerKind.ONE and signer_count > 1:
        raise ApplicationError(
            _("A petition signed by one person has one signer: choose “Several people” or correct the number."),
            extra={"field": "signer_kind"},
        )
    return signer_count


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
    signer_count = _signer_count(signer_kind, signers, signer_count)
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
        signer_count=signer_count,
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
    event_record(petition, kind=EventKind.REGISTERED, actor=actor, on=received_date)
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
    date: date | None = None,
) -> Petition:
    """Classification (TT 05/2021 Art. 6): content (type), eligibility, jurisdiction (``date``: of
    the classification, today if left out)."""
    require_perm(actor, "petitions.process_petition")
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.status not in (Status.REGISTERED, Status.CLASSIFIED):
        raise ConflictError(_("This petition has already been processed."))
    on = _step_date(petition, date)
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
    event_record(petition, kind=EventKind.CLASSIFIED, actor=actor, on=on, from_status=from_status, note=nfc(note))
    petition_refresh(petition)
    return petition


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
    *, petition: Petition, actor, outcome: str, competent_body: str = "", note: str = "", date: date | None = None
) -> Petition:
    """Choose the processing outcome and produce its form letter (``date``: of the decision, today if
    left out; named like the transitions' date)."""
    from ..documents import outcome_document_create

    require_perm(actor, "petitions.process_petition")
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    on = _step_date(petition, date)
    if outcome not in allowed_outcomes(petition):
        raise ConflictError(
            _("The outcome “%(outcome)s” is not allowed for this petition now.")
            % {"outcome": Outcome(outcome).label if outcome in Outcome.values else outcome}
        )
    if outcome in (Outcome.FORWARDED, Outcome.GUIDED, Outcome.RETURNED, Outcome.CHASED) and not competent_body:
        raise ApplicationError(_("Name the competent body."), extra={"field": "competent_body"})
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
    event_record(petition, kind=outcome_event(outcome), actor=actor, on=on, from_status=from_status, note=nfc(note))
    outcome_document_create(petition=petition, actor=actor)
    petition_refresh(petition)
    return petition
