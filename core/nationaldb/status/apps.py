from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalDbStatusConfig(AppConfig):
    """Where each unit's hand-off to the national database stands, in the public schema: the counts
    the provincial inspectorate reads across its units. No case, no personal data."""

    name = "core.nationaldb.status"
    label = "nationaldb_status"
    verbose_name = _("National database sync status")
