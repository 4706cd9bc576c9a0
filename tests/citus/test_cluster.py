"""A province on a real Citus cluster (a coordinator and two workers, ../shared/citus/cluster):
onboarding makes distributed unit schemas whose shards sit on the workers, spread over both;
petitions are registered through the page and forwarded between units on different workers; the
inspectorate's dashboard counts them; the case index commits with the unit's rows by two-phase
commit; and ``migrate`` checks that every unit's tables are distributed.

Data is committed (Citus' placement is only visible outside a rolled-back test transaction); every
step is idempotent, so a rerun on the same database checks the same things."""

from __future__ import annotations

import os
import subprocess
import sys
from collections import defaultdict
from pathlib import Path

import pytest
from django.conf import settings
from django.core.management import call_command
from django.core.management.base import CommandError
from django.db import connection
from django.utils import timezone
from django_tenants.utils import schema_context

from core.caseindex.models import CaseIndexEntry
from core.documents.forms.services import forms_load
from core.petitions.models import Petition
from core.petitions.services.petitions import petition_classify, petition_decide_outcome
from core.transfers.choices import Direction
from core.transfers.delivery import outbox_flush
from core.transfers.models import Transfer
from tenants.catalogue import province_units
from tenants.citus import citus_active, schemas_undistributed
from tenants.models import Unit
from tenants.provisioning import onboarding_job_create, onboarding_job_run
from tests.conftest import INSPECTORATE, UNIT_A, UNIT_B, member_make

ROOT = Path(__file__).resolve().parents[2]
PROVINCE = "20"  # Lạng Sơn, the demo province: 80 units


def _rows(query: str, params: list | None = None) -> list[tuple]:
    with connection.cursor() as cursor:
        cursor.execute(query, params or [])
        return cursor.fetchall()


def _placements() -> dict[str, set[int]]:
    """For each distributed schema, the ports of the nodes holding its shards."""
    placed: dict[str, set[int]] = defaultdict(set)
    for schema, port in _rows(
        "SELECT n.nspname, s.nodeport FROM citus_shards s "
        "JOIN pg_class c ON c.oid = s.table_name JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE s.citus_table_type = 'schema'"
    ):
        placed[schema].add(port)
    return placed


def _registration_form(subject: str) -> dict:
    return {
        "channel": "reception",
        "received_date": timezone.localdate().strftime("%d/%m/%Y"),
        "petition_type": "recommendation",
        "field_code": "dat-dai",
        "subject": subject,
        "summary": "Kiến nghị về việc cấp giấy chứng nhận quyền sử dụng đất.",
        "signer_kind": "one",
        "signer_count": "",
        "signers-TOTAL_FORMS": "1",
        "signers-INITIAL_FORMS": "0",
        "signers-MIN_NUM_FORMS": "0",
        "signers-MAX_NUM_FORMS": "5",
        "signers-0-full_name": "Hoàng Văn Pác",
        "signers-0-id_kind": "cccd",
        "signers-0-id_number": "020085001122",
    }


@pytest.fixture
def province(committed):
    """Lạng Sơn onboarded by the onboarding job, as a platform admin would ask for it."""
    job = onboarding_job_create(requested_by="citus-job", province_code=PROVINCE, enqueue=False)
    onboarding_job_run(job_id=job.pk)
    with schema_context("public"):
        forms_load()
    return Unit.objects.filter(province_code=PROVINCE).exclude(code="PLATFORM")


def test_units_are_distributed_schemas_spread_over_both_workers(province):
    assert citus_active()
    codes = {spec.code for spec in province_units(PROVINCE)}
    units = list(province)
    assert {unit.code for unit in units} >= codes
    schemas = [unit.schema_name for unit in units]

    assert schemas_undistributed(schemas) == {}
    placed = _placements()
    workers = {port for (port,) in _rows("SELECT nodeport FROM pg_dist_node WHERE groupid <> 0 AND isactive")}
    (coordinator,) = _rows("SELECT nodeport FROM pg_dist_node WHERE groupid = 0")[0]
    assert len(workers) == 2
    for schema in schemas:
        # The whole schema on one worker: its tables are co-located, its joins stay on one node.
        assert len(placed[schema]) == 1, (schema, placed[schema])
        assert placed[schema] <= workers, (schema, placed[schema], coordinator)
    spread = {next(iter(placed[schema])) for schema in schemas}
    assert spread == workers

    # Every table of every unit has a shard: none was left on the coordinator.
    tables = _rows(
        "SELECT count(*) FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE n.nspname = ANY(%s) AND c.relkind = 'r'",
        [schemas],
    )[0][0]
    shards = _rows(
        "SELECT count(*) FROM citus_shards s JOIN pg_class c ON c.oid = s.table_name "
        "JOIN pg_namespace n ON n.oid = c.relnamespace WHERE n.nspname = ANY(%s)",
        [schemas],
    )[0][0]
    per_unit = _rows(
        "SELECT count(*) FROM pg_class WHERE relnamespace = %s::regnamespace AND relkind = 'r'",
        [settings.TENANT_BASE_SCHEMA],
    )[0][0]
    assert tables == shards == per_unit * len(schemas)

    # The template is no unit: an ordinary schema on the coordinator.
    assert settings.TENANT_BASE_SCHEMA not in placed


def test_no_foreign_key_leaves_a_unit_schema(province):
    crossing = _rows(
        "SELECT con.conname, src.nspname, dst.nspname FROM pg_constraint con "
        "JOIN pg_class s ON s.oid = con.conrelid JOIN pg_namespace src ON src.oid = s.relnamespace "
        "JOIN pg_class d ON d.oid = con.confrelid JOIN pg_namespace dst ON dst.oid = d.relnamespace "
        "WHERE con.contype = 'f' AND src.nspname LIKE 'u\\_%%' AND src.nspname <> dst.nspname"
    )
    assert crossing == []


def test_public_tables_are_registered_for_two_phase_commit(province):
    kinds = dict(
        _rows(
            "SELECT c.relname, t.citus_table_type FROM pg_class c "
            "LEFT JOIN citus_tables t ON t.table_name = c.oid "
            "WHERE c.relnamespace = 'public'::regnamespace AND c.relkind = 'r'"
        )
    )
    assert kinds["caseindex_caseindexentry"] == "local"
    assert [name for name, kind in kinds.items() if kind is None] == []


def test_register_forward_and_read_the_dashboard(province):
    unit_a, unit_b = Unit.objects.get(code=UNIT_A), Unit.objects.get(code=UNIT_B)
    placed = _placements()
    run = timezone.now().strftime("%H%M%S%f")  # accounts and subjects of this run (the data stays)
    officer = member_make(
        unit_a, roles=("processing_officer", "leader"), username=f"citus_a_{run}", full_name="Lộc Văn Sáu"
    )
    receiver = member_make(
        unit_b, roles=("processing_officer", "leader"), username=f"citus_b_{run}", full_name="Mã Thị Tư"
    )
    inspector = member_make(
        Unit.objects.get(code=INSPECTORATE), roles=("inspector",), username=f"citus_tt_{run}", full_name="Đinh Văn Lâm"
    )
    today = timezone.localdate()
    client = officer.web()
    forwarded = []
    for number in range(3):
        subject = f"Kiến nghị cấp sổ đỏ {run}-{number}"
        response = client.post(officer.url("don-thu/moi/"), _registration_form(subject))
        assert response.status_code == 302, response.content[:500]
        with schema_context(unit_a.schema_name):
            petition = Petition.objects.get(subject=subject)
            # The unit's row on its worker and the index row on the coordinator, one transaction.
            assert CaseIndexEntry.objects.filter(unit_code=UNIT_A, registry_number=petition.registry_number).exists()
            if number < 2:
                petition_classify(
                    petition=petition, actor=officer.user, is_processable=True, within_jurisdiction=False, date=today
                )
                petition_decide_outcome(
                    petition=petition,
                    actor=officer.user,
                    outcome="forward",
                    receiving_unit=UNIT_B,
                    legal_ground="Điều 7 Thông tư 05/2021/TT-TTCP",
                    date=today,
                )
                transfer = Transfer.objects.get(petition=petition, direction=Direction.OUT)
                forwarded.append((subject, transfer.reference))
    for _subject, reference in forwarded:
        with schema_context(unit_a.schema_name):
            outbox_flush(reference)  # what the worker's transfer_deliver does

    inbox = receiver.web().get(receiver.url("chuyen-don/"))
    assert inbox.status_code == 200
    page = inbox.content.decode()
    with schema_context(unit_b.schema_name):
        arrived = list(Transfer.objects.filter(direction=Direction.IN, reference__in=[ref for _s, ref in forwarded]))
    assert len(arrived) == 2
    for transfer in arrived:
        assert f"chuyen-don/{transfer.pk}/" in page

    dashboard = inspector.web().get(inspector.url("thanh-tra/"))
    assert dashboard.status_code == 200
    board = dashboard.context["board"]
    figures = {row.code: row.figures for row in board.units}
    with schema_context(unit_a.schema_name):
        received_a = Petition.objects.filter(received_date__gte=board.period.start, received_date__lte=board.period.end)
        assert figures[UNIT_A].received == received_a.count() >= 3
    assert board.province.received == sum(row.figures.received for row in board.units)
    # Both ends of the forwarding may sit on different workers; the test is as good either way,
    # but say where they were.
    print(f"{UNIT_A} on {placed[unit_a.schema_name]}, {UNIT_B} on {placed[unit_b.schema_name]}")


def test_migrate_checks_every_unit_schema_is_distributed(province):
    call_command("migrate", interactive=False, verbosity=0)  # a no-op that checks the distribution
    schema = Unit.objects.get(code=UNIT_B).schema_name
    with connection.cursor() as cursor:
        # A table made as the clone function made them, inside PL/pgSQL, which Citus does not convert.
        cursor.execute(f"DO $$ BEGIN EXECUTE 'CREATE TABLE {schema}.citus_probe (id bigint PRIMARY KEY)'; END $$")
    try:
        assert schemas_undistributed([schema]) == {schema: ["citus_probe"]}
        with pytest.raises(CommandError, match=f"not distributed by Citus: {schema}: citus_probe"):
            call_command("migrate", interactive=False, verbosity=0)
    finally:
        with connection.cursor() as cursor:
            cursor.execute(f"DROP TABLE {schema}.citus_probe")
    assert schemas_undistributed([schema]) == {}


def test_a_migration_adding_a_foreign_key_runs_on_every_distributed_unit(province):
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.citus.scratch_settings",
        "DJANGO_DB_NAME": connection.settings_dict["NAME"],
    }
    done = subprocess.run(
        [sys.executable, "manage.py", "migrate", "--noinput", "--workers", "2", "-v", "0"],
        cwd=ROOT, env=env, capture_output=True, text=True, timeout=900,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr[-3000:]
    schemas = [unit.schema_name for unit in province]
    assert schemas_undistributed(schemas) == {}
    linked = _rows(
        "SELECT count(*) FROM pg_constraint con JOIN pg_class c ON c.oid = con.conrelid "
        "JOIN pg_namespace n ON n.oid = c.relnamespace "
        "WHERE con.contype = 'f' AND c.relname = 'citus_scratch_link' AND n.nspname = ANY(%s)",
        [schemas],
    )[0][0]
    assert linked == len(schemas)
    # Its shards sit beside the unit's others, on the unit's worker.
    placed = _placements()
    assert all(len(placed[schema]) == 1 for schema in schemas)
