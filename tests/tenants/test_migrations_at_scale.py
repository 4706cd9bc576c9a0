"""Migrations across many schemas: the plan (who is behind, one query per batch), ``migrate`` only
where needed, in parallel workers, resumable after a failure, and ``migration_status``.

The plan tests run in the session's test database inside the test's transaction. The migration
tests run real ``manage.py`` processes against a database of their own, with a settings module that
adds a tenant app whose second migration fails in one chosen schema.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
from collections.abc import Iterator
from io import StringIO

import pytest
from django.core.management import call_command
from django.db import connection
from django.test.utils import CaptureQueriesContext
from psycopg2 import sql

from tenants import migration_plan as plan_module
from tenants.migration_plan import Head, migration_plan, migration_schemas
from tests.conftest import ROOT, UNIT_A, UNIT_B

pytestmark = pytest.mark.django_db

UNITS = ("06316", "05983", "20-UBND", "20-TTR", "06040", "20-SNV")
SCRATCH = "scratch_migrations"


def _schema(code: str) -> str:
    return "u_" + code.lower().replace("-", "_")


def _forget(schema: str, app: str, name: str) -> None:
    with connection.cursor() as cursor:
        cursor.execute(
            sql.SQL("DELETE FROM {} WHERE app = %s AND name = %s").format(sql.Identifier(schema, "django_migrations")),
            [app, name],
        )
        assert cursor.rowcount == 1


def test_every_schema_is_at_head_after_setup():
    plan = migration_plan()
    schemas = [state.schema for state in plan.schemas]
    assert schemas[:2] == ["public", "tenant_template"]
    assert {_schema(UNIT_A), _schema(UNIT_B)} <= set(schemas)
    assert plan.behind == []
    assert plan.absent == []
    assert len(plan.at_head) == len(schemas)
    assert len(plan.head.nodes) > 50


def test_the_plan_names_only_the_schema_behind_and_what_it_lacks():
    head = Head.load()
    petitions = [node for node in head.nodes if node[0] == "petitions"]
    last, before = petitions[-1], petitions[-2]
    _forget(_schema(UNIT_A), *last)
    _forget(_schema(UNIT_A), *before)
    _forget("public", "contenttypes", "0002_remove_content_type_name")

    plan = migration_plan(head=head)

    behind = {state.schema: state.missing for state in plan.behind}
    assert behind == {
        _schema(UNIT_A): (f"{before[0]}.{before[1]}", f"{last[0]}.{last[1]}"),
        "public": ("contenttypes.0002_remove_content_type_name",),
    }
    assert _schema(UNIT_B) in {state.schema for state in plan.at_head}


def test_the_plan_costs_two_queries_per_batch_whatever_the_schemas(monkeypatch):
    schemas = migration_schemas()
    head = Head.load()
    with CaptureQueriesContext(connection) as everything:
        migration_plan(schemas, head=head)
    monkeypatch.setattr(plan_module, "BATCH", 2)
    with CaptureQueriesContext(connection) as batched:
        migration_plan(schemas, head=head)

    def reads(context: CaptureQueriesContext) -> list[str]:
        return [query["sql"] for query in context.captured_queries if not query["sql"].startswith("SET ")]

    assert len(reads(everything)) == 2
    assert len(reads(batched)) == 2 * -(-len(schemas) // 2)
    # Neither scans the catalog of every relation (what made django-tenants' check quadratic).
    assert not any("pg_class" in query for query in reads(everything) + reads(batched))


def test_a_new_empty_schema_is_behind_by_everything_and_an_unknown_one_absent():
    with connection.cursor() as cursor:
        cursor.execute('CREATE SCHEMA "u_scratch_empty"')
    plan = migration_plan(["u_scratch_empty", "u_no_such_schema"])

    empty, unknown = plan.schemas
    assert empty.exists
    assert empty.untracked
    assert len(empty.missing) == len(plan.head.nodes)
    assert not unknown.exists
    assert not unknown.behind
    assert plan.absent == [unknown]


def _status(*args: str) -> tuple[int, str]:
    out = StringIO()
    try:
        call_command("migration_status", *args, stdout=out)
    except SystemExit as exit_:
        return int(exit_.code or 0), out.getvalue()
    return 0, out.getvalue()


def test_migration_status_lists_the_schemas_behind_and_fails_then():
    code, text = _status()
    assert code == 0, text
    code, text = _status("--json")
    at_head = json.loads(text)
    assert code == 0
    assert at_head["behind"] == []
    assert at_head["at_head"] == at_head["schemas"]

    _forget(_schema(UNIT_B), "sessions", "0001_initial")
    code, text = _status("--json")
    report = json.loads(text)

    assert code == 1
    assert report["behind"] == [
        {"schema": _schema(UNIT_B), "unit": UNIT_B, "exists": True, "missing": ["sessions.0001_initial"]}
    ]
    assert report["at_head"] == at_head["schemas"] - 1
    code, text = _status()
    assert code == 1
    assert f"{_schema(UNIT_B)} ({UNIT_B}): 1 missing: sessions.0001_initial" in text


def test_migrate_check_fails_only_when_a_schema_is_behind():
    call_command("migrate", check_unapplied=True, stdout=StringIO())
    _forget(_schema(UNIT_A), "sessions", "0001_initial")
    with pytest.raises(SystemExit) as exit_:
        call_command("migrate", check_unapplied=True, stdout=StringIO())
    assert exit_.value.code == 1


# The real thing: a database of its own, real manage.py processes.


@pytest.fixture
def scale_db(django_db_blocker) -> Iterator[str]:
    with django_db_blocker.unblock():
        name = connection.settings_dict["NAME"] + "_migr_scale"
        with connection._nodb_cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))
            cursor.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))
    try:
        yield name
    finally:
        with django_db_blocker.unblock(), connection._nodb_cursor() as cursor:
            cursor.execute(sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name)))


def _manage(db: str, *args: str, scratch: bool = True, fail: str = "") -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "tests.tenants.scratch_settings" if scratch else "config.settings.test",
        "DJANGO_DB_NAME": db,
        "SCRATCH_FAIL_SCHEMA": fail,
    }
    return subprocess.run(
        [sys.executable, "manage.py", *args], cwd=ROOT, env=env, capture_output=True, text=True, timeout=600
    )


def _scratch_state(db: str) -> dict[str, tuple[bool, bool, int]]:
    """Per schema: has the scratch table, has its second migration's column, scratch records."""
    from benchmarks.harness.database import connect

    conn = connect(db)
    try:
        with conn.cursor() as cursor:
            cursor.execute(
                "SELECT nspname FROM pg_namespace WHERE nspname = 'public' OR nspname LIKE 'u\\_%%'"
                " OR nspname = 'tenant_template' ORDER BY 1"
            )
            state = {}
            for (schema,) in cursor.fetchall():
                cursor.execute(
                    sql.SQL(
                        "SELECT to_regclass(%s) IS NOT NULL,"
                        " EXISTS (SELECT FROM information_schema.columns"
                        "   WHERE table_schema = %s AND table_name = 'scratch_note' AND column_name = 'kind'),"
                        " (SELECT count(*) FROM {} WHERE app = %s)"
                    ).format(sql.Identifier(schema, "django_migrations")),
                    [f'"{schema}".scratch_note', schema, SCRATCH],
                )
                state[schema] = cursor.fetchone()
            return state
    finally:
        conn.close()


def test_a_failed_migration_stops_at_its_schema_and_the_next_run_resumes(scale_db):
    done = _manage(scale_db, "migrate", "--noinput", "-v", "0", scratch=False)
    assert done.returncode == 0, done.stderr
    done = _manage(scale_db, "onboard_units", *UNITS, "--inline", scratch=False)
    assert done.returncode == 0, done.stderr
    units = sorted(_schema(code) for code in UNITS)

    # One worker: the schemas before the failing one are migrated, it is rolled back whole (the
    # table its first migration created included), the ones after it untouched.
    k = 3
    done = _manage(scale_db, "migrate", "--noinput", "--workers", "1", fail=units[k])
    assert done.returncode != 0
    assert f"Migrating {units[k]} failed and was rolled back" in done.stderr
    assert "on purpose" in done.stderr
    state = _scratch_state(scale_db)
    assert state["public"] == (False, False, 2)  # recorded, not run: the app is not a shared one
    assert state["tenant_template"] == (True, True, 2)
    for schema in units[:k]:
        assert state[schema] == (True, True, 2), schema
    for schema in units[k:]:
        assert state[schema] == (False, False, 0), schema

    status = _manage(scale_db, "migration_status", "--json")
    assert status.returncode == 1
    behind = json.loads(status.stdout)["behind"]
    assert [row["schema"] for row in behind] == units[k:]
    assert all(row["missing"] == [f"{SCRATCH}.0001_note", f"{SCRATCH}.0002_note_kind"] for row in behind)

    # Two workers, failing again further on: what is behind is found again and resumed; the
    # failing schema is rolled back, the others may finish.
    done = _manage(scale_db, "migrate", "--noinput", "--workers", "2", fail=units[-1])
    assert done.returncode != 0
    state = _scratch_state(scale_db)
    assert state[units[-1]] == (False, False, 0)
    assert state[units[k]] == (True, True, 2)

    # Fixed: the next run migrates what is left, and everything is at head.
    done = _manage(scale_db, "migrate", "--noinput", "--workers", "2")
    assert done.returncode == 0, done.stderr
    assert "to migrate with" in done.stdout
    state = _scratch_state(scale_db)
    for schema in ["tenant_template", *units]:
        assert state[schema] == (True, True, 2), schema
    status = _manage(scale_db, "migration_status")
    assert status.returncode == 0, status.stdout
    assert f"{len(units) + 2} of {len(units) + 2} schemas at head" in status.stdout

    # And a run with nothing to do touches no schema.
    done = _manage(scale_db, "migrate", "--noinput")
    assert done.returncode == 0, done.stderr
    assert f"Units: {len(units)} schema(s), {len(units)} at head, 0 to migrate" in done.stdout
