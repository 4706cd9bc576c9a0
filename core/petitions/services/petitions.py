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
from ..choices import (
    SEALED_SENDER_TYPES,
    Channel,
    ComplaintKind,
    Escalation,
    EventKind,
    NotProcessableReason,
    Outcome,
    PetitionType,
    PriorResolution,
    SignerKind,
    Status,
    outcome_event,
)
from ..identity_documents import IdKind, id_number_validate
from ..models import Deadline, Petition, SealedIdentity, Signer
from ..receipts import receipt_code_new, registry_number_next
from ..selectors import allowed_outcomes
from .citizens import citizen_create
from .documents import step_documents_issue
from .events import event_record
from .index import petition_index, petition_repeats_check


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
    complaint_kind: str = ComplaintKind.ADMINISTRATIVE,
    escalation: str = "",
) -> Petition:
    """Register a petition, issue its receipt code and start its clocks.

    ``complaint_kind``: what a complaint is about (a disciplinary decision has its own time limits);
    ``escalation``: a denunciation to the superior about how a lower body handled an earlier one.
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
    complaint_kind = complaint_kind or ComplaintKind.ADMINISTRATIVE
    if complaint_kind not in ComplaintKind.values:
        raise ApplicationError(_("Unknown kind of complaint."), extra={"field": "complaint_kind"})
    if complaint_kind != ComplaintKind.ADMINISTRATIVE and petition_type != PetitionType.COMPLAINT:
        raise ApplicationError(
            _("Only a complaint is about a disciplinary decision."), extra={"field": "complaint_kind"}
        )
    if escalation and escalation not in Escalation.values:
        raise ApplicationError(_("Unknown kind of denunciation."), extra={"field": "escalation"})
    if escalation and petition_type != PetitionType.DENUNCIATION:
        raise ApplicationError(
            _("Only a denunciation is sent to the superior about an earlier one."), extra={"field": "escalation"}
        )

    confidential = petition_type in SEALED_SENDER_TYPES and signer_kind != SignerKind.ANONYMOUS
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
        complaint_kind=complaint_kind,
        escalation=escalation,
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
    citizens = []
    if not confidential:
        for signer in signers:
            citizens.append(citizen_create(signer))
            Signer.objects.create(
                petition=petition, citizen=citizens[-1], is_representative=bool(signer.get("is_representative"))
            )
    event_record(petition, kind=EventKind.REGISTERED, actor=actor, on=received_date)
    _open_registration_clocks(petition)
    petition_refresh(petition)
    # The same citizen's matter at another unit of the province (never for a sealed sender).
    petition_repeats_check(petition, citizens=citizens)
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
        # The decree's clock and the Law's, side by side (domain.md §6 rows 9 and 21).
        disciplinary = petition.complaint_kind != ComplaintKind.ADMINISTRATIVE
        code = "complaint.disciplinary_acceptance" if disciplinary else "complaint.acceptance"
        deadlines.deadline_open(petition, code=code, start_date=start, start_event="received")
        deadlines.deadline_open(petition, code=code, variant="law", start_date=start, start_event="received")
    elif petition.petition_type == PetitionType.DENUNCIATION:
        deadlines.deadline_open(petition, code="denunciation.initial_check", start_date=start, start_event="received")
        if petition.channel in (Channel.FORWARDED, Channel.TRANSFERRED):
            # Art. 26(2): the press or authority that forwarded it is told the result of processing in 20 days.
            deadlines.deadline_open(
                petition, code="denunciation.forwarder_result", start_date=start, start_event="received"
            )
        escalation_clocks: dict[str, str] = {
            Escalation.FOLLOW_UP: "denunciation.follow_up_review",  # Art. 37(2): reviewed within 20 days
            Escalation.OVERDUE: "denunciation.overdue_report_demand",  # Art. 38: report demanded within 5 WD
        }
        escalation_clock = escalation_clocks.get(petition.escalation)
        if escalation_clock:
            deadlines.deadline_open(petition, code=escalation_clock, start_date=start, start_event="received")


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
    prior_resolution: str = "",
    same_matter_as: str = "",
) -> Petition:
    """Classification (TT 05/2021 Art. 6): content (type), eligibility, jurisdiction (``date``: of
    the classification, today if left out); for 02/XLD's case counts, whether the matter was resolved
    before (``prior_resolution``) and the registry number of an earlier petition on the same matter
    (``same_matter_as``)."""
    require_perm(actor, "petitions.process_petition")
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.status not in (Status.REGISTERED, Status.CLASSIFIED):
        raise ConflictError(_("This petition has already been processed."))
    on = _step_date(petition, date)
    if petition_type and petition_type != petition.petition_type:
        # A sealed sender stays sealed; a sender in clear cannot become sealed after the fact (their
        # name is already in the book and the search index).
        if petition.is_confidential or petition_type in SEALED_SENDER_TYPES:
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
    petition.prior_resolution = prior_resolution or PriorResolution.NONE
    if petition.prior_resolution not in PriorResolution.values:
        raise ApplicationError(_("Unknown resolution status."), extra={"field": "prior_resolution"})
    petition.same_matter_as = _same_matter(petition, nfc(same_matter_as or "").strip())
    petition.status = Status.CLASSIFIED
    petition.save()
    _forwarding_clock(petition, on=on)
    event_record(petition, kind=EventKind.CLASSIFIED, actor=actor, on=on, from_status=from_status, note=nfc(note))
    petition_refresh(petition)
    return petition


def _same_matter(petition: Petition, registry_number: str) -> Petition | None:
    """The first petition of the matter an earlier petition (by its registry number) belongs to."""
    if not registry_number:
        return None
    earlier = Petition.objects.filter(registry_number=registry_number).exclude(pk=petition.pk).first()
    if earlier is None:
        raise ApplicationError(
            _("No other petition is numbered %(number)s in this unit's book.") % {"number": registry_number},
            extra={"field": "same_matter_as"},
        )
    if earlier.received_date > petition.received_date:
        raise ApplicationError(
            _("Petition %(number)s was received after this one: link the later petition to the earlier one.")
            % {"number": registry_number},
            extra={"field": "same_matter_as"},
        )
    return earlier.same_matter_as or earlier


def _forwarding_clock(petition: Petition, *, on: date) -> None:
    """A denunciation outside our competence is forwarded within 5 working days of receipt (Denunciations Law
    Art. 24(2)); a classification that changes its mind stops the clock."""
    outside = (
        petition.petition_type == PetitionType.DENUNCIATION
        and petition.is_processable
        and petition.within_jurisdiction is False
    )
    running = deadlines.deadline_running(petition, "denunciation.forward")
    if outside and running is None:
        start = petition.received_date
        deadlines.deadline_open(petition, code="denunciation.forward", start_date=start, start_event="received")
    elif not outside and running is not None:
        deadlines.deadline_close(petition, "denunciation.forward", on=on, state=Deadline.State.CANCELLED)


OUTCOME_STATUS: dict[str, Status] = {
    Outcome.ACCEPTANCE_PROPOSED: Status.ACCEPTANCE_PROPOSED,
    Outcome.GUIDED: Status.GUIDED,
    Outcome.FORWARDED: Status.FORWARDED,
    Outcome.RETURNED: Status.RETURNED,
    Outcome.CHASED: Status.CHASED,
    Outcome.FILED: Status.FILED,
}


#: The outcomes whose letter goes to, or names, another body (TT 05/2021; domain.md §5.2).
NEEDS_BODY = (Outcome.FORWARDED, Outcome.GUIDED, Outcome.RETURNED, Outcome.CHASED)
#: The longest text each outcome input may hold (they go into a one-page letter).
INPUT_MAX = {"legal_ground": 500, "reason": 1000, "guidance": 4000, "reference": 255}
#: The inputs each outcome's letter uses, kept in its event; the others are not the outcome's.
OUTCOME_INPUTS: dict[str, tuple[str, ...]] = {
    Outcome.GUIDED: ("legal_ground", "guidance"),
    Outcome.FORWARDED: ("legal_ground",),
    Outcome.RETURNED: ("legal_ground", "reason"),
    Outcome.CHASED: ("legal_ground", "reference", "report_by"),
}
REASON_MIN_LENGTH = 5


def _outcome_inputs(
    petition: Petition, outcome: str, *, on: date, competent_body: str, texts: dict[str, str], report_by: date | None
) -> dict:
    """The outcome's inputs its documents need (``core.petitions.issuing.processing``), checked:
    the body it names, why a petition is returned, how a mixed letter is to be split, by when a
    chased body reports. Kept in the step's event."""
    texts = {key: nfc(value or "").strip() for key, value in texts.items()}
    for key, value in texts.items():
        if len(value) > INPUT_MAX[key]:
            raise ApplicationError(_("At most %(count)d characters.") % {"count": INPUT_MAX[key]}, extra={"field": key})
    mixed_guidance = outcome == Outcome.GUIDED and petition.petition_type == PetitionType.MIXED
    if outcome in NEEDS_BODY and not competent_body and not mixed_guidance:
        raise ApplicationError(_("Name the competent body."), extra={"field": "competent_body"})
    if outcome == Outcome.RETURNED and len(texts["reason"]) < REASON_MIN_LENGTH:
        raise ApplicationError(
            _("Say why the petition is returned (at least 5 characters): the letter states it."),
            extra={"field": "reason"},
        )
    if mixed_guidance and not texts["guidance"]:
        raise ApplicationError(
            _("Say how the sender should split the letter: each content and the body competent for it."),
            extra={"field": "guidance"},
        )
    if report_by is not None and outcome == Outcome.CHASED and report_by <= on:
        raise ApplicationError(
            _("The date to report by must be after the date of the reminder."), extra={"field": "report_by"}
        )
    used = OUTCOME_INPUTS.get(outcome, ())
    inputs = {key: value for key, value in texts.items() if value and key in used}
    if report_by is not None and "report_by" in used:
        inputs["report_by"] = report_by.isoformat()
    return inputs


@transaction.atomic
def petition_decide_outcome(
    *,
    petition: Petition,
    actor,
    outcome: str,
    competent_body: str = "",
    note: str = "",
    date: date | None = None,
    legal_ground: str = "",
    reason: str = "",
    guidance: str = "",
    reference: str = "",
    report_by: date | None = None,
    receiving_unit: str = "",
) -> Petition:
    """Choose the processing outcome and issue its documents in the same transaction, numbered in
    the unit's register (``date``: of the decision, today if left out; named like the transitions'
    date). The documents' inputs: ``competent_body`` (where it is forwarded, guided, returned or
    chased), ``legal_ground`` (the provision cited), ``reason`` (why it is returned), ``guidance``
    (what the sender should do; for a letter with mixed contents, how to split it), ``reference``
    and ``report_by`` (the earlier letter a reminder cites, the date to report by). Filing issues
    nothing. ``receiving_unit``: the code of a unit on the platform a petition is forwarded to; it
    names the competent body, and the petition travels to that unit's inbox (``core.transfers``)."""
    require_perm(actor, "petitions.process_petition")
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    on = _step_date(petition, date)
    receiver = None
    if receiving_unit and outcome == Outcome.FORWARDED:
        from core.transfers.services import receiving_unit_resolve

        receiver = receiving_unit_resolve(receiving_unit)
        competent_body = receiver.name
    if outcome not in allowed_outcomes(petition):
        raise ConflictError(
            _("The outcome “%(outcome)s” is not allowed for this petition now.")
            % {"outcome": Outcome(outcome).label if outcome in Outcome.values else outcome}
        )
    competent_body = nfc(competent_body or "").strip()
    data = _outcome_inputs(
        petition,
        outcome,
        on=on,
        competent_body=competent_body,
        texts={"legal_ground": legal_ground, "reason": reason, "guidance": guidance, "reference": reference},
        report_by=report_by,
    )
    from_status = petition.status
    petition.outcome = outcome
    petition.competent_body = competent_body
    petition.status = OUTCOME_STATUS[outcome]
    if petition.is_closed:
        petition.closed_on = on
    petition.save()
    deadlines.deadline_close(petition, *PROCESSING_CLOCKS, "reception.outcome_notice", on=on)
    if outcome == Outcome.FORWARDED and petition.petition_type == PetitionType.DENUNCIATION:
        deadlines.deadline_close(petition, "denunciation.initial_check", "denunciation.forward", on=on)
    if outcome == Outcome.CHASED:
        # Art. 38: the written demand to the overdue lower body is the chasing letter.
        deadlines.deadline_close(petition, "denunciation.overdue_report_demand", on=on)
    if petition.is_closed:
        deadlines.deadline_close_all(petition, on=on)
    # The outcome's letters, numbered in the register: no letter, no outcome.
    step = outcome_event(outcome)
    issued = step_documents_issue(petition=petition, step=step, on=on, actor=actor, data=data)
    if issued:
        data = {**data, "documents": [document.number_display for document in issued]}
    if receiver is not None:
        from core.transfers.services import transfer_send

        sent = transfer_send(
            petition=petition,
            receiver=receiver,
            actor=actor,
            on=on,
            legal_ground=data.get("legal_ground", ""),
            letters=data.get("documents", []),
        )
        data = {**data, "transfer": sent.reference, "receiving_unit": receiver.code}
    event_record(petition, kind=step, actor=actor, on=on, from_status=from_status, note=nfc(note), data=data)
    petition_refresh(petition)
    return petition
