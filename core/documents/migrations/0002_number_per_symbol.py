"""Numbers run per symbol and year, not per kind (NĐ 30/2020 Art. 15: a number and symbol is unique
for the issuing body in a year; kinds sharing a symbol shared numbers before this)."""

from django.db import migrations, models
from django.db.models import Count, Max

from core.common.migrations import uniques_drop


def refuse_repeated_numbers(apps, schema_editor):
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    repeated = (
        IssuedDocument.objects.filter(version=1)
        .values("year", "symbol", "number")
        .annotate(count=Count("id"))
        .filter(count__gt=1)
    )
    if repeated:
        listed = ", ".join(f"{r['number']:02d}/{r['symbol']} ({r['year']})" for r in repeated[:20])
        raise RuntimeError(
            f"Schema {schema_editor.connection.schema_name}: these numbers were given to two documents "
            f"of different kinds: {listed}. Cancel and re-issue one of each pair, then migrate again."
        )


def uniques_per_kind_drop(apps, schema_editor):
    # By columns: a cloned unit's constraints do not carry the model's names (core.common.migrations).
    uniques_drop(schema_editor, "documents_registercounter", ["year", "kind"])
    uniques_drop(schema_editor, "documents_issueddocument", ["year", "kind", "number", "version"])
    uniques_drop(schema_editor, "documents_issueddocument", ["year", "kind", "number"])


def counters_per_symbol(apps, schema_editor):
    IssuedDocument = apps.get_model("documents", "IssuedDocument")
    RegisterCounter = apps.get_model("documents", "RegisterCounter")
    RegisterCounter.objects.all().delete()
    RegisterCounter.objects.bulk_create(
        RegisterCounter(year=row["year"], symbol=row["symbol"], last_number=row["last"])
        for row in IssuedDocument.objects.values("year", "symbol").annotate(last=Max("number"))
    )


class Migration(migrations.Migration):
    dependencies = [("documents", "0001_initial")]

    operations = [
        migrations.RunPython(refuse_repeated_numbers, migrations.RunPython.noop),
        migrations.SeparateDatabaseAndState(
            database_operations=[migrations.RunPython(uniques_per_kind_drop, migrations.RunPython.noop)],
            state_operations=[
                migrations.RemoveConstraint(model_name="registercounter", name="documents_counter_year_kind"),
                migrations.RemoveConstraint(model_name="issueddocument", name="documents_number_version"),
                migrations.RemoveConstraint(model_name="issueddocument", name="documents_number_once"),
            ],
        ),
        migrations.RemoveField(model_name="registercounter", name="kind"),
        migrations.AddField(
            model_name="registercounter",
            name="symbol",
            field=models.CharField(default="", max_length=40, verbose_name="symbol"),
            preserve_default=False,
        ),
        migrations.RunPython(counters_per_symbol, migrations.RunPython.noop),
        migrations.AddConstraint(
            model_name="registercounter",
            constraint=models.UniqueConstraint(fields=("year", "symbol"), name="documents_counter_year_symbol"),
        ),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.UniqueConstraint(
                fields=("year", "symbol", "number", "version"), name="documents_number_version"
            ),
        ),
        migrations.AddConstraint(
            model_name="issueddocument",
            constraint=models.UniqueConstraint(
                condition=models.Q(("version", 1)), fields=("year", "symbol", "number"), name="documents_number_once"
            ),
        ),
    ]
