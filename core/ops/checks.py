"""Readiness: can this process serve? Each check answers quickly and says only its state.

- ``database``: ``SELECT 1`` on the default connection.
- ``broker``: a connection to ``CELERY_BROKER_URL`` through kombu (for Redis, a PING), 2 s at most.
- ``worker``: the heartbeat the worker writes when beat asks it (``core/ops/tasks.py``, every
  ``TIEPDAN_HEARTBEAT_SECONDS``) is younger than ``TIEPDAN_HEARTBEAT_STALE_SECONDS``: beat,
  broker, worker and database all worked that recently. No ``celery inspect ping``, which waits
  seconds for replies.
- ``migrations``: the public and the template schema have every migration of this code (one
  query, ``tenants.migration_plan``); units behind are counted, at most every
  ``TIEPDAN_READYZ_UNITS_SECONDS`` per process (the plan of thousands of schemas takes a
  few batched queries), and reported without failing the check: a unit behind is the migration
  run's business (``migration_status``), not a reason to take every web process out of service.

Answers carry states, ages and counts; never a unit's name or code, an address or a password.
"""

from __future__ import annotations

import threading
import time
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from django.conf import settings
from django.db import connection
from django.utils import timezone

from .models import Heartbeat
from .tasks import WORKER


@dataclass
class Check:
    ok: bool
    facts: dict[str, Any] = field(default_factory=dict)

    def as_dict(self) -> dict[str, Any]:
        return {"ok": self.ok, **self.facts}


def _failure(exc: BaseException) -> Check:
    # The exception's class only: its message may hold a host name, a user or a password.
    return Check(ok=False, facts={"error": type(exc).__name__})


def database_check() -> Check:
    try:
        with connection.cursor() as cursor:
            cursor.execute("SELECT 1")
            cursor.fetchone()
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return _failure(exc)
    return Check(ok=True)


def broker_check(timeout: float = 2.0) -> Check:
    from kombu import Connection

    try:
        with Connection(
            settings.CELERY_BROKER_URL,
            connect_timeout=timeout,
            transport_options={
                **getattr(settings, "CELERY_BROKER_TRANSPORT_OPTIONS", {}),
                "socket_timeout": timeout,
                "socket_connect_timeout": timeout,
                "max_retries": 1,
            },
        ) as conn:
            conn.ensure_connection(max_retries=1, interval_start=0, timeout=int(timeout))
            conn.default_channel  # noqa: B018 - opening the channel is the check (Redis: PING)
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return _failure(exc)
    return Check(ok=True)


def worker_check() -> Check:
    stale = settings.TIEPDAN_HEARTBEAT_STALE_SECONDS
    try:
        beat_at = Heartbeat.objects.filter(name=WORKER).values_list("beat_at", flat=True).first()
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return _failure(exc)
    if beat_at is None:
        return Check(ok=False, facts={"age_seconds": None, "stale_after": stale})
    age = max(0.0, (timezone.now() - beat_at).total_seconds())
    return Check(ok=age <= stale, facts={"age_seconds": round(age, 1), "stale_after": stale})


@lru_cache(maxsize=1)
def _head():
    """The code's migrations: they do not change while the process runs."""
    from tenants.migration_plan import Head

    return Head.load()


_units_lock = threading.Lock()
_units_state: dict[str, Any] = {}


def _units_behind(now: float) -> tuple[int, int, float]:
    """(units behind, units missing their schema, seconds since counted), counted at most every N s."""
    from tenants.migration_plan import migration_plan, migration_schemas

    every = settings.TIEPDAN_READYZ_UNITS_SECONDS
    with _units_lock:
        if not _units_state or now - _units_state["at"] >= every:
            plan = migration_plan(migration_schemas(public=False, template=False), head=_head())
            _units_state.update(behind=len(plan.behind), absent=len(plan.absent), at=now)
        return _units_state["behind"], _units_state["absent"], now - _units_state["at"]


def migrations_check() -> Check:
    from tenants.migration_plan import migration_plan

    try:
        schemas = [settings.PUBLIC_SCHEMA_NAME, settings.TENANT_BASE_SCHEMA]
        plan = migration_plan(schemas, head=_head())
        public, template = plan.schemas
        behind, absent, age = _units_behind(time.monotonic())
    except Exception as exc:  # noqa: BLE001 - any failure is the answer
        return _failure(exc)
    return Check(
        ok=not public.missing and template.exists and not template.missing,
        facts={
            "public_behind": len(public.missing),
            "template_behind": len(template.missing) if template.exists else None,
            "units_behind": behind,
            "units_without_schema": absent,
            "units_counted_seconds_ago": round(age, 1),
        },
    )


CHECKS = {"database": database_check, "broker": broker_check, "worker": worker_check, "migrations": migrations_check}


def readiness() -> tuple[bool, dict[str, Any]]:
    """Every check's state; ready when all pass. The worker and migration checks read the
    database, so they are skipped (and count as failed) when it is down."""
    results: dict[str, Any] = {}
    for name, check in CHECKS.items():
        if name in ("worker", "migrations") and not results["database"]["ok"]:
            results[name] = {"ok": False, "error": "skipped: no database"}
            continue
        started = time.monotonic()
        outcome = check()
        results[name] = {**outcome.as_dict(), "ms": round((time.monotonic() - started) * 1000, 1)}
    return all(entry["ok"] for entry in results.values()), results
