"""/healthz, /readyz, /metrics and the request id, through the real middleware chain, database
and broker (the filesystem transport, or Redis in CI)."""

from __future__ import annotations

import os
import re
import subprocess
import sys
import uuid
from datetime import timedelta
from pathlib import Path

import pytest
from django.db import connection
from django.test import Client
from django.utils import timezone
from prometheus_client.parser import text_string_to_metric_families

from core.ops.models import Heartbeat
from core.ops.tasks import WORKER, heartbeat

ROOT = Path(__file__).resolve().parents[2]


def _sample(text: str, name: str, **labels: str) -> float:
    """The value of one sample in Prometheus' text format (0 when absent)."""
    for line in text.splitlines():
        if not line.startswith(name + "{") and not line.startswith(name + " "):
            continue
        found = dict(re.findall(r'(\w+)="([^"]*)"', line.split("}")[0])) if "{" in line else {}
        if found == labels:
            return float(line.rsplit(" ", 1)[1])
    return 0.0


def test_healthz_answers_without_touching_the_database():
    # No django_db mark: any query, the unit routing's included, would raise here.
    response = Client().get("/healthz")
    assert response.status_code == 200
    assert response.json() == {"status": "ok"}
    assert uuid.UUID(response["X-Request-ID"])


@pytest.mark.django_db
def test_the_request_id_is_kept_only_when_it_is_a_uuid(unit_a):
    given = str(uuid.uuid4())
    assert Client().get("/healthz", HTTP_X_REQUEST_ID=given)["X-Request-ID"] == given
    for bad in ("abc", "1' OR 1=1", "x" * 500, given + "\nforged"):
        answered = Client().get(f"/u/{unit_a.code}/dang-nhap/", HTTP_X_REQUEST_ID=bad)["X-Request-ID"]
        assert answered != bad
        assert uuid.UUID(answered)


@pytest.mark.django_db
def test_readyz_needs_a_fresh_heartbeat_and_names_no_unit(unit_a):
    Heartbeat.objects.filter(name=WORKER).delete()
    response = Client().get("/readyz")
    assert response.status_code == 503
    checks = response.json()["checks"]
    assert (checks["database"]["ok"], checks["broker"]["ok"], checks["migrations"]["ok"]) == (True, True, True)
    assert checks["worker"] == {"ok": False, "age_seconds": None, "stale_after": 120, "ms": checks["worker"]["ms"]}
    assert checks["migrations"]["public_behind"] == 0
    assert checks["migrations"]["template_behind"] == 0

    Heartbeat.objects.create(name=WORKER, beat_at=timezone.now() - timedelta(seconds=121))
    assert Client().get("/readyz").status_code == 503

    heartbeat()  # what beat asks the worker to run
    response = Client().get("/readyz")
    assert response.status_code == 200
    body = response.content.decode()
    assert response.json()["status"] == "ok"
    assert unit_a.code not in body
    assert unit_a.schema_name not in body


@pytest.mark.django_db
def test_readyz_fails_when_the_broker_is_unreachable(settings):
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"beat_at": timezone.now()})
    settings.CELERY_BROKER_URL = "redis://127.0.0.1:1/0"  # nothing listens on port 1
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["broker"]["ok"] is False
    assert "127.0.0.1" not in response.content.decode()


@pytest.mark.django_db
def test_readyz_fails_when_the_public_schema_lacks_a_migration():
    Heartbeat.objects.update_or_create(name=WORKER, defaults={"beat_at": timezone.now()})
    with connection.cursor() as cursor:
        cursor.execute("DELETE FROM public.django_migrations WHERE app = 'ops'")
    response = Client().get("/readyz")
    assert response.status_code == 503
    assert response.json()["checks"]["migrations"]["public_behind"] == 1


@pytest.mark.django_db
def test_metrics_are_refused_to_strangers_and_count_requests_by_unit_kind(member_a, settings):
    from tenants.models import OnboardingJob

    assert Client(REMOTE_ADDR="10.1.2.3").get("/metrics").status_code == 403
    before = Client().get("/metrics").content.decode()
    member_a.web().get(member_a.url("don-thu/"))
    OnboardingJob.objects.create(unit_codes=["06040"], total=1)
    heartbeat.delay()  # eager here: the task's own metrics
    after = Client().get("/metrics")
    assert after.status_code == 200
    text = after.content.decode()
    labels = {"unit_kind": "commune", "method": "GET", "status": "2xx"}
    assert _sample(text, "tiepdan_http_requests_total", **labels) > _sample(
        before, "tiepdan_http_requests_total", **labels
    )
    assert _sample(text, "tiepdan_http_request_duration_seconds_count", unit_kind="commune") > 0
    task = {"task": "core.ops.tasks.heartbeat", "outcome": "success"}
    assert (
        _sample(text, "tiepdan_celery_tasks_total", **task) == _sample(before, "tiepdan_celery_tasks_total", **task) + 1
    )
    assert _sample(text, "tiepdan_onboarding_jobs", status="queued") >= 1
    assert "tiepdan_transfer_deliveries" in text
    assert "tiepdan_nationaldb_records" in text
    label_values = {
        value
        for family in text_string_to_metric_families(text)
        for sample in family.samples
        for value in sample.labels.values()
    }
    assert "commune" in label_values
    assert not any("06316" in value for value in label_values)  # no unit code in any label

    settings.TIEPDAN_METRICS_TOKEN = "s3cret-token"
    assert Client().get("/metrics").status_code == 401
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer wrong").status_code == 401
    assert Client().get("/metrics", HTTP_AUTHORIZATION="Bearer s3cret-token").status_code == 200


# Django set up once, then forked before any connection, as gunicorn forks its workers.
SERVE_IN_TWO_PROCESSES = """
import os
import django
django.setup()
from django.test import Client
child = os.fork()
ok = Client().get("/u/06316/dang-nhap/").status_code == 200
if child == 0:
    os._exit(0 if ok else 1)
assert ok and os.waitpid(child, 0)[1] == 0
"""


def test_metrics_add_up_the_processes_of_a_multi_process_server(db, tmp_path, monkeypatch):
    """What gunicorn's workers do: each process writes its counters to PROMETHEUS_MULTIPROC_DIR,
    and /metrics, answered by any of them, sums them all."""
    from core.ops.metrics import metrics_render

    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.test",
        "DJANGO_DB_NAME": connection.settings_dict["NAME"],
        "PROMETHEUS_MULTIPROC_DIR": str(tmp_path),
    }
    subprocess.run([sys.executable, "-c", SERVE_IN_TWO_PROCESSES], env=env, cwd=ROOT, check=True, timeout=120)
    assert len(list(tmp_path.glob("counter_*.db"))) == 2  # one file per process
    monkeypatch.setenv("PROMETHEUS_MULTIPROC_DIR", str(tmp_path))
    text = metrics_render()[0].decode()
    assert _sample(text, "tiepdan_http_requests_total", unit_kind="commune", method="GET", status="2xx") == 2


@pytest.mark.django_db
def test_metrics_trust_the_peer_address_not_a_forwarded_header(settings):
    settings.TIEPDAN_METRICS_TOKEN = ""
    stranger = Client(REMOTE_ADDR="10.1.2.3")
    for header in ("127.0.0.1", "::1", "127.0.0.1, 10.1.2.3"):
        assert stranger.get("/metrics", HTTP_X_FORWARDED_FOR=header, HTTP_X_REAL_IP=header).status_code == 403
    # Under a unit's path the endpoint does not exist (routing only answers the unit's own pages).
    assert Client().get("/u/06316/metrics").status_code == 404
