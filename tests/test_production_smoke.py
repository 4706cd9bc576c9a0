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
import re
import shutil
import signal
import tempfile
import time
import uuid
import warnings
from pathlib import Path

import psycopg2
import pytest
from django.db import connection, connections

from tests.production import (
    INSPECTORATE,
    PY,
    TOTP_KEY,
    UNIT_A,
    UNIT_B,
    Stack,
    form_post,
    free_port,
    log_in,
    production_env,
    redis_flush,
    redis_url,
    wait,
)

requests = pytest.importorskip("requests")

pytestmark = pytest.mark.worker


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


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    redis = redis_url()
    try:
        redis_flush(redis)
    except Exception as exc:  # noqa: BLE001  (no Redis: nothing of production can run)
        pytest.skip(f"no Redis at {redis}: {exc}")
    folder = Path(tempfile.mkdtemp(prefix="tiepdan-prodsmoke-"))
    port = free_port()
    with django_db_blocker.unblock():
        params, source = _db_params(), connection.settings_dict["NAME"]
        db_name = f"tiepdan_prodsmoke_{uuid.uuid4().hex[:8]}"
        _drop_leftovers(params)
        _copy_database(params, source, db_name)
    env = production_env(
        port=port,
        redis=redis,
        folder=folder,
        queue="prodsmoke",
        DJANGO_DB_NAME=db_name,
        TIEPDAN_HEARTBEAT_SECONDS="2",
        TIEPDAN_ONBOARDING_RESUME_SECONDS="2",
        # A connection per unit's share even with the test database's few units (tenants/connections.py).
        TIEPDAN_DB_UNITS_PER_CONNECTION="1",
    )
    result = Stack(db_name=db_name, db_params=params, env=env, base=f"http://127.0.0.1:{port}", folder=folder)
    try:
        # What the compose file's `migrate` service runs; on a migrated copy it must find nothing to do.
        result.manage("migrate", "--noinput", "-v", "0")
        result.manage("check", "--deploy", "--fail-level", "WARNING")
        result.users_create()
        result.serve(port)
        result.start_worker()
        result.start("beat", [PY, "-m", "celery", "-A", "config", "beat", "-l", "info", "-s", str(folder / "beat")])
        yield result
    finally:
        result.stop()
        try:
            _drop_database(params, db_name, force=True)
        finally:
            shutil.rmtree(folder, ignore_errors=True)
            with contextlib.suppress(Exception):  # best effort: db 11 is flushed at the next start anyway
                redis_flush(redis)


def _schema(stack: Stack, code: str) -> str:
    [(schema,)] = stack.sql("SELECT schema_name FROM tenants_unit WHERE code = %s", [code])
    return schema


def test_smoke_login_register_forward_dashboard(stack):
    # Ready once beat's heartbeat has been run by the worker: database, broker, worker, migrations.
    def ready():
        response = requests.get(f"{stack.base}/readyz", timeout=10)
        return response if response.status_code == 200 else None

    ready_response = wait(ready, timeout=40, what=f"/readyz to answer 200\n{stack.log_tail()}")
    assert ready_response.status_code == 200

    officer = stack.browser()
    login = log_in(officer, stack, UNIT_A, "ps_officer")
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
    registered = form_post(officer, register_url, form)
    assert registered.status_code == 302, registered.text[:3000]
    match = re.search(r"/don-thu/(\d+)/$", registered.headers["Location"])
    assert match, registered.headers["Location"]
    detail = f"{stack.base}/u/{UNIT_A}/don-thu/{match[1]}/"
    assert subject in officer.get(detail, timeout=20).text

    classified = form_post(officer, f"{detail}phan-loai/", {"is_processable": "1", "within_jurisdiction": "0"})
    assert classified.status_code == 302, classified.text[:3000]
    forwarded = form_post(
        officer, f"{detail}ket-qua-xu-ly/",
        {"outcome": "forward", "receiving_unit": UNIT_B, "legal_ground": "Điều 28 Luật Tiếp công dân"},
    )  # fmt: skip
    assert forwarded.status_code == 302, forwarded.text[:3000]

    schema_a, schema_b = _schema(stack, UNIT_A), _schema(stack, UNIT_B)
    [(reference,)] = stack.sql(
        f"SELECT reference FROM \"{schema_a}\".transfers_transfer WHERE petition_id = %s AND direction = 'out'",
        [match[1]],
    )

    def delivered():
        return stack.sql(f'SELECT id FROM "{schema_b}".transfers_transfer WHERE reference = %s', [reference])

    [(received_pk,)] = wait(delivered, timeout=40, what=f"the worker to deliver the transfer\n{stack.log_tail()}")
    receiver = stack.browser()
    assert log_in(receiver, stack, UNIT_B, "ps_officer_b").status_code == 302
    inbox = receiver.get(f"{stack.base}/u/{UNIT_B}/chuyen-don/", timeout=20)
    assert inbox.status_code == 200
    assert f"data-transfer='{reference}'" in inbox.text or f'data-transfer="{reference}"' in inbox.text
    assert "Chu Văn Lềnh" in receiver.get(f"{stack.base}/u/{UNIT_B}/chuyen-don/{received_pk}/", timeout=20).text

    # The inspectorate: an inspector passes the second factor, then reads the dashboard.
    from django_otp.oath import totp

    inspector = stack.browser()
    login = log_in(inspector, stack, INSPECTORATE, "ps_inspector")
    assert login.status_code == 302
    verify_url = f"{stack.base}/u/{INSPECTORATE}/tai-khoan/xac-thuc/"
    dashboard_url = f"{stack.base}/u/{INSPECTORATE}/thanh-tra/"
    assert inspector.get(dashboard_url, allow_redirects=False, timeout=20).status_code == 302  # not yet verified
    verified = form_post(inspector, verify_url, {"token": f"{totp(bytes.fromhex(TOTP_KEY)):06d}"})
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

    # Killed once at least 4 units are committed and before the last one is.
    wait(lambda: job()[1] >= 4, timeout=60, every=0.05, what=f"the first batches of the onboarding\n{stack.log_tail()}")
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
    wait(lambda: job()[0] == "done", timeout=60, what=f"the resumed onboarding to finish\n{stack.log_tail()}")
    assert job()[1:] == (12, 12)
    check_no_half_made_unit()
    assert {code for (code,) in stack.sql("SELECT code FROM tenants_unit WHERE code = ANY(%s)", [codes])} == set(codes)
