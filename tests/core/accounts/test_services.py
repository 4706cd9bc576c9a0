import pytest
from django.contrib.auth.models import Group
from django_tenants.utils import schema_context

from core.accounts.services import roles_ensure, user_create, user_set_active
from core.common.errors import ApplicationError, PermissionDeniedError

pytestmark = pytest.mark.django_db


def test_every_unit_has_its_roles_and_only_the_inspectorate_has_inspectors(unit_a, inspectorate):
    with schema_context(unit_a.schema_name):
        assert set(Group.objects.values_list("name", flat=True)) == {
            "unit_admin",
            "reception_officer",
            "processing_officer",
            "leader",
            "sealed_reader",
        }
    with schema_context(inspectorate.schema_name):
        assert Group.objects.filter(name="inspector").exists()


def test_roles_ensure_is_idempotent(unit_a):
    with schema_context(unit_a.schema_name):
        roles_ensure(unit=unit_a)
        roles_ensure(unit=unit_a)
        assert Group.objects.count() == 5
        admin = Group.objects.get(name="unit_admin")
        assert admin.permissions.filter(codename="manage_unit_users").exists()


def test_inspector_role_is_refused_outside_the_inspectorate(unit_a):
    with schema_context(unit_a.schema_name), pytest.raises(ApplicationError) as refused:
        user_create(unit=unit_a, username="x", password="Mat-khau-2026!", roles=["inspector"])
    assert "không có" in refused.value.message or "does not exist" in refused.value.message


def test_only_a_unit_admin_manages_accounts(member_a, admin_a):
    with schema_context(member_a.unit.schema_name):
        with pytest.raises(PermissionDeniedError):
            user_create(unit=member_a.unit, username="y", password="Mat-khau-2026!", acting_user=member_a.user)
        created = user_create(
            unit=member_a.unit, username="y", password="Mat-khau-2026!", roles=["leader"], acting_user=admin_a.user
        )
        assert created.home_schema == member_a.unit.schema_name
        with pytest.raises(ApplicationError):
            user_set_active(user=admin_a.user, is_active=False, acting_user=admin_a.user)


def test_weak_password_and_duplicate_username_are_refused(member_a):
    with schema_context(member_a.unit.schema_name):
        with pytest.raises(ApplicationError):
            user_create(unit=member_a.unit, username="z", password="123")
        with pytest.raises(ApplicationError):
            user_create(unit=member_a.unit, username="CAN_BO_A", password="Mat-khau-2026!")
