from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class Open311Config(AppConfig):
    """Open311 GeoReport v2 per unit: the applications allowed to post service requests, and the
    requests they posted (each one a petition of the unit)."""

    name = "core.open311"
    label = "open311"
    verbose_name = _("Open311")
