"""Prometheus metrics (README, "Operations").

- ``tiepdan_http_requests_total`` and ``tiepdan_http_request_duration_seconds``, by the unit's
  *kind* (commune, ward, department, provincial inspectorate…, ``platform`` for the platform's own
  pages, ``none`` when no unit was found), the method and the status class (``2xx``…). Never by
  unit code: 4,000 units times every label would be a series explosion.
- ``tiepdan_celery_tasks_total`` and ``tiepdan_celery_task_duration_seconds``, by task name and
  outcome (``success``, ``failure``, ``retry``), from Celery's signals in whichever process runs the
  task.
- Queues, read at scrape time from public tables (one aggregate each, no walk over the units'
  schemas): onboarding jobs queued and running, transfers between units waiting for delivery or
  failed (``transfers_tracking``), national database records pending and failed (the per-unit
  counters of ``nationaldb_status``), and the age of the worker's heartbeat. The citizen message
  outbox lives only in the units' schemas and has no public counter, so it is not exported.

Under gunicorn (several processes) and a prefork worker, counters and histograms go through
``prometheus_client``'s multi-process mode: ``PROMETHEUS_MULTIPROC_DIR`` names an empty folder,
set before the processes start (``deploy/gunicorn.conf.py`` empties it and marks dead workers);
without it, one process's own registry is served.
"""

from __future__ import annotations

import os
import shutil
import time
from collections.abc import Iterator

from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
    start_http_server,
)
from prometheus_client.core import GaugeMetricFamily
from prometheus_client.multiprocess import MultiProcessCollector, mark_process_dead
from prometheus_client.registry import Collector

HTTP_REQUESTS = Counter(
    "tiepdan_http_requests",
    "HTTP requests answered, by unit kind, method and status class",
    ["unit_kind", "method", "status"],
)
HTTP_LATENCY = Histogram(
    "tiepdan_http_request_duration_seconds",
    "Time to answer an HTTP request, by unit kind",
    ["unit_kind"],
    buckets=(0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0, 30.0),
)
TASKS = Counter("tiepdan_celery_tasks", "Celery tasks run, by task and outcome", ["task", "outcome"])
TASK_LATENCY = Histogram(
    "tiepdan_celery_task_duration_seconds",
    "Time a Celery task ran, by task",
    ["task"],
    buckets=(0.01, 0.05, 0.1, 0.5, 1.0, 5.0, 15.0, 60.0, 300.0, 1800.0),
)
METHODS = frozenset({"GET", "HEAD", "POST", "PUT", "PATCH", "DELETE", "OPTIONS"})


def http_observe(*, unit_kind: str, method: str, status: int, seconds: float) -> None:
    method = method if method in METHODS else "other"
    HTTP_REQUESTS.labels(unit_kind=unit_kind, method=method, status=f"{status // 100}xx").inc()
    HTTP_LATENCY.labels(unit_kind=unit_kind).observe(seconds)


_started: dict[str, float] = {}


def _task_prerun(task_id=None, **kwargs) -> None:
    if task_id:
        _started[task_id] = time.monotonic()


def _task_postrun(task_id=None, task=None, state=None, **kwargs) -> None:
    started = _started.pop(task_id, None) if task_id else None
    name = getattr(task, "name", None) or "unknown"
    outcome = {"SUCCESS": "success", "FAILURE": "failure", "RETRY": "retry"}.get(state or "", "other")
    TASKS.labels(task=name, outcome=outcome).inc()
    if started is not None:
        TASK_LATENCY.labels(task=name).observe(time.monotonic() - started)


def _worker_init(**kwargs) -> None:
    """In the worker's main process, before it forks: an empty metrics folder and, when
    ``TIEPDAN_WORKER_METRICS_PORT`` is set, the endpoint Prometheus scrapes the tasks' metrics at."""
    folder = os.environ.get("PROMETHEUS_MULTIPROC_DIR")
    if folder:
        shutil.rmtree(folder, ignore_errors=True)
        os.makedirs(folder, exist_ok=True)
    port = int(os.environ.get("TIEPDAN_WORKER_METRICS_PORT") or 0)
    if port:
        registry = CollectorRegistry()
        if folder:
            MultiProcessCollector(registry)
        start_http_server(port, registry=registry if folder else REGISTRY)


def _worker_process_shutdown(pid=None, **kwargs) -> None:
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        mark_process_dead(pid or os.getpid())


def task_signals_connect() -> None:
    from celery.signals import task_postrun, task_prerun, worker_init, worker_process_shutdown

    task_prerun.connect(_task_prerun, weak=False, dispatch_uid="tiepdan-ops-task-prerun")
    task_postrun.connect(_task_postrun, weak=False, dispatch_uid="tiepdan-ops-task-postrun")
    worker_init.connect(_worker_init, weak=False, dispatch_uid="tiepdan-ops-worker-init")
    worker_process_shutdown.connect(_worker_process_shutdown, weak=False, dispatch_uid="tiepdan-ops-worker-exit")


class QueueCollector(Collector):
    """The queues' depths, read from the public schema when Prometheus scrapes."""

    def collect(self) -> Iterator[GaugeMetricFamily]:
        from django.db.models import Count, Sum

        from core.transfers.choices import TransferState
        from core.transfers.tracking.models import TransferTrack
        from tenants.models import OnboardingJob

        from .checks import worker_check

        onboarding = GaugeMetricFamily(
            "tiepdan_onboarding_jobs", "Onboarding jobs not finished, by status", labels=["status"]
        )
        jobs = OnboardingJob.objects.filter(status__in=["queued", "running"])
        counts = dict(jobs.values("status").annotate(n=Count("pk")).values_list("status", "n"))
        for status in ("queued", "running"):
            onboarding.add_metric([status], counts.get(status, 0))
        yield onboarding

        transfers = GaugeMetricFamily(
            "tiepdan_transfer_deliveries", "Transfers between units not delivered, by state", labels=["state"]
        )
        waiting = TransferTrack.objects.filter(state__in=[TransferState.SENDING, TransferState.FAILED])
        states = dict(waiting.values("state").annotate(n=Count("pk")).values_list("state", "n"))
        for state in (TransferState.SENDING, TransferState.FAILED):
            transfers.add_metric([str(state)], states.get(state, 0))
        yield transfers

        from core.nationaldb.status.models import UnitSyncStatus

        totals = UnitSyncStatus.objects.aggregate(pending=Sum("pending"), failed=Sum("failed"))
        nationaldb = GaugeMetricFamily(
            "tiepdan_nationaldb_records", "Records for the national database not yet sent, or failed", labels=["state"]
        )
        for column in ("pending", "failed"):
            nationaldb.add_metric([column], totals[column] or 0)
        yield nationaldb

        beat = worker_check().facts.get("age_seconds")
        heartbeat = GaugeMetricFamily(
            "tiepdan_worker_heartbeat_age_seconds", "Seconds since the worker's last heartbeat"
        )
        if beat is not None:
            heartbeat.add_metric([], beat)
        yield heartbeat


def metrics_render() -> tuple[bytes, str]:
    """The exposition text: this process's (or all processes') counters, and the queues now."""
    registry = CollectorRegistry()
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        MultiProcessCollector(registry)
        source: CollectorRegistry = registry
    else:
        source = REGISTRY
    output = generate_latest(source)
    queues = CollectorRegistry(auto_describe=False)
    queues.register(QueueCollector())
    return output + generate_latest(queues), CONTENT_TYPE_LATEST
