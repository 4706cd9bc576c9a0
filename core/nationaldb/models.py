"""A unit's export records for the national database: one per exported step of a case.

The record is written in the step's transaction with the package built from the petition as it
stood then, so a step that fails leaves none and a later change does not rewrite what was sent.
``key`` (unit code, event id, schema version) is stable: it travels with the package and is what
the receiving side deduplicates on, so sending a record again is harmless.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext_lazy as _

from .choices import ExportEvent, Milestone, RecordState


class ExportRecord(models.Model):
    key = models.CharField(_("record key"), max_length=80, unique=True, editable=False)
    petition = models.ForeignKey(
        "petitions.Petition", on_delete=models.CASCADE, related_name="nationaldb_records", verbose_name=_("petition")
    )
    event = models.OneToOneField(
        "petitions.PetitionEvent", on_delete=models.CASCADE, related_name="+", verbose_name=_("step")
    )
    event_name = models.CharField(_("event"), max_length=20, choices=ExportEvent.choices)
    milestone = models.CharField(_("milestone"), max_length=30, choices=Milestone.choices)
    schema_version = models.PositiveSmallIntegerField(_("package version"))
    package = models.JSONField(_("package"))
    state = models.CharField(_("state"), max_length=15, choices=RecordState.choices, default=RecordState.PENDING)
    # The batch the record went (or is going) out in: set before anything leaves, so a send retried
    # after a crash carries the same records under the same batch name.
    batch = models.CharField(_("batch"), max_length=80, blank=True, db_index=True)
    attempts = models.PositiveSmallIntegerField(_("attempts"), default=0)
    last_error = models.TextField(_("reason"), blank=True)
    next_attempt_at = models.DateTimeField(_("next attempt"), null=True, blank=True)
    created_at = models.DateTimeField(_("queued at"), auto_now_add=True)
    sent_at = models.DateTimeField(_("sent at"), null=True, blank=True)
    acknowledged_at = models.DateTimeField(_("acknowledged at"), null=True, blank=True)

    class Meta:
        verbose_name = _("national database export record")
        verbose_name_plural = _("national database export records")
        ordering = ["id"]
        indexes = [
            models.Index(fields=["state", "created_at"], name="nationaldb_state_created"),
            models.Index(fields=["petition", "state"], name="nationaldb_petition_state"),
        ]

    def __str__(self) -> str:
        return f"{self.key} {self.state}"
