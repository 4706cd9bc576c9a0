from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "core.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from core.legal.models import CalendarDay

        def calendar_changed(**kwargs) -> None:
            # Every open clock of every unit may move: recompute them in the worker, once per
            # transaction however many days it changed.
            from .tasks import deadlines_recompute_dispatch

            connection = transaction.get_connection()
            if getattr(connection, "_calendar_recompute_queued", False):
                return
            connection._calendar_recompute_queued = True

            def dispatch() -> None:
                connection._calendar_recompute_queued = False
                deadlines_recompute_dispatch.delay()

            transaction.on_commit(dispatch)

        post_save.connect(calendar_changed, sender=CalendarDay, weak=False, dispatch_uid="petitions_calendar_saved")
        post_delete.connect(
            calendar_changed, sender=CalendarDay, weak=False, dispatch_uid="petitions_calendar_deleted"
        )
