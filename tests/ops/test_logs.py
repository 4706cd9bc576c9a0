"""Production's JSON log lines: the unit and the request id on every line written while a request
is served, and no denouncer's name or identity number anywhere in them."""

from __future__ import annotations

import io
import json
import logging

import pytest

from core.common.dates import today
from core.ops.logging import JsonFormatter, UnitContextFilter

NAME, ID_NUMBER, PHONE = "Lò Thị Bí Mật", "020190005555", "0988777666"


@pytest.fixture
def json_lines():
    """Everything logged, at every level, through the formatter and filter production uses."""
    stream = io.StringIO()
    handler = logging.StreamHandler(stream)
    handler.addFilter(UnitContextFilter())
    handler.setFormatter(
        JsonFormatter("%(asctime)s %(levelname)s %(name)s %(message)s %(unit)s %(unit_code)s %(request_id)s")
    )
    root, requests = logging.getLogger(), logging.getLogger("tiepdan.requests")
    saved = (root.level, requests.level)
    root.addHandler(handler)
    root.setLevel(logging.DEBUG)
    requests.setLevel(logging.INFO)

    def lines() -> list[dict]:
        return [json.loads(line) for line in stream.getvalue().splitlines() if line.strip()]

    try:
        yield lines
    finally:
        root.removeHandler(handler)
        root.setLevel(saved[0])
        requests.setLevel(saved[1])


@pytest.mark.django_db
def test_a_request_logs_one_json_line_with_its_unit_and_request_id(member_a, json_lines):
    client = member_a.web()
    response = client.get(member_a.url("don-thu/?q=Nguy%E1%BB%85n+V%C4%83n+An"))
    assert response.status_code == 200
    mine = [line for line in json_lines() if line.get("request_id") == response["X-Request-ID"]]
    request_line = next(line for line in mine if line["logger"] == "tiepdan.requests")
    assert request_line["unit"] == member_a.unit.schema_name
    assert request_line["unit_code"] == member_a.unit.code
    assert request_line["level"] == "INFO"
    assert request_line["status"] == 200
    assert request_line["path"] == member_a.url("don-thu/")
    assert "timestamp" in request_line
    # The search (a citizen's name) travels in the query string, which is never logged.
    assert all("Nguy" not in json.dumps(line, ensure_ascii=False) for line in json_lines())


@pytest.mark.django_db
def test_registering_a_denunciation_logs_no_personal_data(member_a, make_member, json_lines):
    officer = make_member(member_a.unit, roles=("processing_officer", "leader", "sealed_reader"), username="to_cao_log")
    body = {
        "channel": "post",
        "received_date": today().isoformat(),
        "petition_type": "denunciation",
        "field_code": "dat-dai",
        "subject": "Tố cáo cán bộ địa chính",
        "summary": "Tố cáo hành vi nhận tiền.",
        "signer_kind": "one",
        "signers": [{"full_name": NAME, "id_kind": "cccd", "id_number": ID_NUMBER, "phone": PHONE}],
    }
    response = officer.api().post(officer.url("api/v1/petitions/"), body, format="json")
    assert response.status_code == 201, response.content
    # The same data refused (a wrong identity number) logs its refusal without the data either.
    refused = officer.api().post(
        officer.url("api/v1/petitions/"),
        {**body, "signers": [{**body["signers"][0], "id_number": "99" + ID_NUMBER}]},
        format="json",
    )
    assert refused.status_code == 400
    lines = json_lines()
    assert any(line["request_id"] == response["X-Request-ID"] for line in lines)
    refusal = next(line for line in lines if line["logger"] == "django.request")
    assert (refusal["level"], refusal["status_code"]) == ("WARNING", 400)
    assert refusal["request_id"] == refused["X-Request-ID"]
    assert refusal["unit_code"] == officer.unit.code
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    for secret in (NAME, ID_NUMBER, PHONE, "Lò Thị"):
        assert secret not in text


@pytest.mark.django_db
def test_tokens_travelling_in_a_path_never_reach_a_log_line(unit_a, json_lines):
    from django.test import Client

    token = "Zq8secretInvitationToken4u"
    reset = ("MTIzNDU2", "cz0a1b-9f8e7d6c5b4a3f2e1d0c9b8a7f6e5d4c")
    client = Client()
    invitation = client.get(f"/u/{unit_a.code}/loi-moi/{token}/")
    password = client.get(f"/u/{unit_a.code}/tai-khoan/dat-lai-mat-khau/{reset[0]}/{reset[1]}/")
    lines = json_lines()
    ids = {invitation["X-Request-ID"], password["X-Request-ID"]}
    mine = [line for line in lines if line.get("request_id") in ids]
    request_lines = [line for line in mine if line["logger"] == "tiepdan.requests"]
    assert len(request_lines) == 2
    assert {line["path"] for line in request_lines} == {
        f"/u/{unit_a.code}/loi-moi/[redacted]/",
        f"/u/{unit_a.code}/tai-khoan/dat-lai-mat-khau/[redacted]/[redacted]/",
    }
    text = "\n".join(json.dumps(line, ensure_ascii=False) for line in lines)
    for secret in (token, *reset):
        assert secret not in text
