"""Who is asking: the client's address as the login lockout and the public lookup limiter see it.

``REMOTE_ADDR`` unless ``settings.TRUST_X_FORWARDED_FOR`` (production only, where nginx is the one
way in); then the address our proxy appended to X-Forwarded-For, i.e. its LAST entry (nginx's
``$proxy_add_x_forwarded_for`` keeps whatever the client sent in front, so the first entry is the
client's to choose and would let anyone reset a limit at will, or exhaust another citizen's).
"""

from __future__ import annotations

import ipaddress

from django.conf import settings
from django.http import HttpRequest


def client_ip(request: HttpRequest) -> str | None:
    """The client's IP address as text, or None when it is not an address."""
    address = request.META.get("REMOTE_ADDR", "")
    if getattr(settings, "TRUST_X_FORWARDED_FOR", False):
        forwarded = [part.strip() for part in request.META.get("HTTP_X_FORWARDED_FOR", "").split(",")]
        forwarded = [part for part in forwarded if part]
        if forwarded:
            address = forwarded[-1]
    try:
        return str(ipaddress.ip_address(address))
    except ValueError:
        return None


def client_address(request: HttpRequest) -> str:
    """The client as a rate limit counts it: IPv6 clients per /64, since one subscriber usually holds
    a whole /64; "unknown" when there is no address."""
    address = client_ip(request)
    if address is None:
        return "unknown"
    parsed = ipaddress.ip_address(address)
    if parsed.version == 6:
        if parsed.ipv4_mapped is not None:
            return str(parsed.ipv4_mapped)
        return str(ipaddress.ip_network(f"{parsed}/64", strict=False))
    return str(parsed)


def client_key(group: str, request: HttpRequest) -> str:
    """django-ratelimit's key function: the client address."""
    return client_address(request)
