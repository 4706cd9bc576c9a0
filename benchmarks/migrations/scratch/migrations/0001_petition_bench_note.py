from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [("petitions", "0001_initial")]

    operations = [
        migrations.RunSQL(
            "ALTER TABLE petitions_petition ADD COLUMN bench_note text NOT NULL DEFAULT ''",
            "ALTER TABLE petitions_petition DROP COLUMN bench_note",
        ),
        migrations.RunSQL(
            "CREATE INDEX petitions_petition_bench_note ON petitions_petition (bench_note)",
            "DROP INDEX petitions_petition_bench_note",
        ),
    ]
