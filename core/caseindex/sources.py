"""The tenant apps that feed the index, so that ``manage.py caseindex_rebuild`` can check them.

Each registers, in its ``AppConfig.ready()``, a function that compares what it pushed with its
own rows in the active unit's schema (and repairs the index when ``fix``). The index calls them
without importing them: the arrow goes from the tenant apps to the index only, as with
django-tenants' own ``post_schema_sync`` signal.
"""

from __future__ import annotations

from typing import Protocol

from .facts import Difference


class IndexCheck(Protocol):
    def __call__(self, *, fix: bool = False) -> Difference: ...


_checks: dict[str, IndexCheck] = {}


def index_source_register(name: str, check: IndexCheck) -> None:
    _checks[name] = check


def index_sources() -> dict[str, IndexCheck]:
    return dict(_checks)
