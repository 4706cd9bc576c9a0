from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PetitionsConfig(AppConfig):
    name = "core.petitions"
    label = "petitions"
    verbose_name = _("Petitions")

    def ready(self) -> None:
        from django.db import transaction
        from django.db.models.signals import post_delete, post_save

        from core.caseindex.sources import index_source_register, key_source_register
        from core.legal.models import CalendarDay

        from .services.index import petition_citizen_keys_rekey, petition_index_compare

        index_source_register("petitions", petition_index_compare)
        key_source_register("petitions", petition_citizen_keys_rekey)

        def calendar_changed(**kwargs) -> None:
            # Every open clock of every unit may move: recompute them in the worker, once per
            # transaction however many days it changed.
            connection = transaction.get_connection()
            if not any(func is _recompute_all for _sids, func, _robust in connection.run_on_commit):
                transaction.on_commit(_recompute_all)

        post_save.connect(calendar_changed, sender=CalendarDay, weak=False, dispatch_uid="petitions_calendar_saved")
        post_delete.connect(calendar_changed, sender=CalendarDay, weak=False, dispatch_uid="petitions_calendar_deleted")

        from .models import SealedIdentityAccess
        from .services.sealed import sealed_read_audit

        # Every reading of a sealed identity, whichever service made it, goes into the chained log.
        post_save.connect(sealed_read_audit, sender=SealedIdentityAccess, dispatch_uid="petitions_sealed_read_audit")


def _recompute_all() -> None:
    from .tasks import deadlines_recompute_dispatch

    deadlines_recompute_dispatch.delay()
