"""Documents issued by the steps of a denunciation (Denunciations Law 25/2018; NĐ 31/2019, amended by
NĐ 156/2026 from 1/7/2026; domain.md §4.7, §5.4).

The denouncer's identity is sealed (Law Art. 47; domain.md §8). Only the notices addressed to the
denouncer (``DocumentKind.may_name_denouncer``) carry it, and they get it through the sealing
module's audited read (``sealed_denouncer_for_document``), never from the case: the accused, the
verification team and the accused's managing body read the others, which name no one but the
accused. An anonymous denunciation has no one to notify, so those notices are not due.
"""

from __future__ import annotations

from core.documents.kinds import kind_get
from core.documents.models import IssuedDocument
from core.documents.selectors import documents_for
from core.legal.selectors import denunciation_ground_get

from ..choices import ResultVerdict, SignerKind, TransitionName
from ..deadlines import deadline_running
from ..services.sealed import sealed_denouncer_for_document
from .registry import Issue, StepFacts, issues

#: How a conclusion states what the verification found (Law Art. 35(1)).
VERDICT_TEXT: dict[str, str] = {
    ResultVerdict.RIGHT: "đúng",
    ResultVerdict.PARTLY_RIGHT: "đúng một phần",
    ResultVerdict.WRONG: "sai",
}
COMPLEXITY_TEXT = {"complex": "phức tạp", "especially_complex": "đặc biệt phức tạp"}
ORDINAL = {1: "thứ nhất", 2: "thứ hai"}
#: Who besides the addressee receives a document; never the denouncer by name.
TO_ACCUSED_BODY = "Cơ quan, tổ chức quản lý người bị tố cáo"


def _resolver(facts: StepFacts) -> str:
    """Who resolves the denunciation: the head recording the step, by their position in the unit."""
    given = (facts.data.get("resolver") or "").strip()
    if given:
        return given
    position = (getattr(facts.actor, "position", "") or "").strip()
    return position or "Người giải quyết tố cáo"


def _denouncer(facts: StepFacts, kind: str) -> dict | None:
    if facts.petition.signer_kind == SignerKind.ANONYMOUS or not facts.petition.is_confidential:
        return None
    return sealed_denouncer_for_document(
        petition=facts.petition, actor=facts.actor, kind_label=str(kind_get(kind).label)
    )


def _issued(facts: StepFacts, kind: str):
    """The latest document of ``kind`` this case issued (the acceptance decision a notice cites…)."""
    return (
        documents_for(subject=facts.petition).filter(kind=kind).exclude(status=IssuedDocument.Status.CANCELLED).last()
    )


def _acceptance(facts: StepFacts) -> dict:
    decision = _issued(facts, "denunciation.acceptance_decision")
    return {
        "decision_number": decision.number_display if decision else "",
        "decision_date": (decision.issued_on if decision else facts.petition.accepted_on or facts.on).isoformat(),
    }


def _case(facts: StepFacts) -> dict:
    petition = facts.petition
    return {"resolver": _resolver(facts), "accused": petition.subject, "content": petition.summary.strip().rstrip(".")}


def _lines(text: str) -> list[str]:
    return [line.strip().lstrip("-•").strip().rstrip(";.") for line in (text or "").splitlines() if line.strip()]


@issues(TransitionName.DENUNCIATION_ACCEPT, "denunciation.acceptance_decision")
def acceptance_decision(facts: StepFacts) -> Issue:
    running = deadline_running(facts.petition, "denunciation.resolution")
    return Issue(
        context={
            **_case(facts),
            "received_on": facts.petition.received_date.isoformat(),
            "time_limit_days": running.length if running is not None else 30,
            "team": _lines(facts.data.get("verification_team", "")),
        },
        recipients=["Như Điều 4", "Người bị tố cáo"],
    )


@issues(TransitionName.DENUNCIATION_ACCEPT, "denunciation.acceptance_notice")
def acceptance_notice(facts: StepFacts) -> Issue | None:
    denouncer = _denouncer(facts, "denunciation.acceptance_notice")
    if denouncer is None:
        return None
    return Issue(context={**_case(facts), **_acceptance(facts)}, recipients=["Như trên"], denouncer=denouncer)


@issues(TransitionName.DENUNCIATION_ACCEPT, "denunciation.content_notice")
def content_notice(facts: StepFacts) -> Issue:
    # Law Art. 29(3): the accused is told the content within 5 working days of the acceptance decision.
    return Issue(
        context={**_case(facts), **_acceptance(facts)},
        kinh_gui=[facts.petition.subject],
        recipients=["Như trên"],
    )


@issues(TransitionName.DENUNCIATION_EXTEND, "denunciation.extension_decision")
def extension_decision(facts: StepFacts) -> Issue:
    petition = facts.petition
    return Issue(
        context={
            **_case(facts),
            **_acceptance(facts),
            "days": facts.data["days"],
            "extension_text": ORDINAL.get(petition.extensions, str(petition.extensions)),
            "complexity_text": COMPLEXITY_TEXT.get(petition.complexity, "phức tạp"),
            "reason": (facts.data.get("reason") or "").strip().rstrip("."),
        },
        # Law Art. 30: sent to the denouncer, the accused and the parties concerned.
        recipients=["Như Điều 2", "Người tố cáo", "Người bị tố cáo"],
    )


@issues(TransitionName.DENUNCIATION_REFUSE, "denunciation.refusal_notice")
def refusal_notice(facts: StepFacts) -> Issue | None:
    denouncer = _denouncer(facts, "denunciation.refusal_notice")
    if denouncer is None:
        return None
    return Issue(
        context={
            "resolver": _resolver(facts),
            "accused": facts.petition.subject,
            "received_on": facts.petition.received_date.isoformat(),
            "reason": _refusal_reason(facts),
        },
        recipients=["Như trên"],
        denouncer=denouncer,
    )


def _refusal_reason(facts: StepFacts) -> str:
    """The Art. 29(1) ground the step checked, in the Law's words, then the officer's particulars.
    A refusal recorded before grounds were a list has only the free text."""
    details = (facts.data.get("reason") or "").strip().rstrip(".")
    ground = denunciation_ground_get(code=facts.data.get("ground") or "", on=facts.on)
    if ground is None:
        return details
    # The notice already cites Art. 29; the ground's own words follow "với lý do:".
    return f"{ground.text}; cụ thể: {details}" if details else ground.text


def _verdict(facts: StepFacts) -> str:
    return VERDICT_TEXT.get(facts.data.get("result") or "", "như kết quả xác minh nêu trên")


@issues(TransitionName.DENUNCIATION_CONCLUDE, "denunciation.conclusion")
def conclusion(facts: StepFacts) -> Issue:
    return Issue(
        context={
            **_case(facts),
            **_acceptance(facts),
            "conclusion": facts.petition.decision_summary,
            "verdict_text": _verdict(facts),
        },
        # Law Art. 35(3): to the accused and their managing body; the denouncer gets the notice below.
        recipients=["Người bị tố cáo", TO_ACCUSED_BODY],
    )


@issues(TransitionName.DENUNCIATION_CONCLUDE, "denunciation.result_notice")
def result_notice(facts: StepFacts) -> Issue | None:
    denouncer = _denouncer(facts, "denunciation.result_notice")
    if denouncer is None:
        return None
    concluded = _issued(facts, "denunciation.conclusion")
    return Issue(
        context={
            **_case(facts),
            "conclusion_number": concluded.number_display if concluded else "",
            "conclusion_date": (concluded.issued_on if concluded else facts.on).isoformat(),
            "conclusion": facts.petition.decision_summary,
            "verdict_text": _verdict(facts),
        },
        recipients=["Như trên"],
        denouncer=denouncer,
    )


@issues(TransitionName.DENUNCIATION_HANDLE, "denunciation.handling_decision")
def handling_decision(facts: StepFacts) -> Issue:
    concluded = _issued(facts, "denunciation.conclusion")
    return Issue(
        context={
            "resolver": _resolver(facts),
            "accused": facts.petition.subject,
            "conclusion_number": concluded.number_display if concluded else "",
            "conclusion_date": (
                concluded.issued_on if concluded else facts.petition.decided_on or facts.on
            ).isoformat(),
            "measures": (facts.data.get("measures") or "").strip(),
        },
        recipients=["Như Điều 3", TO_ACCUSED_BODY],
    )
