"""Documents issued by the processing outcomes (TT 05/2021; domain.md §4.7, §5.2).

Each outcome is a step ``outcome_event(outcome)``; what it issues depends on the case:

* accept (propose acceptance): Form 01, the officer's proposal to the head, signed by both;
* guide: Form 02 to the sender, or, for a letter with mixed contents, the guidance to split it;
* forward: a denunciation goes on Form 03 (TT 05/2021 Art. 14), which never names the denouncer,
  and the denouncer is told in a notice of their own (Denunciations Law Art. 24(2)) — not due when
  the denunciation is anonymous; a complaint, recommendation or feedback goes on its own form;
* return: the letter returning the petition to the body that sent it to the wrong place;
* chase: the reminder (đôn đốc) to the subordinate body that is overdue;
* file (lưu đơn): nothing — filing is recorded in the register of petitions, not in a letter.

The step's inputs (``facts.data``) are validated by ``services.petitions.petition_decide_outcome``.
"""

from __future__ import annotations

from core.documents.kinds import kind_get

from ..choices import Outcome, PetitionType, outcome_event
from ..models import Petition
from ..services.sealed import sealed_denouncer_for_document
from .common import SEALED_SENDER, sender_address, senders
from .complaints import resolver_title
from .registry import Issue, StepFacts, issues

#: How a document names the type of a petition in running text ("đơn khiếu nại").
TYPE_TEXT: dict[str, str] = {
    PetitionType.COMPLAINT: "khiếu nại",
    PetitionType.DENUNCIATION: "tố cáo",
    PetitionType.RECOMMENDATION: "kiến nghị",
    PetitionType.FEEDBACK: "phản ánh",
    PetitionType.MIXED: "có nhiều nội dung",
}
#: How a letter addresses a sender whose sex the book does not record.
SALUTATION = "Ông/Bà"
#: The copy Form 03 lists for the denouncer, who is told in a notice of their own: never by name.
DENOUNCER_COPY = "Người tố cáo (thông báo riêng)"


def _sender_text(petition: Petition) -> str:
    """Who wrote, in running text; a sealed denouncer never by name (Denunciations Law Art. 47)."""
    if petition.is_confidential:
        return SEALED_SENDER[:1].lower() + SEALED_SENDER[1:]
    names = senders(petition)
    if not names:
        return "người gửi đơn không ghi tên"
    return ", ".join(f"{SALUTATION.lower()} {name}" for name in names)


def _addressees(petition: Petition) -> list[str]:
    """The senders as a letter addresses them (none for a sealed or anonymous petition)."""
    return [f"{SALUTATION} {name}" for name in senders(petition)]


def _case(facts: StepFacts) -> dict:
    """What every processing document says about the petition and the step's inputs."""
    petition, data = facts.petition, facts.data
    names = senders(petition)
    return {
        "registry_number": petition.registry_number,
        "received_on": petition.received_date.isoformat(),
        "sender": _sender_text(petition),
        "sender_address": sender_address(petition),
        "addressee": ", ".join(f"{SALUTATION.lower()} {name}" for name in names),
        "type_text": TYPE_TEXT.get(petition.petition_type, ""),
        "subject": petition.subject.strip().rstrip("."),
        "summary": petition.summary.strip(),
        "competent_body": petition.competent_body,
        "legal_ground": (data.get("legal_ground") or "").strip().rstrip("."),
    }


@issues(outcome_event(Outcome.ACCEPTANCE_PROPOSED), "petition.acceptance_proposal")
def acceptance_proposal(facts: StepFacts) -> Issue:
    resolver = resolver_title(facts)
    # An internal slip from the officer to the head: no "Nơi nhận" beyond the file copy.
    return Issue(context={**_case(facts), "resolver": resolver}, kinh_gui=[resolver])


@issues(outcome_event(Outcome.GUIDED), "petition.guidance")
def guidance(facts: StepFacts) -> Issue | None:
    if facts.petition.petition_type == PetitionType.MIXED:
        return None  # the mixed-contents guidance below
    return Issue(
        context={**_case(facts), "guidance": (facts.data.get("guidance") or "").strip()},
        kinh_gui=_addressees(facts.petition),
    )


@issues(outcome_event(Outcome.GUIDED), "petition.mixed_guidance")
def mixed_guidance(facts: StepFacts) -> Issue | None:
    petition = facts.petition
    if petition.petition_type != PetitionType.MIXED:
        return None
    context = {**_case(facts), "guidance": (facts.data.get("guidance") or "").strip()}
    if not petition.is_confidential:
        return Issue(context=context, kinh_gui=_addressees(petition))
    # A mixed letter's sender is sealed like a denouncer: the guidance is addressed to them by the
    # engine alone (the read audited), and the document opens for cleared officers only.
    kind = kind_get("petition.mixed_guidance")
    denouncer = sealed_denouncer_for_document(petition=petition, actor=facts.actor, kind_label=str(kind.label))
    return Issue(context=context, denouncer=denouncer)


@issues(outcome_event(Outcome.FORWARDED), "petition.denunciation_forwarding")
def denunciation_forwarding(facts: StepFacts) -> Issue | None:
    """Form 03, for a denunciation only (TT 05/2021 Art. 14): it goes to the competent body and
    names no denouncer; the denouncer is listed as told separately."""
    petition = facts.petition
    if petition.petition_type != PetitionType.DENUNCIATION:
        return None
    recipients = ["Như trên", DENOUNCER_COPY] if petition.is_confidential else ["Như trên"]
    return Issue(
        context={**_case(facts), "sender_address": ""},
        kinh_gui=[petition.competent_body],
        recipients=recipients,
    )


@issues(outcome_event(Outcome.FORWARDED), "petition.denunciation_forwarding_notice")
def denunciation_forwarding_notice(facts: StepFacts) -> Issue | None:
    """The denouncer is told the denunciation was forwarded (Denunciations Law Art. 24(2)); only a
    denouncer whose identity the unit holds (sealed) can be told, so an anonymous one is not."""
    petition = facts.petition
    if petition.petition_type != PetitionType.DENUNCIATION or not petition.is_confidential:
        return None
    kind = kind_get("petition.denunciation_forwarding_notice")
    denouncer = sealed_denouncer_for_document(petition=petition, actor=facts.actor, kind_label=str(kind.label))
    if denouncer is None:
        return None
    return Issue(
        context={
            "received_on": petition.received_date.isoformat(),
            "subject": petition.subject.strip().rstrip("."),
            "competent_body": petition.competent_body,
            "forwarded_on": facts.on.isoformat(),
        },
        recipients=["Như trên"],
        denouncer=denouncer,
    )


@issues(outcome_event(Outcome.FORWARDED), "petition.forwarding")
def forwarding(facts: StepFacts) -> Issue | None:
    """A complaint, recommendation or feedback forwarded to the competent body, with its own form
    (Form 03 is for denunciations only); the sender gets a copy."""
    petition = facts.petition
    if petition.petition_type == PetitionType.DENUNCIATION:
        return None
    copies = [f"{name} (để biết)" for name in _addressees(petition)]
    return Issue(context=_case(facts), kinh_gui=[petition.competent_body], recipients=["Như trên", *copies])


@issues(outcome_event(Outcome.RETURNED), "petition.return")
def returned(facts: StepFacts) -> Issue:
    petition = facts.petition
    return Issue(
        context={
            **_case(facts),
            "reason": (facts.data.get("reason") or "").strip(),
            "forwarded_by": petition.forwarded_by,
            "forwarding_reference": petition.forwarding_reference,
        },
        kinh_gui=[petition.competent_body],
        recipients=["Như trên"],
    )


@issues(outcome_event(Outcome.CHASED), "petition.reminder")
def reminder(facts: StepFacts) -> Issue:
    data = facts.data
    return Issue(
        context={
            **_case(facts),
            "reference": (data.get("reference") or "").strip(),
            "report_by": data.get("report_by") or "",
        },
        kinh_gui=[facts.petition.competent_body],
        recipients=["Như trên"],
    )
