from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "core.legal"
    label = "legal"
    verbose_name = _("Legal deadlines")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_calendar_ahead, sender=self, dispatch_uid="legal_calendar_ahead")


def _calendar_ahead(*, using: str = "default", **kwargs) -> None:
    """After migrating, the calendar covers this year and the next years (the daily beat entry keeps it so)."""
    from django.conf import settings
    from django.db import connections

    public = settings.PUBLIC_SCHEMA_NAME
    connection = connections[using]
    # django-tenants migrates each unit's schema in turn; the calendar lives in the public schema only.
    if getattr(connection, "schema_name", public) != public:
        return
    from .models import CalendarYear
    from .services import calendar_seed_ahead

    if CalendarYear._meta.db_table not in connection.introspection.table_names():
        return  # migrated only part of the way

    calendar_seed_ahead()
