from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DocumentFormsConfig(AppConfig):
    """The forms documents are laid out from, shared by every unit (public schema)."""

    name = "core.documents.forms"
    label = "document_forms"
    verbose_name = _("Document forms")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        post_migrate.connect(_forms_sync, sender=self, dispatch_uid="document_forms_sync")


def _forms_sync(sender, **kwargs) -> None:
    """Every ``migrate`` brings the table up to date with the manifests in the repository, so a
    form added to the repository is in force after the next deployment's migrate."""
    from django.conf import settings

    from tenants.db import connection

    if connection.schema_name != settings.PUBLIC_SCHEMA_NAME:
        return  # the table lives in the public schema; a unit's migrate has nothing to load
    from .services import forms_load

    forms_load()
