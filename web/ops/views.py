"""The platform's operations endpoints, answered before any unit routing (``middleware.py``)."""

from __future__ import annotations

import hmac
import ipaddress

from django.conf import settings
from django.http import HttpRequest, HttpResponse, JsonResponse

from core.ops.checks import readiness
from core.ops.metrics import metrics_render

NO_STORE = "no-store"


def healthz(request: HttpRequest) -> HttpResponse:
    """Liveness: the process answers. Nothing else is asked, so a database outage never gets every
    web process restarted."""
    response = JsonResponse({"status": "ok"})
    response["Cache-Control"] = NO_STORE
    return response


def readyz(request: HttpRequest) -> HttpResponse:
    """Readiness: 200 when every check passes, else 503; each check's state either way."""
    ready, checks = readiness()
    response = JsonResponse(
        {"status": "ok" if ready else "unavailable", "checks": checks}, status=200 if ready else 503
    )
    response["Cache-Control"] = NO_STORE
    return response


def _metrics_allowed(request: HttpRequest) -> bool:
    token = settings.TIEPDAN_METRICS_TOKEN
    if token:
        given = request.headers.get("Authorization", "")
        return hmac.compare_digest(given.encode(), f"Bearer {token}".encode())
    # No token: only the addresses allowed (the direct peer: a proxy's X-Forwarded-For is not trusted here).
    try:
        peer = ipaddress.ip_address(request.META.get("REMOTE_ADDR", ""))
    except ValueError:
        return False
    return any(peer in ipaddress.ip_network(net, strict=False) for net in settings.TIEPDAN_METRICS_ALLOWED_IPS)


def metrics(request: HttpRequest) -> HttpResponse:
    if not _metrics_allowed(request):
        response = HttpResponse("Forbidden\n", status=403, content_type="text/plain; charset=utf-8")
        if settings.TIEPDAN_METRICS_TOKEN:
            response.status_code = 401
            response["WWW-Authenticate"] = 'Bearer realm="metrics"'
        return response
    body, content_type = metrics_render()
    response = HttpResponse(body, content_type=content_type)
    response["Cache-Control"] = NO_STORE
    return response


ENDPOINTS = {"/healthz": healthz, "/readyz": readyz, "/metrics": metrics}
