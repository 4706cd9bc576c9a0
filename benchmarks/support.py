"""Support code shared by the benchmark scripts in this folder.

The scripts (``onboarding.py``, ``petitions.py``, ``dashboard.py``, ``clone_plan.py``) each used to
carry their own copy of the same statistics, bench-database and machine-facts helpers; they now
import them from here (``from support import ...`` works because each script is run as
``python benchmarks/<name>.py``, which puts this folder on ``sys.path``).

Nothing here imports Django models or reads settings at import time: the scripts set
``DJANGO_DB_NAME`` and call ``django.setup()`` themselves, so settings are only read inside functions.
"""

from __future__ import annotations

import os
import platform
import statistics
from collections.abc import Iterable
from dataclasses import dataclass
from importlib.metadata import version
from typing import Any

import psycopg2
from psycopg2 import sql


#
# Statistics
#
@dataclass
class Stats:
    count: int
    mean: float
    p50: float
    p95: float
    min: float
    max: float

    @classmethod
    def of(cls, samples: list[float]) -> Stats:
        ordered = sorted(samples)
        return cls(
            count=len(ordered),
            mean=statistics.fmean(ordered),
            p50=statistics.median(ordered),
            p95=percentile(ordered, 95),
            min=ordered[0],
            max=ordered[-1],
        )


def percentile(ordered: list[float], percent: float) -> float:
    """Linear interpolation between closest ranks (like numpy's default)."""
    if len(ordered) == 1:
        return ordered[0]
    rank = (len(ordered) - 1) * percent / 100
    low = int(rank)
    high = min(low + 1, len(ordered) - 1)
    return ordered[low] + (ordered[high] - ordered[low]) * (rank - low)


def ratios(measured: Stats, baseline: Stats) -> dict[str, float]:
    return {
        "mean": measured.mean / baseline.mean,
        "p50": measured.p50 / baseline.p50,
        "p95": measured.p95 / baseline.p95,
    }


#
# The bench database
#
def connect(dbname: str) -> Any:
    """A plain psycopg2 autocommit connection to ``dbname`` on the configured server."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=dbname,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        **db.get("OPTIONS", {}),
    )
    conn.autocommit = True
    return conn


def server_connection() -> Any:
    """An autocommit connection to the ``postgres`` database of the configured server."""
    return connect("postgres")


def database_recreate(name: str) -> None:
    """Drop the bench database ``name`` if it exists and create it empty."""
    conn = server_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    finally:
        conn.close()


def database_drop(name: str) -> None:
    """Close Django's connections and drop the bench database ``name``."""
    from django.db import connections

    connections.close_all()
    conn = server_connection()
    try:
        with conn.cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    finally:
        conn.close()


#
# Machine facts
#
def server_facts(names: Iterable[str]) -> dict[str, str]:
    """The PostgreSQL settings ``names`` (``SHOW``) of Django's default connection."""
    from django.db import connection

    facts = {}
    with connection.cursor() as cursor:
        for name in names:
            cursor.execute(f"SHOW {name}")
            facts[name] = cursor.fetchone()[0]
    return facts


def machine_facts(postgresql: Any) -> dict[str, Any]:
    """The machine and versions a run's results depend on (callers add their load averages)."""
    return {
        "cpus": os.cpu_count(),
        "platform": platform.platform(),
        "python": platform.python_version(),
        "postgresql": postgresql,
        "django": version("Django"),
        "django_tenants": version("django-tenants"),
    }
