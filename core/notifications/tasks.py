from celery import shared_task
from tenant_schemas_celery.task import TenantTask


@shared_task(base=TenantTask, ignore_result=True)
def notification_deliver(notification_id: int) -> None:
    from .services import notification_deliver as deliver

    deliver(notification_id=notification_id)


@shared_task(
    base=TenantTask, bind=True, ignore_result=True, acks_late=True, reject_on_worker_lost=True, max_retries=None
)
def citizen_message_deliver(self, message_id: int) -> None:
    """One attempt at a message to a citizen, in the unit that queued it (its id only travels).

    A failed attempt comes back after its back-off; in eager mode (tests) the sweep brings it back."""
    from django.utils import timezone

    from .delivery import message_deliver
    from .models import MessageState

    message = message_deliver(message_id)
    if message is None or message.state != MessageState.PENDING or message.next_attempt_at is None:
        return
    if self.request.is_eager:
        return
    countdown = max((message.next_attempt_at - timezone.now()).total_seconds(), 0)
    raise self.retry(countdown=countdown)


@shared_task(base=TenantTask, ignore_result=True)
def citizen_messages_sweep(older_than_seconds: float = 60) -> None:
    """Re-queue this unit's messages whose time has come."""
    _requeue_due(older_than_seconds)


def _requeue_due(older_than_seconds: float) -> None:
    from .delivery import messages_due

    for message_id in messages_due(older_than_seconds=older_than_seconds):
        citizen_message_deliver.delay(message_id)


@shared_task(ignore_result=True)
def citizen_messages_sweep_dispatch(older_than_seconds: float = 60) -> None:
    """Every active unit's messages whose time has come re-queued, each in its unit's schema (beat,
    every minute). One indexed query per unit; a task is queued only where something waits."""
    from tenants.connections import units_in_turn
    from tenants.selectors import active_units

    for _unit in units_in_turn(active_units()):
        _requeue_due(older_than_seconds)
