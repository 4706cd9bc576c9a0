"""The request as ``UnitRoutingMiddleware`` hands it on: it carries the unit it serves.

The middleware stores the unit as ``request.tenant`` (django-tenants' name, which its cache keys,
storage and log filter read). This class only describes that to mypy, as django-stubs advises for
attributes a middleware adds: no request is ever an instance of it.
"""

from __future__ import annotations

from django.http import HttpRequest

from .models import Unit


class UnitHttpRequest(HttpRequest):
    tenant: Unit
