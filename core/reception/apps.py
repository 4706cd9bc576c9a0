from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ReceptionConfig(AppConfig):
    name = "core.reception"
    label = "reception"
    verbose_name = _("Citizen reception")

    def ready(self) -> None:
        from core.caseindex.sources import index_source_register

        from .services.index import reception_index_compare

        index_source_register("reception", reception_index_compare)
