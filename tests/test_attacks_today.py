# ruff: noqa: F811 - the fixtures of the documents' and transfers' tests are imported; tests name them.
"""Attacks on what the platform gained on 3/12/2026, through real requests: issued documents,
transfers between units, the audit chain and four eyes, logins with a second factor.

Each test passes while the platform holds and fails if it leaks: another unit's rows by id, the
denouncer's identity to an officer not cleared for it (JSON, pages, error messages, the audit
pages), writes the new serializers must not take, the second factor skipped, the reset link's host
taken from the request, and control characters in the new inputs answered with a 500.
"""

from __future__ import annotations

import json
import re

import pytest
from django.core import mail
from django.test import Client
from django_tenants.utils import schema_context

from tests.conftest import PASSWORD, UNIT_A
from tests.core.documents.conftest import DENOUNCER as NOTICE_DENOUNCER
from tests.core.documents.conftest import DENUNCIATION, issue, media  # noqa: F401 - fixtures
from tests.core.transfers.conftest import (  # noqa: F401 - fixtures
    ID_NUMBER,
    NAME,
    PHONE,
    _forms,
    cleared_b,
    flush,
    forward,
    officer_a,
    officer_b,
)

pytestmark = pytest.mark.django_db

NOTICE_NAME = NOTICE_DENOUNCER["name"]


def _text(response) -> str:
    return response.content.decode()


# --- Issued documents ------------------------------------------------------------------------------


@pytest.fixture
def notice(unit_a, make_member, issue):
    """A notice to a denouncer, issued at A: it names them (only cleared officers open it)."""
    signer = make_member(unit_a, roles=("leader",), username="chu_tich_a", full_name="Vi Văn Thành")
    return issue(
        unit_a,
        signer.user,
        kind="denunciation.acceptance_notice",
        context=DENUNCIATION,
        denouncer=NOTICE_DENOUNCER,
        recipients=["Như trên"],
    )


def test_unit_b_reaches_no_document_of_unit_a_by_id(notice, unit_b, make_member):
    b = make_member(unit_b, roles=("leader", "sealed_reader"), username="lanh_dao_b")
    api = b.api()
    for path in ("", "docx/", "pdf/", "versions/"):
        assert api.get(b.url(f"api/v1/documents/{notice.pk}/{path}")).status_code == 404, path
    assert notice.number_display not in _text(api.get(b.url("api/v1/documents/")))
    # B's key at A's address: refused before any view runs.
    assert api.get(f"/u/{UNIT_A}/api/v1/documents/{notice.pk}/").status_code in (401, 403)
    web = b.web()
    for path in (f"van-ban/{notice.pk}/", f"van-ban/{notice.pk}/tai-xuong/docx/"):
        assert web.get(b.url(path)).status_code == 404, path
    assert web.get(f"/u/{UNIT_A}/van-ban/{notice.pk}/").status_code in (302, 403)


def test_an_officer_not_cleared_gets_no_denouncer_from_the_register(notice, unit_a, make_member):
    officer = make_member(unit_a, roles=("processing_officer", "leader"), username="xu_ly_a2")
    api = officer.api()
    listing = api.get(officer.url("api/v1/documents/"))
    detail = api.get(officer.url(f"api/v1/documents/{notice.pk}/"))
    versions = api.get(officer.url(f"api/v1/documents/{notice.pk}/versions/"))
    for response in (listing, detail, versions):
        assert response.status_code == 200
        assert NOTICE_NAME not in json.dumps(response.json(), ensure_ascii=False)
    assert detail.json()["may_open"] is False
    assert (detail.json()["docx_url"], detail.json()["kinh_gui"]) == (None, [])
    refused = api.get(officer.url(f"api/v1/documents/{notice.pk}/docx/"))
    assert refused.status_code == 403
    assert NOTICE_NAME not in _text(refused)
    # Cancelling or re-issuing it would hand back the document: refused as well.
    for action in ("cancel", "reissue"):
        answer = api.post(officer.url(f"api/v1/documents/{notice.pk}/{action}/"), {"reason": "Sai số"}, format="json")
        assert answer.status_code == 403, action
        assert NOTICE_NAME not in _text(answer)
    web = officer.web()
    page = web.get(officer.url(f"van-ban/{notice.pk}/"))
    assert page.status_code == 200
    assert NOTICE_NAME not in _text(page)
    download = web.get(officer.url(f"van-ban/{notice.pk}/tai-xuong/docx/"))
    assert download.status_code == 403
    assert NOTICE_NAME not in _text(download)
    assert web.post(officer.url(f"van-ban/{notice.pk}/huy/"), {"reason": "Sai số văn bản"}).status_code == 403
    # The file's own address: no route serves the media folder, in a unit or outside one.
    for client in (web, Client()):
        for prefix in ("/media/", f"/u/{UNIT_A}/media/", f"/media/{unit_a.schema_name}/"):
            assert client.get(prefix + notice.docx.name).status_code == 404, prefix


def test_a_cleared_read_of_the_notice_is_chained_without_the_name(notice, unit_a, make_member, admin_a):
    cleared = make_member(unit_a, roles=("sealed_reader",), username="mat_a")
    assert cleared.api().get(cleared.url(f"api/v1/documents/{notice.pk}/docx/")).status_code == 200
    chain = admin_a.web().get(admin_a.url("nhat-ky/chuoi/"))
    assert chain.status_code == 200
    assert "mat_a" in _text(chain)
    assert NOTICE_NAME not in _text(chain)
    log = admin_a.web().get(admin_a.url("nhat-ky/"))
    assert NOTICE_NAME not in _text(log)


def test_the_documents_api_takes_no_writes_but_its_actions(notice, unit_a, make_member):
    cleared = make_member(unit_a, roles=("leader", "sealed_reader"), username="lanh_dao_mat")
    api = cleared.api()
    forged = {"status": "issued", "names_denouncer": False, "number": 1, "issued_by": 1}
    assert api.post(cleared.url("api/v1/documents/"), forged, format="json").status_code == 405
    for method in (api.put, api.patch):
        assert method(cleared.url(f"api/v1/documents/{notice.pk}/"), forged, format="json").status_code == 405
    assert api.delete(cleared.url(f"api/v1/documents/{notice.pk}/")).status_code == 405
    # A re-issue takes the reason alone: a context or an identity smuggled in is ignored, and a
    # notice naming the denouncer is re-issued only by its step (which gives the identity again).
    answer = api.post(
        cleared.url(f"api/v1/documents/{notice.pk}/reissue/"),
        {"reason": "Sửa số quyết định", "context": {"decision_number": "99/QĐ"}, "denouncer": {"name": "Giả"}},
        format="json",
    )
    assert answer.status_code == 400
    assert answer.json()["field"] == "denouncer"
    with schema_context(unit_a.schema_name):
        notice.refresh_from_db()
        assert (notice.version, notice.superseded_at, notice.names_denouncer) == (1, None, True)


@pytest.mark.parametrize("reason", ["Sai\x00số", "\x01\x02\x03\x0b\x0c\x1f", "Sửa\x0bsố\x1fquyết định"])
def test_control_characters_in_a_document_action_are_no_500(unit_a, make_member, issue, reason):
    leader = make_member(unit_a, roles=("leader",), username="chu_tich_x", full_name="Vi Văn Thành")
    first, second = issue(unit_a, leader.user), issue(unit_a, leader.user)
    answer = leader.api().post(leader.url(f"api/v1/documents/{first.pk}/reissue/"), {"reason": reason}, format="json")
    assert answer.status_code in (200, 400), answer.content[:300]
    web = leader.web().post(leader.url(f"van-ban/{second.pk}/huy/"), {"reason": reason})
    assert web.status_code in (302, 400), web.status_code


# --- Transfers -----------------------------------------------------------------------------------


def _inbound(member, transfer):
    (item,) = [
        row
        for row in member.api().get(member.url("api/v1/transfers/"), {"direction": "in"}).json()["results"]
        if row["reference"] == transfer.reference
    ]
    return item


def test_a_receiver_not_cleared_gets_no_denouncer_from_a_transfer(forward, unit_a, officer_b):
    petition, transfer = forward()
    flush(unit_a, transfer.reference)
    item = _inbound(officer_b, transfer)
    api = officer_b.api()
    responses = [
        api.get(officer_b.url("api/v1/transfers/")),
        api.get(officer_b.url(f"api/v1/transfers/{item['id']}/")),
        api.get(officer_b.url(f"api/v1/transfers/{item['id']}/history/")),
        api.get(officer_b.url("api/v1/transfers/"), {"search": NAME}),
    ]
    refused = api.post(
        officer_b.url(f"api/v1/transfers/{item['id']}/sealed-identity/"), {"reason": "Cần xác minh người tố cáo"}
    )
    assert refused.status_code == 403
    web = officer_b.web()
    responses += [
        refused,
        web.get(officer_b.url(f"chuyen-don/{item['id']}/")),
        web.post(officer_b.url(f"chuyen-don/{item['id']}/danh-tinh/"), {"reason": "Cần xác minh người tố cáo"}),
    ]
    assert responses[-1].status_code == 403
    assert api.get(officer_b.url("api/v1/transfers/"), {"search": NAME}).json()["results"] == []
    for response in responses:
        body = _text(response)
        for secret in (NAME, ID_NUMBER, PHONE):
            assert secret not in body, (response.request["PATH_INFO"], secret)
    # Whatever the receiver holds of it: the package, the inbox's copy of the message.
    from core.transfers.models import InboxMessage, Transfer

    with schema_context(officer_b.unit.schema_name):
        stored = Transfer.objects.get(pk=item["id"])
        inbox = list(InboxMessage.objects.filter(reference=transfer.reference).values_list("payload", flat=True))
    clear = json.dumps([stored.package, inbox], ensure_ascii=False)
    assert NAME not in clear
    assert ID_NUMBER not in clear
    assert NAME.encode() not in bytes(stored.sealed_identity)
    # The sender's petition stays the sender's: B has no petition of that number.
    assert api.get(officer_b.url(f"api/v1/petitions/{petition.pk}/")).status_code == 404


def test_a_cleared_receiver_s_read_of_a_transfer_is_in_the_audit_chain(forward, unit_a, unit_b, officer_b, cleared_b):
    _petition, transfer = forward()
    flush(unit_a, transfer.reference)
    item = _inbound(officer_b, transfer)
    read = cleared_b.api().post(
        cleared_b.url(f"api/v1/transfers/{item['id']}/sealed-identity/"),
        {"reason": "Xác minh người tố cáo để bảo vệ"},
        format="json",
    )
    assert read.status_code == 200
    assert read.json()["signers"][0]["full_name"] == NAME
    from core.accounts.audit import Kind, audit_verify
    from core.accounts.models import AuditEntry

    with schema_context(unit_b.schema_name):
        entries = list(AuditEntry.objects.filter(kind=Kind.SEALED_READ).values("actor", "target", "data"))
        assert audit_verify().ok
    assert [entry["actor"] for entry in entries] == [cleared_b.user.username]
    assert transfer.reference in json.dumps(entries, ensure_ascii=False)
    assert NAME not in json.dumps(entries, ensure_ascii=False)


def test_unit_b_reaches_no_transfer_of_unit_a_by_id(forward, unit_a, unit_b, officer_a, officer_b):
    _petition, transfer = forward()
    flush(unit_a, transfer.reference)
    api = officer_b.api()
    inbound_ids = {row["id"] for row in api.get(officer_b.url("api/v1/transfers/")).json()["results"]}
    if transfer.pk not in inbound_ids:
        assert api.get(officer_b.url(f"api/v1/transfers/{transfer.pk}/")).status_code == 404
        assert api.post(officer_b.url(f"api/v1/transfers/{transfer.pk}/chase/"), {}).status_code == 404
    # B's key at A's address and A's transfer: refused.
    assert api.get(officer_a.url(f"api/v1/transfers/{transfer.pk}/")).status_code in (401, 403)
    assert officer_b.web().get(officer_a.url(f"chuyen-don/{transfer.pk}/")).status_code in (302, 403)
    # The receiver cannot chase or resend as if it were the sender, nor answer for it.
    item = _inbound(officer_b, transfer)
    assert api.post(officer_b.url(f"api/v1/transfers/{item['id']}/chase/"), {}, format="json").status_code == 409
    assert api.post(officer_b.url(f"api/v1/transfers/{item['id']}/resend/"), {}, format="json").status_code == 409
    assert (
        officer_a.api().post(officer_a.url(f"api/v1/transfers/{transfer.pk}/accept/"), {}, format="json").status_code
        == 409
    )


def test_the_transfers_api_takes_no_writes(forward, unit_a, officer_b):
    _petition, transfer = forward()
    flush(unit_a, transfer.reference)
    item = _inbound(officer_b, transfer)
    api = officer_b.api()
    forged = {"state": "accepted", "counterpart_code": "20-TTR", "package": {}, "direction": "out"}
    assert api.post(officer_b.url("api/v1/transfers/"), forged, format="json").status_code == 405
    for method in (api.put, api.patch):
        assert method(officer_b.url(f"api/v1/transfers/{item['id']}/"), forged, format="json").status_code == 405
    # An answer's extra fields are ignored: the state is the service's.
    done = api.post(officer_b.url(f"api/v1/transfers/{item['id']}/acknowledge/"), forged, format="json")
    assert done.status_code == 200
    assert (done.json()["state"], done.json()["direction"], done.json()["counterpart_code"]) == (
        "acknowledged",
        "in",
        unit_a.code,
    )


@pytest.mark.parametrize(
    ("action", "data"),
    [
        ("onward", {"receiving_unit": "05983\x00"}),
        ("onward", {"receiving_unit": "\x01\x02\x7f"}),
        ("onward", {"receiving_unit": "20-UBND", "legal_ground": "Điều\x0b24\x01 Luật Tố cáo"}),
        ("return", {"reason": "Không\x00 thuộc thẩm quyền"}),
        ("return", {"reason": "\x01\x02\x03\x04\x05\x06"}),
        ("acknowledge", {"date": "31/02/2026\x00"}),
        ("chase", {"report_by": "abc", "date": ["x"]}),
    ],
)
def test_control_characters_in_transfer_answers_are_no_500(forward, unit_a, officer_b, action, data):
    _petition, transfer = forward()
    flush(unit_a, transfer.reference)
    item = _inbound(officer_b, transfer)
    answer = officer_b.api().post(officer_b.url(f"api/v1/transfers/{item['id']}/{action}/"), data, format="json")
    assert answer.status_code < 500, answer.content[:500]
    assert answer.status_code in (200, 400, 409), answer.status_code
    if answer.status_code == 400:
        # A Vietnamese message, whichever field it is on.
        assert re.search("[à-ỹ]", json.dumps(answer.json(), ensure_ascii=False)), answer.json()
    page_action = {"onward": "chuyen-tiep", "return": "tra-lai", "acknowledge": "xac-nhan", "chase": "don-doc"}[action]
    form = {key: value for key, value in data.items() if isinstance(value, str)}
    page = officer_b.web().post(officer_b.url(f"chuyen-don/{item['id']}/{page_action}/"), form)
    assert page.status_code < 500


@pytest.mark.parametrize("q", ["\x00", "05983\x00", "\x01%", "' OR 1=1 --", "%_\\"])
def test_the_unit_search_takes_any_text(officer_a, q):
    api = officer_a.api().get(officer_a.url("api/v1/transfers/units/"), {"q": q})
    assert api.status_code in (200, 400)
    if api.status_code == 200:
        assert api.json() == []
    page = officer_a.web().get(officer_a.url("chuyen-don/don-vi/"), {"q": q})
    assert page.status_code in (200, 400)


# --- Four eyes, audit --------------------------------------------------------------------------------


def test_no_one_approves_their_own_role_through_the_api_or_the_page(unit_a, admin_a, make_member):
    api = admin_a.api()
    done = api.patch(
        admin_a.url(f"api/v1/users/{admin_a.user.pk}/"), {"roles": ["unit_admin", "sealed_reader"]}, format="json"
    )
    assert done.status_code == 200
    assert "sealed_reader" not in done.json()["roles"]
    (pending,) = api.get(admin_a.url("api/v1/role-requests/"), {"state": "pending"}).json()["results"]
    assert api.post(admin_a.url(f"api/v1/role-requests/{pending['id']}/approve/")).status_code == 403
    assert (
        admin_a.web()
        .post(admin_a.url(f"can-bo/phe-duyet-vai-tro/{pending['id']}/"), {"decision": "approve"})
        .status_code
        == 403
    )
    # The request cannot be written to approved either.
    for method in (api.patch, api.put):
        answer = method(
            admin_a.url(f"api/v1/role-requests/{pending['id']}/"),
            {"state": "approved", "decided_by": "khac"},
            format="json",
        )
        assert answer.status_code == 405
    # An officer may not decide at all (not an administrator, not the head).
    officer = make_member(unit_a, roles=("processing_officer",), username="xu_ly_4m")
    assert officer.api().post(officer.url(f"api/v1/role-requests/{pending['id']}/approve/")).status_code == 403
    from core.accounts.selectors import user_roles

    with schema_context(unit_a.schema_name):
        assert "sealed_reader" not in user_roles(type(admin_a.user).objects.get(pk=admin_a.user.pk))


def test_an_administrator_alone_cannot_clear_themselves_through_an_account_they_made(unit_a, admin_a):
    from tests.conftest import Member

    api = admin_a.api()
    made = api.post(
        admin_a.url("api/v1/users/"),
        {"username": "con_roi", "password": PASSWORD, "roles": ["unit_admin"]},
        format="json",
    )
    assert made.status_code == 201
    api.patch(
        admin_a.url(f"api/v1/users/{admin_a.user.pk}/"), {"roles": ["unit_admin", "sealed_reader"]}, format="json"
    )
    (pending,) = api.get(admin_a.url("api/v1/role-requests/"), {"state": "pending"}).json()["results"]
    from core.accounts.models import User
    from core.accounts.tokens import token_create

    with schema_context(unit_a.schema_name):
        puppet = User.objects.get(username="con_roi")
        _token, key = token_create(user=puppet, name="tests")
    puppet_member = Member(unit=unit_a, user=puppet, token=key)
    answer = puppet_member.api().post(admin_a.url(f"api/v1/role-requests/{pending['id']}/approve/"))
    assert answer.status_code == 403


def test_the_audit_chain_is_not_another_unit_s_nor_an_officer_s(unit_a, unit_b, admin_a, make_member):
    admin_b = make_member(unit_b, roles=("unit_admin",), username="quan_tri_b")
    web_b = admin_b.web()
    assert web_b.get(admin_a.url("nhat-ky/chuoi/")).status_code in (302, 403)
    assert web_b.get(admin_a.url("nhat-ky/")).status_code in (302, 403)
    officer = make_member(unit_a, roles=("processing_officer", "leader"), username="xu_ly_nk")
    assert officer.web().get(officer.url("nhat-ky/chuoi/")).status_code == 403
    # Odd filters are a 400 with the form, not a 500.
    page = admin_a.web().get(
        admin_a.url("nhat-ky/chuoi/"), {"kind": "x" * 300, "date_from": "99/99/9999", "page": "-1"}
    )
    assert page.status_code == 400


# --- Logins --------------------------------------------------------------------------------------------


def test_a_session_that_owes_its_second_factor_reaches_no_api_and_no_page(unit_a, admin_a):
    client = Client()
    assert (
        client.post(admin_a.url("dang-nhap/"), {"username": admin_a.user.username, "password": PASSWORD}).status_code
        == 302
    )
    api = client.get(admin_a.url("api/v1/documents/"))
    assert api.status_code == 403
    assert client.get(admin_a.url("api/v1/me/")).status_code == 403
    assert (
        client.post(admin_a.url("api/v1/users/"), {"username": "x", "password": PASSWORD, "roles": []}).status_code
        == 403
    )
    for path in ("nhat-ky/chuoi/", "van-ban/", "tai-khoan/api/", "can-bo/phe-duyet-vai-tro/"):
        response = client.get(admin_a.url(path))
        assert response.status_code == 302, path
        assert "xac-thuc" in response["Location"], path
    # An API key cannot be made without the code either.
    assert client.post(admin_a.url("tai-khoan/api/"), {"name": "lối tắt"}).status_code == 302
    from core.accounts.tokens import ApiToken

    with schema_context(unit_a.schema_name):
        assert not ApiToken.objects.filter(user=admin_a.user, name="lối tắt").exists()


def test_admin_site_needs_the_second_factor(platform_admin):
    client = Client()
    client.force_login(platform_admin.user)
    response = client.get("/admin/")
    assert response.status_code == 302
    assert "/admin/" not in response["Location"] or "xac-thuc" in response["Location"]


def test_a_password_reset_neither_skips_the_second_factor_nor_trusts_the_host(unit_a, admin_a, settings):
    with schema_context(unit_a.schema_name):
        admin_a.user.email = "lan@example.vn"
        admin_a.user.save(update_fields=["email"])
    client = Client(HTTP_HOST="evil.localhost")
    sent = client.post(admin_a.url("tai-khoan/quen-mat-khau/"), {"email": "lan@example.vn"})
    assert sent.status_code == 302
    (message,) = mail.outbox
    assert "evil" not in message.body
    link = re.search(r"https?://\S+", message.body).group(0)
    assert link.startswith(settings.TIEPDAN_SITE_URL)
    path = link.split("://", 1)[1].split("/", 1)[1]
    browser = Client()
    form = browser.get("/" + path, follow=True)
    assert form.status_code == 200
    done = browser.post(
        form.redirect_chain[-1][0] if form.redirect_chain else "/" + path,
        {"new_password1": "Mat-khau-moi-2026!", "new_password2": "Mat-khau-moi-2026!"},
    )
    assert done.status_code == 302
    # The new password is set; the session is not logged in, and never past the second factor.
    assert browser.get(admin_a.url("api/v1/me/")).status_code in (401, 403)
    fresh = Client()
    assert (
        fresh.post(
            admin_a.url("dang-nhap/"), {"username": admin_a.user.username, "password": "Mat-khau-moi-2026!"}
        ).status_code
        == 302
    )
    assert "xac-thuc" in fresh.get(admin_a.url("van-ban/"))["Location"]


def test_pages_carry_a_content_security_policy(admin_a):
    response = admin_a.web().get(admin_a.url("van-ban/"))
    policy = response.headers.get("Content-Security-Policy", "")
    assert "default-src" in policy
    assert "'unsafe-inline'" not in policy.split("script-src", 1)[-1].split(";", 1)[0]


@pytest.mark.parametrize("variant", ["quan_tri_a", " quan_tri_a ", "ｑｕａｎ_tri_a", "QUAN_TRI_A"])
def test_a_locked_account_stays_locked_under_another_spelling(admin_a, settings, variant):
    for _attempt in range(settings.AXES_FAILURE_LIMIT):
        Client(REMOTE_ADDR="10.1.1.1").post(admin_a.url("dang-nhap/"), {"username": "quan_tri_a", "password": "sai"})
    client = Client(REMOTE_ADDR="10.2.2.2")
    response = client.post(admin_a.url("dang-nhap/"), {"username": variant, "password": PASSWORD})
    assert response.status_code != 302, variant
    assert client.get(admin_a.url("api/v1/me/")).status_code in (401, 403)


def test_a_password_alone_neither_enrols_a_new_authenticator_nor_makes_recovery_codes(unit_a, admin_a):
    from tests.conftest import enrol_by_page

    first = Client()
    first.post(admin_a.url("dang-nhap/"), {"username": admin_a.user.username, "password": PASSWORD})
    codes_shown = enrol_by_page(first, admin_a.url("tai-khoan/xac-thuc/dang-ky/"), schema=unit_a.schema_name)
    thief = Client()
    assert (
        thief.post(admin_a.url("dang-nhap/"), {"username": admin_a.user.username, "password": PASSWORD}).status_code
        == 302
    )
    enrol = thief.get(admin_a.url("tai-khoan/xac-thuc/dang-ky/"))
    assert enrol.status_code == 302
    assert "dang-ky" not in enrol["Location"]
    assert (
        thief.post(admin_a.url("tai-khoan/xac-thuc/dang-ky/"), {"device_id": 1, "token": "123456"}).status_code == 302
    )
    codes = thief.post(admin_a.url("tai-khoan/xac-thuc/ma-khoi-phuc/"))
    assert codes.status_code == 302
    assert "xac-thuc" in codes["Location"]
    # Guessing codes: wrong ones are refused, then even a right one while the devices are held back.
    for guess in ("000000", "111111", "222222"):
        assert thief.post(admin_a.url("tai-khoan/xac-thuc/"), {"token": guess}).status_code == 400
    assert thief.post(admin_a.url("tai-khoan/xac-thuc/"), {"token": codes_shown[0]}).status_code == 400
    assert thief.get(admin_a.url("api/v1/me/")).status_code == 403


def test_a_sealed_transfer_accepted_by_an_officer_not_cleared_stays_sealed(forward, unit_a, unit_b, officer_b):
    _petition, transfer = forward()
    flush(unit_a, transfer.reference)
    item = _inbound(officer_b, transfer)
    api = officer_b.api()
    accepted = api.post(officer_b.url(f"api/v1/transfers/{item['id']}/accept/"), {}, format="json")
    assert accepted.status_code == 200
    petition_id = accepted.json()["petition"]
    responses = [
        accepted,
        api.get(officer_b.url("api/v1/petitions/")),
        api.get(officer_b.url(f"api/v1/petitions/{petition_id}/")),
        api.get(officer_b.url(f"api/v1/petitions/{petition_id}/timeline/")),
        api.get(officer_b.url(f"api/v1/petitions/{petition_id}/documents/")),
        api.get(officer_b.url("api/v1/petitions/"), {"search": NAME}),
        api.post(
            officer_b.url(f"api/v1/petitions/{petition_id}/sealed-identity/"), {"reason": "Cần biết người tố cáo"}
        ),
    ]
    assert responses[-1].status_code == 403
    assert responses[-2].json()["results"] == []
    web = officer_b.web()
    responses.append(web.get(officer_b.url(f"don-thu/{petition_id}/")))
    for response in responses:
        body = _text(response)
        for secret in (NAME, ID_NUMBER, PHONE):
            assert secret not in body, (response.request["PATH_INFO"], secret)
    from core.accounts.audit import Kind
    from core.accounts.models import AuditEntry
    from core.petitions.models import Citizen, Petition

    with schema_context(unit_b.schema_name):
        assert Petition.objects.get(pk=petition_id).is_confidential
        assert not Citizen.objects.filter(id_number=ID_NUMBER).exists()
        # The identity moved from the transfer into the petition's seal: a read of it, chained.
        reads = AuditEntry.objects.filter(kind=Kind.SEALED_READ, target=transfer.reference)
        assert list(reads.values_list("actor", flat=True)) == [officer_b.user.username]


def test_a_case_access_grant_opens_nothing_without_a_second_inspector(inspectorate, unit_a, unit_b, make_member):
    from datetime import timedelta

    from core.common.dates import today

    asker = make_member(inspectorate, roles=("inspector",), username="thanh_tra_1")
    grantee = make_member(inspectorate, roles=("inspector",), username="thanh_tra_2")
    url = asker.url("api/v1/inspectorate/grants/")
    start = today()
    forged = {
        "username": grantee.user.username,
        "unit_code": unit_a.code,
        "valid_from": start.isoformat(),
        "valid_to": (start + timedelta(days=5)).isoformat(),
        "reason": "Xác minh hồ sơ tố cáo kéo dài",
        "approved_by": "thanh_tra_3",
        "approved_at": "2026-01-01T00:00:00Z",
        "granted_by": "chanh_thanh_tra",
    }
    made = asker.api().post(url, forged, format="json")
    assert made.status_code == 201, made.content
    grant = made.json()
    assert (grant["approved_by"], grant["approved_at"], grant["granted_by"]) == ("", None, asker.user.username)
    # Neither who asked nor the grantee approves it; a unit's officer cannot reach it at all.
    for member in (asker, grantee):
        answer = member.api().post(member.url(f"api/v1/inspectorate/grants/{grant['id']}/approve/"))
        assert answer.status_code == 403, member.user.username
    admin_b = make_member(unit_b, roles=("leader", "unit_admin"), username="lanh_dao_b2")
    approve_at_b = admin_b.api().post(admin_b.url(f"api/v1/inspectorate/grants/{grant['id']}/approve/"))
    assert approve_at_b.status_code in (403, 404)
    # Nor the grant itself for oneself.
    own = dict(forged, username=asker.user.username)
    assert asker.api().post(url, own, format="json").status_code == 403
    from core.oversight.models import CaseAccessGrant

    with schema_context("public"):
        assert CaseAccessGrant.objects.get(pk=grant["id"]).approved_at is None


def test_control_characters_in_the_header_settings_break_no_later_document(unit_a, admin_a, make_member, issue):
    page = admin_a.web().post(
        admin_a.url("van-ban/thiet-lap/"),
        {
            "issuing_body": "ỦY BAN NHÂN DÂN\x01\nXÃ TÂN\x0bĐOÀN",
            "superior_body": "\x02HUYỆN",
            "show_superior": "on",
            "place_name": "Tân\x1fĐoàn",
            "body_name": "UBND xã\x0c Tân Đoàn",
            "symbol__complaint.acceptance_notice": "TB\x00-UBND",
        },
    )
    assert page.status_code in (200, 302, 400), page.status_code
    leader = make_member(unit_a, roles=("leader",), username="chu_tich_h", full_name="Vi Văn Thành")
    document = issue(unit_a, leader.user)
    assert document.pk


def test_the_sender_s_officer_not_cleared_gets_no_denouncer_from_the_forward(forward, unit_a, officer_a):
    petition, transfer = forward()
    flush(unit_a, transfer.reference)
    api = officer_a.api()
    documents = api.get(officer_a.url(f"api/v1/petitions/{petition.pk}/documents/"))
    assert documents.status_code == 200
    listed = documents.json() if isinstance(documents.json(), list) else documents.json()["results"]
    named = [row for row in listed if row["kind"] == "petition.denunciation_forwarding_notice"]
    assert named, [row["kind"] for row in listed]
    assert all(row["may_open"] is False and row["docx_url"] is None for row in named)
    responses = [
        documents,
        api.get(officer_a.url(f"api/v1/transfers/{transfer.pk}/")),
        api.get(officer_a.url(f"api/v1/transfers/{transfer.pk}/history/")),
        api.get(officer_a.url(f"api/v1/petitions/{petition.pk}/timeline/")),
        api.get(officer_a.url("api/v1/documents/")),
        api.get(officer_a.url(f"api/v1/documents/{named[0]['id']}/docx/")),
        officer_a.web().get(officer_a.url(f"don-thu/{petition.pk}/")),
        officer_a.web().get(officer_a.url(f"chuyen-don/{transfer.pk}/")),
    ]
    assert responses[5].status_code == 403
    for response in responses:
        body = _text(response)
        for secret in (NAME, ID_NUMBER, PHONE):
            assert secret not in body, (response.request["PATH_INFO"], secret)


def test_an_api_key_made_without_a_second_factor_does_not_carry_a_role_that_needs_one(unit_a, admin_a, make_member):
    """An officer (no second factor needed) makes a key; later cleared for sealed identities, the
    key would read them without the second factor the clearance requires."""
    from core.accounts.services import role_request_decide, user_set_roles
    from core.accounts.tokens import token_create

    officer = make_member(unit_a, roles=("processing_officer",), username="xu_ly_khoa")
    second = make_member(unit_a, roles=("unit_admin",), username="quan_tri_2fa")
    assert officer.api().get(officer.url("api/v1/me/")).status_code == 200
    with schema_context(unit_a.schema_name):
        user_set_roles(
            unit=unit_a, user=officer.user, roles=["processing_officer", "sealed_reader"], acting_user=admin_a.user
        )
        from core.accounts.models import RoleRequest

        pending = RoleRequest.objects.get(user=officer.user, state=RoleRequest.State.PENDING)
        role_request_decide(role_request=pending, actor=second.user, approve=True)
    refused = officer.api().get(officer.url("api/v1/me/"))
    assert refused.status_code == 401
    assert refused.json()["detail"]
    # A key made now (on the page the second factor guards) works.
    with schema_context(unit_a.schema_name):
        _token, key = token_create(user=officer.user, name="sau khi được cấp quyền")
    fresh = officer.api()
    fresh.credentials(HTTP_AUTHORIZATION=f"Token {key}")
    assert fresh.get(officer.url("api/v1/me/")).status_code == 200
