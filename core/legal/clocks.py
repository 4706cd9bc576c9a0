"""Which step opens each clock of the rule table, and which rows were removed and why.

The rule table (``DeadlineRule``) says how long a clock runs; the domain steps decide when it starts. This table
ties the two, so a row no step opens is noticed: ``tests/core/legal/test_clocks_opened.py`` walks every code of
the rule table, fails for a code missing here, and runs each step named here with the real services to check that
it does open the clock. The platform admin shows it beside each rule.

A step is a petition transition (``core.petitions.workflow``, e.g. "complaint.decide") or one of the services
named below: "petition.register", "petition.classify", "visit.log" (a refusal), "session.schedule",
"dialogue.schedule", "forward.reply".
"""

from __future__ import annotations

#: code -> the steps that open it (domain.md §6; the row number in the comment).
OPENED_BY: dict[str, tuple[str, ...]] = {
    "schedule.publication": ("session.schedule",),  # 1
    "reception.outcome_notice": ("petition.register", "visit.log"),  # 2
    "reception.forwarder_result": ("complaint.decide", "denunciation.conclude"),  # 3
    "reception.citizen_result_notice": ("forward.reply",),  # 4
    "reception.refusal_notice": ("visit.log",),  # 5
    "submission.processing_sla": ("petition.register",),  # 6
    "complaint.limitation": ("complaint.accept",),  # 8
    "complaint.acceptance": ("petition.register",),  # 9
    "complaint.first_resolution": ("complaint.accept",),  # 10
    "complaint.second_resolution": ("complaint.accept",),  # 11
    "complaint.decision_send_first": ("complaint.decide",),  # 12
    "complaint.decision_send_second": ("complaint.decide",),  # 13
    "complaint.decision_publication": ("complaint.decide",),  # 14
    "complaint.second_complaint_window": ("complaint.decide", "complaint.accept"),  # 15
    "complaint.decision_effect": ("complaint.decide",),  # 16
    "complaint.execution_direction": ("complaint.take_effect",),  # 17
    "complaint.dialogue_invitation": ("dialogue.schedule",),  # 18
    "complaint.suspension_notice": ("complaint.suspend", "complaint.resume", "complaint.terminate"),  # 19
    "complaint.disciplinary_first_window": ("complaint.accept",),  # 20
    "complaint.disciplinary_second_window": ("complaint.decide", "complaint.accept"),  # 20
    "complaint.disciplinary_acceptance": ("petition.register",),  # 21
    "complaint.disciplinary_resolution": ("complaint.accept",),  # 21
    "denunciation.initial_check": ("petition.register", "denunciation.extend_check"),  # 22
    "denunciation.forward": ("petition.classify",),  # 23
    "denunciation.notify_acceptance": ("denunciation.accept",),  # 24
    "denunciation.resolution": ("denunciation.accept",),  # 25
    "denunciation.extension": ("denunciation.extend",),  # 25: lengthens denunciation.resolution
    "denunciation.suspension_notice": ("denunciation.suspend", "denunciation.terminate"),  # 26
    "denunciation.conclusion_notify": ("denunciation.conclude",),  # 27
    "denunciation.handling": ("denunciation.conclude",),  # 28
    "denunciation.follow_up_review": ("petition.register",),  # 30
    "denunciation.overdue_report_demand": ("petition.register",),  # 31
    "denunciation.overdue_report": ("denunciation.report_demanded",),  # 31
    "denunciation.forwarder_result": ("petition.register",),  # 32
    "reception.online_notice": ("session.schedule",),  # 33
    "reception.online_link_test": ("session.schedule",),  # 33
    "submission.hard_alarm": ("petition.register",),  # 34
    "petition.answer_sla": ("petition.accept",),  # 36
}

#: Rows taken out of the rule table (migration legal 0009), with the reason.
REMOVED: dict[str, str] = {
    "denunciation.sanction_report": (
        "§6 row 29 (Denunciations Law Art. 36(3)) is a duty of the body a resolver asked to sanction someone, counted "
        "from that body's own sanction decision: it reaches that body as a recommendation, not as a petition, so no "
        "step of this platform records its start. The resolver follows the recommendation up as a monitoring task."
    ),
}
