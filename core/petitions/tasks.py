"""Background work on petitions. Tasks are thin: they call services.

The daily scan runs from one beat entry that fans out one task per unit (each queued inside the
unit's schema, so tenant-schemas-celery runs it there), spread over a few minutes.
"""

import random

from celery import shared_task
from django_tenants.utils import schema_context
from tenant_schemas_celery.task import TenantTask

FAN_OUT_SPREAD_SECONDS = 300


def _fan_out(task) -> int:
    from tenants.selectors import active_units

    count = 0
    for schema_name in active_units().values_list("schema_name", flat=True):
        with schema_context(schema_name):
            task.apply_async(countdown=random.uniform(0, FAN_OUT_SPREAD_SECONDS))
        count += 1
    return count


@shared_task(ignore_result=True)
def deadlines_scan_dispatch() -> int:
    return _fan_out(deadlines_scan)


@shared_task(base=TenantTask, ignore_result=True)
def deadlines_scan() -> None:
    from .alerts import deadlines_alert

    deadlines_alert()


@shared_task(ignore_result=True)
def deadlines_recompute_dispatch() -> int:
    return _fan_out(deadlines_recompute)


@shared_task(base=TenantTask, ignore_result=True)
def deadlines_recompute() -> None:
    from .alerts import deadlines_recompute_open

    deadlines_recompute_open()
