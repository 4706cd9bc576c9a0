"""The one base class of every API view of a unit's workspace.

It enforces, whatever a subclass declares, that the request is served in a unit's schema (not
the platform's) and that the caller is an active, authenticated member of *that* unit. Subclasses
add their own permissions on top through ``permission_classes``; they cannot remove these checks,
and ``tests/api/test_api_base.py`` walks the URL conf to prove every endpoint inherits this class.
"""

from __future__ import annotations

from django.http import Http404
from django.utils.translation import gettext as _
from rest_framework import exceptions, viewsets
from rest_framework.request import Request
from rest_framework.views import APIView

from core.accounts.access import is_unit_member
from core.accounts.models import User
from tenants.db import connection
from tenants.models import Unit


class UnitRequest(Request):
    """A request that ``check_tenant_member`` let through: to a unit's workspace, by one of its members.

    For mypy only (django-stubs' pattern for attributes set by middleware): ``tenant`` is what
    ``UnitRoutingMiddleware`` sets on Django's request, which DRF's request passes through.
    """

    tenant: Unit
    user: User


def check_tenant_member(request: Request) -> None:
    unit = getattr(request, "tenant", None)
    if unit is None or unit.is_platform or connection.schema_name != unit.schema_name:
        raise exceptions.NotFound(_("This address does not belong to a unit's workspace."))
    user = request.user
    if not user or not user.is_authenticated:
        raise exceptions.NotAuthenticated()
    if not is_unit_member(user, unit):
        raise exceptions.PermissionDenied(_("Your account does not belong to this unit."))


class TenantAPIView(APIView):
    """Base for single-purpose endpoints of a unit's workspace."""

    request: UnitRequest

    def initial(self, request: Request, *args, **kwargs) -> None:
        super().initial(request, *args, **kwargs)
        check_tenant_member(request)


class TenantViewSet(TenantAPIView, viewsets.GenericViewSet):
    """Base for resource endpoints of a unit's workspace (add the mixins you need)."""

    def get_object(self):
        try:
            return super().get_object()
        except Http404:
            name = self.get_queryset().model._meta.verbose_name
            raise exceptions.NotFound(_("No %(name)s matches the given query.") % {"name": name}) from None
