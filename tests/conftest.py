"""Fixtures: one test database with three real units of the Lạng Sơn demo province.

The units' schemas are created once per session (by the same provisioning code as production,
cloning the template schema); each test then runs in a transaction that is rolled back, DDL
included, so tests can onboard units freely. Tests that need data visible to another process (a
Celery worker, concurrent connections) use ``committed`` and clean up after themselves.
"""

from __future__ import annotations

import os
import subprocess
import sys
import uuid
from base64 import b32encode
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path

import pytest
from django.db import connection, transaction
from django.test import Client
from django_tenants.utils import schema_context
from rest_framework.test import APIClient

from tests import shared_data as sharing

ROOT = Path(__file__).resolve().parents[1]
UNIT_A = "06316"  # Xã Tân Đoàn
UNIT_B = "05983"  # Phường Lương Văn Tri
INSPECTORATE = "20-TTR"
PASSWORD = "Mat-khau-2026!"
#: The test database's comment while committed data may be in it (``committed``).
INTERRUPTED = "TiepDan tests: a run stopped or failed while it held committed data"
_FAILED = pytest.StashKey[bool]()
_COMMITTED = pytest.StashKey[object]()
_interrupted = False


def _test_database_comment() -> str | None:
    with connection._nodb_cursor() as cursor:
        cursor.execute(
            "SELECT shobj_description(oid, 'pg_database') FROM pg_database WHERE datname = %s",
            [connection.creation._get_test_db_name()],
        )
        row = cursor.fetchone()
    return row[0] if row else None


def _test_database_comment_set(text: str | None) -> None:
    from tenants.citus import citus_active

    name = connection.ops.quote_name(connection.settings_dict["NAME"])
    with transaction.atomic(), connection.cursor() as cursor:
        if citus_active():
            # Citus would send the comment to every node, the coordinator too, through a new
            # connection that waits for this one's lock on the database; the mark is the coordinator's.
            cursor.execute("SET LOCAL citus.enable_ddl_propagation TO off")
        cursor.execute(f"COMMENT ON DATABASE {name} IS %s", [text])


@pytest.fixture(scope="session")
def django_db_createdb(request, django_db_createdb, django_db_blocker) -> bool:
    """Recreate the reused test database when asked (--create-db), and when the run before was cut
    short (killed, Ctrl-C) or failed while a ``committed`` test held data in it: what such a test
    wrote and did not remove would change this run's counts."""
    if django_db_createdb:
        return True
    if os.environ.get("TIEPDAN_CITUS_JOB"):
        # The cluster script made the test database on every node with the extension; one made
        # here would be a plain database on the coordinator. The Citus job's steps are idempotent.
        return False
    with django_db_blocker.unblock():
        dirty = (_test_database_comment() or "").startswith(INTERRUPTED.split(":")[0])
    capture = request.config.pluginmanager.getplugin("capturemanager")
    if dirty and capture is not None:
        with capture.global_and_fixture_disabled():
            request.config.get_terminal_writer().line(f"\n{INTERRUPTED}: the test database is made anew.", yellow=True)
    return dirty


@pytest.fixture(scope="session")
def django_db_setup(request, django_db_setup, django_db_blocker, django_db_createdb):
    from django.test.utils import setup_databases

    from tenants.catalogue import unit_spec
    from tenants.provisioning import template_schema_sync, unit_provision

    with django_db_blocker.unblock():
        if not connection.settings_dict["NAME"].startswith("test_"):
            # pytest-django creates the test database only for runs that hold a django_db test; a
            # run of committed-data tests alone (e.g. the browser tests) needs it too.
            setup_databases(verbosity=0, interactive=False, aliases={"default"}, keepdb=not django_db_createdb)
        template_schema_sync()
        for code in ("20-UBND", INSPECTORATE, UNIT_A, UNIT_B):
            unit_provision(spec=unit_spec(code))


@pytest.fixture
def unit_a(db):
    from tenants.models import Unit

    return Unit.objects.get(code=UNIT_A)


@pytest.fixture
def unit_b(db):
    from tenants.models import Unit

    return Unit.objects.get(code=UNIT_B)


@pytest.fixture
def inspectorate(db):
    from tenants.models import Unit

    return Unit.objects.get(code=INSPECTORATE)


@dataclass
class Member:
    """A staff account of one unit, with clients already authenticated as it."""

    unit: object
    user: object
    token: str

    def url(self, path: str = "") -> str:
        return f"/u/{self.unit.code}/{path.lstrip('/')}"

    def web(self) -> Client:
        """A client logged in through the login page, and through the second-factor page when the
        account's role requires one (with a recovery code made by the real service)."""
        client = Client()
        response = client.post(self.url("dang-nhap/"), {"username": self.user.username, "password": PASSWORD})
        assert response.status_code == 302, "login failed"
        pass_second_factor(client, self.user, self.url("tai-khoan/xac-thuc/"), schema=self.unit.schema_name)
        return client

    def api(self) -> APIClient:
        client = APIClient()
        client.credentials(HTTP_AUTHORIZATION=f"Token {self.token}")
        return client


def pass_second_factor(client: Client, user, verify_url: str, *, schema: str) -> None:
    """Give the second-factor page a code when the account needs one: a recovery code from the real
    service (TOTP codes cannot be replayed within their 30 seconds, and tests log in often)."""
    from core.accounts.second_factor import recovery_codes_regenerate, second_factor_required

    with schema_context(schema):
        if not second_factor_required(user):
            return
        code = recovery_codes_regenerate(user=user)[0]
    response = client.post(verify_url, {"token": code})
    assert response.status_code == 302, "second factor refused"


def totp_now(device) -> str:
    """The code an authenticator app would show now for ``device`` (django-otp's own TOTP)."""
    from django_otp.oath import totp

    return f"{totp(device.bin_key, step=device.step, t0=device.t0, digits=device.digits):0{device.digits}d}"


def enrol_by_page(client: Client, enrol_url: str, *, schema: str) -> list[str]:
    """Set up an authenticator through the enrolment page, as a person with the app would: read the
    key the page shows, answer with the code. Returns the recovery codes the page shows once."""
    from django_otp.plugins.otp_totp.models import TOTPDevice

    page = client.get(enrol_url)
    assert page.status_code == 200, page.status_code
    with schema_context(schema):
        device = TOTPDevice.objects.get(pk=page.context["device_id"])
    assert page.context["key"].replace(" ", "") == b32encode(device.bin_key).decode()
    done = client.post(enrol_url, {"device_id": device.pk, "token": totp_now(device)})
    assert done.status_code == 200, "enrolment refused"
    return list(done.context["codes"])


def admin_login(client: Client, user) -> Client:
    """Log a platform admin in for /admin/: the session, then the second factor through its page
    (/admin/ is closed to a session that has not passed it)."""
    client.force_login(user)
    pass_second_factor(client, user, "/tai-khoan/xac-thuc/", schema="public")
    return client


def member_make(unit, *, roles=("reception_officer",), username: str = "canbo", **fields) -> Member:
    from core.accounts.services import user_create
    from core.accounts.tokens import token_create

    with schema_context(unit.schema_name):
        user = user_create(unit=unit, username=username, password=PASSWORD, roles=list(roles), **fields)
        _token, token = token_create(user=user, name="tests")
    return Member(unit=unit, user=user, token=token)


def member_reload(member: Member) -> Member:
    """The same account read afresh (for shared data: a test's in-memory changes stay its own)."""
    from core.accounts.models import User
    from tenants.models import Unit

    unit = Unit.objects.get(pk=member.unit.pk)
    with schema_context(unit.schema_name):
        user = User.objects.get(pk=member.user.pk)
    return Member(unit=unit, user=user, token=member.token)


@pytest.fixture
def make_member(db):
    return member_make


@pytest.fixture
def member_a(unit_a, make_member) -> Member:
    return make_member(unit_a, username="can_bo_a", full_name="Nguyễn Văn An")


@pytest.fixture
def admin_a(unit_a, make_member) -> Member:
    return make_member(unit_a, roles=("unit_admin",), username="quan_tri_a", full_name="Hoàng Thị Lan")


@pytest.fixture
def member_b(unit_b, make_member) -> Member:
    return make_member(unit_b, username="can_bo_b", full_name="Trần Văn Bình")


@pytest.fixture
def platform_admin(db):
    from django.contrib.auth.models import Permission

    from core.accounts.models import User
    from core.accounts.tokens import token_create

    connection.set_schema_to_public()
    user = User.objects.create_user("platform_admin", password=PASSWORD, is_staff=True)
    user.user_permissions.add(Permission.objects.get(codename="onboard_units", content_type__app_label="accounts"))
    _token, token = token_create(user=user, name="tests")
    client = APIClient()
    client.credentials(HTTP_AUTHORIZATION=f"Token {token}")
    client.user = user
    return client


@pytest.fixture
def shared_data(request):
    """``shared_data(name)``: this test's copy of the shared data ``name`` (tests/shared_data.py)."""
    return lambda name: sharing.value(name, request.path)


@pytest.hookimpl(wrapper=True)
def pytest_fixture_setup(fixturedef, request):
    if fixturedef.argname == sharing.TEST_TRANSACTION_FIXTURE:
        sharing.open_for(request)
    return (yield)


@pytest.hookimpl(wrapper=True)
def pytest_runtest_teardown(item, nextitem):
    try:
        return (yield)
    finally:
        if nextitem is None or sharing.wanted(nextitem) != sharing.wanted(item):
            sharing.close()


def pytest_collection_modifyitems(items):
    sharing.keep_together(items)


@pytest.fixture(scope="session")
def worker_process(django_db_setup, django_db_blocker) -> Iterator[tuple[subprocess.Popen, str]]:
    """One real worker for the run, on a queue of its own, against the test database: started by
    the first module that needs it and stopped at the end (a start and a warm stop take seconds)."""
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
    try:
        yield process, queue
    finally:
        # Every test has waited for its tasks, so the worker has nothing left to finish; Celery's own
        # shutdown, warm or cold, takes seconds here.
        process.kill()
        process.wait(timeout=30)
        log.close()


@pytest.fixture(scope="module")
def worker(worker_process) -> Iterator[subprocess.Popen]:
    """The worker, with eager mode off while the module's tests run: their tasks go through the
    real broker to the worker process."""
    from config.celery_app import app

    process, queue = worker_process
    saved = (app.conf.task_always_eager, app.conf.task_default_queue)
    app.conf.task_always_eager, app.conf.task_default_queue = False, queue
    try:
        yield process
    finally:
        app.conf.task_always_eager, app.conf.task_default_queue = saved


@pytest.fixture
def committed(request, django_db_setup, django_db_blocker) -> Iterator[None]:
    """Database access outside the test transaction: what is written is visible to other
    connections and processes, and stays unless the test removes it.

    While such a test runs, the database is marked (its comment); the mark is removed once the test
    and every fixture's clean-up have passed. A run killed or interrupted meanwhile, or a test that
    failed perhaps before or during its clean-up, leaves the mark, and the next run creates the
    database anew rather than count what was left (``django_db_createdb``)."""
    with django_db_blocker.unblock():
        connection.set_schema_to_public()
        _test_database_comment_set(INTERRUPTED)
        request.node.stash[_COMMITTED] = django_db_blocker
        yield
        connection.set_schema_to_public()


@pytest.hookimpl(wrapper=True)
def pytest_runtest_makereport(item, call):
    report = yield
    if report.failed:
        item.stash[_FAILED] = True
    blocker = item.stash.get(_COMMITTED, None)
    if report.when == "teardown" and blocker is not None and not (_interrupted or item.stash.get(_FAILED, False)):
        with blocker.unblock():
            _test_database_comment_set(None)
    return report


def pytest_keyboard_interrupt(excinfo):
    global _interrupted
    _interrupted = True
