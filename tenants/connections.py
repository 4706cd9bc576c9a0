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
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from typing import TYPE_CHECKING, Any

from django.conf import settings
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
