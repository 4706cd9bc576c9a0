"""The request being served, for the log lines written while it is (``core/ops/logging.py``).

A context variable rather than a thread-local: it follows the request into threads and async code
that copy the context, and is reset when the request ends (``web/ops/middleware.py``)."""

from __future__ import annotations

import uuid
from contextvars import ContextVar

request_id: ContextVar[str] = ContextVar("tiepdan_request_id", default="")
#: (schema, unit code) of the unit that served the request, for the lines written after the unit
#: routing has switched the connection back to the public schema (the request's own line, Django's
#: line about a 4xx/5xx answer).
request_unit: ContextVar[tuple[str, str]] = ContextVar("tiepdan_request_unit", default=("", ""))


def request_id_parse(value: str | None) -> str:
    """An incoming ``X-Request-ID`` kept only when it is a well-formed UUID (no log injection, bounded)."""
    if value and len(value) <= 36:
        try:
            return str(uuid.UUID(value))
        except ValueError:
            pass
    return ""


def request_id_new() -> str:
    return str(uuid.uuid4())
