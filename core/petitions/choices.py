from enum import StrEnum

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Channel(models.TextChoices):
    RECEPTION = "reception", _("Handed in at reception")
    POST = "post", _("By post")
    ONLINE = "online", _("Online")
    TRANSFERRED = "transferred", _("Transferred from another unit")
    FORWARDED = "forwarded", _("Forwarded by the press, an elected body or an authority")
    HANDED_BY_LEADER = "leader", _("Handed on by a leader")


class SignerKind(models.TextChoices):
    ONE = "one", _("One person")
    SEVERAL = "several", _("Several people")
    ANONYMOUS = "anonymous", _("Anonymous")


class PetitionType(models.TextChoices):
    COMPLAINT = "complaint", _("Complaint")
    DENUNCIATION = "denunciation", _("Denunciation")
    RECOMMENDATION = "recommendation", _("Recommendation")
    FEEDBACK = "feedback", _("Feedback")
    MIXED = "mixed", _("Mixed contents")


#: The types whose senders are sealed at registration (Denunciations Law Art. 47): a denunciation,
#: and a letter mixing a denunciation with a complaint or a recommendation, where the denouncer is
#: as exposed as in a denunciation alone.
SEALED_SENDER_TYPES = frozenset({PetitionType.DENUNCIATION, PetitionType.MIXED})


class NotProcessableReason(models.TextChoices):
    """TT 05/2021 Art. 6(2)(b) (partial list, domain.md §4.3) and the formal conditions of Art. 6(2)(a)."""

    NO_NAME_OR_ADDRESS = "no_identity", _("No name or address of the writer")
    UNSIGNED = "unsigned", _("Not signed or fingerprinted")
    NOT_VIETNAMESE = "language", _("Not in Vietnamese and no certified translation")
    OFFENSIVE = "offensive", _("Opposes the State's policy, divisive, profane or insulting")
    ILLEGIBLE = "illegible", _("Torn, erased or illegible")
    ANONYMOUS_NO_EVIDENCE = "anonymous", _("Anonymous without concrete, verifiable evidence")
    ALREADY_RESOLVED = "resolved", _("Finally resolved already, with no new facts")
    DUPLICATE = "duplicate", _("Duplicate of a submission already guided or forwarded")


class Outcome(models.TextChoices):
    """The processing outcomes of TT 05/2021 (domain.md §5.2)."""

    ACCEPTANCE_PROPOSED = "accept", _("Propose acceptance")
    GUIDED = "guide", _("Guide the sender to the competent body")
    FORWARDED = "forward", _("Forward to the competent body")
    RETURNED = "return", _("Return to the agency that sent it")
    CHASED = "chase", _("Chase up the subordinate body")
    FILED = "file", _("File without action")


class ComplaintKind(models.TextChoices):
    """What a complaint is about: the disciplinary ones have their own time limits (Complaints Law Arts. 47–50)."""

    ADMINISTRATIVE = "administrative", _("An administrative decision or act")
    DISCIPLINARY = "disciplinary", _("A disciplinary decision against an official")
    DISMISSAL = "dismissal", _("A decision dismissing an official")


class Escalation(models.TextChoices):
    """A denunciation received by the superior about how a lower body handled another (Denunciations Law)."""

    FOLLOW_UP = "follow_up", _("Follow-up denunciation: the earlier resolution was unlawful (Art. 37)")
    OVERDUE = "overdue", _("The earlier denunciation is overdue (Art. 38)")


class Complexity(models.TextChoices):
    NORMAL = "normal", _("Normal")
    COMPLEX = "complex", _("Complex")
    ESPECIALLY_COMPLEX = "especially_complex", _("Especially complex")


class Status(models.TextChoices):
    # Processing (TT 05/2021)
    REGISTERED = "registered", _("Registered")
    CLASSIFIED = "classified", _("Classified")
    ACCEPTANCE_PROPOSED = "acceptance_proposed", _("Acceptance proposed")
    GUIDED = "guided", _("Guided")
    FORWARDED = "forwarded", _("Forwarded")
    RETURNED = "returned", _("Returned")
    CHASED = "chased", _("Chased up")
    FILED = "filed", _("Filed")
    # Resolution (complaints, denunciations, recommendations)
    ACCEPTED = "accepted", _("Accepted for resolution")
    NOT_ACCEPTED = "not_accepted", _("Not accepted")
    INSPECTION_LEAD = "inspection_lead", _("Kept as an inspection lead")
    VERIFYING = "verifying", _("Verifying")
    DIALOGUE = "dialogue", pgettext_lazy("petition status", "Dialogue")
    SUSPENDED = "suspended", _("Suspended")
    DECIDED = "decided", _("Decided")
    EFFECTIVE = "effective", _("Decision in legal effect")
    CONCLUDED = "concluded", _("Concluded")
    HANDLING = "handling", _("Handling measures")
    IN_EXECUTION = "in_execution", _("Decision being executed")
    ANSWERED = "answered", _("Answered")
    WITHDRAWN = "withdrawn", _("Withdrawn")
    TERMINATED = "terminated", _("Terminated")
    CLOSED = "closed", _("Closed")


CLOSED_STATUSES = frozenset(
    {
        Status.GUIDED,
        Status.FORWARDED,
        Status.RETURNED,
        Status.FILED,
        Status.NOT_ACCEPTED,
        Status.INSPECTION_LEAD,
        Status.WITHDRAWN,
        Status.TERMINATED,
        Status.CLOSED,
    }
)


class TransitionName(StrEnum):
    """The resolution transitions of ``workflow.TRANSITIONS``; each is also the kind of the event it writes."""

    COMPLAINT_ACCEPT = "complaint.accept"
    COMPLAINT_REFUSE = "complaint.refuse"
    COMPLAINT_VERIFY = "complaint.verify"
    COMPLAINT_DIALOGUE = "complaint.dialogue"
    COMPLAINT_DECIDE = "complaint.decide"
    COMPLAINT_PUBLISH = "complaint.publish"
    COMPLAINT_TAKE_EFFECT = "complaint.take_effect"
    COMPLAINT_EXECUTE = "complaint.execute"
    COMPLAINT_CLOSE = "complaint.close"
    COMPLAINT_WITHDRAW = "complaint.withdraw"
    COMPLAINT_SUSPEND = "complaint.suspend"
    COMPLAINT_RESUME = "complaint.resume"
    COMPLAINT_TERMINATE = "complaint.terminate"
    DENUNCIATION_ACCEPT = "denunciation.accept"
    DENUNCIATION_REFUSE = "denunciation.refuse"
    DENUNCIATION_LEAD = "denunciation.lead"
    DENUNCIATION_EXTEND_CHECK = "denunciation.extend_check"
    DENUNCIATION_VERIFY = "denunciation.verify"
    DENUNCIATION_EXTEND = "denunciation.extend"
    DENUNCIATION_SUSPEND = "denunciation.suspend"
    DENUNCIATION_RESUME = "denunciation.resume"
    DENUNCIATION_CONCLUDE = "denunciation.conclude"
    DENUNCIATION_HANDLE = "denunciation.handle"
    DENUNCIATION_CLOSE = "denunciation.close"
    DENUNCIATION_WITHDRAW = "denunciation.withdraw"
    DENUNCIATION_TERMINATE = "denunciation.terminate"
    DENUNCIATION_REPORT_DEMANDED = "denunciation.report_demanded"
    DENUNCIATION_REPORT = "denunciation.report"
    PETITION_ACCEPT = "petition.accept"
    PETITION_ANSWER = "petition.answer"
    PETITION_CLOSE = "petition.close"
    FORWARD_REPLY = "forward.reply"


class EventKind(StrEnum):
    """The kinds of ``PetitionEvent`` besides the transitions (``TransitionName``) and the
    processing outcomes (``outcome_event(outcome)``)."""

    REGISTERED = "registered"
    CLASSIFIED = "classified"
    ATTACHMENT_ADDED = "attachment_added"
    # Transfers between units of the platform (core.transfers): the receiver's acknowledgement, the
    # sender's reminder, and on the receiver's side the petition registered from the package.
    TRANSFER_ACKNOWLEDGED = "transfer.acknowledged"
    TRANSFER_CHASED = "transfer.chased"
    TRANSFER_RECEIVED = "transfer.received"
    TRANSFER_FAILED = "transfer.failed"


def outcome_event(outcome: str) -> str:
    """The event kind of a processing outcome: "outcome.accept", "outcome.forward"…"""
    return f"outcome.{outcome}"


#: The transitions that resolve a case: a decision, a conclusion, an answer.
RESOLVING_EVENTS = (
    TransitionName.COMPLAINT_DECIDE,
    TransitionName.DENUNCIATION_CONCLUDE,
    TransitionName.PETITION_ANSWER,
)
#: The clocks whose due date decides whether a case was resolved on time.
RESOLUTION_CLOCKS = (
    "complaint.first_resolution",
    "complaint.second_resolution",
    "complaint.disciplinary_resolution",
    "denunciation.resolution",
    "petition.answer_sla",
)


class ResultVerdict(models.TextChoices):
    """What a decision or conclusion found (Complaints Law Arts. 31, 40; Denunciations Law Art. 35):
    a first-level complaint or a denunciation is right, partly right or wrong; a second-level decision
    upholds the first-level one or annuls (or amends) it."""

    RIGHT = "right", pgettext_lazy("resolution result", "Right")
    PARTLY_RIGHT = "partly_right", pgettext_lazy("resolution result", "Partly right")
    WRONG = "wrong", pgettext_lazy("resolution result", "Wrong")
    UPHELD = "upheld", _("Second level: the first-level decision upheld")
    ANNULLED = "annulled", _("Second level: the first-level decision annulled or amended")


#: The verdicts each kind of resolution may record.
FIRST_LEVEL_VERDICTS = (ResultVerdict.RIGHT, ResultVerdict.PARTLY_RIGHT, ResultVerdict.WRONG)
SECOND_LEVEL_VERDICTS = (ResultVerdict.UPHELD, ResultVerdict.ANNULLED)


class PriorResolution(models.TextChoices):
    """Where the matter stood when the petition came (02/XLD: cases by resolution status)."""

    NONE = "none", _("Not yet resolved")
    ONCE = "once", _("Resolved once")
    SEVERAL = "several", _("Resolved several times")
