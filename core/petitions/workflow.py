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
from datetime import date, time, timedelta

from django.db import transaction
from django.utils.functional import Promise
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from core.common.text import nfc
from core.legal.selectors import competence_check, complaint_ground_get, denunciation_ground_get
from tenants.selectors import unit_current

from . import deadlines
from .choices import (
    ComplaintKind,
    Complexity,
    EventKind,
    Outcome,
    PetitionType,
    SignerKind,
    Status,
    TransitionName,
    outcome_event,
)
from .models import Deadline, Petition
from .services.documents import step_documents_issue
from .services.events import event_record
from .services.petitions import petition_refresh
from .services.results import result_record

COMPLAINT = frozenset({PetitionType.COMPLAINT})
DENUNCIATION = frozenset({PetitionType.DENUNCIATION})
PETITION = frozenset({PetitionType.RECOMMENDATION, PetitionType.FEEDBACK})
ANY_TYPE = frozenset(PetitionType.values)
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
    #: Whether the step is open besides the petition's status (e.g. a report only once one was demanded).
    available: Callable[[Petition], bool] | None = None

    def is_available(self, petition: Petition) -> bool:
        return self.available is None or self.available(petition)


TRANSITIONS: dict[str, Transition] = {}


def transition(name: TransitionName, *, label, types, sources, target=None, permission=DECIDE, available=None):
    def register(effect: Effect) -> Effect:
        TRANSITIONS[name] = Transition(
            name, label, frozenset(types), frozenset(sources), target, permission, effect, available
        )
        return effect

    return register


#: The other steps of a petition's timeline (``PetitionEvent.kind``).
EVENT_LABELS: dict[str, Promise] = {
    EventKind.REGISTERED: gettext_lazy("Registered"),
    EventKind.CLASSIFIED: gettext_lazy("Classified"),
    EventKind.ATTACHMENT_ADDED: gettext_lazy("Attachment added"),
    EventKind.TRANSFER_ACKNOWLEDGED: gettext_lazy("The receiving unit acknowledged receipt"),
    EventKind.TRANSFER_CHASED: gettext_lazy("Reminder sent to the receiving unit"),
    EventKind.TRANSFER_RECEIVED: gettext_lazy("Received from another unit on the platform"),
    EventKind.TRANSFER_FAILED: gettext_lazy("Delivery to the receiving unit failed"),
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
        and t.is_available(petition)
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
    allowed = petition.petition_type in spec.types and petition.status in spec.sources
    if not allowed or not spec.is_available(petition):
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
    # Other dates (when the decision complained about was received) are kept in the event as text.
    data = {key: value.isoformat() if isinstance(value, date) else value for key, value in data.items()}
    from_status = petition.status
    running = deadlines.deadlines_running(petition)
    target = spec.effect(petition, on=on, data=data) or spec.target
    if target is None:  # a transition without a target status must have its effect return one
        raise RuntimeError(f"{spec.name} gave no status to move the petition to")
    # What a decision or conclusion found: kept on the case, and carried by the step's event to the reports.
    results = result_record(petition=petition, step=spec.name, data=data)
    if results is not None:
        data = {**data, "results": results}
    petition.status = target
    if petition.is_closed and petition.closed_on is None:
        petition.closed_on = on
        # The case's clocks stop; a notice the closing step itself opened (sending a termination decision) runs on.
        deadlines.deadline_close_all(petition, on=on, only=running)
    petition.save()
    # The step's notices and decisions, numbered in the register: no document, no step.
    issued = step_documents_issue(petition=petition, step=spec.name, on=on, actor=actor, data=data)
    if issued:
        data = {**data, "documents": [document.number_display for document in issued]}
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


def _flag(value) -> bool:
    """A yes/no input as the API (a boolean) or a page (the text of a choice) sends it."""
    if isinstance(value, str):
        return value.strip().lower() in ("1", "true", "yes", "on")
    return bool(value)


def _day(data: dict, key: str) -> date | None:
    value = data.get(key)
    if value in (None, "") or isinstance(value, date):
        return value or None
    try:
        return date.fromisoformat(value)
    except ValueError as exc:
        raise ApplicationError(_("Dates are written dd/mm/yyyy."), extra={"field": key}) from exc


def _complexity(petition: Petition, data: dict) -> None:
    complexity = data.get("complexity") or Complexity.NORMAL
    if complexity not in Complexity.values:
        raise ApplicationError(_("Unknown complexity."), extra={"field": "complexity"})
    petition.complexity = complexity
    _remote_area(petition, data)


def _remote_area(petition: Petition, data: dict) -> None:
    """The unit's remote-area flag is the default; a case departs from it only with a recorded basis. The longer
    remote-area limit is a permitted maximum the resolver must justify (domain.md §7): when it comes from the
    unit's flag, that flag is the recorded basis."""
    default = unit_current().is_remote_area
    remote = default if data.get("is_remote_area") in (None, "") else _flag(data["is_remote_area"])
    basis = (data.get("remote_area_basis") or "").strip()
    if remote and not default and not basis:
        raise ApplicationError(_("Record why remote-area limits apply."), extra={"field": "remote_area_basis"})
    if default and not remote and not basis:
        raise ApplicationError(
            _("The unit is marked as a remote area: record why this case does not get the remote-area limits."),
            extra={"field": "remote_area_basis"},
        )
    if remote and not basis:
        basis = _("The unit is marked as a remote or disadvantaged area.")
    petition.is_remote_area = remote
    petition.remote_area_basis = basis


def _resolution_variant(petition: Petition) -> str:
    complex_ = petition.complexity != Complexity.NORMAL
    if petition.is_remote_area:
        return "remote_complex" if complex_ else "remote"
    return "complex" if complex_ else ""


#
# Complaints (Complaints Law; NĐ 124/2020 as amended by NĐ 155/2026)
#
COMPLAINT_RESOLUTION = (
    "complaint.first_resolution",
    "complaint.second_resolution",
    "complaint.disciplinary_resolution",
)
SECOND_COMPLAINT_WINDOWS = ("complaint.second_complaint_window", "complaint.disciplinary_second_window")
DECISION_SENDING = ("complaint.decision_send_first", "complaint.decision_send_second")


def _disciplinary(petition: Petition) -> bool:
    return petition.complaint_kind != ComplaintKind.ADMINISTRATIVE


def _filing_window(petition: Petition, level: int) -> tuple[str, str]:
    """The complainant's time limit to complain at ``level`` (code, variant): the limitation of a first complaint
    (Art. 9; 15 days for a disciplinary decision, Art. 48), the window of a second one (Art. 33: 30 days, remote
    up to 45; disciplinary 10, dismissal 30, Art. 48)."""
    if level == 1:
        return ("complaint.disciplinary_first_window" if _disciplinary(petition) else "complaint.limitation"), ""
    if _disciplinary(petition):
        dismissal = petition.complaint_kind == ComplaintKind.DISMISSAL
        return "complaint.disciplinary_second_window", "dismissal" if dismissal else ""
    return "complaint.second_complaint_window", "remote" if petition.is_remote_area else ""


def _limitation(petition: Petition, *, level: int, data: dict) -> None:
    """When the date the complainant received or learned of the decision is given, its time limit is recorded as
    met (or not) on receipt; a late complaint is accepted only with the objective obstacle that stopped the time
    recorded (Art. 9; not accepted otherwise, Art. 11)."""
    known = _day(data, "decision_known_on")
    if known is None:
        return
    if known > petition.received_date:
        raise ApplicationError(
            _("The decision cannot have been received after the complaint about it."),
            extra={"field": "decision_known_on"},
        )
    code, variant = _filing_window(petition, level)
    window = deadlines.deadline_open(
        petition, code=code, variant=variant, start_date=known, start_event="decision_known"
    )
    deadlines.deadline_close(petition, code, on=petition.received_date)
    if (
        window.due_date is not None
        and petition.received_date > window.due_date
        and not (data.get("limitation_obstacle") or "").strip()
    ):
        raise ConflictError(
            _(
                "The complaint was received on %(received)s, after its time limit ended on %(due)s (%(basis)s). "
                "Record the objective obstacle that stopped the time, or refuse to accept it."
            )
            % {
                "received": f"{petition.received_date:%d/%m/%Y}",
                "due": f"{window.due_date:%d/%m/%Y}",
                "basis": window.legal_basis,
            },
            extra={"field": "limitation_obstacle"},
        )


@transition(
    TransitionName.COMPLAINT_ACCEPT,
    label=gettext_lazy("Accept the complaint"),
    types=COMPLAINT,
    sources={Status.ACCEPTANCE_PROPOSED},
    target=Status.ACCEPTED,
)
def complaint_accept(petition: Petition, *, on: date, data: dict) -> None:
    level = int(data.get("level") or 1)
    if level not in (1, 2):
        raise ApplicationError(_("A complaint is resolved at level 1 or 2."), extra={"field": "level"})
    competence_check(unit_kind=unit_current().kind, petition_type=petition.petition_type, level=level, on=on)
    _complexity(petition, data)
    petition.complaint_level = level
    petition.accepted_on = on
    _limitation(petition, level=level, data=data)
    deadlines.deadline_close(petition, "complaint.acceptance", "complaint.disciplinary_acceptance", on=on)
    if _disciplinary(petition):
        # Art. 50: 30 days, 45 when complex, at either level; no remote-area variant.
        code = "complaint.disciplinary_resolution"
        variant = "" if petition.complexity == Complexity.NORMAL else "complex"
    else:
        code, variant = COMPLAINT_RESOLUTION[level - 1], _resolution_variant(petition)
    deadlines.deadline_open(petition, code=code, variant=variant, start_date=on, start_event="accepted")


@transition(
    TransitionName.COMPLAINT_REFUSE,
    label=gettext_lazy("Refuse to accept"),
    types=COMPLAINT,
    sources={Status.ACCEPTANCE_PROPOSED},
    target=Status.NOT_ACCEPTED,
)
def complaint_refuse(petition: Petition, *, on: date, data: dict) -> None:
    # The notice of non-acceptance names its legal ground (Complaints Law Art. 11; NĐ 124/2020 Art. 16(1)).
    code = _need(data, "ground", gettext_lazy("Choose the legal ground for not accepting (Complaints Law Art. 11)."))
    if complaint_ground_get(code=code, on=on) is None:
        raise ApplicationError(
            _("“%(ground)s” is not a ground in force on %(date)s for not accepting a complaint (Art. 11).")
            % {"ground": code, "date": f"{on:%d/%m/%Y}"},
            extra={"field": "ground"},
        )
    petition.decision_summary = _need(data, "reason", gettext_lazy("Give the reasons for not accepting."))


@transition(
    TransitionName.COMPLAINT_VERIFY,
    label=gettext_lazy("Start verification"),
    types=COMPLAINT,
    sources={Status.ACCEPTED},
    target=Status.VERIFYING,
)
def complaint_verify(petition: Petition, *, on: date, data: dict) -> None:
    # The decision assigning verification says who verifies, what and for how long.
    verifier = _need(data, "verifier", gettext_lazy("Say who is assigned to verify (name and position, or body)."))
    if len(verifier) > 500:
        raise ApplicationError(_("At most 500 characters."), extra={"field": "verifier"})
    days = _verification_days(petition, on=on, value=data.get("verification_days"))
    data["verification_days"] = days
    data["verification_due"] = (on + timedelta(days=days)).isoformat()


#: The longest resolution time (second level, remote and complex: 70 days, Complaints Law Art. 37).
VERIFICATION_MAX_DAYS = 70


def _verification_days(petition: Petition, *, on: date, value) -> int:
    """The verification's time in days: by default what is left of the resolution time; never beyond it, since
    the decision is due then (Complaints Law Arts. 28, 37)."""
    running = next(filter(None, (deadlines.deadline_running(petition, code) for code in COMPLAINT_RESOLUTION)), None)
    due = running.due_date if running is not None else None
    left = (due - on).days if due is not None and due > on else None
    if value in (None, ""):
        if left is None:
            raise ApplicationError(_("Give the time for verification in days."), extra={"field": "verification_days"})
        return left
    top = left or VERIFICATION_MAX_DAYS
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if isinstance(value, bool) or str(value).strip() != str(days) or not 1 <= days <= top:
        message = (
            _("The time for verification is a whole number of days from 1 to %(max)d: the decision is due on %(due)s.")
            if left
            else _("The time for verification is a whole number of days from 1 to %(max)d.")
        )
        raise ApplicationError(
            message % {"max": top, "due": f"{due:%d/%m/%Y}" if due else ""}, extra={"field": "verification_days"}
        )
    return days


@transition(
    TransitionName.COMPLAINT_DIALOGUE,
    label=gettext_lazy("Record the dialogue"),
    types=COMPLAINT,
    sources={Status.VERIFYING},
    target=Status.DIALOGUE,
)
def complaint_dialogue(petition: Petition, *, on: date, data: dict) -> None:
    # The minutes (Form 14) state who took part, what was said and what came of it (NĐ 124/2020 Art. 28(4)).
    _need(data, "participants", gettext_lazy("List who took part in the dialogue (and who was absent, and why)."))
    _need(data, "minutes", gettext_lazy("Summarise the dialogue minutes."))
    _need(data, "dialogue_result", gettext_lazy("Record the result: what was agreed and what is still disputed."))
    data["dialogue_time"] = _clock_time(data, "dialogue_time")


def _clock_time(data: dict, key: str) -> str:
    """A time of day as a document writes it ("14 giờ 30"), from a time or "14:30"; empty when not given."""
    value = data.get(key)
    if value in (None, ""):
        return ""
    if isinstance(value, str):
        try:
            value = time.fromisoformat(value.strip())
        except ValueError as exc:
            raise ApplicationError(_("Write the time as hh:mm, e.g. 14:30."), extra={"field": key}) from exc
    return f"{value.hour:02d} giờ {value.minute:02d}"


@transition(
    TransitionName.COMPLAINT_DECIDE,
    label=gettext_lazy("Issue the decision"),
    types=COMPLAINT,
    sources={Status.VERIFYING, Status.DIALOGUE},
    target=Status.DECIDED,
)
def complaint_decide(petition: Petition, *, on: date, data: dict) -> None:
    if petition.complaint_level == 2 and petition.status != Status.DIALOGUE:
        # A second-level resolution always holds a dialogue (Complaints Law Art. 39).
        raise ConflictError(_("A second-level complaint needs a dialogue before the decision."))
    petition.decision_summary = _need(data, "decision", gettext_lazy("Summarise the decision."))
    petition.decided_on = on
    deadlines.deadline_close(petition, *COMPLAINT_RESOLUTION, on=on)
    code = "complaint.decision_send_first" if petition.complaint_level == 1 else "complaint.decision_send_second"
    deadlines.deadline_open(petition, code=code, start_date=on, start_event="decided")
    remote = "remote" if petition.is_remote_area else ""
    if not _disciplinary(petition):
        # Art. 44: in force 30 days after issue (remote: up to 45) unless complained about again.
        deadlines.deadline_open(
            petition, code="complaint.decision_effect", variant=remote, start_date=on, start_event="decided"
        )
    if petition.complaint_level == 1:
        code, variant = _filing_window(petition, 2)
        deadlines.deadline_open(petition, code=code, variant=variant, start_date=on, start_event="decided")
    else:
        deadlines.deadline_open(petition, code="complaint.decision_publication", start_date=on, start_event="decided")
    _forwarder_result(petition, on=on)


def _forwarder_result(petition: Petition, *, on: date) -> None:
    """A complaint or denunciation forwarded by another body: tell it the result (Reception Law Art. 27(2))."""
    if petition.forwarded_by:
        deadlines.deadline_open(petition, code="reception.forwarder_result", start_date=on, start_event="resolved")


@transition(
    TransitionName.COMPLAINT_PUBLISH,
    label=gettext_lazy("Publish the second-level decision"),
    types=COMPLAINT,
    sources={Status.DECIDED},
    target=Status.DECIDED,
    # Not offered on a first-level decision: only a second-level decision must be published.
    available=lambda petition: petition.complaint_level == 2,
)
def complaint_publish(petition: Petition, *, on: date, data: dict) -> None:
    if petition.complaint_level != 2:
        raise ConflictError(_("Only second-level decisions are published."))
    _need(data, "channel", gettext_lazy("Say where it was published (meeting, notice board or media)."))
    deadlines.deadline_close(petition, "complaint.decision_publication", on=on)


@transition(
    TransitionName.COMPLAINT_TAKE_EFFECT,
    label=gettext_lazy("Record that the decision took legal effect"),
    types=COMPLAINT,
    sources={Status.DECIDED},
    target=Status.EFFECTIVE,
)
def complaint_take_effect(petition: Petition, *, on: date, data: dict) -> None:
    effect = deadlines.deadline_running(petition, "complaint.decision_effect")
    if effect is not None and effect.due_date is not None and on <= effect.due_date:
        raise ConflictError(
            _("The decision takes legal effect after %(date)s (%(basis)s).")
            % {"date": f"{effect.due_date:%d/%m/%Y}", "basis": effect.legal_basis},
            extra={"field": "date"},
        )
    deadlines.deadline_close(petition, "complaint.decision_effect", *SECOND_COMPLAINT_WINDOWS, on=on)
    # NĐ 124 Art. 31: the resolver directs execution within 5 working days of the decision's effect.
    deadlines.deadline_open(petition, code="complaint.execution_direction", start_date=on, start_event="effective")


@transition(
    TransitionName.COMPLAINT_EXECUTE,
    label=gettext_lazy("Direct execution"),
    types=COMPLAINT,
    sources={Status.EFFECTIVE},
    target=Status.IN_EXECUTION,
)
def complaint_execute(petition: Petition, *, on: date, data: dict) -> None:
    deadlines.deadline_close(petition, *DECISION_SENDING, "complaint.execution_direction", on=on)


@transition(
    TransitionName.COMPLAINT_CLOSE,
    label=gettext_lazy("Close the case"),
    types=COMPLAINT,
    sources={Status.IN_EXECUTION},
    target=Status.CLOSED,
)
def complaint_close(petition: Petition, *, on: date, data: dict) -> None:
    return None


COMPLAINT_OPEN = {Status.ACCEPTANCE_PROPOSED, Status.ACCEPTED, Status.VERIFYING, Status.DIALOGUE}


@transition(
    TransitionName.COMPLAINT_WITHDRAW,
    label=gettext_lazy("Record the withdrawal"),
    types=COMPLAINT,
    sources=COMPLAINT_OPEN | {Status.SUSPENDED},
    target=Status.WITHDRAWN,
)
def complaint_withdraw(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "note", gettext_lazy("Refer to the signed withdrawal letter."))


@transition(
    TransitionName.COMPLAINT_SUSPEND,
    label=gettext_lazy("Suspend the resolution"),
    types=COMPLAINT,
    sources={Status.ACCEPTED, Status.VERIFYING, Status.DIALOGUE},
    target=Status.SUSPENDED,
)
def complaint_suspend(petition: Petition, *, on: date, data: dict) -> None:
    if not deadlines.rule_exists("complaint.suspension_notice", on=on):
        # Suspension of complaints exists only from Law 136/2025 (1/7/2026): the rule table says when.
        raise ConflictError(_("Suspending a complaint is not provided for by the rules in force on that date."))
    _need(data, "reason", gettext_lazy("Give the ground for suspension."))
    petition.suspended_from_status = petition.status
    deadlines.deadline_pause(petition, *COMPLAINT_RESOLUTION, on=on)
    deadlines.deadline_open(petition, code="complaint.suspension_notice", start_date=on, start_event="suspended")


@transition(
    TransitionName.COMPLAINT_RESUME,
    label=gettext_lazy("Resume the resolution"),
    types=COMPLAINT,
    sources={Status.SUSPENDED},
)
def complaint_resume(petition: Petition, *, on: date, data: dict) -> str:
    deadlines.deadline_resume(petition, *COMPLAINT_RESOLUTION, on=on)
    deadlines.deadline_close(petition, "complaint.suspension_notice", on=on)
    deadlines.deadline_open(petition, code="complaint.suspension_notice", start_date=on, start_event="resumed")
    previous, petition.suspended_from_status = petition.suspended_from_status, ""
    return previous


@transition(
    TransitionName.COMPLAINT_TERMINATE,
    label=gettext_lazy("Terminate the resolution"),
    types=COMPLAINT,
    sources=COMPLAINT_OPEN | {Status.SUSPENDED},
    target=Status.TERMINATED,
)
def complaint_terminate(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "reason", gettext_lazy("Give the ground for termination."))
    # Form 14a covers termination too, sent within 3 working days (NĐ 124 Art. 28b, from 1/7/2026 only).
    deadlines.deadline_open(
        petition, code="complaint.suspension_notice", start_date=on, start_event="terminated", optional=True
    )


#
# Denunciations (Denunciations Law 25/2018; NĐ 31/2019 as amended by NĐ 156/2026)
#
DENUNCIATION_START = {Status.REGISTERED, Status.CLASSIFIED, Status.ACCEPTANCE_PROPOSED}
DENUNCIATION_OPEN = {Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED}
#: Clocks that run from receipt until the decision to accept or not.
DENUNCIATION_INTAKE = (
    "denunciation.initial_check",
    "denunciation.forward",
    "denunciation.follow_up_review",
    "denunciation.overdue_report_demand",
    "denunciation.forwarder_result",
)


@transition(
    TransitionName.DENUNCIATION_ACCEPT,
    label=gettext_lazy("Decide to accept"),
    types=DENUNCIATION,
    sources={Status.ACCEPTANCE_PROPOSED},
    target=Status.ACCEPTED,
)
def denunciation_accept(petition: Petition, *, on: date, data: dict) -> None:
    if petition.signer_kind == SignerKind.ANONYMOUS:
        raise ConflictError(_("An anonymous denunciation is not accepted as a denunciation; keep it as a lead."))
    competence_check(unit_kind=unit_current().kind, petition_type=petition.petition_type, on=on)
    petition.accepted_on = on
    deadlines.deadline_close(petition, *DENUNCIATION_INTAKE, on=on)
    deadlines.deadline_open(petition, code="denunciation.notify_acceptance", start_date=on, start_event="accepted")
    # The step itself issues Forms 05 and 06 (``core.petitions.issuing.denunciations``): the duty is met today.
    deadlines.deadline_close(petition, "denunciation.notify_acceptance", on=on)
    deadlines.deadline_open(petition, code="denunciation.resolution", start_date=on, start_event="accepted")
    team = data.get("verification_team") or ""
    if len(team) > 2000:
        raise ApplicationError(
            _("The verification team is too long (at most 2000 characters)."), extra={"field": "verification_team"}
        )


@transition(
    TransitionName.DENUNCIATION_REFUSE,
    label=gettext_lazy("Decide not to accept"),
    types=DENUNCIATION,
    sources=DENUNCIATION_START,
    target=Status.NOT_ACCEPTED,
)
def denunciation_refuse(petition: Petition, *, on: date, data: dict) -> None:
    # The denouncer is told the legal ground (Art. 24(1)): an unmet acceptance condition of Art. 29(1),
    # from the table in force on the step's date; the free text only adds the particulars.
    code = _need(
        data, "ground", gettext_lazy("Choose the legal ground for not accepting (Denunciations Law Art. 29(1)).")
    )
    ground = denunciation_ground_get(code=code, on=on)
    if ground is None:
        raise ApplicationError(
            _("“%(ground)s” is not a ground in force on %(date)s for not accepting a denunciation (Art. 29).")
            % {"ground": code, "date": f"{on:%d/%m/%Y}"},
            extra={"field": "ground"},
        )
    details = (data.get("reason") or "").strip()
    petition.decision_summary = f"{ground.label}. {details}" if details else ground.label
    deadlines.deadline_close(petition, *DENUNCIATION_INTAKE, on=on)


def _normal_check_running(petition: Petition) -> bool:
    return deadlines.deadline_running(petition, "denunciation.initial_check", variant="") is not None


@transition(
    TransitionName.DENUNCIATION_EXTEND_CHECK,
    types=DENUNCIATION,
    sources=DENUNCIATION_START,
    label=gettext_lazy("Extend the initial check to 10 working days"),
    permission=PROCESS,
    available=_normal_check_running,
)
def denunciation_extend_check(petition: Petition, *, on: date, data: dict) -> str:
    # Art. 24(1): up to 10 working days when verification is needed in several places or is delegated.
    _need(data, "reason", gettext_lazy("Say why: verification in several places, or delegated."))
    deadlines.deadline_close(petition, "denunciation.initial_check", on=on, state=Deadline.State.CANCELLED)
    deadlines.deadline_open(
        petition,
        code="denunciation.initial_check",
        variant="max",
        start_date=petition.received_date,
        start_event="received",
    )
    return petition.status


@transition(
    TransitionName.DENUNCIATION_LEAD,
    label=gettext_lazy("Keep as an inspection lead"),
    types=DENUNCIATION,
    sources=DENUNCIATION_START,
    target=Status.INSPECTION_LEAD,
    permission=PROCESS,
)
def denunciation_lead(petition: Petition, *, on: date, data: dict) -> None:
    if petition.signer_kind != SignerKind.ANONYMOUS or not petition.has_concrete_evidence:
        raise ConflictError(_("Only an anonymous denunciation with concrete evidence becomes an inspection lead."))


@transition(
    TransitionName.DENUNCIATION_VERIFY,
    label=gettext_lazy("Start verification"),
    types=DENUNCIATION,
    sources={Status.ACCEPTED},
    target=Status.VERIFYING,
)
def denunciation_verify(petition: Petition, *, on: date, data: dict) -> None:
    deadlines.deadline_close(petition, "denunciation.notify_acceptance", on=on)


#: How many times the time limit of a denunciation of each complexity may be extended (Art. 30).
EXTENSIONS_ALLOWED: dict[str, int] = {Complexity.COMPLEX: 1, Complexity.ESPECIALLY_COMPLEX: 2}


@transition(
    TransitionName.DENUNCIATION_EXTEND,
    label=gettext_lazy("Extend the time limit"),
    types=DENUNCIATION,
    sources={Status.ACCEPTED, Status.VERIFYING},
    target=None,
)
def denunciation_extend(petition: Petition, *, on: date, data: dict) -> str:
    complexity = data.get("complexity") or petition.complexity
    allowed = EXTENSIONS_ALLOWED.get(complexity, 0)
    if petition.extensions >= allowed:
        raise ConflictError(_("No further extension: complex cases get one, especially complex cases two (Art. 30)."))
    data["days"] = extension_days(data.get("days"), on=on)
    petition.complexity = complexity
    petition.extensions += 1
    deadlines.deadline_extend(petition, "denunciation.resolution", days=data["days"])
    return petition.status


def extension_days(value, *, on: date) -> int:
    """The days one extension grants, as its decision states them: at least 1, at most the length of
    the extension rule in force (Denunciations Law Art. 30: "không quá 30 ngày")."""
    longest = deadlines.rule_length("denunciation.extension", on=on)
    try:
        days = int(value)
    except (TypeError, ValueError):
        days = 0
    if isinstance(value, bool) or not 1 <= days <= longest or str(value).strip() != str(days):
        raise ApplicationError(
            _("Give the days granted by this extension: a whole number from 1 to %(max)d (Denunciations Law Art. 30).")
            % {"max": longest},
            extra={"field": "days"},
        )
    return days


@transition(
    TransitionName.DENUNCIATION_SUSPEND,
    label=gettext_lazy("Suspend"),
    types=DENUNCIATION,
    sources={Status.ACCEPTED, Status.VERIFYING},
    target=Status.SUSPENDED,
)
def denunciation_suspend(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "reason", gettext_lazy("Give the ground for suspension."))
    petition.suspended_from_status = petition.status
    deadlines.deadline_pause(petition, "denunciation.resolution", on=on)
    # Art. 34(4): the suspension decision is sent within 5 working days.
    deadlines.deadline_open(petition, code="denunciation.suspension_notice", start_date=on, start_event="suspended")


@transition(
    TransitionName.DENUNCIATION_RESUME, label=gettext_lazy("Resume"), types=DENUNCIATION, sources={Status.SUSPENDED}
)
def denunciation_resume(petition: Petition, *, on: date, data: dict) -> str:
    deadlines.deadline_resume(petition, "denunciation.resolution", on=on)
    previous, petition.suspended_from_status = petition.suspended_from_status, ""
    return previous


@transition(
    TransitionName.DENUNCIATION_CONCLUDE,
    label=gettext_lazy("Issue the conclusion"),
    types=DENUNCIATION,
    sources={Status.VERIFYING},
    target=Status.CONCLUDED,
)
def denunciation_conclude(petition: Petition, *, on: date, data: dict) -> None:
    petition.decision_summary = _need(data, "conclusion", gettext_lazy("Summarise the conclusion."))
    petition.decided_on = on
    deadlines.deadline_close(petition, "denunciation.resolution", on=on)
    deadlines.deadline_open(petition, code="denunciation.conclusion_notify", start_date=on, start_event="concluded")
    deadlines.deadline_open(petition, code="denunciation.handling", start_date=on, start_event="concluded")
    _forwarder_result(petition, on=on)


@transition(
    TransitionName.DENUNCIATION_HANDLE,
    label=gettext_lazy("Record the handling measures"),
    types=DENUNCIATION,
    sources={Status.CONCLUDED},
    target=Status.HANDLING,
)
def denunciation_handle(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "measures", gettext_lazy("Describe the measures taken or recommended."))
    deadlines.deadline_close(petition, "denunciation.conclusion_notify", "denunciation.handling", on=on)


@transition(
    TransitionName.DENUNCIATION_CLOSE,
    label=gettext_lazy("Close the case"),
    types=DENUNCIATION,
    sources={Status.HANDLING},
    target=Status.CLOSED,
)
def denunciation_close(petition: Petition, *, on: date, data: dict) -> None:
    return None


@transition(
    TransitionName.DENUNCIATION_WITHDRAW,
    label=gettext_lazy("Record the withdrawal"),
    types=DENUNCIATION,
    sources={Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED},
    target=None,
)
def denunciation_withdraw(petition: Petition, *, on: date, data: dict) -> str:
    _need(data, "note", gettext_lazy("Refer to the withdrawal letter."))
    # Handling goes on when the act looks unlawful or the withdrawal was coerced (Art. 33).
    if data.get("continue_handling"):
        return petition.status
    return Status.WITHDRAWN


@transition(
    TransitionName.DENUNCIATION_TERMINATE,
    label=gettext_lazy("Terminate"),
    types=DENUNCIATION,
    sources={Status.ACCEPTED, Status.VERIFYING, Status.SUSPENDED},
    target=Status.TERMINATED,
)
def denunciation_terminate(petition: Petition, *, on: date, data: dict) -> None:
    _need(data, "reason", gettext_lazy("Give the ground for termination (Art. 34(3))."))
    # Art. 34(4): the termination decision is sent within 5 working days.
    deadlines.deadline_open(petition, code="denunciation.suspension_notice", start_date=on, start_event="terminated")


@transition(
    TransitionName.DENUNCIATION_REPORT_DEMANDED,
    types=DENUNCIATION,
    sources=DENUNCIATION_OPEN,
    label=gettext_lazy("Record the superior's demand for a report"),
)
def denunciation_report_demanded(petition: Petition, *, on: date, data: dict) -> str:
    # Art. 38: the resolver of an overdue denunciation reports within 5 working days of the superior's demand.
    _need(data, "note", gettext_lazy("Refer to the superior's written demand."))
    deadlines.deadline_open(petition, code="denunciation.overdue_report", start_date=on, start_event="report_demanded")
    return petition.status


def _report_demanded(petition: Petition) -> bool:
    return deadlines.deadline_running(petition, "denunciation.overdue_report") is not None


@transition(
    TransitionName.DENUNCIATION_REPORT,
    label=gettext_lazy("Record the report sent to the superior"),
    types=DENUNCIATION,
    sources=DENUNCIATION_OPEN,
    available=_report_demanded,
)
def denunciation_report(petition: Petition, *, on: date, data: dict) -> str:
    _need(data, "note", gettext_lazy("Refer to the report sent."))
    deadlines.deadline_close(petition, "denunciation.overdue_report", on=on)
    return petition.status


#
# Recommendations and feedback (Reception Law Art. 26–28)
#
@transition(
    TransitionName.PETITION_ACCEPT,
    label=gettext_lazy("Accept for an answer"),
    types=PETITION,
    sources={Status.ACCEPTANCE_PROPOSED},
    target=Status.ACCEPTED,
)
def recommendation_accept(petition: Petition, *, on: date, data: dict) -> None:
    petition.accepted_on = on
    deadlines.deadline_open(petition, code="petition.answer_sla", start_date=on, start_event="accepted")


@transition(
    TransitionName.PETITION_ANSWER,
    label=gettext_lazy("Record the answer"),
    types=PETITION,
    sources={Status.ACCEPTED},
    target=Status.ANSWERED,
)
def recommendation_answer(petition: Petition, *, on: date, data: dict) -> None:
    petition.decision_summary = _need(data, "answer", gettext_lazy("Summarise the answer."))
    petition.decided_on = on
    deadlines.deadline_close(petition, "petition.answer_sla", on=on)


@transition(
    TransitionName.PETITION_CLOSE,
    label=gettext_lazy("Close"),
    types=PETITION,
    sources={Status.ANSWERED},
    target=Status.CLOSED,
)
def recommendation_close(petition: Petition, *, on: date, data: dict) -> None:
    return None


#
# Petitions this unit forwarded (Reception Law Art. 28(2); domain.md §5.6)
#
@transition(
    TransitionName.FORWARD_REPLY,
    label=gettext_lazy("Record the competent body's result"),
    types=ANY_TYPE,
    sources={Status.FORWARDED},
    permission=PROCESS,
)
def forward_reply(petition: Petition, *, on: date, data: dict) -> str:
    _need(data, "note", gettext_lazy("Refer to the competent body's notice of the result."))
    if _flag(data.get("citizen_asked")):
        # The citizen asked to be told: within 5 working days of receiving the competent body's notice.
        deadlines.deadline_open(
            petition, code="reception.citizen_result_notice", start_date=on, start_event="result_received"
        )
    return petition.status
