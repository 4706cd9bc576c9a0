"""A unit's schema made by the DDL script: the same relations as migrations make, the template's
rows, regenerated when the migrations change, and refused when the template holds what it cannot copy.

Every test runs in the test transaction: schemas, and the template's simulated migrations, are
rolled back with it.
"""

import pytest
from django.conf import settings
from django.core.management import call_command
from django.db import DatabaseError, transaction
from django_tenants.utils import schema_exists

from tenants.catalogue import province_units
from tenants.db import connection
from tenants.models import Unit
from tenants.provisioning import units_provision
from tenants.schema_script import (
    SchemaScriptUnsupported,
    schema_cache_clear,
    schema_catalog,
    schema_create_from_script,
    schema_script,
)

pytestmark = pytest.mark.django_db

TEMPLATE = settings.TENANT_BASE_SCHEMA
RELATIONS = ("tables", "columns", "constraints", "indexes", "sequences", "triggers", "functions", "table_comments")


@pytest.fixture(autouse=True)
def _script_cache():
    """Scripts generated here from a template changed in the test transaction are forgotten after it."""
    schema_cache_clear()
    yield
    schema_cache_clear()


def _make(schema_name: str) -> None:
    with transaction.atomic():
        schema_create_from_script(schema_name)


def _execute(statement: str, params=None) -> None:
    with connection.cursor() as cursor:
        cursor.execute(statement, params)


def _migration_simulated(*statements: str, name: str = "9999_test_only") -> None:
    """What a new tenant migration does to the template: its DDL, and its row in the history."""
    for statement in statements:
        _execute(statement)
    _execute(
        f'INSERT INTO "{TEMPLATE}".django_migrations (app, name, applied) VALUES (%s, %s, now())', ["tenants", name]
    )


def test_a_unit_made_by_the_script_equals_the_template_and_a_migrated_schema():
    _make("u_script_made")
    script_made = schema_catalog("u_script_made")
    template = schema_catalog(TEMPLATE)
    # The template, exactly: relations, the seeded rows (ids and timestamps included) and the
    # sequences' positions, as django-tenants' clone in DATA mode gave.
    assert script_made == template
    assert set(script_made["rows"]) >= {"django_migrations", "django_content_type", "auth_permission"}
    assert len(script_made["triggers"]) >= 2  # the audit chain's append-only triggers

    _execute('CREATE SCHEMA "u_migrated"')
    call_command("migrate_schemas", tenant=True, schema_name="u_migrated", interactive=False, verbosity=0)
    connection.set_schema_to_public()
    migrated = schema_catalog("u_migrated")
    for part in RELATIONS:
        assert script_made[part] == migrated[part], part
    # The same history (applied at other times) and content types. Permissions are left out: Django
    # makes them after each migrate in the order the apps were migrated, so their ids follow the
    # template's own history (the script copies the template's, as the clone did).
    assert sorted(row[1:3] for row in script_made["rows"]["django_migrations"]) == sorted(
        row[1:3] for row in migrated["rows"]["django_migrations"]
    )
    assert script_made["rows"]["django_content_type"] == migrated["rows"]["django_content_type"]


@pytest.mark.parametrize(
    ("change", "part"),
    [
        ('DROP INDEX "u_altered".citizen_name_trgm', "indexes"),
        ('DROP TRIGGER accounts_auditentry_append_only ON "u_altered".accounts_auditentry', "triggers"),
        ('ALTER TABLE "u_altered".petitions_petition ALTER COLUMN summary DROP NOT NULL', "columns"),
        ('ALTER TABLE "u_altered".auth_permission DROP CONSTRAINT auth_permission_pkey CASCADE', "constraints"),
        ("SELECT setval('\"u_altered\".petitions_petition_id_seq', 42)", "sequence_positions"),
        (
            'DELETE FROM "u_altered".auth_permission WHERE id = (SELECT min(id) FROM "u_altered".auth_permission)',
            "rows",
        ),
    ],
)
def test_the_comparison_sees_a_real_difference(change, part):
    _make("u_altered")
    assert schema_catalog("u_altered") == schema_catalog(TEMPLATE)
    _execute(change)
    altered, template = schema_catalog("u_altered"), schema_catalog(TEMPLATE)
    assert altered[part] != template[part]


def test_the_audit_chain_refuses_changes_in_a_new_unit():
    _make("u_audited")
    _execute(
        'INSERT INTO "u_audited".accounts_auditentry (seq, at, kind, actor, target, data, prev_hash, hash) '
        "VALUES (0, now(), 'test', '', '', '{}', '', 'h0')"
    )
    for statement in (
        "UPDATE \"u_audited\".accounts_auditentry SET actor = 'x'",
        'DELETE FROM "u_audited".accounts_auditentry',
        'TRUNCATE "u_audited".accounts_auditentry',
    ):
        with pytest.raises(DatabaseError, match="append-only"), transaction.atomic():
            _execute(statement)


def test_new_units_are_separate_schemas_with_their_own_sequences():
    _make("u_first")
    _make("u_second")
    _execute("INSERT INTO \"u_first\".auth_group (name) VALUES ('only_in_first')")
    with connection.cursor() as cursor:
        cursor.execute('SELECT count(*) FROM "u_second".auth_group')
        assert cursor.fetchone()[0] == 0
        cursor.execute("INSERT INTO \"u_second\".auth_group (name) VALUES ('only_in_second') RETURNING id")
        second_id = cursor.fetchone()[0]
        cursor.execute('SELECT id FROM "u_first".auth_group')
        assert [row[0] for row in cursor.fetchall()] == [second_id]  # both start at the template's position


def test_the_script_is_made_once_per_migration_state_and_again_after_a_migration():
    first = schema_script()
    assert schema_script() is first
    _migration_simulated(f'ALTER TABLE "{TEMPLATE}".django_session ADD COLUMN test_only_flag boolean DEFAULT true')
    second = schema_script()
    assert second.state != first.state
    assert schema_script() is second
    assert any("test_only_flag" in statement for statement in second.statements)
    _make("u_after_migration")
    assert schema_catalog("u_after_migration") == schema_catalog(TEMPLATE)


def test_renaming_leaves_text_that_names_the_template_alone():
    literal = f"{TEMPLATE}.django_session stays as written"
    _migration_simulated(
        f"ALTER TABLE \"{TEMPLATE}\".django_session ADD COLUMN note text DEFAULT '{literal}' "
        f"CHECK (note <> '{TEMPLATE}')",
        f"COMMENT ON COLUMN \"{TEMPLATE}\".django_session.note IS 'copied from {TEMPLATE}'",
    )
    _make("u_texts")
    assert schema_catalog("u_texts") == schema_catalog(TEMPLATE)
    with connection.cursor() as cursor:
        cursor.execute(
            'INSERT INTO "u_texts".django_session (session_key, session_data, expire_date) '
            "VALUES ('k', 'd', now()) RETURNING note"
        )
        assert cursor.fetchone()[0] == literal
        cursor.execute("SELECT col_description('\"u_texts\".django_session'::regclass, 4)")
        assert cursor.fetchone()[0] == f"copied from {TEMPLATE}"


@pytest.mark.parametrize(
    "statement",
    [
        f'CREATE VIEW "{TEMPLATE}".test_only_view AS SELECT 1 AS one',
        f'CREATE FUNCTION "{TEMPLATE}".test_only() RETURNS int LANGUAGE sql AS $$ SELECT 1 $$',
        f"CREATE TYPE \"{TEMPLATE}\".test_only_mood AS ENUM ('ok')",
        f'ALTER TABLE "{TEMPLATE}".django_session ENABLE ROW LEVEL SECURITY',
    ],
)
def test_a_template_holding_what_the_script_cannot_copy_is_refused(statement):
    _migration_simulated(statement)
    with pytest.raises(SchemaScriptUnsupported, match="does not reproduce"):
        schema_script()


def test_units_of_one_batch_are_made_together_or_not_at_all():
    specs = [spec for spec in province_units("04") if spec.parent_code][:3]
    made = []

    def maker(unit: Unit) -> None:
        if len(made) == 2:
            raise RuntimeError("the third unit fails")
        made.append(unit.code)
        schema_create_from_script(unit.schema_name)

    with pytest.raises(RuntimeError, match="third unit"):
        units_provision(specs=specs, schema_maker=maker)
    assert len(made) == 2
    assert not Unit.objects.filter(code__in=[spec.code for spec in specs]).exists()
    assert not any(schema_exists(f"u_{spec.code.lower()}") for spec in specs)

    results = units_provision(specs=specs)
    assert [created for _unit, created in results] == [True, True, True]
    assert all(schema_exists(unit.schema_name) for unit, _created in results)
    assert [created for _unit, created in units_provision(specs=specs)] == [False, False, False]


def test_rows_written_to_the_template_without_a_migration_are_copied_too():
    """The script copies only the template's non-empty tables; rows that appear elsewhere (by
    hand, by a data fix) make it generated again."""
    first = schema_script()
    _execute(f"INSERT INTO \"{TEMPLATE}\".auth_group (name) VALUES ('written_by_hand')")
    second = schema_script()
    assert second is not first
    assert second.state == first.state
    _make("u_drifted")
    assert schema_catalog("u_drifted") == schema_catalog(TEMPLATE)
    assert schema_catalog("u_drifted")["rows"]["auth_group"][0][1] == "written_by_hand"


PATTERN_OPS_INDEXES = """
SELECT n.nspname, ic.relname FROM pg_index i
JOIN pg_class ic ON ic.oid = i.indexrelid JOIN pg_namespace n ON n.oid = ic.relnamespace
JOIN pg_opclass oc ON oc.oid = ANY (i.indclass::oid[])
WHERE n.nspname = ANY (%s) AND oc.opcname IN ('varchar_pattern_ops', 'text_pattern_ops')
"""


def _pattern_ops_indexes(*schemas: str) -> list[tuple[str, str]]:
    with connection.cursor() as cursor:
        cursor.execute(PATTERN_OPS_INDEXES, [list(schemas)])
        return cursor.fetchall()


def test_no_schema_has_the_like_twin_indexes_and_indexed_text_keeps_its_index():
    """The project's schema editor makes no ``_like`` twins (tenants/postgresql/base.py), in a
    migrated schema as in the template, so not in the script's units either."""
    _make("u_no_twins")
    _execute('CREATE SCHEMA "u_migrated_no_twins"')
    call_command("migrate_schemas", tenant=True, schema_name="u_migrated_no_twins", interactive=False, verbosity=0)
    connection.set_schema_to_public()
    assert _pattern_ops_indexes("public", TEMPLATE, "u_no_twins", "u_migrated_no_twins") == []
    indexes = schema_catalog("u_no_twins")["indexes"]
    assert any("(receipt_code)" in definition for _name, definition, *_ in indexes)  # db_index=True, by equality


def test_the_migration_drops_twins_made_before_only_in_the_schema_it_migrates():
    import importlib
    from types import SimpleNamespace

    migration = importlib.import_module("core.accounts.migrations.0006_no_pattern_ops_twin_indexes")
    _make("u_old_twins")
    _execute('CREATE INDEX auth_group_name_0000_like ON "u_old_twins".auth_group (name varchar_pattern_ops)')
    _execute('CREATE INDEX auth_group_name_0000_like ON "public".auth_group (name varchar_pattern_ops)')
    _execute('CREATE INDEX django_session_key_0000_like ON "u_old_twins".django_session (session_key)')  # no twin
    connection.set_schema("u_old_twins")
    migration.twins_drop(None, SimpleNamespace(connection=connection))
    connection.set_schema_to_public()
    assert _pattern_ops_indexes("u_old_twins") == []
    assert _pattern_ops_indexes("public") == [("public", "auth_group_name_0000_like")]
    assert "django_session_key_0000_like" in [row[0] for row in schema_catalog("u_old_twins")["indexes"]]
