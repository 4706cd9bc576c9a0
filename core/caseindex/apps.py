from typing import Any

from django.apps import AppConfig
from django.db import transaction
from django.utils.translation import gettext_lazy as _


def _cuts_follow_rules(**kwargs: Any) -> None:
    """A report period rule saved or deleted (the admin does one at a time; a bulk ``update()``
    sends no signal, and beat's daily run catches it): once that is committed, recount the month
    counters by the cuts it calls for (nothing is done when the cuts stay the same). Robust: the
    rule is saved whatever the broker does, and beat's daily run queues the recount again."""
    from .tasks import rollups_cuts_follow as rollups_cuts_follow_task

    transaction.on_commit(rollups_cuts_follow_task.delay, robust=True)


class CaseIndexConfig(AppConfig):
    name = "core.caseindex"
    label = "caseindex"
    verbose_name = _("Case index")

    def ready(self) -> None:
        from django.db.models.signals import post_delete, post_save

        from core.reports.models import ReportPeriodRule

        post_save.connect(_cuts_follow_rules, sender=ReportPeriodRule, dispatch_uid="caseindex_cuts_follow_rules")
        post_delete.connect(_cuts_follow_rules, sender=ReportPeriodRule, dispatch_uid="caseindex_cuts_follow_rules")
