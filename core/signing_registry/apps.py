from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SigningRegistryConfig(AppConfig):
    """The platform's public register of units' signing certificates (public schema): what the
    verification page trusts. Certificates only, never a private key."""

    name = "core.signing_registry"
    label = "signing_registry"
    verbose_name = _("Signing certificates of the units")
