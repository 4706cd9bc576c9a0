from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransfersConfig(AppConfig):
    """Petitions forwarded between units of the platform: each unit's outbox, inbox and transfers
    (its own schema); the PII-free track of every transfer lives in ``core.transfers.tracking``."""

    name = "core.transfers"
    label = "transfers"
    verbose_name = _("Transfers between units")
