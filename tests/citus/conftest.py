"""The Citus job: run by `make test` after the suite when CITUS_URL is set (docs/citus.md), with
DATABASE_URL pointing at the coordinator; never collected in the ordinary run."""

from __future__ import annotations

import os

import pytest


def pytest_collection_modifyitems(config, items):
    if os.environ.get("TIEPDAN_CITUS_JOB"):
        return
    here = os.path.dirname(__file__)
    kept = [item for item in items if not str(item.path).startswith(here)]
    if len(kept) != len(items):
        config.hook.pytest_deselected(items=[item for item in items if item not in kept])
        items[:] = kept


@pytest.fixture(scope="session", autouse=True)
def _on_a_coordinator(django_db_setup, django_db_blocker):
    from tenants.citus import citus_active

    with django_db_blocker.unblock():
        assert citus_active(), "The Citus job runs against a Citus coordinator (CITUS_URL), not plain PostgreSQL."
