"""The worker's heartbeat, sent by beat (``CELERY_BEAT_SCHEDULE["ops-heartbeat"]``)."""

from __future__ import annotations

import socket

from celery import shared_task
from django.utils import timezone

from .models import Heartbeat

WORKER = "worker"


@shared_task(ignore_result=True, expires=60)
def heartbeat() -> None:
    # expires: a heartbeat queued while no worker ran is worthless once a newer one is due.
    Heartbeat.objects.update_or_create(
        name=WORKER, defaults={"beat_at": timezone.now(), "hostname": socket.gethostname()[:255]}
    )
