from django.db import migrations

# The national calendar from the holidays package; later years: manage.py calendar_seed --from … --to ….
SEED_YEARS = range(2019, 2032)


def seed_calendar(apps, schema_editor):
    from core.legal.services import calendar_seed

    calendar_seed(years=SEED_YEARS, model=apps.get_model("legal", "CalendarDay"))


def unseed_calendar(apps, schema_editor):
    apps.get_model("legal", "CalendarDay").objects.filter(source="holidays").delete()


class Migration(migrations.Migration):
    dependencies = [("legal", "0001_initial")]

    operations = [migrations.RunPython(seed_calendar, unseed_calendar)]
