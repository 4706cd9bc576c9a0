"""django-tenants' migrate_schemas, then the template schema new units are cloned from.

A stale template would give new units a schema that lacks the latest tables while its migration
history claims otherwise, so the template is migrated with every migration run.
"""

from django.conf import settings
from django_tenants.management.commands.migrate_schemas import MigrateSchemasCommand


class Command(MigrateSchemasCommand):
    def handle(self, *args, **options):
        super().handle(*args, **options)
        schema = options.get("schema_name")
        if self.sync_tenant and schema in (None, "", settings.PUBLIC_SCHEMA_NAME):
            from tenants.provisioning import template_schema_sync

            template_schema_sync()
