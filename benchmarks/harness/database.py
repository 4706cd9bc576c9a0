"""The bench database: its own database on the server of ``DATABASES["default"]``.

That server is ``DATABASE_URL``'s when it is set, else the embedded PostgreSQL; only the database
name differs (``DJANGO_DB_NAME``), so a developer's database is never touched.
"""

from __future__ import annotations

import os
import time
from typing import Any

import psycopg2
from psycopg2 import sql


def use_database(name: str) -> None:
    """Send every connection of this process to ``name``. Call it before ``django.setup()``."""
    os.environ["DJANGO_DB_NAME"] = name
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")


def connect(dbname: str) -> Any:
    """A plain psycopg2 autocommit connection to ``dbname`` on the configured server."""
    from django.conf import settings

    db = settings.DATABASES["default"]
    conn = psycopg2.connect(
        dbname=dbname,
        user=db.get("USER") or None,
        password=db.get("PASSWORD") or None,
        host=db.get("HOST") or None,
        port=db.get("PORT") or None,
        **db.get("OPTIONS", {}),
    )
    conn.autocommit = True
    return conn


def _on_server(statement: sql.Composable) -> None:
    conn = connect("postgres")
    try:
        with conn.cursor() as cursor:
            cursor.execute(statement)
    finally:
        conn.close()


def database_recreate(name: str) -> None:
    """Drop the bench database ``name`` if it exists and create it empty."""
    _on_server(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
    _on_server(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def database_drop(name: str) -> None:
    """Close Django's connections and drop the bench database ``name``."""
    from django.db import connections

    connections.close_all()
    _on_server(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def migrate() -> float:
    """Migrate the bench database (public schema and the unit template); the seconds it took."""
    from django.core.management import call_command

    started = time.perf_counter()
    call_command("migrate", interactive=False, verbosity=0)
    return time.perf_counter() - started


def connection_renew() -> None:
    """A new connection on the public schema, as ``onboarding_job_run`` opens for every unit: a
    session slows down with every schema it creates (README.md, finding 3)."""
    from django.db import connection

    connection.close()
    connection.ensure_connection()
    connection.set_schema_to_public()
