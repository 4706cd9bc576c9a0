from django.db import migrations


def seed_rules(apps, schema_editor):
    from core.legal.services import rules_seed

    rules_seed(model=apps.get_model("legal", "DeadlineRule"))


class Migration(migrations.Migration):
    dependencies = [("legal", "0002_seed_calendar")]

    operations = [migrations.RunPython(seed_rules, migrations.RunPython.noop)]
