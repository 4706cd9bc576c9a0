"""Background delivery of transfers between units. Thin: the work is in ``delivery``.

``transfer_deliver`` runs in the sending unit's schema (tenant-schemas-celery carries it). It is
acknowledged late and rejected when its worker dies, so a broker that redelivers (Redis) brings it
back; the sweep re-queues whatever is still pending either way, and the receiver's unique key
makes any second delivery a no-op.
"""

from __future__ import annotations

from celery import shared_task
from tenant_schemas_celery.task import TenantTask

#: Seconds before the n-th retry: 10, 20, 40… at most an hour.
BACKOFF_BASE = 10
BACKOFF_MAX = 3600


def backoff(retries: int) -> int:
    return min(BACKOFF_BASE * 2**retries, BACKOFF_MAX)


@shared_task(
    base=TenantTask, bind=True, ignore_result=True, acks_late=True, reject_on_worker_lost=True, max_retries=None
)
def transfer_deliver(self, reference: str) -> None:
    from .delivery import MAX_ATTEMPTS, outbox_flush

    try:
        outbox_flush(reference)
    except Exception as exc:
        if self.request.retries + 1 >= MAX_ATTEMPTS:
            return  # given up: the message is marked failed, with its error
        raise self.retry(exc=exc, countdown=backoff(self.request.retries)) from exc


@shared_task(base=TenantTask, ignore_result=True)
def outbox_sweep(older_than_seconds: float = 60) -> None:
    """Re-queue this unit's messages still waiting (a delivery lost with a killed worker)."""
    from .delivery import outbox_pending_references

    for reference in outbox_pending_references(older_than_seconds=older_than_seconds):
        transfer_deliver.delay(reference)


@shared_task(ignore_result=True)
def outbox_sweep_dispatch(older_than_seconds: float = 60) -> None:
    """Every active unit's waiting messages re-queued, each delivery in its unit's schema (beat, every
    minute). One indexed query per unit; a task is queued only where something waits."""
    from tenants.connections import units_in_turn
    from tenants.selectors import active_units

    from .delivery import outbox_pending_references

    for _unit in units_in_turn(active_units()):
        for reference in outbox_pending_references(older_than_seconds=older_than_seconds):
            transfer_deliver.delay(reference)
