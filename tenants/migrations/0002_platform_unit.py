from django.conf import settings
from django.db import migrations


def create_platform_unit(apps, schema_editor):
    """The public schema's registry row: requests that name no unit are served by the platform."""
    Unit = apps.get_model("tenants", "Unit")
    Unit.objects.get_or_create(
        schema_name=settings.PUBLIC_SCHEMA_NAME,
        defaults={"code": "PLATFORM", "name": "Nền tảng TiepDan", "kind": "platform", "status": "active"},
    )


class Migration(migrations.Migration):
    dependencies = [("tenants", "0001_initial")]

    operations = [migrations.RunPython(create_platform_unit, migrations.RunPython.noop)]
