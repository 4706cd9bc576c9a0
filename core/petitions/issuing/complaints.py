"""Documents issued by the steps of a complaint (NĐ 124/2020, NĐ 155/2026 from 1/7/2026)."""

from __future__ import annotations

from ..choices import TransitionName
from ..deadlines import deadline_running
from .common import sender_address, sender_line, senders
from .registry import Issue, StepFacts, issues

#: The clock complaint acceptance opens, whose length the notice states.
RESOLUTION_CLOCKS = ("complaint.first_resolution", "complaint.second_resolution", "complaint.disciplinary_resolution")


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
