"""Abstract models that several apps share (no tables of their own).

``tenants`` may import this module (the one exception to "tenants knows no domain app" in the
import-linter contracts of pyproject.toml): it holds no domain, only the shape of a background job.
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _


class InForceQuerySet(models.QuerySet):
    def in_force(self, on: date) -> InForceQuerySet:
        """The versions in force on ``on`` (both ends inclusive)."""
        return self.filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=on), effective_from__lte=on)

    def in_force_during(self, start: date, end: date | None) -> InForceQuerySet:
        """The versions in force on some day of [start, end] (``end`` None: from ``start`` on)."""
        versions = self.filter(models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=start))
        return versions if end is None else versions.filter(effective_from__lte=end)


class VersionedRule(models.Model):
    """A rule of law as data, versioned by effective date: a change in the law is a new row with a
    later ``effective_from``, never an edit, and a case is judged by the version in force on its
    triggering event's date (``Model.objects.in_force(on)``)."""

    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True, help_text=_("Inclusive; empty: open."))
    legal_basis = models.CharField(_("legal basis"), max_length=255)

    objects = InForceQuerySet.as_manager()

    class Meta:
        abstract = True
        constraints = [
            models.CheckConstraint(
                condition=models.Q(effective_to__isnull=True) | models.Q(effective_to__gte=models.F("effective_from")),
                name="%(app_label)s_%(class)s_effective_range",
                violation_error_message=_("A rule cannot end before it starts."),
            ),
        ]

    def is_in_force(self, on: date) -> bool:
        return self.effective_from <= on and (self.effective_to is None or on <= self.effective_to)

    def clean(self) -> None:
        super().clean()
        # The constraint says it too, but against the field a form can show it on.
        if self.effective_from and self.effective_to and self.effective_to < self.effective_from:
            raise ValidationError({"effective_to": _("A rule cannot end before it starts.")})


class ProgressJob(models.Model):
    """A long job run by the worker, item by item, whose progress pages and the API follow."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    # Subclasses name what they count (units to onboard, units computed…).
    total = models.PositiveIntegerField(_("total"), default=0)
    done = models.PositiveIntegerField(_("done"), default=0)
    current = models.CharField(_("current unit"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(_("created at"), default=timezone.now)
    started_at = models.DateTimeField(_("started at"), null=True, blank=True)
    finished_at = models.DateTimeField(_("finished at"), null=True, blank=True)

    class Meta:
        abstract = True
        ordering = ["-created_at"]

    @property
    def percent(self) -> int:
        if self.status == self.Status.DONE:
            return 100
        return int(100 * self.done / max(self.total, 1))

    def progress_save(self, **fields) -> None:
        """Set and save only ``fields``, so the progress shows while the job runs (each save commits
        on its own outside a transaction)."""
        for name, value in fields.items():
            setattr(self, name, value)
        self.save(update_fields=list(fields))


def model_field(model: type[models.Model], name: str) -> models.Field:
    """``model``'s field ``name`` itself (not a reverse relation): for its verbose name and choices."""
    field = model._meta.get_field(name)
    if not isinstance(field, models.Field):
        raise TypeError(f"{model.__name__}.{name} is a reverse relation, not a field")
    return field
