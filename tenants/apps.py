from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TenantsConfig(AppConfig):
    name = "tenants"
    verbose_name = _("Administrative units")

    def ready(self) -> None:
        from django.core.signals import request_finished

        from .connections import connection_recycle

        request_finished.connect(connection_recycle, dispatch_uid="tenants.connection_recycle")
