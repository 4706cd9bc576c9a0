"""Four eyes on the roles that reach what the law protects most: the clearance for sealed identities
and the inspector's role take effect only when a second unit administrator or the unit's head
approves; every change is in the role log and the audit chain (who, whom, which role, approved by)."""

from __future__ import annotations

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.accounts.audit import Kind
from core.accounts.models import AuditEntry, RoleChange, RoleRequest, User
from core.accounts.selectors import user_roles
from core.accounts.services import role_request_decide, user_create, user_set_roles
from core.common.errors import PermissionDeniedError
from core.petitions.services.petitions import petition_register
from core.petitions.services.sealed import sealed_identity_read

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026!"
REASON = "Xác minh người tố cáo theo yêu cầu của Chủ tịch"


def _denunciation(unit, officer):
    with schema_context(unit.schema_name):
        return petition_register(
            actor=officer,
            channel="post",
            received_date=timezone.localdate(),
            petition_type="denunciation",
            field_code="dat-dai",
            subject="Cán bộ địa chính nhận tiền",
            summary="Tố cáo cán bộ địa chính.",
            signer_kind="one",
            signers=[{"full_name": "Lò Văn Tố", "id_kind": "none"}],
        )


def test_the_clearance_takes_effect_only_on_a_second_persons_approval(admin_a, make_member):
    unit = admin_a.unit
    officer = make_member(unit, roles=("processing_officer",), username="xu_ly")
    second = make_member(unit, roles=("unit_admin",), username="quan_tri_2")
    petition = _denunciation(unit, officer.user)
    with schema_context(unit.schema_name):
        user = user_create(
            unit=unit, username="bimat", password=PASSWORD, roles=["sealed_reader"], acting_user=admin_a.user
        )
        user = User.objects.get(pk=user.pk)
        assert user_roles(user) == []
        with pytest.raises(PermissionDeniedError):  # not cleared yet: the request opens nothing
            sealed_identity_read(petition=petition, actor=user, reason=REASON)
        request = RoleRequest.objects.get(user=user, role="sealed_reader", state="pending")
        # Whoever asked, and whom it is for, cannot decide it.
        with pytest.raises(PermissionDeniedError):
            role_request_decide(role_request=request, actor=admin_a.user, approve=True)
        # Asking again changes nothing: one request stays open.
        user_set_roles(unit=unit, user=user, roles=["sealed_reader"], acting_user=admin_a.user)
        assert RoleRequest.objects.filter(user=user, state="pending").count() == 1

        role_request_decide(role_request=request, actor=second.user, approve=True)
        user = User.objects.get(pk=user.pk)
        assert user_roles(user) == ["sealed_reader"]
        assert (
            sealed_identity_read(petition=petition, actor=user, reason=REASON)["signers"][0]["full_name"] == "Lò Văn Tố"
        )
        change = RoleChange.objects.get(user=user, role="sealed_reader")
        assert (change.granted, change.actor, change.approved_by) == (True, admin_a.user, second.user)
        chained = list(
            AuditEntry.objects.filter(target="bimat", kind__startswith="role.")
            .order_by("seq")
            .values_list("kind", "actor", "data")
        )
    assert chained == [
        (Kind.ROLE_REQUESTED, "quan_tri_a", {"role": "sealed_reader"}),
        (Kind.ROLE_GRANTED, "quan_tri_a", {"role": "sealed_reader", "approved_by": "quan_tri_2"}),
    ]


def test_the_unit_head_may_approve_and_others_may_not(admin_a, make_member):
    unit = admin_a.unit
    head = make_member(unit, roles=("leader",), username="chu_tich")
    officer = make_member(unit, roles=("processing_officer", "reception_officer"), username="xu_ly")
    with schema_context(unit.schema_name):
        user_set_roles(
            unit=unit, user=officer.user, roles=["processing_officer", "sealed_reader"], acting_user=admin_a.user
        )
        request = RoleRequest.objects.get(user=officer.user)
        with pytest.raises(PermissionDeniedError):  # the one it is for, and no admin or head anyway
            role_request_decide(role_request=request, actor=officer.user, approve=True)
        role_request_decide(role_request=request, actor=head.user, approve=True)
        assert set(user_roles(User.objects.get(pk=officer.user.pk))) == {"processing_officer", "sealed_reader"}


def test_a_unit_admin_cannot_clear_themselves(admin_a, make_member):
    unit = admin_a.unit
    with schema_context(unit.schema_name):
        user_set_roles(unit=unit, user=admin_a.user, roles=["unit_admin", "sealed_reader"], acting_user=admin_a.user)
        request = RoleRequest.objects.get(user=admin_a.user)
        with pytest.raises(PermissionDeniedError):
            role_request_decide(role_request=request, actor=admin_a.user, approve=True)
        assert "sealed_reader" not in user_roles(User.objects.get(pk=admin_a.user.pk))


def test_the_inspector_role_needs_approval_too_through_the_api(inspectorate, make_member):
    admin = make_member(inspectorate, roles=("unit_admin",), username="quan_tri_tt")
    head = make_member(inspectorate, roles=("leader",), username="chanh_thanh_tra")
    api = admin.api()
    created = api.post(
        admin.url("api/v1/users/"),
        {"username": "thanh_tra_moi", "password": PASSWORD, "roles": ["inspector"]},
        format="json",
    )
    assert created.status_code == 201, created.content
    assert created.json()["roles"] == []
    listing = head.api().get(head.url("api/v1/role-requests/"), {"state": "pending"})
    assert listing.status_code == 200
    (item,) = listing.json()["results"]
    assert (item["username"], item["role"], item["requested_by"]) == ("thanh_tra_moi", "inspector", "quan_tri_tt")
    approve = admin.url(f"api/v1/role-requests/{item['id']}/approve/")
    assert api.post(approve).status_code == 403  # who asked
    assert (
        make_member(inspectorate, roles=("reception_officer",), username="tiep_dan").api().post(approve).status_code
        == 403
    )
    approved = head.api().post(approve)
    assert approved.status_code == 200, approved.content
    assert approved.json()["decided_by"] == "chanh_thanh_tra"
    assert head.api().post(approve).status_code == 409
    with schema_context(inspectorate.schema_name):
        assert user_roles(User.objects.get(username="thanh_tra_moi")) == ["inspector"]


def test_approve_and_reject_on_the_page(admin_a, make_member):
    unit = admin_a.unit
    second = make_member(unit, roles=("unit_admin",), username="quan_tri_2")
    web = admin_a.web()
    assert (
        web.post(
            admin_a.url("can-bo/"),
            {"username": "bimat", "full_name": "Hà Văn Kín", "password": PASSWORD, "roles": ["sealed_reader"]},
        ).status_code
        == 302
    )
    assert (
        web.post(
            admin_a.url("can-bo/"),
            {"username": "bimat2", "full_name": "Hà Văn Mật", "password": PASSWORD, "roles": ["sealed_reader"]},
        ).status_code
        == 302
    )
    with schema_context(unit.schema_name):
        first, other = RoleRequest.objects.order_by("id")
    own = web.post(admin_a.url(f"can-bo/phe-duyet-vai-tro/{first.pk}/"), {"decision": "approve"})
    assert own.status_code == 403
    second_web = second.web()
    page = second_web.get(admin_a.url("can-bo/phe-duyet-vai-tro/"))
    assert page.status_code == 200
    assert f"can-bo/phe-duyet-vai-tro/{first.pk}/" in page.content.decode()
    assert (
        second_web.post(admin_a.url(f"can-bo/phe-duyet-vai-tro/{first.pk}/"), {"decision": "approve"}).status_code
        == 302
    )
    assert (
        second_web.post(admin_a.url(f"can-bo/phe-duyet-vai-tro/{other.pk}/"), {"decision": "reject"}).status_code == 302
    )
    with schema_context(unit.schema_name):
        assert user_roles(User.objects.get(username="bimat")) == ["sealed_reader"]
        assert user_roles(User.objects.get(username="bimat2")) == []
        assert RoleRequest.objects.get(pk=other.pk).state == "rejected"
        assert AuditEntry.objects.filter(kind=Kind.ROLE_REJECTED, target="bimat2", actor="quan_tri_2").exists()
    # Decided already: a second decision is refused, not a 500.
    assert (
        second_web.post(admin_a.url(f"can-bo/phe-duyet-vai-tro/{other.pk}/"), {"decision": "approve"}).status_code
        == 409
    )
    # Other roles cannot reach the page.
    reception = make_member(unit, roles=("reception_officer",), username="tiep_dan")
    assert reception.web().get(reception.url("can-bo/phe-duyet-vai-tro/")).status_code == 403


def test_another_units_admin_cannot_decide(admin_a, unit_b, make_member):
    unit = admin_a.unit
    with schema_context(unit.schema_name):
        user = user_create(
            unit=unit, username="bimat", password=PASSWORD, roles=["sealed_reader"], acting_user=admin_a.user
        )
        request = RoleRequest.objects.get(user=user)
    admin_b = make_member(unit_b, roles=("unit_admin",), username="quan_tri_b")
    response = admin_b.web().post(admin_b.url(f"can-bo/phe-duyet-vai-tro/{request.pk}/"), {"decision": "approve"})
    assert response.status_code == 404
    assert admin_b.api().post(admin_b.url(f"api/v1/role-requests/{request.pk}/approve/")).status_code == 404
    with schema_context(unit.schema_name):
        assert RoleRequest.objects.get(pk=request.pk).state == "pending"
