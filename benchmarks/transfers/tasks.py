"""The baseline's task: a tenant task that does nothing but what every tenant task does (the broker
round, the worker's dispatch, the switch to the unit's schema) and leaves a marker with its time,
so that the bench process knows when it ran. The worker loads it with ``--include``."""

from __future__ import annotations

import time
from pathlib import Path

from celery import shared_task
from tenant_schemas_celery.task import TenantTask


@shared_task(base=TenantTask, ignore_result=True, name="benchmarks.transfers.noop")
def bench_noop(marker: str) -> None:
    Path(marker).write_text(repr(time.time()), encoding="utf-8")
