from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TransferTrackingConfig(AppConfig):
    """Where every transfer between units stands, in the public schema: what the platform admin,
    the inspectorate and a citizen's receipt lookup read. No personal data."""

    name = "core.transfers.tracking"
    label = "transfers_tracking"
    verbose_name = _("Transfer tracking")
