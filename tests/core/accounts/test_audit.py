"""Role changes are recorded by the services that make them, and the unit administrator's access
log lists them with every sealed reading (who, when, why), newest first, by date."""

from __future__ import annotations

from datetime import datetime, timedelta
from zoneinfo import ZoneInfo

import pytest
from django.utils import timezone
from django_tenants.utils import schema_context

from core.accounts.models import RoleChange, RoleRequest, User
from core.accounts.services import role_request_decide, user_create, user_set_roles
from core.common.errors import ApplicationError
from core.petitions.services.petitions import petition_register
from core.petitions.services.sealed import sealed_identity_read
from web.accounts import audit

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026!"
REASON = "Xác minh người tố cáo theo yêu cầu của Chủ tịch"


def _changes(member, **filters) -> list[tuple]:
    with schema_context(member.unit.schema_name):
        rows = RoleChange.objects.filter(**filters).order_by("id")
        return [(c.user.username, c.role, c.granted, c.actor.username if c.actor else None) for c in rows]


def test_role_changes_are_recorded_with_who_made_them(admin_a):
    unit = admin_a.unit
    with schema_context(unit.schema_name):
        user = user_create(
            unit=unit, username="moi", password=PASSWORD, roles=["leader", "leader"], acting_user=admin_a.user
        )
        user_set_roles(unit=unit, user=user, roles=["processing_officer", "sealed_reader"], acting_user=admin_a.user)
        user_set_roles(unit=unit, user=user, roles=["processing_officer", "sealed_reader"], acting_user=admin_a.user)
        with pytest.raises(ApplicationError):  # refused: recorded nothing, changed nothing
            user_set_roles(unit=unit, user=admin_a.user, roles=["leader"], acting_user=admin_a.user)
    # The clearance for sealed identities waits for a second person (four eyes): not granted yet.
    assert _changes(admin_a, user__username="moi") == [
        ("moi", "leader", True, "quan_tri_a"),
        ("moi", "processing_officer", True, "quan_tri_a"),
        ("moi", "leader", False, "quan_tri_a"),
    ]
    with schema_context(unit.schema_name):
        assert RoleRequest.objects.filter(user=user, role="sealed_reader", state="pending").count() == 1
    # The platform's own accounts (fixtures, onboarding) are recorded without an actor.
    assert _changes(admin_a, user__username="quan_tri_a") == [("quan_tri_a", "unit_admin", True, None)]


def test_the_access_log_lists_sealed_reads_and_role_changes_newest_first(admin_a, make_member):
    unit = admin_a.unit
    client = admin_a.web()
    account = {"username": "bimat", "full_name": "Hà Văn Kín", "password": PASSWORD, "roles": ["sealed_reader"]}
    assert client.post(admin_a.url("can-bo/"), account).status_code == 302
    officer = make_member(unit, roles=("processing_officer",), username="xu_ly")
    second = make_member(unit, roles=("unit_admin",), username="quan_tri_2")
    with schema_context(unit.schema_name):
        # The clearance takes effect once a second administrator approves it.
        role_request_decide(
            role_request=RoleRequest.objects.get(user__username="bimat"), actor=second.user, approve=True
        )
        petition = petition_register(
            actor=officer.user,
            channel="post",
            received_date=timezone.localdate(),
            petition_type="denunciation",
            field_code="dat-dai",
            subject="Cán bộ địa chính nhận tiền",
            summary="Tố cáo cán bộ địa chính.",
            signer_kind="one",
            signers=[{"full_name": "Lò Văn Tố", "id_kind": "none"}],
        )
        cleared = User.objects.get(username="bimat")
        sealed_identity_read(petition=petition, actor=cleared, reason=REASON)
        sealed_identity_read(petition=petition, actor=cleared, reason="Đối chiếu lần thứ hai với hồ sơ")

    response = client.get(admin_a.url("nhat-ky/"))
    assert response.status_code == 200
    reads = list(response.context["reads"])
    assert [r.reason for r in reads] == ["Đối chiếu lần thứ hai với hồ sơ", REASON]  # newest first
    changes = [
        (r["change"].user.username, r["change"].role, r["change"].actor_id) for r in response.context["change_rows"]
    ]
    assert changes == [
        ("bimat", "sealed_reader", admin_a.user.pk),  # asked by admin_a, approved by quan_tri_2
        ("quan_tri_2", "unit_admin", None),
        ("xu_ly", "processing_officer", None),  # the fixture's account, made by the platform
        ("quan_tri_a", "unit_admin", None),
    ]
    assert response.context["change_rows"][0]["change"].approved_by == second.user
    page = response.content.decode()
    assert petition.registry_number in page
    assert REASON in page
    assert "bimat" in page
    assert "Lò Văn Tố" not in page  # the log says who read, never whom they read about

    tomorrow = (timezone.localdate() + timedelta(days=1)).strftime("%d/%m/%Y")
    later = client.get(admin_a.url("nhat-ky/"), {"date_from": tomorrow})
    assert later.status_code == 200
    assert list(later.context["reads"]) == []
    assert later.context["change_rows"] == []
    today = timezone.localdate().strftime("%d/%m/%Y")
    assert len(client.get(admin_a.url("nhat-ky/"), {"date_from": today, "date_to": today}).context["reads"]) == 2
    assert client.get(admin_a.url("nhat-ky/"), {"date_from": "31/02/2026"}).status_code == 400
    assert client.get(admin_a.url("nhat-ky/"), {"date_from": today, "date_to": "01/01/2020"}).status_code == 400


def test_the_access_log_is_paginated(admin_a, monkeypatch):
    monkeypatch.setattr(audit, "PAGE_SIZE", 1)
    unit = admin_a.unit
    with schema_context(unit.schema_name):
        for name in ("mot", "hai"):
            user_create(unit=unit, username=name, password=PASSWORD, roles=["leader"], acting_user=admin_a.user)
    client = admin_a.web()
    first = client.get(admin_a.url("nhat-ky/"))
    second = client.get(admin_a.url("nhat-ky/"), {"changes_page": 2})
    assert [r["change"].user.username for r in first.context["change_rows"]] == ["hai"]
    assert [r["change"].user.username for r in second.context["change_rows"]] == ["mot"]
    assert "changes_page=2" in first.content.decode()


def test_the_access_log_is_for_the_unit_administrator_only(admin_a, unit_a, unit_b, make_member):
    for roles in (("sealed_reader",), ("processing_officer", "leader"), ("reception_officer",)):
        member = make_member(unit_a, roles=roles, username="_".join(roles)[:30])
        assert member.web().get(member.url("nhat-ky/")).status_code == 403
    with schema_context(unit_a.schema_name):
        user_create(unit=unit_a, username="chi_o_a", password=PASSWORD, roles=["leader"], acting_user=admin_a.user)
    admin_b = make_member(unit_b, roles=("unit_admin",), username="quan_tri_b")
    response = admin_b.web().get(admin_b.url("nhat-ky/"))
    assert response.status_code == 200
    assert [row["change"].user.username for row in response.context["change_rows"]] == ["quan_tri_b"]
    assert "chi_o_a" not in response.content.decode()
    # A's session means nothing at B's address.
    assert admin_a.web().get(admin_b.url("nhat-ky/")).url.startswith(admin_b.url("dang-nhap/"))


def test_the_date_filter_counts_local_days(admin_a):
    # 00:30 in Hà Nội is still the day before in UTC.
    with schema_context(admin_a.unit.schema_name):
        change = RoleChange.objects.get(user=admin_a.user)
        RoleChange.objects.filter(pk=change.pk).update(
            at=datetime(2026, 1, 5, 0, 30, tzinfo=ZoneInfo("Asia/Ho_Chi_Minh"))
        )
    client = admin_a.web()
    on_day = client.get(admin_a.url("nhat-ky/"), {"date_from": "05/01/2026", "date_to": "05/01/2026"})
    assert [row["change"].pk for row in on_day.context["change_rows"]] == [change.pk]
    assert client.get(admin_a.url("nhat-ky/"), {"date_to": "04/01/2026"}).context["change_rows"] == []
    assert "05/01/2026 00:30" in on_day.content.decode()
