"""Production proven here: ``config.settings.production`` under gunicorn (deploy/gunicorn.conf.py),
with a real Celery worker and beat, Redis as broker and cache, and PostgreSQL, all driven over real
HTTP the way nginx forwards it (``X-Forwarded-Proto: https``, so the cookies are ``Secure``, HSTS is
sent and nothing is redirected). The compose file cannot run here, so this is how production runs.

The database is a copy of the test database (``CREATE DATABASE … TEMPLATE``: migrated, with the
test units) on the same server, made and dropped by this module; ``manage.py migrate`` under the
production settings then finds nothing to do. Redis is the one the worker tests use, db 11
(flushed), on a queue of this run's own.

- the smoke run: login, registration, classification and forward to another unit (delivered by
  the worker), the inspectorate's dashboard after its second factor, ``/readyz`` green;
- a worker SIGKILLed in the middle of an onboarding job: the next worker finishes the job, and no
  unit is left half made (every unit schema has the template's tables).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
import uuid
import warnings
from dataclasses import dataclass, field
from pathlib import Path
from types import SimpleNamespace
from urllib.parse import urlparse

import psycopg2
import pytest
from django.db import connection, connections

requests = pytest.importorskip("requests")

ROOT = Path(__file__).resolve().parents[1]
PY = sys.executable
PASSWORD = "Mat-khau-2026!"
TOTP_KEY = "3132333435363738393031323334353637383930"  # hex, RFC 6238's test key
REDIS_DB = 11
UNIT_A, UNIT_B, INSPECTORATE = "06316", "05983", "20-TTR"

pytestmark = pytest.mark.worker


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def _redis_url() -> str:
    """Redis of the worker tests (CELERY_BROKER_URL in CI), else 127.0.0.1:6379; db 11 of it."""
    broker = os.environ.get("CELERY_BROKER_URL", "")
    parsed = urlparse(broker if broker.startswith("redis://") else "redis://127.0.0.1:6379/0")
    return f"redis://{parsed.netloc}/{REDIS_DB}"


def _redis_flush(url: str) -> None:
    import redis

    redis.Redis.from_url(url, socket_connect_timeout=2).flushdb()


def _wait(condition, *, timeout: float, what: str, every: float = 0.25):
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


def _db_params() -> dict:
    settings = connection.settings_dict
    params = {"user": settings["USER"], "host": settings["HOST"] or None, "port": settings["PORT"] or None}
    if settings["PASSWORD"]:
        params["password"] = settings["PASSWORD"]
    return {key: value for key, value in params.items() if value is not None}


def _admin_sql(params: dict, query: str, *, timeout_ms: int = 0) -> list[tuple]:
    conn = psycopg2.connect(dbname="postgres", **params)
    conn.autocommit = True
    try:
        with conn.cursor() as cursor:
            if timeout_ms:
                cursor.execute(f"SET statement_timeout = {int(timeout_ms)}")
            cursor.execute(query)
            return cursor.fetchall() if cursor.description else []
    finally:
        conn.close()


def _drop_database(params: dict, name: str, *, force: bool, timeout_ms: int = 20_000) -> None:
    """Best effort and bounded: on a shared server DROP DATABASE waits for every backend to take a
    barrier, and one busy backend (another run dropping thousands of schemas) can hold it for minutes."""
    try:
        _admin_sql(
            params, f'DROP DATABASE IF EXISTS "{name}"' + (" WITH (FORCE)" if force else ""), timeout_ms=timeout_ms
        )
    except psycopg2.Error as exc:
        warnings.warn(f"database {name} not dropped: {exc}", stacklevel=2)


def _drop_leftovers(params: dict) -> None:
    """Databases of runs that were killed before their teardown; one still in use is left alone."""
    for (name,) in _admin_sql(params, "SELECT datname FROM pg_database WHERE datname LIKE 'tiepdan\\_prodsmoke\\_%'"):
        _drop_database(params, name, force=False, timeout_ms=5_000)


def _copy_database(params: dict, source: str, target: str) -> None:
    """A template may have no other session. This thread's are closed; what else is left on the test
    database belongs to tests that have finished (a live server's thread, a worker that has not yet
    exited), so it is ended, and named in a warning so that a leak can be found."""
    connections.close_all()
    for attempt in range(20):
        others = _admin_sql(
            params,
            "SELECT pid, application_name, state, left(query, 80) FROM pg_stat_activity "
            f"WHERE datname = '{source}' AND pid <> pg_backend_pid()",
        )
        if others:
            warnings.warn(f"sessions left on {source}, ended: {others}", stacklevel=2)
            _admin_sql(params, f"SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = '{source}'")
        try:
            _admin_sql(params, f'CREATE DATABASE "{target}" TEMPLATE "{source}"')
            return
        except psycopg2.errors.ObjectInUse:
            if attempt == 19:
                raise
            time.sleep(0.5)


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


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    redis_url = _redis_url()
    try:
        _redis_flush(redis_url)
    except Exception as exc:  # noqa: BLE001  (no Redis: nothing of production can run)
        pytest.skip(f"no Redis at {redis_url}: {exc}")
    folder = Path(tempfile.mkdtemp(prefix="tiepdan-prodsmoke-"))
    port = _free_port()
    with django_db_blocker.unblock():
        params, source = _db_params(), connection.settings_dict["NAME"]
        db_name = f"tiepdan_prodsmoke_{uuid.uuid4().hex[:8]}"
        _drop_leftovers(params)
        _copy_database(params, source, db_name)
    origin = f"https://127.0.0.1:{port}"
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings.production",
        "DJANGO_DB_NAME": db_name,
        "DJANGO_SECRET_KEY": uuid.uuid4().hex * 2,
        "TIEPDAN_SEAL_MASTER_KEY": uuid.uuid4().hex,
        "TIEPDAN_CITIZEN_KEY_SECRET": uuid.uuid4().hex,
        "DJANGO_ALLOWED_HOSTS": "127.0.0.1,localhost",
        "DJANGO_CSRF_TRUSTED_ORIGINS": origin,
        "CELERY_BROKER_URL": redis_url,
        "REDIS_URL": redis_url,
        "CELERY_TASK_DEFAULT_QUEUE": f"prodsmoke-{uuid.uuid4().hex[:8]}",
        "DJANGO_STATIC_ROOT": str(folder / "static"),
        "DJANGO_MEDIA_ROOT": str(folder / "media"),
        "TIEPDAN_NATIONAL_DB_FOLDER": str(folder / "nationaldb"),
        "TIEPDAN_HEARTBEAT_SECONDS": "2",
        "GUNICORN_WORKERS": "2",
        "TIEPDAN_ONBOARDING_RESUME_SECONDS": "2",
        "GUNICORN_TIMEOUT": "60",
    }
    env.pop("DJANGO_DEBUG", None)
    result = Stack(db_name=db_name, db_params=params, env=env, base=f"http://127.0.0.1:{port}", folder=folder)
    try:
        # What the compose file's `migrate` service runs; on a migrated copy it must find nothing to do.
        result.manage("migrate", "--noinput", "-v", "0")
        result.manage("check", "--deploy", "--fail-level", "WARNING")
        assert "ready" in result.manage(
            "shell", "-c", SETUP.format(a=UNIT_A, b=UNIT_B, i=INSPECTORATE, password=PASSWORD, key=TOTP_KEY)
        )
        result.start(
            "web",
            [PY, "-m", "gunicorn", "--config", "deploy/gunicorn.conf.py", "--bind", f"127.0.0.1:{port}",
             "--worker-tmp-dir", str(folder), "config.wsgi:application"],
        )  # fmt: skip
        result.start_worker()
        result.start("beat", [PY, "-m", "celery", "-A", "config", "beat", "-l", "info", "-s", str(folder / "beat")])

        def healthy():
            try:
                return requests.get(f"{result.base}/healthz", timeout=2).status_code == 200
            except requests.RequestException:
                assert result.processes["web"].poll() is None, result.log_tail()
                return False

        _wait(healthy, timeout=60, what="gunicorn to answer /healthz")
        yield result
    finally:
        for name in list(result.processes):
            result.kill(name)
        for log in result.logs:
            log.close()
        try:
            _drop_database(params, db_name, force=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(Exception):  # best effort: db 11 is flushed at the next start anyway
                _redis_flush(redis_url)


def _login(session: requests.Session, stack: Stack, code: str, username: str) -> requests.Response:
    url = f"{stack.base}/u/{code}/dang-nhap/"
    page = session.get(url, timeout=20)
    assert page.status_code == 200, page.text[:500]
    token = session.cookies.get("csrftoken")
    assert token, "no CSRF cookie on the login page"
    return session.post(
        url, data={"csrfmiddlewaretoken": token, "username": username, "password": PASSWORD},
        headers={"Referer": url.replace("http://", "https://")}, allow_redirects=False, timeout=20,
    )  # fmt: skip


def _post(session: requests.Session, url: str, data: dict) -> requests.Response:
    data = {**data, "csrfmiddlewaretoken": session.cookies.get("csrftoken")}
    return session.post(url, data=data, headers={"Referer": url.replace("http://", "https://")}, allow_redirects=False,
                        timeout=30)  # fmt: skip


def _schema(stack: Stack, code: str) -> str:
    [(schema,)] = stack.sql("SELECT schema_name FROM tenants_unit WHERE code = %s", [code])
    return schema


def test_smoke_login_register_forward_dashboard(stack):
    # Ready once beat's heartbeat has been run by the worker: database, broker, worker, migrations.
    def ready():
        response = requests.get(f"{stack.base}/readyz", timeout=10)
        return response if response.status_code == 200 else None

    ready_response = _wait(ready, timeout=40, what=f"/readyz to answer 200\n{stack.log_tail()}")
    assert ready_response.status_code == 200

    officer = stack.browser()
    login = _login(officer, stack, UNIT_A, "ps_officer")
    assert login.status_code == 302, login.text[-800:]
    assert "Strict-Transport-Security" in login.headers
    assert all(cookie.secure for cookie in officer.cookies), "cookies must be Secure in production"

    register_url = f"{stack.base}/u/{UNIT_A}/don-thu/moi/"
    assert officer.get(register_url, timeout=20).status_code == 200
    subject = f"Cầu treo bản Nà Pàn hư hỏng {uuid.uuid4().hex[:6]}"
    form = {
        "channel": "post", "received_date": time.strftime("%d/%m/%Y"), "petition_type": "recommendation",
        "field_code": "dat-dai", "subject": subject, "summary": "Kiến nghị sửa cầu treo.", "signer_kind": "one",
        "signer_count": "", "signers-TOTAL_FORMS": "1", "signers-INITIAL_FORMS": "0", "signers-MIN_NUM_FORMS": "0",
        "signers-MAX_NUM_FORMS": "5", "signers-0-full_name": "Chu Văn Lềnh", "signers-0-id_kind": "none",
        "signers-0-phone": "0912000111",
    }  # fmt: skip
    registered = _post(officer, register_url, form)
    assert registered.status_code == 302, registered.text[:3000]
    match = re.search(r"/don-thu/(\d+)/$", registered.headers["Location"])
    assert match, registered.headers["Location"]
    detail = f"{stack.base}/u/{UNIT_A}/don-thu/{match[1]}/"
    assert subject in officer.get(detail, timeout=20).text

    classified = _post(officer, f"{detail}phan-loai/", {"is_processable": "1", "within_jurisdiction": "0"})
    assert classified.status_code == 302, classified.text[:3000]
    forwarded = _post(
        officer, f"{detail}ket-qua-xu-ly/",
        {"outcome": "forward", "receiving_unit": UNIT_B, "legal_ground": "Điều 28 Luật Tiếp công dân"},
    )  # fmt: skip
    assert forwarded.status_code == 302, forwarded.text[:3000]

    schema_a, schema_b = _schema(stack, UNIT_A), _schema(stack, UNIT_B)
    [(reference,)] = stack.sql(
        f"SELECT reference FROM {schema_a}.transfers_transfer WHERE petition_id = %s AND direction = 'out'", [match[1]]
    )

    def delivered():
        return stack.sql(f"SELECT id FROM {schema_b}.transfers_transfer WHERE reference = %s", [reference])

    [(received_pk,)] = _wait(delivered, timeout=40, what=f"the worker to deliver the transfer\n{stack.log_tail()}")
    receiver = stack.browser()
    assert _login(receiver, stack, UNIT_B, "ps_officer_b").status_code == 302
    inbox = receiver.get(f"{stack.base}/u/{UNIT_B}/chuyen-don/", timeout=20)
    assert inbox.status_code == 200
    assert f"data-transfer='{reference}'" in inbox.text or f'data-transfer="{reference}"' in inbox.text
    assert "Chu Văn Lềnh" in receiver.get(f"{stack.base}/u/{UNIT_B}/chuyen-don/{received_pk}/", timeout=20).text

    # The inspectorate: an inspector passes the second factor, then reads the dashboard.
    from django_otp.oath import totp

    inspector = stack.browser()
    login = _login(inspector, stack, INSPECTORATE, "ps_inspector")
    assert login.status_code == 302
    verify_url = f"{stack.base}/u/{INSPECTORATE}/tai-khoan/xac-thuc/"
    dashboard_url = f"{stack.base}/u/{INSPECTORATE}/thanh-tra/"
    assert inspector.get(dashboard_url, allow_redirects=False, timeout=20).status_code == 302  # not yet verified
    verified = _post(inspector, verify_url, {"token": f"{totp(bytes.fromhex(TOTP_KEY)):06d}"})
    assert verified.status_code == 302, verified.text[:3000]
    dashboard = inspector.get(dashboard_url, allow_redirects=False, timeout=30)
    assert dashboard.status_code == 200, dashboard.text[:3000]
    assert "<main" in dashboard.text
    # And one unit's session means nothing at another.
    assert officer.get(dashboard_url, allow_redirects=False, timeout=20).status_code == 302


def _unit_schemas_complete(stack: Stack) -> dict[str, tuple]:
    """Per unit schema (and the template): its tables, indexes, constraints and sequences counted."""
    rows = stack.sql(
        """
        SELECT n.nspname,
               count(*) FILTER (WHERE c.relkind = 'r'),
               count(*) FILTER (WHERE c.relkind = 'i'),
               count(*) FILTER (WHERE c.relkind = 'S'),
               (SELECT count(*) FROM pg_constraint k WHERE k.connamespace = n.oid)
        FROM pg_namespace n LEFT JOIN pg_class c ON c.relnamespace = n.oid
        WHERE n.nspname LIKE 'u\\_%%' OR n.nspname = 'tenant_template'
        GROUP BY n.oid, n.nspname
        """
    )
    return {name: tuple(counts) for name, *counts in rows}


def test_worker_killed_mid_onboarding_resumes_with_no_half_made_unit(stack):
    from tenants.catalogue import province_units

    existing = {code for (code,) in stack.sql("SELECT code FROM tenants_unit")}
    codes = [spec.code for spec in province_units("20") if spec.code not in existing][:12]
    assert len(codes) == 12
    job_id = int(
        stack.manage(
            "shell", "-c",
            "from tenants.provisioning import onboarding_job_create\n"
            f"print(onboarding_job_create(requested_by='prodsmoke', unit_codes={codes!r}).pk)",
        ).split()[-1]
    )  # fmt: skip

    def job():
        [row] = stack.sql("SELECT status, done, total FROM tenants_onboardingjob WHERE id = %s", [job_id])
        return row

    # Killed once the first batch is committed and before the last one is.
    _wait(lambda: job()[1] >= 4, timeout=60, every=0.05, what=f"the first batch of the onboarding\n{stack.log_tail()}")
    stack.kill("worker", signal.SIGKILL)
    status, done, total = job()
    assert (status, total) == ("running", 12), "the job ended before the worker was killed: nothing was proven"
    assert done < total

    def check_no_half_made_unit() -> None:
        schemas = _unit_schemas_complete(stack)
        template = schemas.pop("tenant_template")
        units = dict(stack.sql("SELECT schema_name, status FROM tenants_unit WHERE schema_name LIKE 'u\\_%%'"))
        half = {name: counts for name, counts in schemas.items() if counts != template}
        assert not half, f"schemas unlike the template {template}: {half}"
        assert set(schemas) == set(units), "a schema without its unit, or a unit without its schema"
        assert set(units.values()) == {"active"}

    check_no_half_made_unit()
    made = {code for (code,) in stack.sql("SELECT code FROM tenants_unit WHERE code = ANY(%s)", [codes])}
    assert 4 <= len(made) < 12

    stack.start_worker()  # beat's onboarding-resume finds the job no worker holds and queues it again
    _wait(lambda: job()[0] == "done", timeout=60, what=f"the resumed onboarding to finish\n{stack.log_tail()}")
    assert job()[1:] == (12, 12)
    check_no_half_made_unit()
    assert {code for (code,) in stack.sql("SELECT code FROM tenants_unit WHERE code = ANY(%s)", [codes])} == set(codes)
