from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class NationalDbConfig(AppConfig):
    """The hand-off to the national database of citizen reception and petitions (NĐ 55/2022): each
    unit's export records (its own schema), written in the step's transaction and sent by the worker;
    what the inspectorate sees of them (counts only) lives in ``core.nationaldb.status``."""

    name = "core.nationaldb"
    label = "nationaldb"
    verbose_name = _("National database hand-off")

    def ready(self) -> None:
        from django.db.models.signals import post_save

        from core.petitions.models import Citizen
        from core.petitions.signals import petition_event_recorded

        from .services import export_on_event, senders_follow_citizen

        # The petitions area knows nothing of us: it announces each step, we answer in its transaction.
        petition_event_recorded.connect(export_on_event, dispatch_uid="nationaldb.export_on_event")
        post_save.connect(senders_follow_citizen, sender=Citizen, dispatch_uid="nationaldb.senders_follow_citizen")
