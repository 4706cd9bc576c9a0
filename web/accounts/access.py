"""The one decorator every workspace page uses: logged in, a member of this unit, with the permissions."""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps

from django.contrib.auth.decorators import login_required, permission_required
from django.core.exceptions import PermissionDenied
from django.http import HttpResponse

from core.accounts.access import is_unit_member
from tenants.http import UnitHttpRequest


def member_page(*perms: str, check: Callable[[UnitHttpRequest], bool] | None = None):
    """A page for logged-in members of this unit holding ``perms`` (and passing ``check``)."""

    def decorate(view):
        @wraps(view)
        def member_only(request: UnitHttpRequest, *args, **kwargs) -> HttpResponse:
            if not is_unit_member(request.user, request.tenant) or (check is not None and not check(request)):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(permission_required(list(perms), raise_exception=True)(member_only))

    return decorate
