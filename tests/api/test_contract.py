"""The API keeps the contract its OpenAPI schema states (issue 11): schemathesis generates requests for
every operation of unit A's schema, valid ones and ones the schema forbids, sends them through the
real WSGI application as an officer holding every staff role of the unit, and checks each answer:
no 5xx, only declared status codes and content types, bodies that match their schemas, and forbidden
requests refused.

The number of examples is bounded and the generation derandomized, so the run is the same each time
and stays within a couple of minutes on a small machine.
"""

from __future__ import annotations

from contextlib import contextmanager

import pytest
import schemathesis
from django.core import signals
from django.core.wsgi import get_wsgi_application
from django.db import close_old_connections
from hypothesis import HealthCheck, Phase, given, settings
from hypothesis.errors import Unsatisfiable
from schemathesis import GenerationMode
from schemathesis.checks import not_a_server_error
from schemathesis.specs.openapi.checks import (
    content_type_conformance,
    negative_data_rejection,
    response_schema_conformance,
    status_code_conformance,
)

pytestmark = pytest.mark.django_db

#: Examples per operation and generation mode.
EXAMPLES = 8
#: Every staff role a commune's officer can hold (the inspector's exists only in the inspectorate).
ROLES = ("unit_admin", "reception_officer", "processing_officer", "leader", "sealed_reader")
POSITIVE_CHECKS = [not_a_server_error, status_code_conformance, content_type_conformance, response_schema_conformance]
NEGATIVE_CHECKS = [*POSITIVE_CHECKS, negative_data_rejection]
#: Operations left out of data generation, each with why random data cannot exercise them.
EXCLUDED: dict[str, str] = {}


@pytest.fixture
def officer(unit_a, make_member):
    return make_member(unit_a, roles=ROLES, username="kiem_thu_hop_dong", full_name="Lê Văn Hợp")


@contextmanager
def wsgi_app():
    """Django's own WSGI application, in this test's transaction: like Django's test client, it must
    not close the connection at the start and end of each request (that would end the transaction).
    The test client connects the signals again after each of its requests: use none meanwhile."""
    signals.request_started.disconnect(close_old_connections)
    signals.request_finished.disconnect(close_old_connections)
    try:
        yield get_wsgi_application()
    finally:
        signals.request_started.connect(close_old_connections)
        signals.request_finished.connect(close_old_connections)


def test_every_operation_keeps_the_contract(officer):
    raw = officer.api().get(officer.url("api/v1/schema/"), HTTP_ACCEPT="application/vnd.oai.openapi+json")
    assert raw.status_code == 200
    schema = schemathesis.openapi.from_dict(raw.json())
    with wsgi_app() as app:
        schema.app = app
        failures, covered = _run(schema, {"Authorization": f"Token {officer.token}"})
    assert covered > 0
    assert not failures, "\n\n".join(failures)


def _run(schema, headers: dict[str, str]) -> tuple[list[str], int]:
    failures: list[str] = []
    covered = 0
    for result in schema.get_all_operations():
        operation = result.ok()
        if operation.label in EXCLUDED:
            continue
        covered += 1
        for mode, checks in ((GenerationMode.POSITIVE, POSITIVE_CHECKS), (GenerationMode.NEGATIVE, NEGATIVE_CHECKS)):
            try:
                _examples(operation, mode, checks, headers)()
            except Unsatisfiable:
                # An operation with no parameter and no body has no request the schema forbids.
                if mode is not GenerationMode.NEGATIVE:
                    raise
            except (Exception, BaseExceptionGroup) as error:  # noqa: BLE001 - every failure is reported at once
                failures.append(f"{operation.label} [{mode}]: {error}")
    return failures, covered


def _examples(operation, mode, checks, headers):
    @given(case=operation.as_strategy(generation_mode=mode))
    @settings(
        max_examples=EXAMPLES,
        derandomize=True,
        database=None,
        deadline=None,
        # No shrinking: a failure is reported as found, and the time stays bounded.
        phases=[Phase.explicit, Phase.generate],
        suppress_health_check=list(HealthCheck),
    )
    def run(case):
        case.call_and_validate(headers=headers, checks=checks)

    return run
