from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OpsConfig(AppConfig):
    """Operations (README, "Operations"): the worker's heartbeat, readiness checks, Prometheus
    metrics and the log context. Public schema only; it stores no case and no personal data."""

    name = "core.ops"
    label = "ops"
    verbose_name = _("Operations")

    def ready(self) -> None:
        from . import metrics

        metrics.task_signals_connect()
