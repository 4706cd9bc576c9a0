"""`make run` end to end: Ctrl-C while the worker onboards the demo province says what it waits
for, a second Ctrl-C stops at once without leaving a half-made unit, and the next run queues
exactly the units still missing; a run with nothing missing queues nothing.

The launcher runs for real (migrate, demo seed, Celery worker, web server) against a database of
its own on the test's PostgreSQL server, with a queue and a port of its own.
"""

from __future__ import annotations

import os
import signal
import socket
import subprocess
import sys
import threading
import time
import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import psycopg2
import pytest
from django.db import connection
from psycopg2 import sql

ROOT = Path(__file__).resolve().parents[1]
pytestmark = pytest.mark.worker


class Launcher:
    """``python -m config.launcher run`` in a session of its own, its output collected line by line."""

    def __init__(self, env: dict) -> None:
        self.lines: list[str] = []
        self.process = subprocess.Popen(
            [sys.executable, "-m", "config.launcher", "run"],
            cwd=ROOT,
            env=env,
            stdout=subprocess.PIPE,
            stderr=subprocess.STDOUT,
            text=True,
            start_new_session=True,
        )
        threading.Thread(target=self._read, daemon=True).start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            self.lines.append(line)

    def output(self) -> str:
        return "".join(self.lines)

    def wait_for_output(self, text: str, timeout: float) -> None:
        def seen() -> bool:
            if text in self.output():
                return True
            assert self.process.poll() is None, f"the launcher stopped before {text!r}:\n{self.output()}"
            return False

        _wait_for(seen, timeout, f"{text!r} in the launcher's output")

    def ctrl_c(self) -> None:
        """What a terminal sends: the launcher's children run in sessions of their own."""
        self.process.send_signal(signal.SIGINT)

    def stop_now(self) -> None:
        if self.process.poll() is None:
            self.ctrl_c()
            time.sleep(0.5)
            self.ctrl_c()
            self.process.wait(timeout=30)


def _wait_for(condition: Callable[[], object], timeout: float, what: str):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(0.2)
    raise AssertionError(f"timed out waiting for {what}")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


@pytest.fixture
def launch_db(django_db_setup, django_db_blocker) -> Iterator[tuple[dict, Callable]]:
    """A new empty database on the test server, the launcher's environment for it, and a query helper."""
    with django_db_blocker.unblock():
        server = {key: connection.settings_dict[key] for key in ("HOST", "PORT", "USER", "PASSWORD")}
    name = f"tiepdan_launch_{uuid.uuid4().hex[:8]}"
    params = {"host": server["HOST"], "port": server["PORT"] or None, "user": server["USER"]}
    params["password"] = server["PASSWORD"] or None
    admin = psycopg2.connect(dbname="postgres", **params)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    env = {
        key: value
        for key, value in os.environ.items()
        if key not in {"DJANGO_DB_NAME", "DATABASE_URL", "TIEPDAN_DB_NAME", "DJANGO_SETTINGS_MODULE"}
    }
    env.update(DJANGO_SETTINGS_MODULE="config.settings.local", PYTHONUNBUFFERED="1")
    env.update(TIEPDAN_PORT=str(_free_port()), CELERY_TASK_DEFAULT_QUEUE=f"launch-{uuid.uuid4().hex[:8]}")
    if os.environ.get("DATABASE_URL"):
        host = server["HOST"] or "127.0.0.1"
        env["DATABASE_URL"] = f"postgres://{server['USER']}@{host}:{server['PORT'] or 5432}/{name}"
    else:
        env["TIEPDAN_DB_NAME"] = name  # the embedded server the tests already run on

    def query(statement: str, args: tuple = ()) -> list[tuple]:
        with psycopg2.connect(dbname=name, **params) as conn, conn.cursor() as cursor:
            cursor.execute(statement, args)
            rows = cursor.fetchall()
        conn.close()
        return rows

    yield env, query
    with admin.cursor() as cursor:
        cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    admin.close()


def _half_made_units(query) -> list:
    """Units whose row and schema disagree: not active, active without a schema, or a schema without a unit."""
    units = dict(query("SELECT schema_name, status FROM tenants_unit WHERE schema_name <> 'public'"))
    schemas = {row[0] for row in query("SELECT nspname FROM pg_namespace")}
    problems = [(name, status) for name, status in units.items() if status != "active" or name not in schemas]
    problems += [(name, "schema without unit") for name in schemas if name.startswith("u_") and name not in units]
    return problems


def test_ctrl_c_during_onboarding_then_the_next_run_resumes(launch_db):
    env, query = launch_db

    # Given a first `make run`, stopped while the worker onboards the province
    first = Launcher(env)
    try:
        first.wait_for_output("TiepDan runs at", timeout=240)
        _wait_for(
            lambda: query("SELECT 1 FROM tenants_onboardingjob WHERE status = 'running' AND done >= 2"),
            180,
            "the worker to be onboarding the province",
        )
        first.ctrl_c()

        # Then it says what it waits for, and keeps waiting for the worker
        first.wait_for_output("Press Ctrl-C again to stop at once", timeout=15)
        assert "onboarding" in first.output()
        time.sleep(1)
        assert first.process.poll() is None

        # And a second Ctrl-C stops at once
        stopped_at = time.monotonic()
        first.ctrl_c()
        first.process.wait(timeout=30)
        assert "Stopping at once." in first.output()
        assert time.monotonic() - stopped_at < 20
    finally:
        first.stop_now()

    # No half-made unit: every unit is either fully there or not registered at all
    assert _half_made_units(query) == []
    (active,) = query("SELECT count(*) FROM tenants_unit WHERE status = 'active' AND province_code = '20'")[0]
    assert query("SELECT status, total > done FROM tenants_onboardingjob ORDER BY id") == [
        ("done", False),
        ("running", True),
    ]

    # When `make run` starts again
    second = Launcher(env)
    try:
        second.wait_for_output("TiepDan runs at", timeout=240)

        # Then the interrupted job is closed and exactly the missing units are queued, then created
        jobs = query("SELECT status, unit_codes, total FROM tenants_onboardingjob ORDER BY id")
        assert [job[0] for job in jobs][-2] == "failed"
        resumed = jobs[-1]
        assert resumed[2] == 80 - active  # the province: 15 bodies and 65 communes, the demo units among them
        _wait_for(
            lambda: query(
                "SELECT 1 FROM tenants_onboardingjob WHERE id = (SELECT max(id) FROM tenants_onboardingjob)"
                " AND status = 'done'"
            ),
            240,
            "the resumed onboarding to finish",
        )
    finally:
        second.stop_now()
    assert _half_made_units(query) == []
    assert query("SELECT count(*) FROM tenants_unit WHERE status = 'active' AND province_code = '20'") == [(80,)]

    # And a run with nothing missing queues nothing
    jobs_before = query("SELECT count(*) FROM tenants_onboardingjob")
    subprocess.run(
        [sys.executable, "manage.py", "seed_demo", "--no-worker-running"],
        cwd=ROOT,
        env=env,
        check=True,
        capture_output=True,
    )
    assert query("SELECT count(*) FROM tenants_onboardingjob") == jobs_before
