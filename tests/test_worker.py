"""A real Celery worker process, fed through the real broker, runs each task in the schema of
the unit that queued it (Redis when CELERY_BROKER_URL points to it, as in CI; the embedded mode's
filesystem transport otherwise)."""

from __future__ import annotations

import os
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest
from django.conf import settings
from django.db import connection
from django_tenants.utils import schema_context

from config.celery_app import app
from core.accounts.models import User
from core.notifications.models import Notification
from core.notifications.tasks import notification_deliver
from tenants.models import OnboardingJob, Unit

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.worker


@pytest.fixture(scope="module")
def worker(django_db_setup, django_db_blocker):
    """A worker on a queue of its own, against the test database; eager mode off while it runs."""
    queue = f"test-{uuid.uuid4().hex[:8]}"
    with django_db_blocker.unblock():
        db_name = connection.settings_dict["NAME"]
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_DB_NAME": db_name,
        "CELERY_TASK_DEFAULT_QUEUE": queue,
    }
    log = open(ROOT / ".tiepdan" / f"worker-{queue}.log", "w")  # noqa: SIM115 - closed below
    process = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "celery",
            "-A",
            "config",
            "worker",
            "--pool=solo",
            "-Q",
            queue,
            "-l",
            "info",
            "--without-gossip",
            "--without-mingle",
            "--without-heartbeat",
        ],
        cwd=ROOT,
        env=env,
        stdout=log,
        stderr=subprocess.STDOUT,
    )
    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        yield process
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = saved
        process.terminate()
        process.wait(timeout=30)
        log.close()


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
