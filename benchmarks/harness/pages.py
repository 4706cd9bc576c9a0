"""Timing a unit's page, not only the selector behind it.

A page adds the routing middleware (unit lookup, schema switch), the session and the user, the
form, the template and the rest of the view to what a selector costs. ``UnitPages`` sends requests
through Django's test client, in this process and on this database connection, as a browser's
request would go through the whole stack (no network, no web server).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any


def unit_path(unit_code: str, name: str, *args: Any) -> str:
    """The path of the URL ``name`` in the unit ``unit_code``'s workspace (``/u/<code>/…``)."""
    from django.urls import get_script_prefix, reverse, set_script_prefix

    # A request leaves its unit's prefix as the script prefix; reverse from the root.
    prefix = get_script_prefix()
    set_script_prefix("/")
    try:
        path = reverse(name, args=args)
    finally:
        set_script_prefix(prefix)
    return f"/u/{unit_code}{path}"


@dataclass
class UnitPages:
    """A staff member signed in to one unit, as in a browser (the login form, a session cookie)."""

    unit_code: str
    client: Any = field(repr=False)

    @classmethod
    def signed_in(cls, unit_code: str, *, username: str, password: str) -> UnitPages:
        from django.test import Client

        client = Client()
        response = client.post(unit_path(unit_code, "accounts:login"), {"username": username, "password": password})
        _public_schema()
        if response.status_code != 302:
            raise RuntimeError(f"{username} could not sign in to {unit_code} (status {response.status_code}).")
        return cls(unit_code=unit_code, client=client)

    def get(self, name: str, *args: Any, query: dict[str, Any] | None = None) -> Any:
        """GET the page ``name`` with ``query``; anything but 200 is an error of the benchmark."""
        path = unit_path(self.unit_code, name, *args)
        try:
            response = self.client.get(path, query or {})
        finally:
            _public_schema()
        if response.status_code != 200:
            raise RuntimeError(f"GET {path} {query or ''} answered {response.status_code}.")
        return response


def _public_schema() -> None:
    # The request switched the shared connection to the unit's schema; pages are requested from
    # the public schema, like any request that arrives.
    from django.db import connection

    connection.set_schema_to_public()
