"""Background sending to the national database. Thin: the work is in ``sending``.

``nationaldb_send`` runs in the unit's schema (tenant-schemas-celery carries it) and carries no
data: the records are read from the unit's outbox. It is acknowledged late and rejected when its
worker dies; the sweep queues it again either way, and the batch names and record keys make any
second send harmless. A batch the other side could not take for now is retried with back-off.
"""

from __future__ import annotations

from celery import shared_task
from tenant_schemas_celery.task import TenantTask


@shared_task(
    base=TenantTask, bind=True, ignore_result=True, acks_late=True, reject_on_worker_lost=True, max_retries=None
)
def nationaldb_send(self, retrying: bool = False) -> None:
    from .sending import unit_flush

    result = unit_flush(due_only=not retrying)
    if result.retry_in is not None:
        # The records count their own attempts and turn failed after the last one (sending._apply).
        raise self.retry(countdown=result.retry_in, kwargs={"retrying": True})


@shared_task(ignore_result=True)
def nationaldb_sweep_dispatch() -> None:
    """Every active unit with records due or awaiting an acknowledgement gets its sender queued, in its
    schema (beat, every minute). One indexed query per unit."""
    from tenants.connections import units_in_turn
    from tenants.selectors import active_units

    from .sending import has_work

    for _unit in units_in_turn(active_units()):
        if has_work():
            nationaldb_send.delay()
