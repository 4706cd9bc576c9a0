"""Reads of a unit's staff accounts."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet

from .models import ApiToken, AuditEntry, RoleChange, RoleRequest, User
from .roles import Role

#: Accounts the platform itself acts as (the online portal's): never staff, so never listed. A
#: colon cannot appear in a username a person is given (Django's username validator).
SYSTEM_USERNAME_PREFIX = "system:"


def staff_list() -> QuerySet[User]:
    """The unit's staff accounts, with their roles, by username."""
    return (
        User.objects.exclude(username__startswith=SYSTEM_USERNAME_PREFIX)
        .prefetch_related("groups")
        .order_by("username")
    )


def role_change_list(*, date_from: date | None = None, date_to: date | None = None) -> QuerySet[RoleChange]:
    """Every role granted or removed in this unit, newest first (dates are local calendar days)."""
    changes = RoleChange.objects.select_related("user", "actor", "approved_by")
    if date_from:
        changes = changes.filter(at__date__gte=date_from)
    if date_to:
        changes = changes.filter(at__date__lte=date_to)
    return changes.order_by("-at", "-id")


def role_request_list(*, pending_only: bool = True) -> QuerySet[RoleRequest]:
    """Roles awaiting a second person's approval (or every request, decided ones included), newest first."""
    requests = RoleRequest.objects.select_related("user", "requested_by", "decided_by")
    if pending_only:
        requests = requests.filter(state=RoleRequest.State.PENDING)
    return requests.order_by("-requested_at", "-id")


def audit_entry_list(
    *, date_from: date | None = None, date_to: date | None = None, kind: str = ""
) -> QuerySet[AuditEntry]:
    """The active schema's audit chain, newest first (dates are local calendar days)."""
    entries = AuditEntry.objects.all()
    if date_from:
        entries = entries.filter(at__date__gte=date_from)
    if date_to:
        entries = entries.filter(at__date__lte=date_to)
    if kind:
        entries = entries.filter(kind=kind)
    return entries.order_by("-seq")


def unit_admin_exists() -> bool:
    """Whether this unit has an active administrator (a new unit has none until its invitation is accepted)."""
    return User.objects.filter(is_active=True, groups__name=Role.UNIT_ADMIN).exists()


def token_list(*, user: User) -> QuerySet[ApiToken]:
    """The user's API keys, newest first, revoked and expired ones included (their history)."""
    return ApiToken.objects.filter(user=user).order_by("-created_at", "-id")


def user_roles(user: User) -> list[str]:
    # .all() rather than values_list: lists prefetch the groups, so this costs no query per user.
    return [group.name for group in user.groups.all() if group.name in Role.values]
