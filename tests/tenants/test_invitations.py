"""Inviting a unit's first administrator: issue, re-issue, e-mail, and the platform admin's ways in
(onboarding form and CSV, the Unit page, the API, the commands)."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import CommandError, call_command
from django.utils import timezone

from tenants.invitations import (
    INVITATION_VALIDITY,
    InvitationError,
    admin_specs_from_csv,
    invitation_issue,
    invitation_reissue,
)
from tenants.models import OnboardingJob, Unit, UnitInvitation
from tenants.selectors import invitation_for_token, invitation_refusal
from tests.conftest import admin_login

pytestmark = pytest.mark.django_db


@pytest.fixture
def unit_manager(platform_admin):
    """A platform admin who also manages the unit registry in the admin (onboarding alone is not enough)."""
    from django.contrib.auth.models import Permission

    platform_admin.user.user_permissions.add(Permission.objects.get(codename="change_unit"))
    return platform_admin


LINK_RE = re.compile(r"https?://[^\s]+/u/(?P<code>[0-9A-Z-]+)/loi-moi/(?P<token>[\w-]+)/")


def _token(text: str) -> str:
    match = LINK_RE.search(text)
    assert match, text
    return match["token"]


def test_issuing_e_mails_a_one_time_link_and_stores_only_its_hash(
    unit_a, mailoutbox, django_capture_on_commit_callbacks, settings
):
    settings.TIEPDAN_SITE_URL = "https://tiepdan.langson.gov.vn"
    with django_capture_on_commit_callbacks(execute=True):
        issued = invitation_issue(
            unit=unit_a,
            issued_by="platform_admin",
            email=" Lan.Hoang@TanDoan.LangSon.gov.vn ",
            full_name="Hoàng Thị Lan",
        )
    invitation = issued.invitation
    token = _token(issued.link)
    assert issued.link == f"https://tiepdan.langson.gov.vn/u/{unit_a.code}/loi-moi/{token}/"
    assert (invitation.email, invitation.issued_by, invitation.state) == (
        "lan.hoang@tandoan.langson.gov.vn",
        "platform_admin",
        UnitInvitation.State.PENDING,
    )
    assert invitation.expires_at - invitation.issued_at == INVITATION_VALIDITY == timedelta(hours=72)
    stored = UnitInvitation.objects.get(pk=invitation.pk)
    assert token not in str(stored.__dict__)
    assert stored.token_hash == UnitInvitation.hash_token(token)
    assert stored.sent_at is not None

    [mail] = mailoutbox
    assert mail.to == ["lan.hoang@tandoan.langson.gov.vn"]
    assert "Xã Tân Đoàn" in mail.subject
    assert issued.link in mail.body
    assert "Kính gửi Hoàng Thị Lan" in mail.body  # Vietnamese, whatever the issuer's language
    assert invitation_for_token(unit=unit_a, token=token) == stored


def test_reissuing_kills_the_old_link_and_records_who_did_it(unit_a, mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        first = invitation_issue(
            unit=unit_a, issued_by="admin_1", email="lan@tandoan.gov.vn", full_name="Hoàng Thị Lan"
        )
        second = invitation_reissue(unit=unit_a, issued_by="admin_2")
    old = invitation_for_token(unit=unit_a, token=_token(first.link))
    new = invitation_for_token(unit=unit_a, token=_token(second.link))
    assert (old.state, old.revoked_by) == (UnitInvitation.State.REVOKED, "admin_2")
    assert "thay thế" in invitation_refusal(old)
    assert (new.state, new.email, new.full_name, new.issued_by) == (
        "pending",
        "lan@tandoan.gov.vn",
        "Hoàng Thị Lan",
        "admin_2",
    )
    assert invitation_refusal(new) is None
    assert len(mailoutbox) == 2
    assert second.link in mailoutbox[1].body


def test_phone_only_invitation_sends_nothing_and_returns_the_link(
    unit_a, mailoutbox, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        issued = invitation_issue(unit=unit_a, issued_by="platform_admin", phone="0912 345 678")
    assert issued.invitation.phone == "0912345678"
    assert issued.invitation.sent_at is None
    assert mailoutbox == []
    assert issued.invitation.recipient_masked == "091•••78"


@pytest.mark.parametrize(
    ("fields", "message"),
    [
        ({}, "địa chỉ thư điện tử hoặc số điện thoại"),
        ({"email": "khong-phai-thu"}, "không phải là địa chỉ thư điện tử hợp lệ"),
        ({"phone": "12ab"}, "không phải là số điện thoại hợp lệ"),
    ],
)
def test_bad_contact_details_are_refused(unit_a, fields, message):
    with pytest.raises(InvitationError, match=message):
        invitation_issue(unit=unit_a, issued_by="platform_admin", **fields)
    assert not UnitInvitation.objects.exists()


def test_a_unit_not_ready_cannot_be_invited_for(unit_b):
    Unit.objects.filter(pk=unit_b.pk).update(status="provisioning")
    with pytest.raises(InvitationError, match="05983"):
        invitation_issue(unit=unit_b, issued_by="platform_admin", email="a@b.vn")


def test_reissue_without_a_previous_invitation_needs_a_recipient(unit_a):
    with pytest.raises(InvitationError, match="chưa từng"):
        invitation_reissue(unit=unit_a, issued_by="platform_admin")


def test_csv_of_a_province_reads_what_spreadsheets_export():
    content = (
        "\ufeffMã đơn vị;E-mail;Điện thoại;Họ và tên\r\n"
        "06040;lan@thatkhe.gov.vn;;Hoàng Thị\x0cLan\r\n"
        "20-ttr;;0912 345 678;Lò Văn Tâm\r\n"
        ";;;\r\n"
    ).encode()
    specs = admin_specs_from_csv(content)
    assert [(s.unit_code, s.email, s.phone, s.full_name) for s in specs] == [
        ("06040", "lan@thatkhe.gov.vn", "", "Hoàng Thị Lan"),
        ("20-TTR", "", "0912345678", "Lò Văn Tâm"),
    ]


@pytest.mark.parametrize(
    ("content", "message"),
    [
        ("06040,lan@thatkhe.gov.vn\n06040,tam@thatkhe.gov.vn\n", "Dòng 2"),
        ("06040,khong-hop-le\n", "Dòng 1"),
        ("unit_code,email\n", "không có dòng nào"),
        (b"06040,\xff\xfe\n", "UTF-8"),
        (b"06040,a@b.vn\x00\n", "UTF-8"),  # a UTF-16 export is full of NUL bytes
    ],
)
def test_csv_mistakes_are_refused_with_their_line(content, message):
    with pytest.raises(InvitationError, match=message):
        admin_specs_from_csv(content)


def test_onboarding_through_the_api_invites_the_named_admin_once_the_unit_is_ready(
    platform_admin, mailoutbox, django_capture_on_commit_callbacks
):
    payload = {
        "unit_codes": ["06073"],
        "admins": [{"unit_code": "06073", "email": "quantri@hoatham.gov.vn", "full_name": "Nông Văn Hòa"}],
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = platform_admin.post("/api/v1/platform/onboarding-jobs/", payload, format="json")
    assert response.status_code == 202, response.content
    unit = Unit.objects.get(code="06073")
    invitation = UnitInvitation.objects.get(unit=unit)
    assert (invitation.state, invitation.email, invitation.issued_by) == (
        "pending",
        "quantri@hoatham.gov.vn",
        "platform_admin",
    )
    [mail] = mailoutbox
    assert "/u/06073/loi-moi/" in mail.body

    # Onboarding the unit again does not kill the link already sent.
    with django_capture_on_commit_callbacks(execute=True):
        platform_admin.post("/api/v1/platform/onboarding-jobs/", payload, format="json")
    assert UnitInvitation.objects.filter(unit=unit).count() == 1


def test_api_refuses_an_admin_of_a_unit_it_does_not_onboard(platform_admin):
    payload = {"unit_codes": ["06073"], "admins": [{"unit_code": "06076", "email": "a@quyhoa.gov.vn"}]}
    response = platform_admin.post("/api/v1/platform/onboarding-jobs/", payload, format="json")
    assert response.status_code == 400
    assert "06076" in response.json()["detail"]
    assert not OnboardingJob.objects.exists()
    bad = {"unit_codes": ["06073"], "admins": [{"unit_code": "06073", "email": "sai"}]}
    response = platform_admin.post("/api/v1/platform/onboarding-jobs/", bad, format="json")
    assert response.status_code == 400
    assert "hợp lệ" in str(response.json())


def test_api_reissues_an_invitation_and_shows_its_link_once(
    platform_admin, unit_a, mailoutbox, django_capture_on_commit_callbacks
):
    url = f"/api/v1/platform/units/{unit_a.code}/invitation/"
    assert platform_admin.get(url).status_code == 404
    assert platform_admin.post(url, {}, format="json").status_code == 400  # nobody to invite yet
    with django_capture_on_commit_callbacks(execute=True):
        response = platform_admin.post(
            url, {"email": "lan@tandoan.gov.vn", "full_name": "Hoàng Thị Lan"}, format="json"
        )
    assert response.status_code == 201, response.content
    first = response.json()
    assert first["state"] == "pending"
    assert first["issued_by"] == "platform_admin"
    with django_capture_on_commit_callbacks(execute=True):
        again = platform_admin.post(url, {}, format="json").json()
    assert again["email"] == "lan@tandoan.gov.vn"
    assert again["link"] != first["link"]
    current = platform_admin.get(url).json()
    assert "link" not in current
    assert current["state"] == "pending"
    old = invitation_for_token(unit=unit_a, token=_token(first["link"]))
    assert old.state == "revoked"
    assert [m.to for m in mailoutbox] == [["lan@tandoan.gov.vn"], ["lan@tandoan.gov.vn"]]


def test_invitation_api_is_for_platform_admins_only(client, admin_a, unit_a):
    url = f"/api/v1/platform/units/{unit_a.code}/invitation/"
    assert client.post(url, {"email": "x@y.vn"}).status_code == 401
    assert admin_a.api().post(url, {"email": "x@y.vn"}).status_code == 401
    assert not UnitInvitation.objects.exists()


def test_admin_onboarding_form_names_one_units_administrator(
    unit_manager, client, mailoutbox, django_capture_on_commit_callbacks
):
    admin_login(client, unit_manager.user)
    form = {
        "province_code": "",
        "unit_codes": "06076",
        "admin_full_name": "Hà Thị Quý",
        "admin_email": "quy@quyhoa.gov.vn",
        "admin_phone": "",
    }
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post("/admin/tenants/onboardingjob/onboard/", form)
    assert response.status_code == 302, response.content.decode()
    invitation = UnitInvitation.objects.get(unit__code="06076")
    assert (invitation.full_name, invitation.email, invitation.issued_by) == (
        "Hà Thị Quý",
        "quy@quyhoa.gov.vn",
        "platform_admin",
    )
    assert len(mailoutbox) == 1

    page = client.get(f"/admin/tenants/unit/{invitation.unit.pk}/change/").content.decode()
    assert "Đang chờ chấp nhận" in page
    assert "quy@quyhoa.gov.vn" in page


def test_admin_onboarding_form_takes_a_csv_for_several_units(
    platform_admin, client, django_capture_on_commit_callbacks
):
    admin_login(client, platform_admin.user)
    csv = SimpleUploadedFile("quan-tri.csv", "06073,a@hoatham.gov.vn,,\n06076,,0912345678,Hà Thị Quý\n".encode())
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/tenants/onboardingjob/onboard/",
            {"province_code": "", "unit_codes": "06073 06076", "admins_csv": csv},
        )
    assert response.status_code == 302
    rows = UnitInvitation.objects.values_list("unit__code", "email", "phone", "full_name")
    assert sorted(rows) == [("06073", "a@hoatham.gov.vn", "", ""), ("06076", "", "0912345678", "Hà Thị Quý")]


def test_admin_onboarding_form_refuses_one_admin_for_several_units(platform_admin, client):
    admin_login(client, platform_admin.user)
    response = client.post(
        "/admin/tenants/onboardingjob/onboard/",
        {"province_code": "", "unit_codes": "06073 06076", "admin_email": "a@hoatham.gov.vn"},
    )
    assert response.status_code == 200
    assert "CSV" in response.content.decode()
    assert not OnboardingJob.objects.exists()


def test_unit_page_issues_and_reissues_showing_the_link_once(
    unit_manager, client, unit_a, mailoutbox, django_capture_on_commit_callbacks
):
    from django.contrib.admin.models import LogEntry

    admin_login(client, unit_manager.user)
    url = f"/admin/tenants/unit/{unit_a.pk}/invitation/"
    assert 'id="invite-admin"' in client.get(f"/admin/tenants/unit/{unit_a.pk}/change/").content.decode()
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            url, {"email": "lan@tandoan.gov.vn", "full_name": "Hoàng Thị Lan", "phone": ""}, follow=True
        )
    page = response.content.decode()
    first_token = _token(page)
    assert "chỉ hiển thị lần này" in page
    assert first_token not in client.get(f"/admin/tenants/unit/{unit_a.pk}/change/").content.decode()

    # The list's action: same person, new link, old one dead.
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            "/admin/tenants/unit/",
            {"action": "reissue_invitations", "_selected_action": [unit_a.pk]},
            follow=True,
        )
    second_token = _token(response.content.decode())
    assert second_token != first_token
    assert invitation_for_token(unit=unit_a, token=first_token).state == "revoked"
    assert invitation_for_token(unit=unit_a, token=second_token).issued_by == "platform_admin"
    assert len(mailoutbox) == 2
    assert LogEntry.objects.filter(object_id=str(unit_a.pk), change_message__contains="invitation").count() == 2


def test_unit_page_invitation_needs_the_onboarding_permission(client, unit_a):
    from core.accounts.models import User

    staff = User.objects.create_user("nhan_vien", password="Mat-khau-2026!", is_staff=True)
    admin_login(client, staff)
    assert client.post(f"/admin/tenants/unit/{unit_a.pk}/invitation/", {"email": "x@y.vn"}).status_code == 403
    assert not UnitInvitation.objects.exists()


def test_command_onboards_one_unit_with_its_admin(mailoutbox, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command(
            "onboard_units", "06079", inline=True, admin_email="phong@hongphong.gov.vn", admin_name="Vi Văn Phong"
        )
    invitation = UnitInvitation.objects.get(unit__code="06079")
    assert (invitation.email, invitation.full_name, invitation.issued_by) == (
        "phong@hongphong.gov.vn",
        "Vi Văn Phong",
        "manage.py",
    )
    assert len(mailoutbox) == 1


def test_command_reads_a_csv_of_admins(tmp_path):
    path = tmp_path / "admins.csv"
    path.write_text("unit_code,email,phone,full_name\n06079,phong@hongphong.gov.vn,,\n20-STP,,0912345678,\n")
    call_command("onboard_units", "06079", "20-STP", inline=True, admins=path, verbosity=0)
    assert UnitInvitation.objects.filter(unit__code__in=["06079", "20-STP"]).count() == 2
    with pytest.raises(CommandError, match="one unit"):
        call_command("onboard_units", "06079", "20-STP", inline=True, admin_email="a@b.vn")


def test_invite_command_prints_the_link(unit_a, mailoutbox, capsys, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite_unit_admin", unit_a.code, email="lan@tandoan.gov.vn", full_name="Hoàng Thị Lan")
    out = capsys.readouterr().out
    token = _token(out)
    assert invitation_for_token(unit=unit_a, token=token).state == "pending"
    assert mailoutbox[0].to == ["lan@tandoan.gov.vn"]
    assert token in mailoutbox[0].body
    with django_capture_on_commit_callbacks(execute=True):
        call_command("invite_unit_admin", unit_a.code)
    assert invitation_for_token(unit=unit_a, token=token).state == "revoked"
    assert len(mailoutbox) == 2
    with pytest.raises(CommandError, match="No unit"):
        call_command("invite_unit_admin", "99999", email="a@b.vn")


def test_expired_invitation_says_to_ask_for_a_new_one(unit_a):
    issued = invitation_issue(unit=unit_a, issued_by="platform_admin", email="lan@tandoan.gov.vn")
    UnitInvitation.objects.filter(pk=issued.invitation.pk).update(expires_at=timezone.now() - timedelta(minutes=1))
    invitation = invitation_for_token(unit=unit_a, token=_token(issued.link))
    assert invitation.state == "expired"
    assert "cấp lại" in invitation_refusal(invitation)
