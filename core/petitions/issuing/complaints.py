"""Documents issued by the steps of a complaint (NĐ 124/2020, NĐ 155/2026 from 1/7/2026)."""

from __future__ import annotations

from ..choices import TransitionName
from .common import sender_address, sender_line, senders
from .registry import Issue, StepFacts, issues


@issues(TransitionName.COMPLAINT_ACCEPT, "complaint.acceptance_notice")
def acceptance_notice(facts: StepFacts) -> Issue:
    petition = facts.petition
    resolution = petition.deadlines.filter(state="open", code__in=("complaint.first_resolution",
                                                                    "complaint.second_resolution",
                                                                    "complaint.disciplinary_resolution"))  # fmt: skip
    running = resolution.order_by("-id").first()
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
