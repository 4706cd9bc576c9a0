"""Who is a member of a unit, and the one decorator every workspace page uses.

An account belongs to the schema it was created in (``User.home_schema``); schemas already keep
accounts apart, and this check is the second line of defence should a row ever be copied.
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpRequest, HttpResponse


def is_unit_member(user, unit) -> bool:
    return bool(
        unit is not None
        and user is not None
        and user.is_authenticated
        and user.is_active
        and user.home_schema == unit.schema_name
    )


def member_page(*perms: str, check: Callable[[HttpRequest], bool] | None = None):
    """A page for logged-in members of this unit holding ``perms`` (and passing ``check``)."""

    def decorate(view):
        @wraps(view)
        def member_only(request: HttpRequest, *args, **kwargs) -> HttpResponse:
            if not is_unit_member(request.user, request.tenant) or (check is not None and not check(request)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(permission_required(list(perms), raise_exception=True)(member_only))

    return decorate


def require_perm(actor, perm: str) -> None:
    """Services' own check, whatever the caller (page, API, task) already verified."""
    from django.utils.translation import gettext as _

    from core.common.errors import PermissionDeniedError

    if not actor.has_perm(perm):
        raise PermissionDeniedError(_("You do not have the right to do this."))
