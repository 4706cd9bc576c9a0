"""Writes for staff accounts and roles. Every function works in the schema that is active."""

from __future__ import annotations

from django.contrib.auth.models import Group, Permission
from django.contrib.auth.password_validation import validate_password
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError, ConflictError, PermissionDeniedError
from tenants.db import connection
from tenants.models import Unit

from .audit import Kind, audit_append
from .models import RoleChange, RoleRequest, User
from .roles import APPROVAL_ROLES, HEAD_ROLE, ROLE_PERMISSIONS, Role, roles_for_unit_kind
from .selectors import user_roles


def _permissions(names: set[str]) -> dict[str, Permission]:
    """The permissions named ``app_label.codename``, in one query (two when some are missing)."""

    def read() -> dict[str, Permission]:
        labels = {name.split(".", 1)[0] for name in names}
        codenames = {name.split(".", 1)[1] for name in names}
        found = Permission.objects.filter(content_type__app_label__in=labels, codename__in=codenames).select_related(
            "content_type"
        )
        by_name = {f"{permission.content_type.app_label}.{permission.codename}": permission for permission in found}
        return {name: by_name[name] for name in names if name in by_name}

    permissions = read()
    missing = names - set(permissions)
    if missing:
        # Permissions are created after migrations, app by app; a role may need one whose app
        # has not had its turn yet in this schema.
        from django.apps import apps
        from django.contrib.auth.management import create_permissions

        for label in sorted({name.split(".", 1)[0] for name in missing}):
            create_permissions(apps.get_app_config(label), verbosity=0)
        permissions = read()
        if names - set(permissions):
            raise Permission.DoesNotExist(f"No such permission: {', '.join(sorted(names - set(permissions)))}")
    return permissions


def roles_ensure(*, unit: Unit) -> list[Group]:
    """Create (or repair) the unit's role groups and their permissions. Idempotent.

    Set-based (a handful of queries whatever the number of roles): it runs for every unit an
    onboarding job makes, inside the job's transaction.
    """
    roles = roles_for_unit_kind(unit.kind)
    wanted = {role: set(ROLE_PERMISSIONS[role]) for role in roles}
    permissions = _permissions(set().union(*wanted.values()))
    groups = {group.name: group for group in Group.objects.filter(name__in=roles)}
    new = [Group(name=role) for role in roles if role not in groups]
    if new:
        # ON CONFLICT DO NOTHING, then read: another transaction (``migrate``'s ``_roles_sync`` of the
        # same schema) may be making the same group; this one waits for it and takes it.
        Group.objects.bulk_create(new, ignore_conflicts=True)
        groups = {group.name: group for group in Group.objects.filter(name__in=roles)}
    links = Group.permissions.through
    granted = {
        (group_id, permission_id): pk
        for pk, group_id, permission_id in links.objects.filter(group__in=groups.values()).values_list(
            "pk", "group_id", "permission_id"
        )
    }
    expected = {(groups[role].pk, permissions[name].pk) for role in roles for name in wanted[role]}
    stale = [pk for link, pk in granted.items() if link not in expected]
    if stale:
        links.objects.filter(pk__in=stale).delete()
    if expected - granted.keys():
        links.objects.bulk_create(
            [
                links(group_id=group_id, permission_id=permission_id)
                for group_id, permission_id in sorted(expected - granted.keys())
            ],
            ignore_conflicts=True,  # the same links made meanwhile by another transaction
        )
    return [groups[role] for role in roles]


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
    """Give ``user`` exactly ``roles``, recording each grant and removal in the role log and the
    audit chain (call inside the transaction). A role of ``APPROVAL_ROLES`` given by a person is
    only requested: it waits for a second person's approval (``role_request_decide``). The
    platform's own grants (``actor`` None: onboarding, the demo seed, commands) take effect at once."""
    before = set(user_roles(user))
    roles = list(dict.fromkeys(roles))
    requested = [role for role in roles if role in APPROVAL_ROLES and role not in before and actor is not None]
    for role in requested:
        if not RoleRequest.objects.filter(user=user, role=role, state=RoleRequest.State.PENDING).exists():
            RoleRequest.objects.create(user=user, role=role, requested_by=actor)
            audit_append(kind=Kind.ROLE_REQUESTED, actor=actor, target=user.username, data={"role": role})
    roles = [role for role in roles if role not in requested]
    user.groups.set(Group.objects.filter(name__in=roles))
    changes = [(role, True) for role in roles if role not in before]
    changes += [(role, False) for role in sorted(before) if role not in roles]
    for role, granted in changes:
        _role_change_record(user, role, granted=granted, actor=actor)


def _role_change_record(user: User, role: str, *, granted: bool, actor: User | None, approved_by: User | None = None):
    RoleChange.objects.create(user=user, role=role, granted=granted, actor=actor, approved_by=approved_by)
    audit_append(
        kind=Kind.ROLE_GRANTED if granted else Kind.ROLE_REMOVED,
        actor=actor,
        target=user.username,
        data={"role": role, "approved_by": approved_by.username if approved_by else ""},
    )


def can_decide_role_requests(user: User) -> bool:
    """A unit administrator or the unit's head (the leader role)."""
    return user.has_perm("accounts.manage_unit_users") or HEAD_ROLE in user_roles(user)


@transaction.atomic
def role_request_decide(*, role_request: RoleRequest, actor: User, approve: bool) -> RoleRequest:
    """Approve (the role takes effect now) or reject a pending role request. The decider is a second
    person: neither who asked nor whom it is for."""
    if not can_decide_role_requests(actor):
        raise PermissionDeniedError(_("Only another unit administrator or the unit's head may approve roles."))
    locked = RoleRequest.objects.select_for_update(of=("self",)).select_related("user", "requested_by")
    role_request = locked.get(pk=role_request.pk)
    if role_request.state != RoleRequest.State.PENDING:
        raise ConflictError(_("This request has already been decided."))
    if actor.pk in (role_request.requested_by_id, role_request.user_id):
        raise PermissionDeniedError(
            _("A second person must decide: not the one who asked, nor the one the role is for.")
        )
    if _authority_given_by(actor, {role_request.requested_by_id, role_request.user_id}):
        # Otherwise one administrator makes a second administrator account and approves through it.
        raise PermissionDeniedError(
            _(
                "Your right to approve was given by the person who asked or the one the role is for: "
                "another administrator, the unit's head or the platform must decide."
            )
        )
    role_request.state = RoleRequest.State.APPROVED if approve else RoleRequest.State.REJECTED
    role_request.decided_by = actor
    role_request.decided_at = timezone.now()
    role_request.save(update_fields=["state", "decided_by", "decided_at"])
    user = role_request.user
    if not approve:
        audit_append(
            kind=Kind.ROLE_REJECTED,
            actor=actor,
            target=user.username,
            data={"role": role_request.role, "requested_by": _username(role_request.requested_by)},
        )
    elif role_request.role not in user_roles(user):
        user.groups.add(Group.objects.get(name=role_request.role))
        _role_change_record(user, role_request.role, granted=True, actor=role_request.requested_by, approved_by=actor)
    return role_request


def _authority_given_by(decider: User, people: set[int | None]) -> bool:
    """Whether ``decider``'s administrator or head role was last granted by one of ``people``."""
    grants = RoleChange.objects.filter(user=decider, role__in=[Role.UNIT_ADMIN, HEAD_ROLE], granted=True)
    latest = {change.role: change.actor_id for change in grants.order_by("at", "pk")}
    return any(granted_by in people for granted_by in latest.values() if granted_by is not None)


def _username(user: User | None) -> str:
    return user.username if user is not None else ""


@transaction.atomic
def user_set_active(*, user: User, is_active: bool, acting_user: User | None = None) -> User:
    _check_can_manage(acting_user)
    if acting_user is not None and user.pk == acting_user.pk and not is_active:
        raise ApplicationError(_("You cannot deactivate your own account."))
    user.is_active = is_active
    user.save(update_fields=["is_active"])
    return user
