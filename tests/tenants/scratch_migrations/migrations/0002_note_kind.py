import os

from django.db import migrations


def fail_in_one_schema(apps, schema_editor):
    if schema_editor.connection.schema_name == os.environ.get("SCRATCH_FAIL_SCHEMA"):
        raise RuntimeError(f"scratch migration fails in {schema_editor.connection.schema_name} on purpose")


class Migration(migrations.Migration):
    dependencies = [("scratch_migrations", "0001_note")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE scratch_note ADD COLUMN kind text NOT NULL DEFAULT ''",
            "ALTER TABLE scratch_note DROP COLUMN kind",
        ),
        migrations.RunSQL("CREATE INDEX scratch_note_kind ON scratch_note (kind)", "DROP INDEX scratch_note_kind"),
        migrations.RunPython(fail_in_one_schema, migrations.RunPython.noop),
    ]
