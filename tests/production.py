"""The production deployment the process-level tests run: ``config.settings.production`` under
gunicorn (deploy/gunicorn.conf.py), Celery, Redis and PostgreSQL, driven over real HTTP as nginx
forwards it (``tests/test_production_smoke.py``, ``tests/test_pg_restart.py``)."""

from __future__ import annotations

import contextlib
import os
import signal
import socket
import subprocess
import sys
import time
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import psycopg2
import pytest

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PASSWORD = "Mat-khau-2026!"
TOTP_KEY = "3132333435363738393031323334353637383930"  # hex, RFC 6238's test key
REDIS_DB = 11
UNIT_A, UNIT_B, INSPECTORATE = "06316", "05983", "20-TTR"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def redis_url() -> str:
    """Redis of the worker tests (CELERY_BROKER_URL in CI), else 127.0.0.1:6379; db 11 of it."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    parsed = urlparse(broker if broker.startswith("redis://") else "redis://127.0.0.1:6379/0")
    return f"redis://{parsed.netloc}/{REDIS_DB}"


def redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


def wait(condition, *, timeout: float, what: str, every: float = 0.25):
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        value = condition()
        if value:
            return value
        time.sleep(every)
    raise AssertionError(f"timed out after {timeout:.0f} s waiting for {what}")


class _BehindTls(requests.Session):
    """A browser behind nginx's TLS: it sends its ``Secure`` cookies over the plain-HTTP hop to
    gunicorn, as the client's HTTPS request would (requests withholds them from an http:// URL)."""

    def prepare_request(self, request):
        prepared = super().prepare_request(request)
        https = SimpleNamespace(url=prepared.url.replace("http://", "https://", 1), headers={})
        cookies = requests.cookies.get_cookie_header(self.cookies, https)
        if cookies:
            prepared.headers["Cookie"] = cookies
        return prepared


def production_env(*, port: int, redis: str, folder: Path, queue: str, **extra: str) -> dict[str, str]:
    """The environment every process of the deployment gets: production settings, fresh secrets,
    this run's Redis queue and folders, two gunicorn workers; ``extra`` adds to it or overrides."""
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "TIEPDAN_SEAL_MASTER_KEY": uuid.uuid4().hex,
        "TIEPDAN_CITIZEN_KEY_SECRET": uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": f"https://127.0.0.1:{port}",
        "CELERY_BROKER_URL": redis,
        "REDIS_URL": redis,
        "CELERY_TASK_DEFAULT_QUEUE": f"{queue}-{uuid.uuid4().hex[:8]}",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "TIEPDAN_NATIONAL_DB_FOLDER": str(folder / "nationaldb"),
        "GUNICORN_WORKERS": "2",
        "GUNICORN_TIMEOUT": "60",
        **extra,
    }
    env.pop("DJANGO_DEBUG", None)
    return env


@dataclass
class Stack:
    """The running deployment: its database, environment, processes and address."""

    db_name: str
    db_params: dict
    env: dict
    base: str
    folder: Path
    processes: dict = field(default_factory=dict)
    logs: list = field(default_factory=list)

    def sql(self, query: str, params=None) -> list[tuple]:
        conn = psycopg2.connect(dbname=self.db_name, **self.db_params)
        try:
            with conn, conn.cursor() as cursor:
                cursor.execute(query, params)
                return cursor.fetchall() if cursor.description else []
        finally:
            conn.close()

    def manage(self, *args: str, timeout: float = 120) -> str:
        done = subprocess.run(
            [PY, str(ROOT / "manage.py"), *args], cwd=ROOT, env=self.env, capture_output=True, text=True,
            timeout=timeout,
        )  # fmt: skip
        assert done.returncode == 0, f"manage.py {args[0]} failed:\n{done.stdout[-3000:]}\n{done.stderr[-3000:]}"
        return done.stdout

    def start(self, name: str, command: list[str]) -> subprocess.Popen:
        log = open(self.folder / f"{name}-{len(self.logs)}.log", "w")  # noqa: SIM115
        self.logs.append(log)
        # A session of its own, so a SIGKILL reaches the process group (celery's pool children too).
        process = subprocess.Popen(
            command, cwd=ROOT, env=self.env, stdout=log, stderr=subprocess.STDOUT, start_new_session=True
        )
        self.processes[name] = process
        return process

    def start_worker(self) -> subprocess.Popen:
        return self.start(
            "worker",
            [PY, "-m", "celery", "-A", "config", "worker", "-l", "info", "-c", "2",
             "-Q", self.env["CELERY_TASK_DEFAULT_QUEUE"], "--without-gossip", "--without-mingle",
             "-n", f"prodsmoke-{uuid.uuid4().hex[:6]}@%h"],
        )  # fmt: skip

    def kill(self, name: str, sig: int = signal.SIGTERM, timeout: float = 20) -> None:
        process = self.processes.pop(name, None)
        if process is None or process.poll() is not None:
            return
        try:
            os.killpg(process.pid, sig)
            process.wait(timeout=timeout)
        except (ProcessLookupError, subprocess.TimeoutExpired):
            with contextlib.suppress(ProcessLookupError):
                os.killpg(process.pid, signal.SIGKILL)
            process.wait(timeout=10)

    def log_tail(self) -> str:
        tails = []
        for log in self.logs:
            log.flush()
            text = Path(log.name).read_text(errors="replace")
            tails.append(f"--- {Path(log.name).name}\n{text[-2500:]}")
        return "\n".join(tails)

    def browser(self) -> requests.Session:
        session = _BehindTls()
        # What nginx adds in front of gunicorn: the original scheme. Origin: Django's CSRF check of
        # a secure request compares it with the host.
        session.headers.update({"X-Forwarded-Proto": "https", "Origin": self.base.replace("http://", "https://")})
        return session

    def users_create(self) -> None:
        """The officers of units A and B and the inspectorate's inspector (with a TOTP device)."""
        assert "ready" in self.manage(
            "shell", "-c", SETUP.format(a=UNIT_A, b=UNIT_B, i=INSPECTORATE, password=PASSWORD, key=TOTP_KEY)
        )

    def serve(self, port: int) -> None:
        """gunicorn on ``port``, once it answers ``/healthz``."""
        self.start(
            "web",
            [PY, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
             "--worker-tmp-dir", str(self.folder), "config.wsgi:application"],
        )  # fmt: skip

        def healthy():
            try:
                return requests.get(f"{self.base}/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                assert self.processes["web"].poll() is None, self.log_tail()
                return False

        wait(healthy, timeout=60, what="gunicorn to answer /healthz")

    def stop(self) -> None:
        for name in list(self.processes):
            self.kill(name)
        for log in self.logs:
            log.close()


SETUP = """
from django_otp.plugins.otp_totp.models import TOTPDevice
from django_tenants.utils import schema_context
from core.accounts.services import user_create
from tenants.models import Unit

for code, username, roles in (
    ("{a}", "ps_officer", ["reception_officer", "processing_officer"]),
    ("{b}", "ps_officer_b", ["processing_officer"]),
    ("{i}", "ps_inspector", ["inspector"]),
):
    unit = Unit.objects.get(code=code)
    with schema_context(unit.schema_name):
        user = user_create(unit=unit, username=username, password="{password}", roles=roles)
        if code == "{i}":
            TOTPDevice.objects.create(user=user, name="authenticator", key="{key}", confirmed=True)
print("ready")
"""


def log_in(session: requests.Session, stack: Stack, code: str, username: str) -> requests.Response:
    url = f"{stack.base}/u/{code}/dang-nhap/"
    page = session.get(url, timeout=20)
    assert page.status_code == 200, page.text[:500]
    token = session.cookies.get("csrftoken")
    assert token, "no CSRF cookie on the login page"
    return session.post(
        url, data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": url.replace("http://", "https://")}, allow_redirects=False, timeout=20,
    )  # fmt: skip


def form_post(session: requests.Session, url: str, data: dict) -> requests.Response:
    data = {**data, "csrfmiddlewaretoken": session.cookies.get("csrftoken")}
    return session.post(url, data=data, headers={"Referer": url.replace("http://", "https://")}, allow_redirects=False,
                        timeout=30)  # fmt: skip
