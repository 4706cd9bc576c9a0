"""A real Celery worker process, fed through the real broker, runs each task in the schema of
the unit that queued it (Redis when CELERY_BROKER_URL points to it, as in CI; the embedded mode's
filesystem transport otherwise)."""

from __future__ import annotations

import os
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from core.accounts.models import User
from core.notifications.models import Notification
from core.notifications.tasks import notification_deliver
from tenants.models import OnboardingJob, Unit

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.worker


def _wait_for(condition, timeout: float = 60.0):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError("the worker did not do it in time (see .tiepdan/worker-*.log)")


def test_task_runs_in_the_schema_that_queued_it(worker, committed):
    a, b = Unit.objects.get(code="06316"), Unit.objects.get(code="05983")
    tag = uuid.uuid4().hex[:8]
    with schema_context(a.schema_name):
        user_a = User.objects.create(username=f"w-{tag}")
        note_a = Notification.objects.create(recipient=user_a, subject=f"A {tag}")
    with schema_context(b.schema_name):
        user_b = User.objects.create(username=f"w-{tag}")
        # Same primary key as A's row: only the schema tells them apart.
        note_b = Notification.objects.create(pk=note_a.pk, recipient=user_b, subject=f"B {tag}")
    try:
        with schema_context(a.schema_name):
            notification_deliver.delay(note_a.pk)

        def delivered_in(schema, pk):
            with schema_context(schema):
                return Notification.objects.filter(pk=pk, delivered_at__isnull=False).first()

        delivered = _wait_for(lambda: delivered_in(a.schema_name, note_a.pk))
        assert delivered.delivered_in_schema == a.schema_name
        assert delivered_in(b.schema_name, note_b.pk) is None

        with schema_context(b.schema_name):
            notification_deliver.delay(note_b.pk)
        assert _wait_for(lambda: delivered_in(b.schema_name, note_b.pk)).delivered_in_schema == b.schema_name
    finally:
        for unit, user in ((a, user_a), (b, user_b)):
            with schema_context(unit.schema_name):
                User.objects.filter(pk=user.pk).delete()


def test_onboarding_runs_in_the_worker(worker, committed):
    from tenants.provisioning import onboarding_job_create

    job = onboarding_job_create(requested_by="test", unit_codes=["06001"])
    try:
        job = _wait_for(lambda: OnboardingJob.objects.filter(pk=job.pk, status="done").first(), timeout=120)
        assert (job.done, job.created) == (1, 1)
        assert Unit.objects.get(code="06001").status == "active"
    finally:
        unit = Unit.objects.filter(code="06001").first()
        if unit is not None:
            with connection.cursor() as cursor:
                cursor.execute(f'DROP SCHEMA IF EXISTS "{unit.schema_name}" CASCADE')
            unit.delete()
        OnboardingJob.objects.filter(pk=job.pk).delete()


def test_broker_is_the_configured_real_one():
    assert not settings.CELERY_BROKER_URL.startswith("memory")
    expected = os.environ.get("CELERY_BROKER_URL", "filesystem://")
    assert expected == settings.CELERY_BROKER_URL
