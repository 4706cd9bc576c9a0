"""Writes for staff accounts and roles. Every function works in the schema that is active."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError, PermissionDeniedError
from tenants.db import connection
from tenants.models import Unit

from .models import RoleChange, User
from .roles import ROLE_PERMISSIONS, Role, roles_for_unit_kind
from .selectors import user_roles


def _permission(label: str, codename: str) -> Permission:
    permission = Permission.objects.filter(content_type__app_label=label, codename=codename).first()
    if permission is None:
        # Permissions are created after migrations, app by app; a role may need one whose app
        # has not had its turn yet in this schema.
        from django.apps import apps
        from django.contrib.auth.management import create_permissions

        create_permissions(apps.get_app_config(label), verbosity=0)
        permission = Permission.objects.get(content_type__app_label=label, codename=codename)
    return permission


def roles_ensure(*, unit: Unit) -> list[Group]:
    """Create (or repair) the unit's role groups and their permissions. Idempotent."""
    groups = []
    for role in roles_for_unit_kind(unit.kind):
        group, _created = Group.objects.get_or_create(name=role)
        perms = [_permission(*p.split(".", 1)) for p in ROLE_PERMISSIONS[role]]
        group.permissions.set(perms)
        groups.append(group)
    return groups


def _check_roles(unit: Unit, roles: list[str]) -> None:
    allowed = roles_for_unit_kind(unit.kind)
    for role in roles:
        if role not in allowed:
            label = Role(role).label if role in Role.values else role
            raise ApplicationError(
                _("The role “%(role)s” does not exist in this unit.") % {"role": label}, extra={"field": "roles"}
            )


def _check_can_manage(acting_user: User | None) -> None:
    if acting_user is not None and not acting_user.has_perm("accounts.manage_unit_users"):
        raise PermissionDeniedError(_("Only the unit administrator can manage staff accounts."))


@transaction.atomic
def user_create(
    *,
    unit: Unit,
    username: str,
    password: str,
    full_name: str = "",
    position: str = "",
    email: str = "",
    roles: list[str] | tuple[str, ...] = (),
    acting_user: User | None = None,
) -> User:
    """Create a staff account in ``unit`` (the active schema) with the given roles."""
    if connection.schema_name != unit.schema_name:
        raise ApplicationError("user_create called outside the unit's schema")
    _check_can_manage(acting_user)
    roles = list(roles)
    _check_roles(unit, roles)
    if User.objects.filter(username__iexact=username).exists():
        raise ApplicationError(_("The username “%(username)s” is already taken.") % {"username": username})
    user = User(username=username, full_name=full_name, position=position, email=email)
    try:
        validate_password(password, user)
    except ValidationError as exc:
        raise ApplicationError(" ".join(exc.messages), extra={"field": "password"}) from exc
    user.set_password(password)
    user.full_clean()
    user.save()
    _roles_replace(user, roles, actor=acting_user)
    return user


@transaction.atomic
def user_set_roles(*, unit: Unit, user: User, roles: list[str], acting_user: User | None = None) -> User:
    _check_can_manage(acting_user)
    _check_roles(unit, roles)
    if acting_user is not None and user.pk == acting_user.pk and Role.UNIT_ADMIN not in roles:
        raise ApplicationError(_("You cannot remove your own administrator role."))
    _roles_replace(user, roles, actor=acting_user)
    return user


def _roles_replace(user: User, roles: list[str], *, actor: User | None) -> None:
    """Give ``user`` exactly ``roles``, recording each grant and removal (call inside the transaction)."""
    before = set(user_roles(user))
    user.groups.set(Group.objects.filter(name__in=roles))
    changes = [(role, True) for role in dict.fromkeys(roles) if role not in before]
    changes += [(role, False) for role in sorted(before) if role not in roles]
    RoleChange.objects.bulk_create(
        RoleChange(user=user, role=role, granted=granted, actor=actor) for role, granted in changes
    )


@transaction.atomic
def user_set_active(*, user: User, is_active: bool, acting_user: User | None = None) -> User:
    _check_can_manage(acting_user)
    if acting_user is not None and user.pk == acting_user.pk and not is_active:
        raise ApplicationError(_("You cannot deactivate your own account."))
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    return user
