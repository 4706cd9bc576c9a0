"""First in the chain: the request id, the request's metrics and its one log line, and the
operations endpoints (``/healthz``, ``/readyz``, ``/metrics``), answered here on any host before
the unit routing, which reads the database (a liveness probe must not).

The request id is the incoming ``X-Request-ID`` when it is a well-formed UUID (a proxy's or a
client's), else a new one; it is echoed in the response and is on every log line written while
the request is served (``core/ops/logging.py``).
"""

from __future__ import annotations

import logging
import time

from django.http import HttpRequest, HttpResponse
from django.utils.log import log_response

from core.ops import context
from core.ops.logging import loggable_path
from core.ops.metrics import http_observe

from .views import ENDPOINTS

logger = logging.getLogger("tiepdan.requests")


def _unit_kind(request: HttpRequest) -> str:
    tenant = getattr(request, "tenant", None)
    return str(getattr(tenant, "kind", "") or "none")


class OpsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        request_id = context.request_id_parse(request.headers.get("X-Request-ID")) or context.request_id_new()
        token = context.request_id.set(request_id)
        unit_token = context.request_unit.set(("", ""))
        try:
            endpoint = ENDPOINTS.get(request.path_info)
            if endpoint is not None:
                response = endpoint(request)
                response["X-Request-ID"] = request_id
                # A probe's 503 is the monitor's to report; Django would log it as an error per probe.
                response._has_been_logged = True  # type: ignore[attr-defined]  # Django's own marker
                return response
            started = time.monotonic()
            response = self.get_response(request)
            seconds = time.monotonic() - started
            kind = _unit_kind(request)
            tenant = getattr(request, "tenant", None)
            if tenant is not None and not getattr(tenant, "is_platform", False):
                context.request_unit.set((tenant.schema_name, tenant.code))
            http_observe(unit_kind=kind, method=request.method or "", status=response.status_code, seconds=seconds)
            response["X-Request-ID"] = request_id
            # The path without its query string (searches by a citizen's name travel there) and
            # without the tokens some paths carry (a password reset's, an invitation's), no body.
            path = loggable_path(request)
            logger.info(
                "%s %s %s %.0fms",
                request.method,
                path,
                response.status_code,
                seconds * 1000,
                extra={"http_method": request.method, "path": path, "status": response.status_code,
                       "duration_ms": round(seconds * 1000, 1), "unit_kind": kind},
            )  # fmt: skip
            if response.status_code >= 400:
                # What Django's handler would log once this chain returns, logged while the request id is set.
                log_response("%s: %s", response.reason_phrase, path, response=response, request=request)
            return response
        finally:
            context.request_unit.reset(unit_token)
            context.request_id.reset(token)
