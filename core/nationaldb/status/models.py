"""Where each unit's hand-off to the national database stands, for the provincial inspectorate.

One row per unit, in the public schema, rewritten by the unit's own steps and sends: counts and
times only, never a case. The inspectorate reads its province's rows with one query instead of
visiting every unit's schema.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _


class UnitSyncStatus(models.Model):
    unit_code = models.CharField(_("unit code"), max_length=32, primary_key=True)
    province_code = models.CharField(_("province code"), max_length=2, blank=True, db_index=True)
    pending = models.PositiveIntegerField(_("pending"), default=0)
    sent = models.PositiveIntegerField(_("sent, awaiting acknowledgement"), default=0)
    failed = models.PositiveIntegerField(_("failed"), default=0)
    oldest_pending_at = models.DateTimeField(_("oldest pending since"), null=True, blank=True)
    last_sent_at = models.DateTimeField(_("last sent at"), null=True, blank=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta:
        verbose_name = _("national database sync status")
        verbose_name_plural = _("national database sync statuses")
        ordering = ["unit_code"]

    def __str__(self) -> str:
        return f"{self.unit_code}: {self.pending} pending, {self.failed} failed"
