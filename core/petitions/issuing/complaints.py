"""Documents issued by the steps of a complaint (NĐ 124/2020, NĐ 155/2026 from 1/7/2026)."""

from __future__ import annotations

from core.documents.issuer import issuer_for
from core.documents.models import DocumentSettings
from core.documents.selectors import documents_for
from core.legal.selectors import complaint_ground_get
from tenants.models import COMMUNE_LEVEL_KINDS, UnitKind
from tenants.selectors import unit_current

from ..choices import Status, TransitionName
from ..deadlines import deadline_running
from .common import sender_address, sender_line, senders
from .registry import Issue, StepFacts, issues

#: The clock complaint acceptance opens, whose length the notice states.
RESOLUTION_CLOCKS = ("complaint.first_resolution", "complaint.second_resolution", "complaint.disciplinary_resolution")
#: NĐ 124/2020 Art. 28b(2) (added by NĐ 155/2026): resumed when the ground for suspension is gone.
RESUMPTION_DEFAULT_REASON = "Căn cứ tạm đình chỉ giải quyết khiếu nại không còn."


@issues(TransitionName.COMPLAINT_ACCEPT, "complaint.acceptance_notice")
def acceptance_notice(facts: StepFacts) -> Issue:
    petition = facts.petition
    running = next(
        filter(None, (deadline_running(petition, code) for code in RESOLUTION_CLOCKS)),
        None,
    )
    level = petition.complaint_level or 1
    return Issue(
        context={
            "complainant": sender_line(petition),
            "complainant_address": sender_address(petition),
            "received_on": petition.received_date.isoformat(),
            "complaint_subject": petition.subject,
            "resolver": (facts.data.get("resolver") or "").strip() or "người có thẩm quyền giải quyết",
            "accepted_on": facts.on.isoformat(),
            "level_text": "đầu" if level == 1 else "hai",
            "time_limit_days": running.length if running is not None else "",
        },
        kinh_gui=senders(petition),
        recipients=["Như trên"],
    )


#
# The other steps (domain.md §4.7, §5.3): each builder reads the case as the step left it.
#
#: How the rights article counts a first-level decision's window, and the effect clock's code.
FILING_WINDOWS = ("complaint.second_complaint_window", "complaint.disciplinary_second_window")
ACTION_TEXT = {TransitionName.COMPLAINT_SUSPEND: "tạm đình chỉ", TransitionName.COMPLAINT_TERMINATE: "đình chỉ"}
#: The dialogue minutes are kept in at least three copies, one for each party (NĐ 155/2026 Art. 11).
DIALOGUE_COPIES = 3


def _event(facts: StepFacts, kind: str):
    """The latest earlier step ``kind`` of this case (its event; the current step has none yet)."""
    return facts.petition.events.filter(kind=kind).order_by("-event_date", "-id").first()


def _issued(facts: StepFacts, kind: str):
    return documents_for(subject=facts.petition).filter(kind=kind).exclude(status="cancelled").last()


def resolver_title(facts: StepFacts) -> str:
    """Who resolves the complaint, as the decision's issuing authority reads: the step's own input,
    else the one the acceptance named, else the head of the unit (the chairman of a People's
    Committee, the head of any other body)."""
    given = (facts.data.get("resolver") or "").strip()
    if given:
        return given
    accepted = _event(facts, TransitionName.COMPLAINT_ACCEPT)
    if accepted is not None and (accepted.data.get("resolver") or "").strip():
        return accepted.data["resolver"].strip()
    unit = unit_current()
    body = issuer_for(unit, DocumentSettings.objects.first()).body_name
    if unit.kind in COMMUNE_LEVEL_KINDS or unit.kind in (UnitKind.PROVINCIAL_COMMITTEE, UnitKind.LEGACY_DISTRICT):
        return f"Chủ tịch {body[:1].lower()}{body[1:]}" if body.startswith("Ủy ban") else f"Chủ tịch {body}"
    return f"Thủ trưởng {body}"


def _case(facts: StepFacts) -> dict:
    petition = facts.petition
    return {
        "complainant": sender_line(petition),
        "complainant_address": sender_address(petition),
        "received_on": petition.received_date.isoformat(),
        "complaint_subject": petition.subject,
        "resolver_title": resolver_title(facts),
    }


def _lines(text: str) -> list[str]:
    return [line.strip() for line in (text or "").splitlines() if line.strip()]


@issues(TransitionName.COMPLAINT_REFUSE, "complaint.non_acceptance_notice")
def non_acceptance_notice(facts: StepFacts) -> Issue:
    # The ground was checked against the table in force by the step (workflow.complaint_refuse).
    ground = complaint_ground_get(code=facts.data["ground"], on=facts.on)
    if ground is None:
        raise ValueError(f"no complaint ground {facts.data['ground']!r} in force on {facts.on}")
    return Issue(
        context={
            **_case(facts),
            "ground_clause": ground.clause,
            "ground_text": ground.text,
            "reason": (facts.data.get("reason") or "").strip(),
        },
        kinh_gui=senders(facts.petition),
        recipients=["Như trên", "Lưu: VT, hồ sơ"],
    )


@issues(TransitionName.COMPLAINT_VERIFY, "complaint.verification_decision")
def verification_decision(facts: StepFacts) -> Issue:
    data = facts.data
    return Issue(
        context={
            **_case(facts),
            "verifier": data["verifier"],
            "verification_content": data.get("verification_content") or facts.petition.summary,
            "verification_days": data["verification_days"],
            "verification_due": data["verification_due"],
            "decided_on": facts.on.isoformat(),
        },
        recipients=["Như Điều 3", "Lưu: VT, hồ sơ"],
    )


@issues(TransitionName.COMPLAINT_DIALOGUE, "complaint.dialogue_minutes")
def dialogue_minutes(facts: StepFacts) -> Issue:
    data = facts.data
    names = senders(facts.petition)
    return Issue(
        context={
            **_case(facts),
            "complainant_name": names[0] if len(names) == 1 else "",
            "dialogue_date": facts.on.isoformat(),
            "dialogue_time": (data.get("dialogue_time") or "").strip(),
            "place": (data.get("place") or "").strip() or f"trụ sở {issuer_for(unit_current()).body_name}",
            "participants": _lines(data["participants"]),
            "content": _lines(data["minutes"]),
            "result": _lines(data["dialogue_result"]),
            "copies": DIALOGUE_COPIES,
        },
    )


@issues(TransitionName.COMPLAINT_SUSPEND, "complaint.suspension_decision")
@issues(TransitionName.COMPLAINT_TERMINATE, "complaint.suspension_decision")
def suspension_decision(facts: StepFacts) -> Issue:
    # Registered once per step: the step is the one whose status the petition now shows.
    suspended = facts.petition.status == Status.SUSPENDED
    step = TransitionName.COMPLAINT_SUSPEND if suspended else TransitionName.COMPLAINT_TERMINATE
    accepted = facts.petition.accepted_on
    return Issue(
        context={
            **_case(facts),
            "accepted_on": accepted.isoformat() if accepted else "",
            "action_text": ACTION_TEXT[step],
            "suspended": suspended,
            "reason": facts.data["reason"].strip(),
        },
        recipients=["Như Điều 3", "Lưu: VT, hồ sơ"],
    )


@issues(TransitionName.COMPLAINT_RESUME, "complaint.resumption_decision")
def resumption_decision(facts: StepFacts) -> Issue:
    suspended = _event(facts, TransitionName.COMPLAINT_SUSPEND)
    suspension = _issued(facts, "complaint.suspension_decision")
    running = next(filter(None, (deadline_running(facts.petition, code) for code in RESOLUTION_CLOCKS)), None)
    return Issue(
        context={
            **_case(facts),
            "suspended_on": suspended.event_date.isoformat() if suspended else "",
            "suspension_number": suspension.number_display if suspension else "",
            "reason": (facts.data.get("reason") or "").strip() or RESUMPTION_DEFAULT_REASON,
            "resolution_due": running.due_date.isoformat() if running and running.due_date else "",
        },
        recipients=["Như Điều 3", "Lưu: VT, hồ sơ"],
    )


def _verification_text(facts: StepFacts) -> str:
    verified = _event(facts, TransitionName.COMPLAINT_VERIFY)
    if verified is None or not verified.data.get("verifier"):
        return ""
    decision = next(iter(verified.data.get("documents", [])), "")
    cited = f" theo Quyết định số {decision} ngày {verified.event_date:%d/%m/%Y}" if decision else ""
    return f"{verified.data['verifier']} đã xác minh nội dung khiếu nại{cited}."


def _dialogue_text(facts: StepFacts) -> str:
    held = _event(facts, TransitionName.COMPLAINT_DIALOGUE)
    if held is None:
        return ""
    result = "; ".join(_lines(held.data.get("dialogue_result") or held.data.get("minutes") or ""))
    return f"Kết quả đối thoại ngày {held.event_date:%d/%m/%Y}: {result.rstrip('.')}."


@issues(TransitionName.COMPLAINT_DECIDE, "complaint.resolution_decision")
def resolution_decision(facts: StepFacts) -> Issue:
    petition = facts.petition
    level = petition.complaint_level or 1
    window = next(filter(None, (deadline_running(petition, code) for code in FILING_WINDOWS)), None)
    effect = deadline_running(petition, "complaint.decision_effect")
    recipients = ["Như Điều 4"]
    if petition.forwarded_by:
        # Reception Law Art. 27(2): the body that forwarded the complaint is told the result.
        recipients.append(petition.forwarded_by)
    return Issue(
        context={
            **_case(facts),
            "level": level,
            "level_text": "đầu" if level == 1 else "hai",
            "summary": petition.summary.strip(),
            "verification": _verification_text(facts),
            "dialogue": _dialogue_text(facts),
            # What the step recorded (services.results), already checked against the level.
            "result": facts.data["results"]["verdict"],
            "decision": facts.data["decision"].strip(),
            "appeal_days": window.length if window is not None else "",
            "effect_days": effect.length if effect is not None else "",
        },
        recipients=[*recipients, "Lưu: VT, hồ sơ"],
    )


@issues(TransitionName.COMPLAINT_PUBLISH, "complaint.publication_minutes")
def publication_minutes(facts: StepFacts) -> Issue:
    decision = _issued(facts, "complaint.resolution_decision")
    decided_on = decision.issued_on if decision is not None else facts.petition.decided_on
    return Issue(
        context={
            **_case(facts),
            "published_on": facts.on.isoformat(),
            "decision_number": decision.number_display if decision is not None else "",
            "decided_on": decided_on.isoformat() if decided_on else "",
            "channel": facts.data["channel"].strip(),
            "participants": (facts.data.get("participants") or "").strip(),
        },
    )
