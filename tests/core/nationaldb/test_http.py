"""The HTTP adapter against a real HTTP server on 127.0.0.1, started by the test."""

from __future__ import annotations

import json
import threading
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest
from django_tenants.utils import schema_context

from core.nationaldb.choices import RecordState
from core.nationaldb.tasks import nationaldb_send

from .conftest import case_make, flush, records

pytestmark = pytest.mark.django_db
TOKEN = "national-db-test-token"


class NationalDbServer:
    """A stand-in for the national database's endpoint: answers from a script, then 200 with an
    acknowledgement of every record it was sent (duplicates acknowledged as such)."""

    def __init__(self, script: list[int], *, always: int | None = None) -> None:
        self.script = list(script)
        self.always = always
        self.requests: list[dict] = []
        self.seen: set[str] = set()
        server = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self) -> None:
                body = self.rfile.read(int(self.headers["Content-Length"]))
                keys = [json.loads(line)["key"] for line in body.decode().splitlines()]
                server.requests.append({"headers": dict(self.headers), "keys": keys, "body": body})
                if self.headers.get("Authorization") != f"Bearer {TOKEN}":
                    self._answer(401, {"error": "unauthorised"})
                elif server.always or server.script:
                    status = server.always or server.script.pop(0)
                    self._answer(status, {"error": f"scripted {status}"})
                else:
                    duplicates = [key for key in keys if key in server.seen]
                    server.seen.update(keys)
                    fresh = [key for key in keys if key not in duplicates]
                    self._answer(
                        200, {"batch": self.headers["Idempotency-Key"], "acknowledged": fresh, "duplicates": duplicates}
                    )

            def _answer(self, status: int, document: dict) -> None:
                payload = json.dumps(document).encode()
                self.send_response(status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                self.wfile.write(payload)

            def log_message(self, *args) -> None:
                pass

        self.httpd = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.httpd.server_address[1]}/api/packages"
        self.thread = threading.Thread(target=self.httpd.serve_forever, daemon=True)

    def __enter__(self) -> NationalDbServer:
        self.thread.start()
        return self

    def __exit__(self, *exc) -> None:
        self.httpd.shutdown()
        self.httpd.server_close()


@pytest.fixture
def http_db(national_db, settings, monkeypatch):
    # As a worker does: a retry raised by the task runs again (eagerly, at once) instead of
    # propagating to the caller, which the test settings' eager mode would otherwise do.
    monkeypatch.setitem(nationaldb_send.app.conf, "task_eager_propagates", False)

    def configure(server: NationalDbServer, **overrides) -> None:
        settings.TIEPDAN_NATIONAL_DB = {
            **national_db,
            "adapter": "http",
            "endpoint": server.url,
            "token": TOKEN,
            "timeout": 5,
            **overrides,
        }

    return configure


def send(unit) -> None:
    """The worker's task, run eagerly in the unit (its retries run at once, back-off aside)."""
    with schema_context(unit.schema_name):
        nationaldb_send.apply(throw=False)


def test_two_server_errors_then_acknowledged(http_db, officer_a, unit_a):
    case_make(officer_a, steps=("classify",))
    with NationalDbServer([500, 500]) as server:
        http_db(server)
        send(unit_a)
    rows = records(unit_a)
    assert {r.state for r in rows} == {RecordState.ACKNOWLEDGED}
    assert {r.attempts for r in rows} == {3}
    assert len(server.requests) == 3
    # The same batch each time: same idempotency key, same bytes, and the bearer token.
    assert len({r["headers"]["Idempotency-Key"] for r in server.requests}) == 1
    assert len({r["body"] for r in server.requests}) == 1
    assert server.requests[0]["headers"]["X-Tiepdan-Signature"].startswith("ed25519;")
    assert server.requests[0]["keys"] == [r.key for r in rows]


def test_a_server_that_keeps_failing_leaves_the_records_failed_with_the_reason(http_db, officer_a, unit_a):
    petition = case_make(officer_a, steps=("classify",))
    with NationalDbServer([], always=503) as server:
        http_db(server, max_attempts=3)
        send(unit_a)
    assert len(server.requests) == 3
    rows = records(unit_a)
    assert {r.state for r in rows} == {RecordState.FAILED}
    assert all("HTTP 503" in r.last_error and "3 lần" in r.last_error for r in rows)
    # The unit sees it: the list filtered on failures, and the petition's own page.
    client = officer_a.web()
    page = client.get(officer_a.url("csdl-quoc-gia/?trang_thai=failed"))
    assert page.status_code == 200
    html = page.content.decode()
    assert f'data-case="{petition.case_id}" data-state="failed"' in html
    assert "HTTP 503" in html
    detail = client.get(officer_a.url(f"don-thu/{petition.pk}/")).content.decode()
    assert 'id="nationaldb-sync"' in detail
    assert 'data-state="failed"' in detail
    assert "HTTP 503" in detail


def test_a_refusal_is_not_retried_and_a_resend_is_deduplicated(http_db, officer_a, unit_a):
    petition = case_make(officer_a, steps=("classify",))
    with NationalDbServer([422]) as server:
        http_db(server)
        send(unit_a)
        assert len(server.requests) == 1
        rows = records(unit_a)
        assert {r.state for r in rows} == {RecordState.FAILED}
        assert {r.attempts for r in rows} == {1}
        assert "HTTP 422" in rows[0].last_error
        # The receiver had in fact kept them; fixed on its side, the officer sends again from the page.
        server.seen.update(r.key for r in rows)
        response = officer_a.web().post(officer_a.url(f"csdl-quoc-gia/don/{petition.pk}/gui-lai/"))
        assert response.status_code == 302
        # The page's transaction commits in a test only through on_commit hooks: run the sender as the hook would.
        send(unit_a)
    assert len(server.requests) == 2
    assert server.requests[1]["keys"] == server.requests[0]["keys"]
    assert {r.state for r in records(unit_a)} == {RecordState.ACKNOWLEDGED}


def test_a_wrong_token_is_a_refusal_with_the_reason(http_db, officer_a, unit_a):
    case_make(officer_a, steps=())
    with NationalDbServer([]) as server:
        http_db(server, token="wrong")
        send(unit_a)
    [row] = records(unit_a)
    assert row.state == RecordState.FAILED
    assert "HTTP 401" in row.last_error


def test_no_server_listening_is_retried_then_failed(http_db, officer_a, unit_a):
    case_make(officer_a, steps=())
    with NationalDbServer([]) as server:
        url = server.url
    http_db(server, endpoint=url, max_attempts=2)
    send(unit_a)
    [row] = records(unit_a)
    assert row.state == RecordState.FAILED
    assert row.attempts == 2
    assert "Không kết nối được" in row.last_error


def test_the_sweep_waits_out_the_back_off(http_db, officer_a, unit_a):
    from datetime import timedelta

    from django.utils import timezone

    from core.nationaldb.sending import backoff

    case_make(officer_a, steps=())
    with NationalDbServer([500]) as server:
        http_db(server, backoff_seconds=30)
        assert [backoff(n) for n in (1, 2, 3, 10)] == [30, 60, 120, 3600]
        first = flush(unit_a)
        [row] = records(unit_a)
        assert row.state == RecordState.PENDING
        assert row.attempts == 1
        assert "HTTP 500" in row.last_error
        assert timedelta(seconds=25) < row.next_attempt_at - timezone.now() <= timedelta(seconds=30)
        assert 25 < first.retry_in <= 30  # what the task hands to Celery as its countdown
        flush(unit_a)  # the sweep, too early: nothing goes
        assert len(server.requests) == 1
        flush(unit_a, due_only=False)  # the task's own retry, when its countdown has run
    assert len(server.requests) == 2
    assert [r.state for r in records(unit_a)] == [RecordState.ACKNOWLEDGED]
