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


class KeySource(Protocol):
    def __call__(self) -> int: ...


_checks: dict[str, IndexCheck] = {}
_key_sources: dict[str, KeySource] = {}


def index_source_register(name: str, check: IndexCheck) -> None:
    _checks[name] = check


def index_sources() -> dict[str, IndexCheck]:
    return dict(_checks)


def key_source_register(name: str, rekey: KeySource) -> None:
    """``rekey()`` re-keys the active unit's senders under the current secret (``caseindex_rekey``):
    only the app holding the identity documents can compute their digests again."""
    _key_sources[name] = rekey


def key_sources() -> dict[str, KeySource]:
    return dict(_key_sources)
