"""The database connection is recycled once it has served ``TIEPDAN_DB_CONN_MAX_SCHEMAS`` units
(tenants/connections.py): a new backend after the limit, the same one within it, none closed inside a
transaction. Requests go through the routing middleware and Django's test client, which (like
gunicorn with ``CONN_MAX_AGE``) keeps the connection between requests."""

from __future__ import annotations

import pytest
from django.db import connection
from django.test import Client, override_settings

from tenants.connections import schemas_served
from tests.conftest import INSPECTORATE, UNIT_A, UNIT_B


def _fresh_backend() -> int:
    """A new connection, so that no earlier test's units count."""
    connection.close()
    return _backend()


def _backend() -> int:
    with connection.cursor() as cursor:
        cursor.execute("SELECT pg_backend_pid()")
        return cursor.fetchone()[0]


def _get(client: Client, code: str) -> None:
    response = client.get(f"/u/{code}/dang-nhap/")
    assert response.status_code == 200


@pytest.mark.usefixtures("committed")
@override_settings(TIEPDAN_DB_CONN_MAX_SCHEMAS=3)
def test_the_connection_is_replaced_after_the_limit_of_units_and_kept_within_it():
    client = Client()
    first = _fresh_backend()
    for code in (UNIT_A, UNIT_B, UNIT_A, UNIT_B, UNIT_A):
        _get(client, code)
        assert _backend() == first  # two units: within the limit, whatever the number of requests
    assert schemas_served() == 2
    _get(client, INSPECTORATE)  # the third unit: the connection is closed after this request
    second = _backend()
    assert second != first
    assert schemas_served() == 0
    for code in (INSPECTORATE, UNIT_A):
        _get(client, code)
        assert _backend() == second  # the count starts again on the new connection
    assert schemas_served() == 2


@pytest.mark.django_db
@override_settings(TIEPDAN_DB_CONN_MAX_SCHEMAS=1)
def test_a_request_finished_inside_a_transaction_never_closes_the_connection():
    client = Client()
    first = _backend()
    for code in (UNIT_A, UNIT_B, INSPECTORATE):
        _get(client, code)
    assert _backend() == first
    assert connection.in_atomic_block  # the test's transaction is intact


@pytest.mark.usefixtures("committed")
def test_off_by_default_outside_production():
    client = Client()
    first = _fresh_backend()
    for code in (UNIT_A, UNIT_B, INSPECTORATE):
        _get(client, code)
    assert _backend() == first
    assert schemas_served() == 0


@pytest.mark.usefixtures("committed")
@override_settings(TIEPDAN_DB_CONN_MAX_SCHEMAS=2)
def test_a_sweep_over_every_unit_recycles_between_units():
    from tenants.connections import units_in_turn
    from tenants.models import Unit

    units = Unit.objects.filter(code__in=[UNIT_A, UNIT_B, INSPECTORATE]).order_by("code")
    first = _fresh_backend()
    seen = []
    for unit in units_in_turn(units):
        assert connection.schema_name == unit.schema_name
        seen.append((unit.code, _backend()))
    assert [code for code, _pid in seen] == sorted([UNIT_A, UNIT_B, INSPECTORATE])
    # Two units on the first backend, the third on a new one (recycled after the second).
    assert seen[0][1] == seen[1][1] == first
    assert seen[2][1] != first
    assert connection.schema_name == "public"


@pytest.fixture
def shares():
    """The units spread over one connection each (``TIEPDAN_DB_UNITS_PER_CONNECTION = 1``), kept
    as production keeps them (``CONN_MAX_AGE``; the tests' 0 would close each one as it comes back
    into use); the thread's connections closed and the first one put back afterwards."""
    from django.db import connections

    from tenants import connections as module

    database = connections.settings["default"]
    kept = database["CONN_MAX_AGE"]
    database["CONN_MAX_AGE"] = 600
    module._shares.clear()
    try:
        with override_settings(TIEPDAN_DB_UNITS_PER_CONNECTION=1):
            yield module._share_count()
    finally:
        module.held_connections_close()
        module._shares.clear()
        database["CONN_MAX_AGE"] = kept


@pytest.mark.usefixtures("committed")
def test_each_unit_is_served_on_its_own_share_s_connection_every_time(shares):
    import zlib

    assert shares >= 3  # the three units of the fixture at least, one connection each at most
    _fresh_backend()  # opened with the kept age
    client = Client()
    backends: dict[str, set[int]] = {}
    for code in (UNIT_A, UNIT_B, INSPECTORATE) * 3:
        _get(client, code)
        backends.setdefault(code, set()).add(_backend())
    # A unit always on the same backend, kept warm; units of different shares on different ones.
    assert all(len(pids) == 1 for pids in backends.values())
    share = {code: zlib.crc32(code.encode()) % shares for code in backends}
    for first in backends:
        for second in backends:
            assert (backends[first] == backends[second]) == (share[first] == share[second])
    assert len({pid for pids in backends.values() for pid in pids}) == len(set(share.values())) > 1


@pytest.mark.django_db
def test_no_other_connection_inside_a_transaction(shares):
    client = Client()
    first = _backend()
    for code in (UNIT_A, UNIT_B, INSPECTORATE):
        _get(client, code)
        assert _backend() == first  # the test's transaction (and its rows) stays on its connection


@pytest.mark.usefixtures("committed")
def test_a_kept_connection_ended_while_idle_is_replaced_when_its_share_comes_back(shares):
    """Another share's backend is ended (a PostgreSQL restart, an operator's kill) while it is not
    the default: with the production's health checks, the next request of that share is served."""
    from django.db import connections

    database = connections.settings["default"]
    database["CONN_HEALTH_CHECKS"] = True
    try:
        _fresh_backend()
        client = Client(raise_request_exception=False)
        backends = {}
        for code in (UNIT_A, UNIT_B, INSPECTORATE):
            _get(client, code)
            backends[code] = _backend()
        ended = {pid for pid in backends.values() if pid != backends[INSPECTORATE]}
        assert ended  # the fixture's units fall in more than one share
        with connection.cursor() as cursor:  # on the inspectorate's share's connection
            for pid in ended:
                cursor.execute("SELECT pg_terminate_backend(%s)", [pid])
        for code in (UNIT_A, UNIT_B):
            assert client.get(f"/u/{code}/dang-nhap/").status_code == 200, code
    finally:
        database["CONN_HEALTH_CHECKS"] = False
