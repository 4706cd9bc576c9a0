"""Open311 GeoReport v2 of a unit, end to end through HTTP: the specification's example calls in JSON
and XML, parsed and checked against the shapes of its examples (wiki.open311.org/GeoReport_v2);
keys; what becomes of a request (a petition of the unit, channel online); who sees what; bad input."""

from __future__ import annotations

import json
from datetime import timedelta
from urllib.parse import urlencode, urlparse

import pytest
from django.test import Client, override_settings
from django.utils import timezone
from django.utils.dateparse import parse_datetime
from django_tenants.utils import schema_context
from lxml import etree

from core.catalogue.models import PetitionField
from core.open311.catalogue import service_rows
from core.open311.models import Open311Request
from core.open311.selectors import CLOSED_FOR_OPEN311, open311_status
from core.open311.services import client_revoke
from core.petitions.choices import CLOSED_STATUSES, Channel, PetitionType, Status

from .conftest import SPEC_POST, app_make

pytestmark = pytest.mark.django_db

SERVICE_FIELDS = ["service_code", "service_name", "description", "metadata", "type", "keywords", "group"]
POSTED_FIELDS = ["service_request_id", "service_notice", "account_id"]
REQUEST_FIELDS = [
    "service_request_id",
    "status",
    "status_notes",
    "service_name",
    "service_code",
    "description",
    "agency_responsible",
    "service_notice",
    "requested_datetime",
    "updated_datetime",
    "expected_datetime",
    "address",
    "address_id",
    "zipcode",
    "lat",
    "long",
    "media_url",
]
PRIVATE_FIELDS = ("description", "address", "address_id", "lat", "long", "media_url")


def _xml(response, root: str, item: str) -> list[dict[str, str | None]]:
    """The XML answer as a list of {element name: text}, checking the declaration and the nesting."""
    assert response["Content-Type"] == "text/xml; charset=utf-8"
    assert response.content.startswith(b'<?xml version="1.0" encoding="UTF-8"?>\n')
    tree = etree.fromstring(response.content)
    assert tree.tag == root
    assert all(child.tag == item for child in tree)
    return [{field.tag: field.text for field in child} for child in tree]


def _json(response) -> list[dict]:
    assert response["Content-Type"] == "application/json; charset=utf-8"
    body = json.loads(response.content)
    assert isinstance(body, list)
    return body


def _errors(response, fmt: str, status: int) -> list[str]:
    assert response.status_code == status, response.content
    if fmt == "json":
        body = _json(response)
        assert all(set(error) == {"code", "description"} and error["code"] == status for error in body)
        return [error["description"] for error in body]
    rows = _xml(response, "errors", "error")
    assert all(list(row) == ["code", "description"] and row["code"] == str(status) for row in rows)
    return [row["description"] or "" for row in rows]


#
# The specification's examples
#


def test_services_list_in_json_and_xml(app_a):
    as_json = Client().get(app_a.url("services.json"), {"jurisdiction_id": app_a.unit.code})
    assert as_json.status_code == 200
    services = _json(as_json)
    assert services
    assert all(list(service) == SERVICE_FIELDS for service in services)
    codes = [service["service_code"] for service in services]
    assert "PA-MOI-TRUONG" in codes
    assert "KN-CHINH-SACH" in codes
    assert all(service["metadata"] is False and service["type"] == "realtime" for service in services)
    as_xml = Client().get(app_a.url("services.xml"))
    rows = _xml(as_xml, "services", "service")
    assert [row["service_code"] for row in rows] == codes
    assert all(list(row) == SERVICE_FIELDS and row["metadata"] == "false" for row in rows)
    assert rows[0]["service_name"] == services[0]["service_name"]


def test_service_discovery_points_at_the_unit_s_georeport_v2(app_a):
    found = json.loads(Client().get(f"/u/{app_a.unit.code}/open311/discovery.json").content)
    assert list(found) == ["changeset", "contact", "key_service", "endpoints"]
    (endpoint,) = found["endpoints"]
    assert endpoint["specification"] == "http://wiki.open311.org/GeoReport_v2"
    assert endpoint["url"].endswith(f"/u/{app_a.unit.code}/open311/v2")
    assert endpoint["formats"] == ["text/xml", "application/json"]
    as_xml = etree.fromstring(Client().get(f"/u/{app_a.unit.code}/open311/discovery.xml").content)
    assert as_xml.tag == "discovery"
    assert as_xml.findtext("endpoints/endpoint/url") == endpoint["url"]
    assert [node.text for node in as_xml.findall("endpoints/endpoint/formats/format")] == endpoint["formats"]
    assert Client().get(urlparse(endpoint["url"]).path + "/services.xml").status_code == 200


def test_a_service_definition_has_no_attributes(app_a):
    as_json = Client().get(app_a.url("services/PA-MOI-TRUONG.json"))
    assert json.loads(as_json.content) == {"service_code": "PA-MOI-TRUONG", "attributes": []}
    as_xml = etree.fromstring(Client().get(app_a.url("services/PA-MOI-TRUONG.xml")).content)
    assert as_xml.tag == "service_definition"
    assert [child.tag for child in as_xml] == ["service_code", "attributes"]
    assert _errors(Client().get(app_a.url("services/KHONG-CO.json")), "json", 404)


def test_only_recommendations_and_feedback_are_services_and_only_with_an_active_field(app_a):
    assert {row.petition_type for row in service_rows()} == {PetitionType.RECOMMENDATION, PetitionType.FEEDBACK}
    PetitionField.objects.filter(code="moi-truong").update(is_active=False)
    codes = [service["service_code"] for service in _json(Client().get(app_a.url("services.json")))]
    assert "PA-MOI-TRUONG" not in codes
    assert "PA-DAT-DAI" in codes
    refused = app_a.post()
    assert "PA-MOI-TRUONG" in _errors(refused, "json", 400)[0]


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_the_spec_post_becomes_an_online_petition_of_the_unit(app_a, admin_a, fmt):
    response = app_a.post(fmt)
    assert response.status_code == 200, response.content
    rows = _json(response) if fmt == "json" else _xml(response, "service_requests", "request")
    assert len(rows) == 1
    assert list(rows[0]) == POSTED_FIELDS
    posted = rows[0]
    assert posted["account_id"] is None
    with schema_context(app_a.unit.schema_name):
        request = Open311Request.objects.select_related("petition").get(service_request_id=posted["service_request_id"])
        petition = request.petition
        assert petition.channel == Channel.ONLINE
        assert petition.petition_type == PetitionType.FEEDBACK
        assert petition.field_code == "moi-truong"
        assert petition.registry_number.replace("/", "-") == posted["service_request_id"]
        assert SPEC_POST["description"] in petition.summary
        assert SPEC_POST["address_string"] in petition.summary  # the place is part of the content
        assert SPEC_POST["media_url"] in petition.summary  # a link, never fetched
        assert petition.senders_text == "Nguyễn Văn An"  # family name first
        assert petition.online_submission.source == "open311"
        assert petition.citizens.get().id_number == ""
    # The receipt code goes to the posting client only, in the notice it relays to the citizen.
    assert petition.receipt_code in posted["service_notice"]
    assert petition.registry_number in posted["service_notice"]
    # The officers see it in the unit's petition list.
    listing = admin_a.api().get(admin_a.url("api/v1/petitions/"), {"page_size": 500})
    assert listing.status_code == 200
    assert petition.registry_number in [row["registry_number"] for row in listing.json()["results"]]


def test_a_recommendation_service_gives_a_recommendation(app_a):
    posted = _json(app_a.post(service_code="KN-CHINH-SACH"))[0]
    with schema_context(app_a.unit.schema_name):
        petition = Open311Request.objects.get(service_request_id=posted["service_request_id"]).petition
    assert (petition.petition_type, petition.field_code) == (PetitionType.RECOMMENDATION, "chinh-sach")


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_one_request_shows_the_status_and_nothing_personal(app_a, fmt):
    posted = _json(app_a.post())[0]
    response = Client().get(app_a.url(f"requests/{posted['service_request_id']}.{fmt}"))
    assert response.status_code == 200
    rows = _json(response) if fmt == "json" else _xml(response, "service_requests", "request")
    assert len(rows) == 1
    assert list(rows[0]) == REQUEST_FIELDS
    row = rows[0]
    assert row["service_request_id"] == posted["service_request_id"]
    assert row["status"] == "open"
    assert row["status_notes"]
    assert row["service_code"] == "PA-MOI-TRUONG"
    assert row["agency_responsible"] == app_a.unit.name
    requested = parse_datetime(row["requested_datetime"])
    assert requested is not None
    assert requested.utcoffset() == timedelta(hours=7)
    assert abs(timezone.now() - requested) < timedelta(minutes=5)
    assert all(not row[field] for field in PRIVATE_FIELDS)
    body = response.content.decode()
    for secret in ("Nguyễn Văn", "smit333", "0912", "+84912", SPEC_POST["description"], "Bản Pjầu", "flickr"):
        assert secret not in body


def test_the_posting_client_sees_its_own_request_in_full_and_another_client_does_not(app_a, admin_a):
    posted = _json(app_a.post())[0]
    path = app_a.url(f"requests/{posted['service_request_id']}.json")
    own = _json(Client().get(path, {"api_key": app_a.key}))[0]
    assert SPEC_POST["description"] in own["description"]
    assert own["address"] == SPEC_POST["address_string"]
    assert (own["lat"], own["long"]) == (21.853708, 106.761519)
    assert own["media_url"] == SPEC_POST["media_url"]
    other = app_make(app_a.unit, admin_a, name="Ứng dụng khác")
    theirs = _json(Client().get(path, {"api_key": other.key}))[0]
    assert all(not theirs[field] for field in PRIVATE_FIELDS)
    assert _errors(Client().get(path, {"api_key": "x" * 40}), "json", 403)


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_get_requests_by_filters(app_a, fmt):
    first = _json(app_a.post())[0]["service_request_id"]
    second = _json(app_a.post(service_code="KN-CHINH-SACH", description="Đề nghị hỗ trợ hộ nghèo."))[0][
        "service_request_id"
    ]

    def ids(**params) -> list[str | None]:
        response = Client().get(app_a.url(f"requests.{fmt}"), params)
        assert response.status_code == 200, response.content
        rows = _json(response) if fmt == "json" else _xml(response, "service_requests", "request")
        assert all(list(row) == REQUEST_FIELDS for row in rows)
        return [row["service_request_id"] for row in rows]

    assert ids() == [second, first]  # newest first, within the default 90 days
    assert ids(service_code="PA-MOI-TRUONG") == [first]
    assert ids(service_code="PA-MOI-TRUONG,KN-CHINH-SACH") == [second, first]
    assert ids(status="open") == [second, first]
    assert ids(status="closed") == []
    assert ids(service_request_id=f"{first},{second}") == [second, first]
    assert ids(service_request_id=first, service_code="KN-CHINH-SACH") == [first]  # the id overrides
    now = timezone.localtime()
    assert ids(start_date=(now - timedelta(hours=1)).isoformat(), end_date=(now + timedelta(hours=1)).isoformat()) == [
        second,
        first,
    ]
    assert ids(start_date=(now + timedelta(hours=1)).strftime("%Y-%m-%dT%H:%M:%SZ")) == []
    assert ids(end_date=(now - timedelta(days=1)).isoformat()) == []


def test_statuses_map_to_open_and_closed(app_a, make_member):
    assert all(open311_status(status) == "closed" for status in CLOSED_STATUSES)
    assert open311_status(Status.ANSWERED) == "closed"
    assert open311_status(Status.REGISTERED) == open311_status(Status.ACCEPTED) == "open"
    assert CLOSED_FOR_OPEN311 - set(Status.values) == set()
    from core.petitions.services.petitions import petition_classify, petition_decide_outcome

    posted = _json(app_a.post())[0]
    officer = make_member(app_a.unit, roles=("processing_officer",), username="xu_ly_311")
    body = "Sở Nông nghiệp và Môi trường tỉnh Lạng Sơn"
    with schema_context(app_a.unit.schema_name):
        petition = Open311Request.objects.get(service_request_id=posted["service_request_id"]).petition
        petition = petition_classify(
            petition=petition, actor=officer.user, is_processable=True, within_jurisdiction=False
        )
        petition_decide_outcome(petition=petition, actor=officer.user, outcome="forward", competent_body=body)
    row = _json(Client().get(app_a.url(f"requests/{posted['service_request_id']}.json")))[0]
    assert row["status"] == "closed"
    assert row["agency_responsible"] == body
    assert row["status_notes"]
    assert row["status_notes"] != "open"
    closed = _json(Client().get(app_a.url("requests.json"), {"status": "closed"}))
    assert [r["service_request_id"] for r in closed] == [posted["service_request_id"]]


#
# Keys and units
#


@pytest.mark.parametrize("fmt", ["json", "xml"])
def test_a_missing_wrong_or_revoked_key_is_refused(app_a, admin_a, fmt):
    assert _errors(app_a.post(fmt, api_key=None), fmt, 401)
    assert _errors(app_a.post(fmt, api_key="x" * 40), fmt, 403)
    assert _errors(app_a.post(fmt, api_key="ngan"), fmt, 403)
    assert app_a.post(fmt).status_code == 200
    with schema_context(app_a.unit.schema_name):
        from core.open311.models import Open311Client

        client_revoke(actor=admin_a.user, client=Open311Client.objects.get(pk=app_a.client_id))
        count = Open311Request.objects.count()
    assert _errors(app_a.post(fmt, description="Lần nữa, sau khi thu hồi."), fmt, 403)
    with schema_context(app_a.unit.schema_name):
        assert Open311Request.objects.count() == count


def test_a_key_of_unit_a_is_refused_at_unit_b_and_a_s_requests_are_not_seen_there(app_a, app_b, unit_b):
    posted = _json(app_a.post())[0]
    assert _errors(app_a.post(unit=unit_b), "json", 403)
    assert _json(Client().get(app_a.url("requests.json", unit_b))) == []
    assert _errors(Client().get(app_a.url(f"requests/{posted['service_request_id']}.json", unit_b)), "json", 404)
    # B's own client posts at B; A's listing does not show it.
    theirs = _json(app_b.post(jurisdiction_id=unit_b.code))[0]
    ours = [row["service_request_id"] for row in _json(Client().get(app_a.url("requests.json")))]
    assert ours == [posted["service_request_id"]]
    # The registry numbers of both units start together: the same id means another petition at B.
    if theirs["service_request_id"] == posted["service_request_id"]:
        at_b = _json(Client().get(app_b.url(f"requests/{theirs['service_request_id']}.json"), {"api_key": app_b.key}))
        assert SPEC_POST["description"] in at_b[0]["description"]


def test_a_jurisdiction_that_is_not_the_unit_is_404(app_a, unit_b):
    assert _errors(Client().get(app_a.url("services.json"), {"jurisdiction_id": unit_b.code}), "json", 404)
    assert _errors(app_a.post("xml", jurisdiction_id="langson.gov.vn"), "xml", 404)
    assert Client().get(app_a.url("services.json"), {"jurisdiction_id": app_a.unit.code.lower()}).status_code == 200


#
# Contact and consent
#


def test_a_contact_is_kept_only_when_the_client_asks_consent(app_a, unit_a, admin_a):
    from core.notifications.models import CitizenContact

    with_consent = _json(app_a.post())[0]["service_request_id"]
    without = app_make(unit_a, admin_a, name="Ứng dụng không hỏi", collects_consent=False)
    without_consent = _json(without.post(phone="không phải số"))[0]["service_request_id"]
    with schema_context(unit_a.schema_name):
        kept = CitizenContact.objects.get(petition__open311_request__service_request_id=with_consent)
        assert kept.has_email
        assert kept.has_phone
        assert b"smit333" not in bytes(kept.ciphertext)  # sealed, never in clear
        assert not CitizenContact.objects.filter(petition__open311_request__service_request_id=without_consent)


#
# Bad input: the specification's error list, in Vietnamese, never a 500
#


@pytest.mark.parametrize(
    ("fields", "field"),
    [
        ({"service_code": "KHONG-CO"}, "service_code"),
        ({"service_code": None}, "service_code"),
        ({"service_code": "pa-moi-truong"}, "service_code"),
        ({"lat": "bắc", "long": "106"}, "lat"),
        ({"lat": "NaN", "long": "106"}, "lat"),
        ({"lat": "91", "long": "106"}, "lat"),
        ({"lat": "21.8", "long": None, "address_string": None}, "lat"),
        ({"lat": None, "long": None, "address_string": None}, "address_string"),
        ({"description": None}, "description"),
        ({"description": "x" * 4001}, "description"),
        ({"first_name": None, "last_name": None}, "last_name"),
        ({"media_url": "javascript:alert(1)"}, "media_url"),
        ({"email": "khong-phai-email"}, "email"),
        ({"phone": "12345"}, "phone"),
    ],
)
def test_bad_fields_are_a_400_in_the_spec_format_and_write_nothing(app_a, fields, field):
    with schema_context(app_a.unit.schema_name):
        before = Open311Request.objects.count()
    response = app_a.post("xml", **fields)
    (description,) = _errors(response, "xml", 400)
    # The message names the parameter at fault (the contact's own messages name it in words).
    assert field in description or field in ("email", "phone")
    with schema_context(app_a.unit.schema_name):
        assert Open311Request.objects.count() == before


def test_the_edge_refuses_nul_bytes_repeated_fields_json_bodies_and_oversized_bodies(app_a):
    assert _errors(Client().get(app_a.url("requests.json") + "?status=open%00"), "json", 400)
    assert _errors(Client().get(app_a.url("requests.xml") + "?start_date=%00"), "xml", 400)
    assert _errors(Client().get(app_a.url("requests/%00.json")), "json", 400)
    twice = urlencode([("api_key", app_a.key), ("service_code", "PA-KHAC"), ("service_code", "KN-KHAC")])
    posted = Client().post(app_a.url("requests.json"), twice, content_type="application/x-www-form-urlencoded")
    assert _errors(posted, "json", 400)
    as_json = Client().post(app_a.url("requests.json"), {"api_key": app_a.key}, content_type="application/json")
    assert _errors(as_json, "json", 400)
    huge = urlencode({"api_key": app_a.key, "description": "x" * (3 * 1024 * 1024)})
    too_big = Client().post(app_a.url("requests.xml"), huge, content_type="application/x-www-form-urlencoded")
    assert _errors(too_big, "xml", 400)
    broken = Client().post(app_a.url("requests.json"), b"--x\r\nbroken", content_type="multipart/form-data")
    assert _errors(broken, "json", 400)
    for params in ({"status": "pending"}, {"start_date": "hôm qua"}, {"service_code": "KHONG-CO"}):
        assert _errors(Client().get(app_a.url("requests.json"), params), "json", 400)
    assert _errors(
        Client().get(app_a.url("requests.json"), {"start_date": "2026-12-01", "end_date": "2026-11-01"}), "json", 400
    )
    assert _errors(Client().get(app_a.url("services.html")), "xml", 404)
    assert _errors(Client().delete(app_a.url("requests.json")), "json", 405)


def test_control_characters_in_a_description_are_removed_not_stored(app_a):
    posted = _json(app_a.post(description="Nước thải\x0c đổ ra suối\x1b hằng đêm."))[0]
    with schema_context(app_a.unit.schema_name):
        summary = Open311Request.objects.get(service_request_id=posted["service_request_id"]).petition.summary
    assert "\x0c" not in summary
    assert "\x1b" not in summary
    assert "đổ ra suối hằng đêm" in summary


@override_settings(OPEN311_POST_RATE="3/m")
def test_posts_are_rate_limited_per_key(app_a, admin_a):
    for number in range(3):
        assert app_a.post(description=f"Phản ánh số {number}.").status_code == 200
    assert _errors(app_a.post(description="Phản ánh số 4."), "json", 429)
    other = app_make(app_a.unit, admin_a, name="Ứng dụng thứ hai")
    assert other.post(description="Phản ánh của ứng dụng khác.").status_code == 200


def test_the_same_request_posted_twice_is_one_petition(app_a):
    first = _json(app_a.post())[0]
    again = _json(app_a.post())[0]
    assert again["service_request_id"] == first["service_request_id"]
    with schema_context(app_a.unit.schema_name):
        assert Open311Request.objects.filter(service_request_id=first["service_request_id"]).count() == 1


def test_the_list_costs_the_same_queries_for_one_request_or_many(app_a):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    def queries() -> int:
        with CaptureQueriesContext(connection) as captured:
            assert Client().get(app_a.url("requests.xml")).status_code == 200
        return len(captured)

    app_a.post(description="Phản ánh thứ nhất.")
    one = queries()
    for number in range(3):
        app_a.post(description=f"Phản ánh thêm số {number}.")
    assert len(_json(Client().get(app_a.url("requests.json")))) == 4
    assert queries() == one
