from __future__ import annotations

from django.core.mail import send_mail
from django.db import transaction
from django.utils import timezone

from core.accounts.models import User
from tenants.db import connection

from ..models import Notification


@transaction.atomic
def notification_create(*, recipient: User, subject: str, body: str = "") -> Notification:
    """Store a notification and deliver it in the background once the transaction commits."""
    from ..tasks import notification_deliver as notification_deliver_task

    notification = Notification.objects.create(recipient=recipient, subject=subject, body=body)
    transaction.on_commit(lambda: notification_deliver_task.delay(notification.pk))
    return notification


def notification_deliver(*, notification_id: int) -> Notification | None:
    """Send the e-mail copy (when the recipient has an address) and mark it delivered.

    Looked up in the active schema only: a notification id queued by another unit finds nothing.
    """
    notification = Notification.objects.select_related("recipient").filter(pk=notification_id).first()
    if notification is None or notification.delivered_at is not None:
        return notification
    if notification.recipient.email:
        send_mail(notification.subject, notification.body, None, [notification.recipient.email])
    notification.delivered_at = timezone.now()
    notification.delivered_in_schema = connection.schema_name
    notification.save(update_fields=["delivered_at", "delivered_in_schema"])
    return notification
