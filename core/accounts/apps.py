from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "core.accounts"
    label = "accounts"
    verbose_name = _("Accounts")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate
        from django_tenants.signals import post_schema_sync

        post_migrate.connect(_roles_sync, dispatch_uid="accounts_roles_sync")
        # tenants.provisioning sends it once a unit's schema exists; tenants never imports us.
        post_schema_sync.connect(_roles_on_schema_sync, dispatch_uid="accounts_roles_on_schema_sync")
        from .audit import signals_connect

        # The tamper-evident audit log hears sign-ins, onboarding, invitations and admin actions.
        signals_connect()
        _hide_device_admin()


def _hide_device_admin() -> None:
    """django-otp registers its devices in the admin (keys included, in English); devices are managed
    by their owners' enrolment page and reset by the unit administrator, never edited by hand."""
    from django.contrib import admin
    from django_otp.plugins.otp_static.models import StaticDevice
    from django_otp.plugins.otp_totp.models import TOTPDevice

    for model in (TOTPDevice, StaticDevice):
        if admin.site.is_registered(model):
            admin.site.unregister(model)


def _roles_on_schema_sync(sender, tenant, **kwargs) -> None:
    """A new (or re-provisioned) unit gets its role groups in its own schema."""
    from django_tenants.utils import schema_context

    from .services import roles_ensure

    with schema_context(tenant.schema_name):
        roles_ensure(unit=tenant)


def _roles_sync(sender, app_config=None, **kwargs) -> None:
    """After a unit's schema is migrated, bring its role groups up to date with roles.py.

    A change of ROLE_PERMISSIONS thus reaches every existing unit with the next `migrate`.
    """
    from django.apps import apps

    from tenants.db import connection

    if app_config is None or app_config is not list(apps.get_app_configs())[-1]:
        return  # once per schema, after every app's permissions exist
    from tenants.models import Unit

    unit = Unit.objects.filter(schema_name=connection.schema_name).exclude(kind="platform").first()
    if unit is not None:
        from .services import roles_ensure

        roles_ensure(unit=unit)
