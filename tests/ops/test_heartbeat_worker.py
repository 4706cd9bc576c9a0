"""The heartbeat goes the whole way: queued through the real broker, run by a real worker process,
written to the database, and /readyz turns ready on it."""

from __future__ import annotations

import time

import pytest
from django.test import Client

from core.ops.models import Heartbeat
from core.ops.tasks import WORKER, heartbeat

pytestmark = pytest.mark.worker


def test_readyz_turns_ready_once_the_worker_has_run_the_heartbeat(committed, worker):
    Heartbeat.objects.filter(name=WORKER).delete()
    try:
        assert Client().get("/readyz").json()["checks"]["worker"]["ok"] is False
        heartbeat.delay()
        deadline = time.monotonic() + 30
        while not Heartbeat.objects.filter(name=WORKER).exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        response = Client().get("/readyz")
        assert response.status_code == 200, response.json()
        assert response.json()["checks"]["worker"]["age_seconds"] < 30
    finally:
        Heartbeat.objects.filter(name=WORKER).delete()
