"""The isolation suite, walked over every route rather than listed by hand: every unit page and API
path that takes an id, requested with another unit's ids (B's rows have the same primary keys as
A's: the sequences of both schemas start together), by B's staff through the session and the
token, and by A's own officer who is not cleared for sealed identities. Each (route, id, viewer)
is one attack; none may answer 500 or show what it must not.

Plus the entry tricks: unit codes that are not a unit (NUL, encoded slashes, the template and the
public schema), host headers, A's session, token and CSRF token replayed at B under the same
username, and role escalation by the API's own fields.
"""

from __future__ import annotations

import re
from datetime import date

import pytest
from django.test import Client
from django.urls import URLPattern, URLResolver, get_resolver
from django_tenants.utils import schema_context

from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register

pytestmark = pytest.mark.django_db

STAFF = ("unit_admin", "leader", "processing_officer", "reception_officer")
#: What only A holds: a complaint's sender and subject, a sealed denouncer's name and number.
A_SENDER, A_SUBJECT = "Hà Thị Riêng Tư", "Việc riêng của xã Tân Đoàn số 7731"
DENOUNCER, DENOUNCER_ID = "Đinh Văn Tố Giác", "020099887766"
#: Values for the routes' string parts: actions, formats, kinds.
STRINGS = {"name": "complaint.accept", "kind": "docx", "fmt": "docx", "action": "acknowledge", "format": "json"}


def _routes(patterns, prefix: str = ""):
    """(path template with {group} holes, the holes) of every route that takes a value."""
    for pattern in patterns:
        if isinstance(pattern, URLResolver):
            yield from _routes(pattern.url_patterns, prefix + _template(pattern))
        elif isinstance(pattern, URLPattern):
            path = prefix + _template(pattern)
            holes = re.findall(r"\{(\w+)\}", path)
            if holes:
                yield path, holes


def _template(pattern) -> str:
    """The route as text with its converters or regex groups replaced by ``{name}``."""
    text = str(pattern.pattern)
    text = re.sub(r"\(\?P<(\w+)>[^)]*\)", r"{\1}", text)  # a router's regex groups first
    text = re.sub(r"<(?:\w+:)?(\w+)>", r"{\1}", text)
    return text.lstrip("^").rstrip("$").replace("/?", "/").replace("\\.", ".").replace("\\", "")


ROUTES = sorted(dict(_routes(get_resolver("config.urls_tenant").url_patterns)).items())


def _fill(path: str, holes: list[str], pk: int, case_id: str) -> str | None:
    values = {}
    for hole in holes:
        if hole in STRINGS:
            values[hole] = STRINGS[hole]
        elif "case_id" in hole:
            values[hole] = case_id
        elif hole in {"uidb64", "token"}:
            return None  # the password-reset and invitation links: their tokens are tested on their own
        else:
            values[hole] = str(pk)
    return path.format(**values)


@pytest.fixture
def a_holds(unit_a, make_member):
    """Unit A's petitions: a complaint in clear, a sealed denunciation, each with its documents."""
    officer = make_member(unit_a, roles=("processing_officer", "leader"), username="xu_ly_rieng_a")
    with schema_context(unit_a.schema_name):
        common = {"channel": "post", "received_date": date(2026, 11, 2), "field_code": "dat-dai"}
        complaint = petition_register(
            actor=officer.user,
            petition_type="complaint",
            subject=A_SUBJECT,
            summary="Nội dung riêng.",
            signer_kind="one",
            signers=[{"full_name": A_SENDER, "id_kind": "none"}],
            **common,
        )
        denunciation = petition_register(
            actor=officer.user,
            petition_type="denunciation",
            subject="Cán bộ địa chính",
            summary="Tố cáo.",
            signer_kind="one",
            signers=[{"full_name": DENOUNCER, "id_kind": "cccd", "id_number": DENOUNCER_ID}],
            **common,
        )
        for petition in (complaint, denunciation):
            petition = petition_classify(
                petition=petition, actor=officer.user, is_processable=True, within_jurisdiction=True
            )
            petition_decide_outcome(petition=petition, actor=officer.user, outcome="accept")
    return officer, [complaint.pk, denunciation.pk], str(complaint.case_id)


def _walk(client, member_url, pks, case_id, forbidden: tuple[str, ...]) -> tuple[int, list[str]]:
    """Request every route with every pk; how many requests, and what went wrong."""
    wrong, count = [], 0
    for path, holes in ROUTES:
        for pk in pks:
            filled = _fill(path, holes, pk, case_id)
            if filled is None:
                continue
            count += 1
            response = client.get(member_url(filled))
            body = b"".join(response) if response.streaming else response.content
            if response.status_code >= 500:
                wrong.append(f"{filled}: {response.status_code}")
            for secret in forbidden:
                if secret.encode() in body:
                    wrong.append(f"{filled}: shows {secret!r}")
    return count, wrong


def test_b_staff_reach_nothing_of_a_by_a_s_ids_through_pages_or_api(a_holds, unit_b, make_member):
    _officer, pks, case_id = a_holds
    member_b = make_member(unit_b, roles=STAFF, username="xu_ly_rieng_a")  # the same username as A's officer
    for client in (member_b.web(), member_b.api()):
        count, wrong = _walk(client, member_b.url, pks, case_id, (A_SENDER, A_SUBJECT, DENOUNCER, DENOUNCER_ID))
        assert count >= 100
        assert wrong == []


def test_a_sealed_denouncer_is_in_no_output_for_a_s_own_officer_not_cleared(a_holds):
    officer, pks, case_id = a_holds
    for client in (officer.web(), officer.api()):
        count, wrong = _walk(client, officer.url, pks, case_id, (DENOUNCER, DENOUNCER_ID))
        assert count >= 100
        assert wrong == []
    # The walk reached A's own complaint: the officer does see it (the walk is not blind).
    page = officer.web().get(officer.url(f"don-thu/{pks[0]}/"))
    assert page.status_code == 200
    assert A_SENDER in page.content.decode()


@pytest.mark.parametrize(
    "code",
    [
        "%00",
        "06316%00",
        "tenant_template",
        "public",
        "..%2F06316",
        "06316%2F..%2F05983",
        "%2e%2e",
        " 06316",
        "06316 ",
        "99999",
        "x" * 300,
        "06316;05983",
        "06316%0a",
        "%u0030",
        "pg_catalog",
        "information_schema",
    ],
)
def test_a_code_that_is_not_a_unit_opens_nothing(client, code, member_a):
    for path in ("", "don-thu/", "api/v1/petitions/", "dang-nhap/"):
        response = client.get(f"/u/{code}/{path}")
        assert response.status_code in (400, 404), (code, path, response.status_code)


@pytest.mark.parametrize("host", ["evil.example", "06316.evil.example", "localhost:1", "[::1]", "tenant_template"])
def test_a_host_header_does_not_choose_the_unit(member_a, member_b, host):
    """The unit comes from the path alone; a foreign host is refused or ignored, never a switch."""
    client = member_a.web()
    response = client.get(member_b.url("don-thu/"), HTTP_HOST=host)
    assert response.status_code in (302, 400), (host, response.status_code)
    if response.status_code == 302:
        assert "/dang-nhap/" in response["Location"]


def test_a_s_csrf_token_and_session_do_not_post_at_b(member_a, unit_b, make_member):
    make_member(unit_b, username=member_a.user.username)  # B has an account of the same name
    client = Client(enforce_csrf_checks=True)
    login = client.get(member_a.url("dang-nhap/"))
    token = login.cookies["csrftoken"].value
    response = client.post(
        member_a.url("dang-nhap/"),
        {"username": member_a.user.username, "password": "Mat-khau-2026!", "csrfmiddlewaretoken": token},
    )
    assert response.status_code == 302
    posted = client.post(
        f"/u/{unit_b.code}/don-thu/moi/", {"csrfmiddlewaretoken": token, "subject": "Giả mạo"}, HTTP_REFERER="x"
    )
    assert posted.status_code in (302, 403)
    if posted.status_code == 302:
        assert "/dang-nhap/" in posted["Location"]


@pytest.mark.parametrize(
    "payload",
    [
        {"roles": ["unit_admin"]},
        {"roles": ["sealed_reader"]},
        {"is_superuser": True},
        {"is_staff": True},
        {"home_schema": "u_05983"},
    ],
)
def test_an_officer_cannot_raise_themselves_through_the_api(member_a, payload):
    api = member_a.api()
    me = api.get(member_a.url("api/v1/me/")).json()
    response = api.patch(member_a.url(f"api/v1/users/{me['id']}/"), payload, format="json")
    assert response.status_code == 403
    with schema_context(member_a.unit.schema_name):
        member_a.user.refresh_from_db()
        assert not member_a.user.is_superuser
        assert not member_a.user.is_staff
        assert member_a.user.home_schema == member_a.unit.schema_name
        assert not member_a.user.groups.filter(name__in=["unit_admin", "sealed_reader"]).exists()


def test_the_walk_covers_every_kind_of_route():
    """The suite counts its vectors: each route taking an id is one per id and viewer."""
    paths = [path for path, _ in ROUTES]
    for needed in ("don-thu/{pk}/", "van-ban/{pk}/", "chuyen-don/{pk}/", "api/v1/petitions/{pk}/"):
        assert any(path.endswith(needed) or path == needed for path in paths), needed
    assert len(ROUTES) >= 60
