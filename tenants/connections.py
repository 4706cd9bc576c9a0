"""A database connection is recycled once it has served ``TIEPDAN_DB_CONN_MAX_SCHEMAS`` unit schemas.

Why: a PostgreSQL backend keeps the catalog entries (relcache, catcache) of every relation it has
opened until it exits, and every unit has a schema of its own, with its own relations. A backend
that a gunicorn worker keeps open (``CONN_MAX_AGE``) while it serves requests across thousands of
units grows without bound: from 36 MB to more than 300 MB of private memory after 1,000 units
(benchmarks/README.md, *connections*). Closing Django's connection once it has served ``M``
distinct unit schemas bounds each backend to about ``M`` schemas' worth of catalog entries; the
next request opens a new backend (a connect, a few milliseconds on the same host).

The routing middleware records the unit each request was served in (``schema_served``); the
``request_finished`` handler (``connection_recycle``) closes the connection when the count is
reached. 0 (the default outside production) never closes it. A request that finishes inside a
transaction (a test case's) never closes it either. The worker's sweeps, which visit every unit on
one connection, go through ``units_in_turn``, which counts and recycles the same way between units.

Recycling alone makes every request to a unit not among a connection's last ``M`` a cold one (the
backend reads that unit's catalog entries again): under traffic spread over 1,000 units that cost
22–36 % more CPU per request. So a request thread also keeps **several connections, each for its
own share of the units** (``connection_for_unit``): with ``TIEPDAN_DB_UNITS_PER_CONNECTION = U``
and ``N`` units, ``ceil(N / U)`` connections, a unit always on the same one (its code hashed). Each
backend then holds about ``U`` units' catalog entries and keeps them warm; the limit ``M`` stays as
the bound if units are added after the count (read once per process). The price is connections:
``workers × threads × ceil(N / U)`` (deploy/README.md sizes ``max_connections``).
"""

from __future__ import annotations

import math
import threading
import zlib
from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import DEFAULT_DB_ALIAS, connections
from django_tenants.utils import schema_context

from .db import connection

if TYPE_CHECKING:
    from .models import Unit

# On the connection wrapper (one per thread): the DB-API connection the schemas were served on, and
# the schemas. A different DB-API connection means Django opened a new one since: the count restarts.
_SERVED = "_tiepdan_schemas_served"


def _limit() -> int:
    return int(getattr(settings, "TIEPDAN_DB_CONN_MAX_SCHEMAS", 0))


def schemas_served() -> int:
    """How many distinct unit schemas the current database connection has served (0 if none)."""
    state = getattr(connection, _SERVED, None)
    if state is None or state[0] is not connection.connection:
        return 0
    return len(state[1])


def schema_served(schema_name: str) -> None:
    """Record that the request just handled ran in ``schema_name`` on the current connection.

    Called after the view, when the request has opened the connection if it queried at all; a
    request that made no query leaves nothing in the backend's caches and is not counted.
    """
    if not _limit() or schema_name == settings.PUBLIC_SCHEMA_NAME or connection.connection is None:
        return
    state: tuple[Any, set[str]] | None = getattr(connection, _SERVED, None)
    if state is None or state[0] is not connection.connection:
        state = (connection.connection, set())
        setattr(connection, _SERVED, state)
    state[1].add(schema_name)


def connection_recycle(**kwargs: Any) -> None:
    """``request_finished``: close the connection if it has served the limit of unit schemas."""
    limit = _limit()
    if not limit or connection.in_atomic_block or schemas_served() < limit:
        return
    connection.close()
    setattr(connection, _SERVED, None)


def units_in_turn(units: Iterable[Unit]) -> Iterator[Unit]:
    """Each of ``units`` with the connection set to its schema, the connection recycled between
    units as between requests: a sweep over every unit would otherwise grow one backend as much as
    thousands of requests do."""
    for unit in list(units):  # read whole before any close
        with schema_context(unit.schema_name):
            yield unit
            schema_served(unit.schema_name)
        connection_recycle()


# The thread's connections by share of the units, and the process's number of shares (by setting).
_held = threading.local()
_shares: dict[int, int] = {}


def _share_count() -> int:
    per_connection = int(getattr(settings, "TIEPDAN_DB_UNITS_PER_CONNECTION", 0))
    if per_connection <= 0:
        return 1
    if per_connection not in _shares:
        from .models import Unit, UnitStatus

        units = Unit.objects.filter(status=UnitStatus.ACTIVE).count()
        _shares[per_connection] = max(1, math.ceil(units / per_connection))
    return _shares[per_connection]


def connection_for_unit(key: str) -> None:
    """Make this thread's default connection the one kept for ``key``'s share of the units (``key``:
    the unit code, or the hostname, of the request; "" for the platform's pages), before the
    request reads anything. Nothing changes inside a transaction (a test's) or with one share. A
    connection comes back set to the public schema, as the routing middleware leaves each one."""
    current = connections[DEFAULT_DB_ALIAS]
    if current.in_atomic_block:
        return
    shares = _share_count()
    if shares <= 1:
        return
    held: dict[int, Any] | None = getattr(_held, "connections", None)
    if held is None:
        held = _held.connections = {}
    share = zlib.crc32(key.encode()) % shares
    if not held:
        held[share] = current  # the thread's first connection is kept, not dropped open
    wrapper = held.get(share)
    if wrapper is None:
        wrapper = held[share] = connections.create_connection(DEFAULT_DB_ALIAS)
    if wrapper is not current:
        # Django closes only the current connection between requests: an idle one past
        # CONN_MAX_AGE, or broken, is closed here, as it comes back into use.
        wrapper.close_if_unusable_or_obsolete()
        connections[DEFAULT_DB_ALIAS] = wrapper


def held_connections_close() -> None:
    """Close every connection this thread keeps for a share of the units, and make the first one
    the default again (a test's teardown; a process that ends closes them anyway)."""
    held: dict[int, Any] = _held.__dict__.pop("connections", {})
    first = next(iter(held.values()), None)
    for wrapper in held.values():
        wrapper.close()
    if first is not None:
        connections[DEFAULT_DB_ALIAS] = first
