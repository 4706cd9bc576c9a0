"""The ``migrate`` command as it was before ``tenants.migration_plan``: django-tenants'
``migrate_schemas`` through ``GET_EXECUTOR_FUNCTION`` (django_tenants_smart_executor, which asks
each schema in turn whether it is behind), then the template schema.

``python -m benchmarks.migrations.baseline [migrate options]`` runs it like ``manage.py migrate``.
"""

from __future__ import annotations

import os
import sys

from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand


class Command(MigrateSchemasCommand):
    def handle(self, *args, **options):
        from django.conf import settings

        from tenants.provisioning import template_schema_sync

        super().handle(*args, **options)
        schema = options.get("schema_name")
        if self.sync_tenant and schema in (None, "", settings.PUBLIC_SCHEMA_NAME):
            template_schema_sync()


def main() -> None:
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings.test")
    import django

    django.setup()
    Command().run_from_argv(["manage.py", "migrate", *sys.argv[1:]])


if __name__ == "__main__":
    main()
