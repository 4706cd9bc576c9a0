"""Which steps of a petition the national database is told about, and as what.

NĐ 55/2022 Art. 8 [S] asks for the data right after reception (or the acceptance notice), then
during processing and handling. We export every step that changes what the database holds about
the case: reception, classification, the processing outcome, acceptance or refusal, the steps of
the handling, the result, its publication and its execution, and the end of the case. Not exported:
an attachment added, the transfer messages between units of the platform (the receiving unit
exports its own registration), a reply received to a forwarded letter, and the demand for and the
report of a lower body about an overdue denunciation (its own case, at that body).
"""

from __future__ import annotations

from core.petitions.choices import RESOLVING_EVENTS, EventKind, Outcome, TransitionName, outcome_event

from .choices import ExportEvent, Milestone

T = TransitionName

EXPORTED: dict[str, tuple[ExportEvent, Milestone]] = {
    EventKind.REGISTERED: (ExportEvent.RECEIVED, Milestone.CASE),
    EventKind.CLASSIFIED: (ExportEvent.CLASSIFIED, Milestone.PROCESSING_RESULT),
    **{
        outcome_event(outcome): (
            ExportEvent.FORWARDED if outcome == Outcome.FORWARDED else ExportEvent.PROCESSED,
            Milestone.PROCESSING_RESULT,
        )
        for outcome in Outcome.values
    },
    **dict.fromkeys(
        (T.COMPLAINT_ACCEPT, T.DENUNCIATION_ACCEPT, T.PETITION_ACCEPT),
        (ExportEvent.ACCEPTED, Milestone.HANDLING_INFORMATION),
    ),
    T.COMPLAINT_REFUSE: (ExportEvent.NOT_ACCEPTED, Milestone.HANDLING_INFORMATION),
    T.DENUNCIATION_REFUSE: (ExportEvent.NOT_ACCEPTED, Milestone.HANDLING_INFORMATION),
    T.DENUNCIATION_LEAD: (ExportEvent.INSPECTION_LEAD, Milestone.HANDLING_INFORMATION),
    **dict.fromkeys(
        (
            T.COMPLAINT_VERIFY,
            T.COMPLAINT_DIALOGUE,
            T.COMPLAINT_SUSPEND,
            T.COMPLAINT_RESUME,
            T.DENUNCIATION_EXTEND_CHECK,
            T.DENUNCIATION_VERIFY,
            T.DENUNCIATION_EXTEND,
            T.DENUNCIATION_SUSPEND,
            T.DENUNCIATION_RESUME,
        ),
        (ExportEvent.HANDLING, Milestone.HANDLING_INFORMATION),
    ),
    **dict.fromkeys(RESOLVING_EVENTS, (ExportEvent.RESOLVED, Milestone.HANDLING_RESULT)),
    T.COMPLAINT_PUBLISH: (ExportEvent.PUBLISHED, Milestone.HANDLING_RESULT),
    T.COMPLAINT_TAKE_EFFECT: (ExportEvent.EFFECTIVE, Milestone.EXECUTION),
    T.COMPLAINT_EXECUTE: (ExportEvent.EXECUTED, Milestone.EXECUTION),
    T.DENUNCIATION_HANDLE: (ExportEvent.EXECUTED, Milestone.EXECUTION),
    **dict.fromkeys(
        (T.COMPLAINT_CLOSE, T.DENUNCIATION_CLOSE, T.PETITION_CLOSE), (ExportEvent.CLOSED, Milestone.HANDLING_RESULT)
    ),
    T.COMPLAINT_WITHDRAW: (ExportEvent.WITHDRAWN, Milestone.HANDLING_RESULT),
    T.DENUNCIATION_WITHDRAW: (ExportEvent.WITHDRAWN, Milestone.HANDLING_RESULT),
    T.COMPLAINT_TERMINATE: (ExportEvent.TERMINATED, Milestone.HANDLING_RESULT),
    T.DENUNCIATION_TERMINATE: (ExportEvent.TERMINATED, Milestone.HANDLING_RESULT),
}


def exported_as(kind: str) -> tuple[ExportEvent, Milestone] | None:
    """The package's event name and milestone of a step, or None when the step is not exported."""
    return EXPORTED.get(kind)


#: The steps left out on purpose (see above); a test keeps every step either here or exported.
NOT_EXPORTED = frozenset(
    {
        EventKind.ATTACHMENT_ADDED,
        EventKind.TRANSFER_ACKNOWLEDGED,
        EventKind.TRANSFER_CHASED,
        EventKind.TRANSFER_RECEIVED,
        EventKind.TRANSFER_FAILED,
        T.FORWARD_REPLY,
        T.DENUNCIATION_REPORT_DEMANDED,
        T.DENUNCIATION_REPORT,
    }
)
