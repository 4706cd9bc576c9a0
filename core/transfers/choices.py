from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


class Direction(models.TextChoices):
    OUT = "out", pgettext_lazy("transfer", "Sent")
    IN = "in", pgettext_lazy("transfer", "Received")


class TransferState(models.TextChoices):
    """Where a transfer stands, the same on both sides once the messages have arrived."""

    SENDING = "sending", _("Being delivered")
    FAILED = "failed", _("Delivery failed")
    DELIVERED = "delivered", _("Delivered, not yet acknowledged")
    ACKNOWLEDGED = "acknowledged", _("Acknowledged")
    ACCEPTED = "accepted", _("Accepted for processing")
    RETURNED = "returned", _("Returned to the sender")
    FORWARDED = "forwarded", _("Forwarded onward")


#: The states in which the receiver still owes an answer.
AWAITING_ANSWER = frozenset({TransferState.SENDING, TransferState.DELIVERED, TransferState.ACKNOWLEDGED})
#: The states the receiver's answer leads to.
ANSWERED = frozenset({TransferState.ACCEPTED, TransferState.RETURNED, TransferState.FORWARDED})


class MessageKind(models.TextChoices):
    """What one message between two units carries."""

    PACKAGE = "package", _("Forwarded petition")
    ACKNOWLEDGED = "acknowledged", _("Acknowledgement of receipt")
    ACCEPTED = "accepted", _("Accepted for processing")
    RETURNED = "returned", _("Returned")
    FORWARDED = "forwarded", _("Forwarded onward")
    REMINDER = "reminder", _("Reminder (đôn đốc)")


class MessageState(models.TextChoices):
    PENDING = "pending", _("Waiting to be delivered")
    DELIVERED = "delivered", pgettext_lazy("message", "Delivered")
    FAILED = "failed", _("Delivery failed")
