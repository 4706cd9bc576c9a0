"""Writes of the notifications area: staff notifications (``staff``), citizens' contacts
(``contacts``) and the messages that tell citizens how their petition stands (``citizens``)."""

from .citizens import citizen_message_retry
from .contacts import contact_record, contact_record_by_staff, contact_withdraw
from .staff import notification_create, notification_deliver

__all__ = [
    "citizen_message_retry",
    "contact_record",
    "contact_record_by_staff",
    "contact_withdraw",
    "notification_create",
    "notification_deliver",
]
