"""Running clocks copy their rule's legal basis: cite it the Vietnamese way too (legal 0010)."""

from importlib import import_module

from django.db import migrations

BASIS_VI = import_module("core.legal.migrations.0010_legal_basis_in_vietnamese").BASIS_VI


def forwards(apps, schema_editor):
    Deadline = apps.get_model("petitions", "Deadline")
    for old, new in BASIS_VI.items():
        Deadline.objects.filter(legal_basis=old).update(legal_basis=new)


class Migration(migrations.Migration):
    dependencies = [
        ("petitions", "0008_seal_mixed_senders_and_audit_backfill"),
        ("legal", "0010_legal_basis_in_vietnamese"),
    ]

    operations = [migrations.RunPython(forwards, migrations.RunPython.noop)]
