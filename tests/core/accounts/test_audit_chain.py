"""The tamper-evident audit log: the database refuses to change it, the chain shows a change made
behind the database's back, concurrent writers keep one chain, each unit sees only its own, and
the events the law cares about are in it."""

from __future__ import annotations

import threading
from io import StringIO

import psycopg2.errors
import pytest
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection, connections, transaction
from django.db.utils import ProgrammingError
from django.utils import timezone
from django_tenants.utils import schema_context

from core.accounts.audit import Kind, audit_append, audit_verify
from core.accounts.models import AuditEntry
from core.petitions.services.petitions import petition_register
from core.petitions.services.sealed import sealed_identity_read

pytestmark = pytest.mark.django_db
PASSWORD = "Mat-khau-2026!"


def _refused(sql: str) -> BaseException:
    """Run ``sql`` in a savepoint; return the database's refusal (the test fails if there is none)."""
    with pytest.raises(ProgrammingError) as refused, transaction.atomic(), connection.cursor() as cursor:
        cursor.execute(sql)
    return refused.value.__cause__


@pytest.mark.parametrize("schema", ["unit", "public"])
def test_the_database_refuses_to_edit_delete_or_truncate_an_audit_row(unit_a, schema):
    with schema_context(unit_a.schema_name if schema == "unit" else "public"):
        entry = audit_append(kind=Kind.LOGIN, actor="ai_do", target="ai_do")
        for sql in (
            f"UPDATE accounts_auditentry SET actor = 'khac' WHERE id = {entry.pk}",
            f"UPDATE accounts_auditentry SET hash = prev_hash WHERE id = {entry.pk}",
            f"DELETE FROM accounts_auditentry WHERE id = {entry.pk}",
            "TRUNCATE accounts_auditentry",
        ):
            cause = _refused(sql)
            assert isinstance(cause, psycopg2.errors.InsufficientPrivilege), sql
            assert "append-only" in str(cause)
        assert AuditEntry.objects.get(pk=entry.pk).actor == "ai_do"
        # And the ORM's own ways fail the same.
        with pytest.raises(ProgrammingError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).update(actor="khac")
        with pytest.raises(ProgrammingError), transaction.atomic():
            AuditEntry.objects.filter(pk=entry.pk).delete()
        assert audit_verify().ok


def _tamper(sql: str) -> None:
    """What someone holding the database's superuser could do: lift the trigger, change, restore."""
    with connection.cursor() as cursor:
        cursor.execute("ALTER TABLE accounts_auditentry DISABLE TRIGGER accounts_auditentry_append_only")
        cursor.execute(sql)
        cursor.execute("ALTER TABLE accounts_auditentry ENABLE TRIGGER accounts_auditentry_append_only")


def test_a_changed_row_is_reported_by_the_verification_the_command_and_the_page(admin_a):
    with schema_context(admin_a.unit.schema_name):
        entries = [audit_append(kind=Kind.SEALED_READ, actor="bimat", data={"reason": f"Lần {n}"}) for n in range(3)]
        assert audit_verify().ok
        middle = entries[1]
        _tamper(f"""UPDATE accounts_auditentry SET data = '{{"reason": "Sửa lại"}}' WHERE id = {middle.pk}""")
        report = audit_verify()
    assert not report.ok
    assert report.broken_seq == middle.seq
    assert report.found == middle.hash
    assert report.expected != middle.hash
    assert len(report.expected) == 64

    out = StringIO()
    with pytest.raises(CommandError):
        call_command("audit_verify", "--unit", admin_a.unit.code, stdout=out)
    assert f"BROKEN at row #{middle.seq}" in out.getvalue()
    assert report.expected in out.getvalue()
    assert middle.hash in out.getvalue()

    page = admin_a.web().get(admin_a.url("nhat-ky/chuoi/"))
    assert page.status_code == 200
    assert page.context["report"].broken_seq == middle.seq
    html = page.content.decode()
    assert f"<code data-expected>{report.expected}</code>" in html
    assert f"<code data-found>{middle.hash}</code>" in html


def test_a_removed_row_breaks_the_chain_at_the_next_one(unit_a):
    with schema_context(unit_a.schema_name):
        entries = [audit_append(kind=Kind.LOGIN, actor=f"can_bo_{n}") for n in range(3)]
        _tamper(f"DELETE FROM accounts_auditentry WHERE id = {entries[1].pk}")
        report = audit_verify()
    assert (report.ok, report.broken_seq) == (False, entries[2].seq)


def test_a_rehashed_row_is_caught_by_the_next_rows_link(unit_a):
    """Recomputing the changed row's own hash does not help: the next row still links to the old one."""
    from core.accounts.audit import entry_hash

    with schema_context(unit_a.schema_name):
        first, second, third = (audit_append(kind=Kind.LOGIN, actor=f"can_bo_{n}") for n in range(3))
        row = {"seq": second.seq, "at": second.at, "kind": second.kind, "actor": "ke_gian", "target": "", "data": {}}
        forged = entry_hash(second.prev_hash, **row)
        _tamper(f"UPDATE accounts_auditentry SET actor = 'ke_gian', hash = '{forged}' WHERE id = {second.pk}")
        report = audit_verify()
    assert (report.broken_seq, report.expected, report.found) == (third.seq, forged, second.hash)


def test_the_command_verifies_every_chain(unit_a, unit_b):
    for schema in (unit_a.schema_name, unit_b.schema_name, "public"):
        with schema_context(schema):
            audit_append(kind=Kind.LOGIN, actor="ai_do")
    out = StringIO()
    call_command("audit_verify", "--all", stdout=out)
    lines = out.getvalue().splitlines()
    assert lines[0].startswith("public\tOK")
    assert any(line.startswith(f"{unit_a.code}\tOK") for line in lines)
    assert any(line.startswith(f"{unit_b.code}\tOK") for line in lines)
    public = StringIO()
    call_command("audit_verify", "--public", stdout=public)
    assert public.getvalue().startswith("public\tOK")
    with pytest.raises(CommandError):
        call_command("audit_verify", "--unit", "99999")


def test_concurrent_writers_keep_one_unbroken_chain(committed, unit_b):
    """Threads with connections of their own append at the same moment and commit."""
    with schema_context(unit_b.schema_name):
        before = AuditEntry.objects.count()
    writers, per_writer = 6, 5
    start = threading.Barrier(writers)
    errors: list[BaseException] = []

    def write(n: int) -> None:
        try:
            start.wait()
            for i in range(per_writer):
                with schema_context(unit_b.schema_name), transaction.atomic():
                    audit_append(kind=Kind.LOGIN, actor=f"luong_{n}", data={"i": i})
        except BaseException as exc:  # noqa: BLE001 — reported below, in the test's thread
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=write, args=(n,)) for n in range(writers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    with schema_context(unit_b.schema_name):
        report = audit_verify()
        seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert report.ok, report
    assert len(seqs) == before + writers * per_writer
    assert seqs == list(range(1, len(seqs) + 1))


def test_each_unit_sees_only_its_own_log(admin_a, unit_b, make_member):
    with schema_context(admin_a.unit.schema_name):
        audit_append(kind=Kind.SEALED_READ, actor="chi_o_a", target="ho-so-cua-a", data={"reason": "Chỉ ở A"})
    admin_b = make_member(unit_b, roles=("unit_admin",), username="quan_tri_b")
    page = admin_b.web().get(admin_b.url("nhat-ky/chuoi/"))
    assert page.status_code == 200
    html = page.content.decode()
    assert "chi_o_a" not in html
    assert "ho-so-cua-a" not in html
    assert "Chỉ ở A" not in html
    actors = {row["entry"].actor for row in page.context["rows"]}
    assert "quan_tri_a" not in actors
    assert "quan_tri_b" in actors  # B's own sign-in
    with schema_context(unit_b.schema_name):
        assert page.context["report"].count == AuditEntry.objects.count()
    # A's session means nothing at B's address; A's page is A's.
    assert admin_a.web().get(admin_b.url("nhat-ky/chuoi/")).status_code == 302
    assert "chi_o_a" in admin_a.web().get(admin_a.url("nhat-ky/chuoi/")).content.decode()


def test_the_log_page_is_for_the_unit_admin_and_inspectors(unit_a, inspectorate, make_member):
    for roles in (("sealed_reader",), ("processing_officer", "leader"), ("reception_officer",)):
        member = make_member(unit_a, roles=roles, username="_".join(roles)[:30])
        assert member.web().get(member.url("nhat-ky/chuoi/")).status_code == 403
    inspector = make_member(inspectorate, roles=("inspector",), username="thanh_tra")
    assert inspector.web().get(inspector.url("nhat-ky/chuoi/")).status_code == 200
    assert (
        make_member(unit_a, roles=("unit_admin",), username="qt")
        .web()
        .get(f"/u/{unit_a.code}/nhat-ky/chuoi/", {"date_from": "31/02/2026"})
        .status_code
        == 400
    )


def _kinds(schema: str, since: int) -> list[tuple]:
    with schema_context(schema):
        return list(AuditEntry.objects.filter(seq__gt=since).order_by("seq").values_list("kind", "actor", "target"))


def _last_seq(schema: str) -> int:
    with schema_context(schema):
        return AuditEntry.objects.order_by("-seq").values_list("seq", flat=True).first() or 0


def test_sign_ins_steps_and_sealed_reads_are_chained(unit_a, make_member, client):
    officer = make_member(unit_a, roles=("processing_officer",), username="xu_ly")
    cleared = make_member(unit_a, roles=("sealed_reader",), username="bimat")
    since = _last_seq(unit_a.schema_name)
    assert client.post(officer.url("dang-nhap/"), {"username": "xu_ly", "password": "sai"}).status_code == 200
    assert client.post(officer.url("dang-nhap/"), {"username": "xu_ly", "password": PASSWORD}).status_code == 302
    with schema_context(unit_a.schema_name):
        petition = petition_register(
            actor=officer.user,
            channel="post",
            received_date=timezone.localdate(),
            petition_type="denunciation",
            field_code="dat-dai",
            subject="Cán bộ địa chính nhận tiền",
            summary="Tố cáo cán bộ địa chính.",
            signer_kind="one",
            signers=[{"full_name": "Lò Văn Tố", "id_kind": "none"}],
        )
        sealed_identity_read(petition=petition, actor=cleared.user, reason="Xác minh theo yêu cầu của Chủ tịch")
    assert _kinds(unit_a.schema_name, since) == [
        (Kind.LOGIN_FAILED, "", "xu_ly"),
        (Kind.LOGIN, "xu_ly", "xu_ly"),
        (Kind.PETITION_STEP, "xu_ly", str(petition.case_id)),
        (Kind.SEALED_READ, "bimat", str(petition.case_id)),
    ]
    with schema_context(unit_a.schema_name):
        step, read = AuditEntry.objects.filter(seq__gt=since + 2).order_by("seq")
        assert step.data["event"] == "registered"
        assert step.data["registry_number"] == petition.registry_number
        assert read.data["reason"] == "Xác minh theo yêu cầu của Chủ tịch"
        # PII-free: the denouncer's name is in no row.
        assert not AuditEntry.objects.filter(data__icontains="Lò Văn Tố").exists()
        assert audit_verify().ok


def test_a_step_that_fails_leaves_no_audit_row(unit_a, make_member):
    officer = make_member(unit_a, roles=("processing_officer",), username="xu_ly")
    since = _last_seq(unit_a.schema_name)
    with schema_context(unit_a.schema_name), pytest.raises(Exception):  # noqa: B017, PT011 — any refusal
        petition_register(
            actor=officer.user,
            channel="post",
            received_date=timezone.localdate(),
            petition_type="complaint",
            field_code="khong-co",
            subject="Đơn",
            summary="Đơn.",
            signer_kind="one",
            signers=[{"full_name": "Ai Đó", "id_kind": "none"}],
        )
    assert _kinds(unit_a.schema_name, since) == []


def test_platform_events_go_to_the_public_chain(db, client):
    since = _last_seq("public")
    response = client.post("/admin/login/", {"username": "khong_co", "password": "sai"})
    assert response.status_code == 200
    assert _kinds("public", since) == [(Kind.LOGIN_FAILED, "", "khong_co")]
    connection.set_schema_to_public()
    assert audit_verify().ok
