"""A unit's backup and restore round trip, with the real pg_dump, pg_restore and psql of the server.

A unit of its own (committed: pg_dump reads from its own connection) gets petitions through the
real services: a complaint accepted (its documents issued as DOCX files), a sealed denunciation
whose identity an officer read (audited), attachments on both. Backed up, then restored under
another schema beside the original: every table equal row by row, every file equal by checksum,
the audit chain intact in the copy. Then refusals: an existing schema, a tampered archive.
"""

from __future__ import annotations

import hashlib
import io
import json
import tarfile
from datetime import date

import pytest
from django.apps import apps
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import DatabaseError, connection
from django_tenants.utils import schema_context
from psycopg2 import sql

from tenants.backup import BackupError, table_counts, unit_backup, unit_media_root, unit_restore
from tenants.catalogue import province_units
from tenants.models import Unit
from tenants.provisioning import unit_provision

COPY = "ops_restored_copy"
RECEIVED = date(2026, 11, 2)
DENOUNCER = {"full_name": "Lục Văn Kín", "id_kind": "cccd", "id_number": "020090004321", "phone": "0911000222"}


def _table_digests(schema: str) -> dict[str, tuple[int, str]]:
    """Each table's row count and the MD5 of all its rows as text, in a fixed order."""
    out = {}
    with connection.cursor() as cursor:
        for table in table_counts(cursor, schema):
            name = sql.Identifier(schema, table)
            cursor.execute(
                sql.SQL(
                    "SELECT count(*), md5(coalesce(string_agg(t::text, E'\\n' ORDER BY t::text), '')) FROM {} t"
                ).format(name)
            )
            out[table] = tuple(cursor.fetchone())
    return out


def _file_digests(root) -> dict[str, str]:
    return {
        path.relative_to(root).as_posix(): hashlib.sha256(path.read_bytes()).hexdigest()
        for path in sorted(root.rglob("*"))
        if path.is_file()
    }


def _drop(*schemas: str, code: str) -> None:
    """The schemas, and every public row about the unit (the case index, counters…), found by column."""
    connection.set_schema_to_public()
    with connection.cursor() as cursor:
        for schema in schemas:
            cursor.execute(sql.SQL("DROP SCHEMA IF EXISTS {} CASCADE").format(sql.Identifier(schema)))
        cursor.execute(
            "SELECT table_name, column_name FROM information_schema.columns WHERE table_schema = 'public'"
            " AND column_name IN ('unit_code', 'earlier_unit_code')"
        )
        columns = set(cursor.fetchall())
    for model in apps.get_models():
        for column in ("unit_code", "earlier_unit_code"):
            if (model._meta.db_table, column) in columns:
                model._base_manager.filter(**{column: code}).delete()
    Unit.objects.filter(code=code).delete()


@pytest.fixture
def scratch_unit(committed, settings, tmp_path):
    settings.DOCUMENTS_OFFICE = "/nonexistent/soffice"  # the DOCX is enough; LibreOffice takes seconds
    settings.MEDIA_ROOT = tmp_path / "media"
    settings.MULTITENANT_RELATIVE_MEDIA_ROOT = "%s"
    spec = province_units("20")[-1]
    unit, _ = unit_provision(spec=spec)
    try:
        yield unit
    finally:
        _drop(unit.schema_name, COPY, code=unit.code)


def _fill(unit) -> None:
    from core.accounts.services import user_create
    from core.documents.models import IssuedDocument
    from core.petitions.services.attachments import attachments_add
    from core.petitions.services.petitions import petition_classify, petition_decide_outcome, petition_register
    from core.petitions.services.sealed import sealed_identity_read

    with schema_context(unit.schema_name):
        officer = user_create(
            unit=unit,
            username="sao_luu",
            password="Mat-khau-2026!",
            roles=["processing_officer", "leader", "sealed_reader"],
        )
        common = {
            "actor": officer,
            "channel": "post",
            "received_date": RECEIVED,
            "field_code": "dat-dai",
            "signer_kind": "one",
        }
        complaint = petition_register(
            **common,
            petition_type="complaint",
            subject="Quyết định thu hồi đất số 12/QĐ-UBND",
            summary="Khiếu nại việc thu hồi đất.",
            signers=[{"full_name": "Nguyễn Văn An", "id_kind": "cccd", "id_number": "020085001234"}],
        )
        attachments_add(
            petition=complaint,
            actor=officer,
            uploaded_files=[SimpleUploadedFile("don.pdf", b"%PDF-1.4 scan one", content_type="application/pdf")],
        )
        petition_classify(petition=complaint, actor=officer, is_processable=True, within_jurisdiction=True)
        petition_decide_outcome(petition=complaint, actor=officer, outcome="accept", date=RECEIVED)
        denunciation = petition_register(
            **common,
            petition_type="denunciation",
            subject="Tố cáo cán bộ địa chính",
            summary="Tố cáo.",
            signers=[DENOUNCER],
        )
        attachments_add(
            petition=denunciation,
            actor=officer,
            uploaded_files=[SimpleUploadedFile("to-cao.pdf", b"%PDF-1.4 sealed scan", content_type="application/pdf")],
        )
        identity = sealed_identity_read(petition=denunciation, actor=officer, reason="Xác minh người tố cáo")
        assert DENOUNCER["id_number"] in json.dumps(identity)
        assert IssuedDocument.objects.exists()


def test_a_unit_restored_under_another_schema_equals_the_original_row_by_row(scratch_unit, tmp_path):
    _fill(scratch_unit)
    schema = scratch_unit.schema_name
    archive = unit_backup(code=scratch_unit.code, out_dir=tmp_path / "backups")
    original_rows, original_files = _table_digests(schema), _file_digests(unit_media_root(schema))
    assert original_rows["petitions_petition"][0] == 2
    assert original_rows["petitions_sealedidentity"][0] == 1
    assert original_rows["accounts_auditentry"][0] > 0
    assert len(original_files) >= 3  # two scans and at least one issued document

    result = unit_restore(archive=archive, as_schema=COPY)

    assert result.schema == COPY
    assert result.behind == ()
    assert _table_digests(COPY) == original_rows
    assert _file_digests(unit_media_root(COPY)) == original_files
    # The original is where it was, untouched.
    assert _table_digests(schema) == original_rows
    from core.accounts.audit import audit_verify

    with schema_context(COPY):
        report = audit_verify()
    assert report.ok
    assert report.count == original_rows["accounts_auditentry"][0]
    # The copy's audit rows are as append-only as the original's: the triggers came along.
    with pytest.raises(DatabaseError), connection.cursor() as cursor:
        cursor.execute(sql.SQL("DELETE FROM {}").format(sql.Identifier(COPY, "accounts_auditentry")))


def test_a_restore_refuses_an_existing_schema_and_a_tampered_archive(scratch_unit, tmp_path):
    archive = unit_backup(code=scratch_unit.code, out_dir=tmp_path / "backups")
    with pytest.raises(CommandError, match="already exist"):
        call_command("unit_restore", str(archive))
    unit_restore(archive=archive, as_schema=COPY)
    with pytest.raises(BackupError, match="already exist"):
        unit_restore(archive=archive, as_schema=COPY)
    # With --replace the copy is made again, in one transaction.
    assert unit_restore(archive=archive, as_schema=COPY, replace=True).schema == COPY

    tampered = tmp_path / "tampered.tar"
    with tarfile.open(archive) as source, tarfile.open(tampered, "w") as out:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "schema.dump":
                data = data[:-1] + bytes([data[-1] ^ 1])
            member.size = len(data)
            out.addfile(member, io.BytesIO(data))
    with pytest.raises(BackupError, match="checksum"):
        unit_restore(archive=tampered, as_schema="ops_tampered")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = 'ops_tampered'")
        assert cursor.fetchone() is None


def test_the_client_tools_are_those_of_the_servers_version(db):
    from tenants.backup import _server_major, _tool_major, pg_bin_dir

    folder = pg_bin_dir()
    assert _tool_major(str(folder / "pg_dump")) == _server_major()
    assert (folder / "pg_restore").exists()
    assert (folder / "psql").exists()


def _rewritten(archive, out, *, manifest_edit=None, extra=()):
    """A copy of ``archive`` with its manifest edited and members added: what an attacker hands over."""
    with tarfile.open(archive) as source, tarfile.open(out, "w") as target:
        for member in source.getmembers():
            data = source.extractfile(member).read()
            if member.name == "manifest.json" and manifest_edit is not None:
                manifest = json.loads(data)
                manifest_edit(manifest)
                data = json.dumps(manifest).encode()
            member.size = len(data)
            target.addfile(member, io.BytesIO(data))
        for name, data in extra:
            info = tarfile.TarInfo(name)
            info.size = len(data)
            target.addfile(info, io.BytesIO(data))
    return out


@pytest.mark.parametrize("name", ["../../escaped.txt", "/tmp/ops-restore-escaped.txt", "a/../../escaped.txt", "./x"])
def test_a_restore_refuses_file_names_that_leave_the_units_folder(scratch_unit, tmp_path, name):
    archive = unit_backup(code=scratch_unit.code, out_dir=tmp_path / "backups")
    payload = b"written outside the unit's folder"
    digest = hashlib.sha256(payload).hexdigest()

    def add_file(manifest):
        manifest["files"][name] = {"sha256": digest, "size": len(payload)}

    forged = _rewritten(archive, tmp_path / "forged.tar", manifest_edit=add_file, extra=[(f"files/{name}", payload)])
    with pytest.raises(BackupError, match="unsafe file name"):
        unit_restore(archive=forged, as_schema=COPY)
    assert not any(path.read_bytes() == payload for path in tmp_path.rglob("*escaped*") if path.is_file())
    assert not (tmp_path.parent / "escaped.txt").exists()
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [COPY])
        assert cursor.fetchone() is None


def test_a_restore_never_lands_on_another_units_schema(scratch_unit, unit_b, tmp_path):
    archive = unit_backup(code=scratch_unit.code, out_dir=tmp_path / "backups")
    # --as-new-schema naming unit B's schema, even with --replace.
    with pytest.raises(BackupError, match="belongs to unit"):
        unit_restore(archive=archive, as_schema=unit_b.schema_name, replace=True)

    # A manifest claiming another unit for this schema.
    def other_unit(manifest):
        manifest["unit"]["code"] = unit_b.code

    forged = _rewritten(archive, tmp_path / "forged.tar", manifest_edit=other_unit)
    with pytest.raises(CommandError, match="belongs to unit"):
        call_command("unit_restore", str(forged), "--replace")
    with connection.cursor() as cursor:
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [unit_b.schema_name])
        assert cursor.fetchone() is not None
        cursor.execute("SELECT 1 FROM pg_namespace WHERE nspname = %s", [scratch_unit.schema_name])
        assert cursor.fetchone() is not None


@pytest.mark.parametrize("as_schema", ['x"; DROP SCHEMA public CASCADE; --', "Public", "public", "a" * 64])
def test_a_restore_refuses_a_schema_name_that_is_not_a_plain_identifier(scratch_unit, tmp_path, as_schema):
    archive = unit_backup(code=scratch_unit.code, out_dir=tmp_path / "backups")
    with pytest.raises(BackupError, match="cannot be a unit's schema"):
        unit_restore(archive=archive, as_schema=as_schema)
