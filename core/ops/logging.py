"""Log records with the unit and the request they belong to, and the JSON lines production writes.

Settings (``LOGGING`` in ``config/settings/base.py``) attach ``UnitContextFilter`` to the console
handler; ``TIEPDAN_LOG_FORMAT=json`` (production's default) formats every record as one JSON object:
``timestamp``, ``level``, ``logger``, ``message``, ``unit`` (the schema), ``unit_code``,
``request_id``, plus the exception's traceback when there is one. A record's ``request`` (Django's
``django.request`` logger puts the request object there) is replaced by its method and path, without
the query string: staff searches by a citizen's name or identity number travel in query strings.
Request bodies are never logged.
"""

from __future__ import annotations

import logging

from pythonjsonlogger.json import JsonFormatter as _JsonFormatter

from . import context

#: Attributes a record may carry that must never reach a log line (the request object).
DROPPED = ("request",)


#: Words in a URL pattern's argument names that mark a credential travelling in the path (a password
#: reset's ``<uidb64>/<token>``, an invitation's ``<token>``): a log reader must not be able to use it.
SECRET_ARGUMENTS = ("token", "uidb64", "secret", "key")
REDACTED = "[redacted]"


def loggable_path(request) -> str:
    """The request's path, with the values of the secret-bearing arguments of its URL pattern replaced."""
    path = str(getattr(request, "path", "") or "")
    match = getattr(request, "resolver_match", None)
    for name, value in (getattr(match, "kwargs", None) or {}).items():
        if isinstance(value, str) and value and any(word in name.lower() for word in SECRET_ARGUMENTS):
            path = path.replace(value, REDACTED)
    return path


class UnitContextFilter(logging.Filter):
    def filter(self, record: logging.LogRecord) -> bool:
        from django.db import connection

        schema = getattr(connection, "schema_name", "") or ""
        tenant = getattr(connection, "tenant", None)
        # A line written after the unit's schema was left (the request's own line) names it in extra.
        if not getattr(record, "unit", ""):
            record.unit = schema
            record.unit_code = getattr(tenant, "code", "") if tenant is not None and schema != "public" else ""
            served_by = context.request_unit.get()
            if schema in ("", "public") and served_by[0]:
                record.unit, record.unit_code = served_by
        record.request_id = context.request_id.get()
        request = record.__dict__.get("request")
        if request is not None and hasattr(request, "method"):
            record.http_method = request.method
            record.path = path = loggable_path(request)
            # Django's own lines (``log_response``) carry the raw path among the message's arguments.
            raw = getattr(request, "path", "")
            if raw and path != raw and isinstance(record.args, tuple):
                record.args = tuple(path if arg == raw else arg for arg in record.args)
        return True


class JsonFormatter(_JsonFormatter):
    """python-json-logger's formatter with our field names, and without the request object."""

    def __init__(self, *args, **kwargs) -> None:
        kwargs.setdefault(
            "rename_fields", {"asctime": "timestamp", "levelname": "level", "name": "logger", "exc_info": "exception"}
        )
        kwargs.setdefault("timestamp", False)
        kwargs.setdefault("json_ensure_ascii", False)
        super().__init__(*args, **kwargs)

    def add_fields(self, log_data, record, message_dict) -> None:
        super().add_fields(log_data, record, message_dict)
        for key in DROPPED:
            log_data.pop(key, None)
