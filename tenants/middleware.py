"""Routes every request to one unit's schema, or to the platform (public) schema.

A unit is reachable on the platform's one hostname under ``/u/<code>/`` (no wildcard DNS or TLS
needed for thousands of units) and, optionally, on a hostname of its own (``Domain``). For a
prefixed request the prefix is moved from ``path_info`` into the script prefix, so every
``reverse()`` in the unit's pages yields ``/u/<code>/…`` without the views knowing about it, and
the session and CSRF cookies are scoped to that path, so logging in to one unit never replaces
the session held for another.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpResponse, HttpResponseRedirect
from django.template.response import TemplateResponse
from django.urls import get_script_prefix, set_script_prefix
from django.utils.http import escape_leading_slashes

from .connections import connection_for_unit, schema_served
from .db import connection
from .http import UnitHttpRequest
from .models import Unit, UnitStatus
from .selectors import domain_unit_get, public_unit_get, unit_get_by_code

PATH_SCOPED_COOKIES = (settings.SESSION_COOKIE_NAME, settings.CSRF_COOKIE_NAME)
# Signing in and out (with the second factor, and a forgotten password) are the only writes a
# read-only (legacy) unit accepts: they change accounts, never records.
READ_ONLY_ALLOWED_POSTS = frozenset(
    {
        "/dang-nhap/",
        "/dang-xuat/",
        "/tai-khoan/xac-thuc/",
        "/tai-khoan/xac-thuc/dang-ky/",
        "/tai-khoan/xac-thuc/thoat/",
        "/tai-khoan/mat-khau/",
        "/tai-khoan/quen-mat-khau/",
    }
)


class UnitRoutingMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: UnitHttpRequest) -> HttpResponse:
        connection.set_schema_to_public()
        outer_prefix = get_script_prefix()
        try:
            return self._route(request, outer_prefix)
        finally:
            set_script_prefix(outer_prefix)
            served = connection.schema_name
            connection.set_schema_to_public()
            schema_served(served)  # for the connection's recycling (tenants.connections)

    def _route(self, request: UnitHttpRequest, outer_prefix: str) -> HttpResponse:
        marker = f"/{settings.TENANT_PATH_PREFIX}/"
        if request.path_info.startswith(marker):
            code, slash, rest = request.path_info[len(marker) :].partition("/")
            connection_for_unit(code)  # before the unit is read: on its share's connection
            unit = unit_get_by_code(code)
            refusal = self._refusal(request, unit, code)
            if refusal is not None:
                return refusal
            assert unit is not None  # for mypy: _refusal answered a code that names no unit
            if not slash:
                return HttpResponseRedirect(escape_leading_slashes(request.path + "/"))
            unit_prefix = f"{outer_prefix.rstrip('/')}{marker}{code}/"
            request.path_info = "/" + rest
            if self._writes_to_read_only(request, unit):
                return self._read_only_refusal(request, unit)
            set_script_prefix(unit_prefix)
            self._activate(request, unit)
            response = self.get_response(request)
            for name in PATH_SCOPED_COOKIES:
                if name in response.cookies:
                    response.cookies[name]["path"] = unit_prefix
            return response

        host = request.get_host().split(":")[0]
        connection_for_unit(host)
        unit = domain_unit_get(host)
        if unit is not None and not unit.is_platform:
            refusal = self._refusal(request, unit, unit.code)
            if refusal is not None:
                return refusal
            if self._writes_to_read_only(request, unit):
                return self._read_only_refusal(request, unit)
            self._activate(request, unit)
            return self.get_response(request)

        request.tenant = public_unit_get()
        request.urlconf = settings.PUBLIC_SCHEMA_URLCONF
        return self.get_response(request)

    @staticmethod
    def _activate(request: UnitHttpRequest, unit: Unit) -> None:
        request.tenant = unit
        request.urlconf = settings.ROOT_URLCONF
        connection.set_tenant(unit)

    @staticmethod
    def _writes_to_read_only(request: UnitHttpRequest, unit: Unit) -> bool:
        """Legacy districts keep their pre-2025 records readable; nothing may change them."""
        if not unit.is_read_only or request.method in ("GET", "HEAD", "OPTIONS"):
            return False
        return request.path_info not in READ_ONLY_ALLOWED_POSTS and not request.path_info.startswith(
            "/tai-khoan/dat-lai-mat-khau/"
        )

    @staticmethod
    def _read_only_refusal(request: UnitHttpRequest, unit: Unit) -> HttpResponse:
        request.tenant = public_unit_get()
        context = {"code": unit.code, "unit": unit}
        return TemplateResponse(request, "tenants/unit_read_only.html", context, status=403).render()

    @staticmethod
    def _refusal(request: UnitHttpRequest, unit: Unit | None, code: str) -> HttpResponse | None:
        """The clear page for a unit that cannot be served; None when it can."""
        if unit is None or unit.is_platform:
            template, status = "tenants/unit_not_found.html", 404
        elif unit.status == UnitStatus.ARCHIVED:
            template, status = "tenants/unit_archived.html", 410
        elif unit.status == UnitStatus.PROVISIONING:
            template, status = "tenants/unit_provisioning.html", 503
        else:
            return None
        request.tenant = public_unit_get()
        response = TemplateResponse(request, template, {"code": code, "unit": unit}, status=status)
        return response.render()
