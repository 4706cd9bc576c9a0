"""The machine, server settings and load averages that a run's timings depend on."""

from __future__ import annotations

import os
import platform
from collections.abc import Iterable
from importlib.metadata import version
from typing import Any


def load_average() -> float:
    """The 1-minute load average: other work on the (shared) machine skews the timings."""
    return os.getloadavg()[0]


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
