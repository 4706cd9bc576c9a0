"""The resolution lifecycles of complaints, denunciations, recommendations and feedback.

Each transition is one function registered in ``TRANSITIONS`` with the states it leaves from, the
petition types it applies to and the permission it needs. ``petition_transition`` is the only
way to run one: it locks the petition, refuses illegal moves with a 409 and a message in the
user's language, and writes the new state, the audit event, the deadlines and the case-index row
in one transaction. Legal references: domain.md §5.3–§5.5.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.common.text import nfc

from . import deadlines
from .choices import Complexity, EventKind, Outcome, PetitionType, SignerKind, Status, TransitionName, outcome_event
from .models import Petition
from .services.events import event_record
from .services.petitions import petition_refresh

COMPLAINT = frozenset({PetitionType.COMPLAINT})
DENUNCIATION = frozenset({PetitionType.DENUNCIATION})
PETITION = frozenset({PetitionType.RECOMMENDATION, PetitionType.FEEDBACK})
DECIDE = "petitions.decide_petition"
PROCESS = "petitions.process_petition"

Effect = Callable[..., str | None]


@dataclass(frozen=True)
class Transition:
    name: TransitionName
    label: Promise
    types: frozenset
    sources: frozenset
    target: str | None
    permission: str
    effect: Effect


TRANSITIONS: dict[str, Transition] = {}


def transition(name: TransitionName, *, label, types, sources, target=None, permission=DECIDE):
    def register(effect: Effect) -> Effect:
        TRANSITIONS[name] = Transition(name, label, frozenset(types), frozenset(sources), target, permission, effect)
        return effect

    return register


#: The other steps of a petition's timeline (``PetitionEvent.kind``).
EVENT_LABELS = {
    EventKind.REGISTERED: gettext_lazy("Registered"),
    EventKind.CLASSIFIED: gettext_lazy("Classified"),
    EventKind.ATTACHMENT_ADDED: gettext_lazy("Attachment added"),
}


def event_label(kind: str) -> str:
    """What a step of a petition's timeline is called: its transition, its outcome or its kind."""
    if kind in TRANSITIONS:
        return str(TRANSITIONS[kind].label)
    outcome = kind.removeprefix(outcome_event(""))
    if outcome != kind and outcome in Outcome.values:
        return str(Outcome(outcome).label)
    return str(EVENT_LABELS.get(kind, kind))


def allowed_transitions(petition: Petition, user=None) -> list[Transition]:
    return [
        t
        for t in TRANSITIONS.values()
        if petition.petition_type in t.types
        and petition.status in t.sources
        and (user is None or user.has_perm(t.permission))
    ]


@transaction.atomic
def petition_transition(*, petition: Petition, name: str, actor, data: dict | None = None) -> Petition:
    data = nfc(dict(data or {}))
    spec = TRANSITIONS.get(name)
    if spec is None:
        raise ApplicationError(_("Unknown action “%(name)s”.") % {"name": name})
    if not actor.has_perm(spec.permission):
        raise PermissionDeniedError(_("You do not have the right to do this."))
    petition = Petition.objects.select_for_update().get(pk=petition.pk)
    if petition.petition_type not in spec.types or petition.status not in spec.sources:
        raise ConflictError(
            _("“%(action)s” is not possible while the petition is “%(status)s”.")
            % {"action": spec.label, "status": petition.get_status_display()}
        )
    on = data.pop("date", None) or deadlines.today()
    if isinstance(on, str):
        try:
            on = date.fromisoformat(on)
        except ValueError as exc:
            raise ApplicationError(_("Dates are written dd/mm/yyyy."), extra={"field": "date"}) from exc
    if on < petition.received_date or on > deadlines.today():
        raise ApplicationError(_("The date must be between the date received and today."), extra={"field": "date"})
    from_status = petition.status
    target = spec.effect(petition, on=on, data=data) or spec.target
    petition.status = target
    if petition.is_closed and petition.closed_on is None:
        petition.closed_on = on
        deadlines.deadline_close_all(petition, on=on)
    petition.save()
    event_record(
        petition, kind=spec.name, actor=actor, on=on, from_status=from_status, note=data.get("note", ""), data=data
    )
    petition_refresh(petition)
    return petition


def _need(data: dict, key: str, message) -> str:
    value = data.get(key)
    if value in (None, ""):
        raise ApplicationError(str(message), extra={"field": key})
    return value


def _complexity(petition: Petition, data: dict) -> None:
    complexity = data.get("complexity") or Complexity.NORMAL
    if complexity not in Complexity.values:
        raise ApplicationError(_("Unknown complexity."), extra={"field": "complexity"})
    petition.complexity = complexity
    petition.is_remote_area = bool(data.get("is_remote_area"))
    if petition.is_remote_area:
        # The longer remote-area limit is a permitted maximum the resolver must justify (domain.md §7).
        petition.remote_area_basis = _need(
            data, "remote_area_basis", gettext_lazy("Record why remote-area limits apply.")
        )


def _resolution_variant(petition: Petition) -> str:
    complex_ = petition.complexity != Complexity.NORMAL
    if petition.is_remote_area:
        return "remote_complex" if complex_ else "remote"
    return "complex" if complex_ else ""


#
# Complaints (Complaints Law; NĐ 124/2020 as amended by NĐ 155/2026)
#
COMPLAINT_RESOLUTION = ("complaint.first_resolution", "complaint.second_resolution")


@transition(TransitionName.COMPLAINT_ACCEPT, label=gettext_lazy("Accept the complaint"), types=COMPLAINT,
            sources={Status.ACCEPTANCE_PROPOSED}, target=Status.ACCEPTED)  # fmt: skip
def complaint_accept(petition: Petition, *, on: date, data: dict) -> None:
    level = int(data.get("level") or 1)
    if level not in (1, 2):
        raise ApplicationError(_("A complaint is resolved at level 1 or 2."), extra={"field": "level"})
    _complexity(petition, data)
    petition.complaint_level = level
    petition.accepted_on = on
    deadlines.deadline_close(petition, "complaint.acceptance", on=on)
    code = COMPLAINT_RESOLUTION[level - 1]
    deadlines.deadline_open(
        petition, code=code, variant=_resolution_variant(petition), start_date=on, start_event="accepted"
    )


@transition(TransitionName.COMPLAINT_REFUSE, label=gettext_lazy("Refuse to accept"), types=COMPLAINT,
            sources={Status.ACCEPTANCE_PROPOSED}, target=Status.NOT_ACCEPTED)  # fmt: skip
def complaint_refuse(petition: Petition, *, on: date, data: dict) -> None:
    petition.decision_summary = _need(data, "reason", gettext_lazy("Give the reasons for not accepting."))


@transition(TransitionName.COMPLAINT_VERIFY, label=gettext_lazy("Start verification"), types=COMPLAINT,
            sources={Status.ACCEPTED}, target=Status.VERIFYING)  # fmt: skip
def complaint_verify(petition: Petition, *, on: date, data: dict) -> None:
    return None


@transition(TransitionName.COMPLAINT_DIALOGUE, label=gettext_lazy("Record the dialogue"), types=COMPLAINT,
            sources={Status.VERIFYING}, target=Status.DIALOGUE)  # fmt: skip
def complaint_dialogue(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "minutes", gettext_lazy("Summarise the dialogue minutes."))


@transition(TransitionName.COMPLAINT_DECIDE, label=gettext_lazy("Issue the decision"), types=COMPLAINT,
            sources={Status.VERIFYING, Status.DIALOGUE}, target=Status.DECIDED)  # fmt: skip
def complaint_decide(petition: Petition, *, on: date, data: dict) -> None:
    if petition.complaint_level == 2 and petition.status != Status.DIALOGUE:
        # A second-level resolution always holds a dialogue (Complaints Law Art. 39).
        raise ConflictError(_("A second-level complaint needs a dialogue before the decision."))
    petition.decision_summary = _need(data, "decision", gettext_lazy("Summarise the decision."))
    petition.decided_on = on
    deadlines.deadline_close(petition, *COMPLAINT_RESOLUTION, on=on)
    code = "complaint.decision_send_first" if petition.complaint_level == 1 else "complaint.decision_send_second"
    deadlines.deadline_open(petition, code=code, start_date=on, start_event="decided")


@transition(TransitionName.COMPLAINT_PUBLISH, label=gettext_lazy("Publish the second-level decision"), types=COMPLAINT,
            sources={Status.DECIDED}, target=Status.DECIDED)  # fmt: skip
def complaint_publish(petition: Petition, *, on: date, data: dict) -> None:
    if petition.complaint_level != 2:
        raise ConflictError(_("Only second-level decisions are published."))
    _need(data, "channel", gettext_lazy("Say where it was published (meeting, notice board or media)."))


@transition(TransitionName.COMPLAINT_EXECUTE, label=gettext_lazy("Direct execution"), types=COMPLAINT,
            sources={Status.DECIDED}, target=Status.IN_EXECUTION)  # fmt: skip
def complaint_execute(petition: Petition, *, on: date, data: dict) -> None:
    deadlines.deadline_close(petition, "complaint.decision_send_first", "complaint.decision_send_second", on=on)


@transition(TransitionName.COMPLAINT_CLOSE, label=gettext_lazy("Close the case"), types=COMPLAINT,
            sources={Status.IN_EXECUTION}, target=Status.CLOSED)  # fmt: skip
def complaint_close(petition: Petition, *, on: date, data: dict) -> None:
    return None


COMPLAINT_OPEN = {Status.ACCEPTANCE_PROPOSED, Status.ACCEPTED, Status.VERIFYING, Status.DIALOGUE}


@transition(TransitionName.COMPLAINT_WITHDRAW, label=gettext_lazy("Record the withdrawal"), types=COMPLAINT,
            sources=COMPLAINT_OPEN | {Status.SUSPENDED}, target=Status.WITHDRAWN)  # fmt: skip
def complaint_withdraw(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "note", gettext_lazy("Refer to the signed withdrawal letter."))


@transition(TransitionName.COMPLAINT_SUSPEND, label=gettext_lazy("Suspend the resolution"), types=COMPLAINT,
            sources={Status.ACCEPTED, Status.VERIFYING, Status.DIALOGUE}, target=Status.SUSPENDED)  # fmt: skip
def complaint_suspend(petition: Petition, *, on: date, data: dict) -> None:
    if not deadlines.rule_exists("complaint.suspension_notice", on=on):
        # Suspension of complaints exists only from Law 136/2025 (1/7/2026): the rule table says when.
        raise ConflictError(_("Suspending a complaint is not provided for by the rules in force on that date."))
    _need(data, "reason", gettext_lazy("Give the ground for suspension."))
    petition.suspended_from_status = petition.status
    deadlines.deadline_pause(petition, *COMPLAINT_RESOLUTION, on=on)
    deadlines.deadline_open(petition, code="complaint.suspension_notice", start_date=on, start_event="suspended")


@transition(TransitionName.COMPLAINT_RESUME, label=gettext_lazy("Resume the resolution"), types=COMPLAINT,
            sources={Status.SUSPENDED})  # fmt: skip
def complaint_resume(petition: Petition, *, on: date, data: dict) -> str:
    deadlines.deadline_resume(petition, *COMPLAINT_RESOLUTION, on=on)
    deadlines.deadline_close(petition, "complaint.suspension_notice", on=on)
    deadlines.deadline_open(petition, code="complaint.suspension_notice", start_date=on, start_event="resumed")
    previous, petition.suspended_from_status = petition.suspended_from_status, ""
    return previous


@transition(TransitionName.COMPLAINT_TERMINATE, label=gettext_lazy("Terminate the resolution"), types=COMPLAINT,
            sources=COMPLAINT_OPEN | {Status.SUSPENDED}, target=Status.TERMINATED)  # fmt: skip
def complaint_terminate(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "reason", gettext_lazy("Give the ground for termination."))


#
# Denunciations (Denunciations Law 25/2018; NĐ 31/2019 as amended by NĐ 156/2026)
#
DENUNCIATION_START = {Status.REGISTERED, Status.CLASSIFIED, Status.ACCEPTANCE_PROPOSED}


@transition(TransitionName.DENUNCIATION_ACCEPT, label=gettext_lazy("Decide to accept"), types=DENUNCIATION,
            sources={Status.ACCEPTANCE_PROPOSED}, target=Status.ACCEPTED)  # fmt: skip
def denunciation_accept(petition: Petition, *, on: date, data: dict) -> None:
    if petition.signer_kind == SignerKind.ANONYMOUS:
        raise ConflictError(_("An anonymous denunciation is not accepted as a denunciation; keep it as a lead."))
    petition.accepted_on = on
    deadlines.deadline_close(petition, "denunciation.initial_check", on=on)
    deadlines.deadline_open(petition, code="denunciation.notify_acceptance", start_date=on, start_event="accepted")
    deadlines.deadline_open(petition, code="denunciation.resolution", start_date=on, start_event="accepted")


@transition(TransitionName.DENUNCIATION_REFUSE, label=gettext_lazy("Decide not to accept"), types=DENUNCIATION,
            sources=DENUNCIATION_START, target=Status.NOT_ACCEPTED)  # fmt: skip
def denunciation_refuse(petition: Petition, *, on: date, data: dict) -> None:
    petition.decision_summary = _need(data, "reason", gettext_lazy("Give the reason (told to the denouncer)."))


@transition(TransitionName.DENUNCIATION_LEAD, label=gettext_lazy("Keep as an inspection lead"), types=DENUNCIATION,
            sources=DENUNCIATION_START, target=Status.INSPECTION_LEAD, permission=PROCESS)  # fmt: skip
def denunciation_lead(petition: Petition, *, on: date, data: dict) -> None:
    if petition.signer_kind != SignerKind.ANONYMOUS or not petition.has_concrete_evidence:
        raise ConflictError(_("Only an anonymous denunciation with concrete evidence becomes an inspection lead."))


@transition(TransitionName.DENUNCIATION_VERIFY, label=gettext_lazy("Start verification"), types=DENUNCIATION,
            sources={Status.ACCEPTED}, target=Status.VERIFYING)  # fmt: skip
def denunciation_verify(petition: Petition, *, on: date, data: dict) -> None:
    deadlines.deadline_close(petition, "denunciation.notify_acceptance", on=on)


@transition(TransitionName.DENUNCIATION_EXTEND, label=gettext_lazy("Extend the time limit"), types=DENUNCIATION,
            sources={Status.ACCEPTED, Status.VERIFYING}, target=None)  # fmt: skip
def denunciation_extend(petition: Petition, *, on: date, data: dict) -> str:
    complexity = data.get("complexity") or petition.complexity
    allowed = {Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2}.get(complexity, 0)
    if petition.extensions >= allowed:
        raise ConflictError(_("No further extension: complex cases get one, especially complex cases two (Art. 30)."))
    petition.complexity = complexity
    petition.extensions += 1
    deadlines.deadline_extend(petition, "denunciation.resolution")
    return petition.status


@transition(TransitionName.DENUNCIATION_SUSPEND, label=gettext_lazy("Suspend"), types=DENUNCIATION,
            sources={Status.ACCEPTED, Status.VERIFYING}, target=Status.SUSPENDED)  # fmt: skip
def denunciation_suspend(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "reason", gettext_lazy("Give the ground for suspension."))
    petition.suspended_from_status = petition.status
    deadlines.deadline_pause(petition, "denunciation.resolution", on=on)


@transition(TransitionName.DENUNCIATION_RESUME, label=gettext_lazy("Resume"), types=DENUNCIATION,
            sources={Status.SUSPENDED})  # fmt: skip
def denunciation_resume(petition: Petition, *, on: date, data: dict) -> str:
    deadlines.deadline_resume(petition, "denunciation.resolution", on=on)
    previous, petition.suspended_from_status = petition.suspended_from_status, ""
    return previous


@transition(TransitionName.DENUNCIATION_CONCLUDE, label=gettext_lazy("Issue the conclusion"), types=DENUNCIATION,
            sources={Status.VERIFYING}, target=Status.CONCLUDED)  # fmt: skip
def denunciation_conclude(petition: Petition, *, on: date, data: dict) -> None:
    petition.decision_summary = _need(data, "conclusion", gettext_lazy("Summarise the conclusion."))
    petition.decided_on = on
    deadlines.deadline_close(petition, "denunciation.resolution", on=on)
    deadlines.deadline_open(petition, code="denunciation.conclusion_notify", start_date=on, start_event="concluded")
    deadlines.deadline_open(petition, code="denunciation.handling", start_date=on, start_event="concluded")


@transition(TransitionName.DENUNCIATION_HANDLE, label=gettext_lazy("Record the handling measures"), types=DENUNCIATION,
            sources={Status.CONCLUDED}, target=Status.HANDLING)  # fmt: skip
def denunciation_handle(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "measures", gettext_lazy("Describe the measures taken or recommended."))
    deadlines.deadline_close(petition, "denunciation.conclusion_notify", "denunciation.handling", on=on)


@transition(TransitionName.DENUNCIATION_CLOSE, label=gettext_lazy("Close the case"), types=DENUNCIATION,
            sources={Status.HANDLING}, target=Status.CLOSED)  # fmt: skip
def denunciation_close(petition: Petition, *, on: date, data: dict) -> None:
    return None


@transition(TransitionName.DENUNCIATION_WITHDRAW, label=gettext_lazy("Record the withdrawal"), types=DENUNCIATION,
            sources={Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED}, target=None)  # fmt: skip
def denunciation_withdraw(petition: Petition, *, on: date, data: dict) -> str:
    _need(data, "note", gettext_lazy("Refer to the withdrawal letter."))
    # Handling goes on when the act looks unlawful or the withdrawal was coerced (Art. 33).
    if data.get("continue_handling"):
        return petition.status
    return Status.WITHDRAWN


@transition(TransitionName.DENUNCIATION_TERMINATE, label=gettext_lazy("Terminate"), types=DENUNCIATION,
            sources={Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED}, target=Status.TERMINATED)  # fmt: skip
def denunciation_terminate(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "reason", gettext_lazy("Give the ground for termination (Art. 34(3))."))


#
# Recommendations and feedback (Reception Law Art. 26–28)
#
@transition(TransitionName.PETITION_ACCEPT, label=gettext_lazy("Accept for an answer"), types=PETITION,
            sources={Status.ACCEPTANCE_PROPOSED}, target=Status.ACCEPTED)  # fmt: skip
def recommendation_accept(petition: Petition, *, on: date, data: dict) -> None:
    petition.accepted_on = on
    deadlines.deadline_open(petition, code="petition.answer_sla", start_date=on, start_event="accepted")


@transition(TransitionName.PETITION_ANSWER, label=gettext_lazy("Record the answer"), types=PETITION,
            sources={Status.ACCEPTED}, target=Status.ANSWERED)  # fmt: skip
def recommendation_answer(petition: Petition, *, on: date, data: dict) -> None:
    petition.decision_summary = _need(data, "answer", gettext_lazy("Summarise the answer."))
    petition.decided_on = on
    deadlines.deadline_close(petition, "petition.answer_sla", on=on)


@transition(TransitionName.PETITION_CLOSE, label=gettext_lazy("Close"), types=PETITION,
            sources={Status.ANSWERED}, target=Status.CLOSED)  # fmt: skip
def recommendation_close(petition: Petition, *, on: date, data: dict) -> None:
    return None
