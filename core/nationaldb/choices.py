"""The states of an export record and the milestones of a case the national database is told about."""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class RecordState(models.TextChoices):
    PENDING = "pending", pgettext_lazy("national database sync", "Pending")
    SENT = "sent", pgettext_lazy("national database sync", "Sent, awaiting acknowledgement")
    ACKNOWLEDGED = "acknowledged", pgettext_lazy("national database sync", "Acknowledged")
    FAILED = "failed", pgettext_lazy("national database sync", "Failed")


#: A case's state is its worst record's: one failed record makes the case failed, and so on.
STATE_SEVERITY = (RecordState.FAILED, RecordState.PENDING, RecordState.SENT, RecordState.ACKNOWLEDGED)


class Milestone(models.TextChoices):
    """The steps peers sync a case in (domain.md §10 [P]): the case itself, the processing result,
    information while it is handled, the handling result and the execution of the decision."""

    CASE = "case", _("Case")
    PROCESSING_RESULT = "processing_result", _("Processing result")
    HANDLING_INFORMATION = "handling_information", _("Handling information")
    HANDLING_RESULT = "handling_result", _("Handling result")
    EXECUTION = "execution", _("Execution")


class ExportEvent(models.TextChoices):
    """What happened, in the package's own words (``event.name`` of the JSON Schema)."""

    RECEIVED = "received", _("Received")
    CLASSIFIED = "classified", _("Classified")
    PROCESSED = "processed", _("Processed")
    FORWARDED = "forwarded", pgettext_lazy("national database event", "Forwarded")
    ACCEPTED = "accepted", pgettext_lazy("national database event", "Accepted")
    NOT_ACCEPTED = "not_accepted", pgettext_lazy("national database event", "Not accepted")
    INSPECTION_LEAD = "inspection_lead", pgettext_lazy("national database event", "Kept as an inspection lead")
    HANDLING = "handling", pgettext_lazy("national database event", "Handling step")
    RESOLVED = "resolved", pgettext_lazy("national database event", "Resolved")
    PUBLISHED = "published", pgettext_lazy("national database event", "Published")
    EFFECTIVE = "effective", pgettext_lazy("national database event", "Decision in legal effect")
    EXECUTED = "executed", pgettext_lazy("national database event", "Executed")
    CLOSED = "closed", pgettext_lazy("national database event", "Closed")
    WITHDRAWN = "withdrawn", pgettext_lazy("national database event", "Withdrawn")
    TERMINATED = "terminated", pgettext_lazy("national database event", "Terminated")
