"""Migrations find a unit's UNIQUE constraints by their columns: a cloned schema names them
PostgreSQL's way, not the model's (core.common.migrations)."""

from types import SimpleNamespace

import pytest
from django.db import connection

from core.common.migrations import uniques_drop

pytestmark = pytest.mark.django_db


def _uniques(cursor) -> set[str]:
    cursor.execute(
        "SELECT indexrelid::regclass::text FROM pg_index WHERE indrelid = 'clone_probe'::regclass AND indisunique"
    )
    return {row[0] for row in cursor.fetchall()}


def test_uniques_are_dropped_by_their_columns_whatever_their_names():
    with connection.cursor() as cursor:
        cursor.execute(
            "CREATE TABLE clone_probe (id int PRIMARY KEY, year int, kind text, number int, UNIQUE (year, kind))"
        )
        cursor.execute("CREATE UNIQUE INDEX probe_once ON clone_probe (year, kind, number) WHERE number > 0")
        cursor.execute("CREATE UNIQUE INDEX probe_other ON clone_probe (kind, number)")
        assert _uniques(cursor) == {"clone_probe_pkey", "clone_probe_year_kind_key", "probe_once", "probe_other"}
        editor = SimpleNamespace(connection=connection)  # what uniques_drop uses of a schema editor
        assert uniques_drop(editor, "clone_probe", ["kind", "year"]) == 1
        assert uniques_drop(editor, "clone_probe", ["number", "year", "kind"]) == 1
        assert uniques_drop(editor, "clone_probe", ["year"]) == 0
        # The primary key and the unique index over other columns stay.
        assert _uniques(cursor) == {"clone_probe_pkey", "probe_other"}
