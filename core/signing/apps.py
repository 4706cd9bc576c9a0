from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningConfig(AppConfig):
    """A unit's signing certificate (encrypted with the unit's key) and the signature of each issued
    PDF (unit schema)."""

    name = "core.signing"
    label = "signing"
    verbose_name = _("Digital signatures")
