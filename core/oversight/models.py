"""The provincial inspectorate's cross-unit records (public schema): inspections of units' responsibility,
their recommendations, and the time-boxed grants under which an inspector may open a case of another unit."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class Inspection(models.Model):
    """An inspection of a unit's reception and petition handling (mission.md point 4)."""

    inspectorate_code = models.CharField(_("inspectorate"), max_length=32, db_index=True)
    unit_code = models.CharField(_("inspected unit"), max_length=32, db_index=True)
    decision_number = models.CharField(_("decision no."), max_length=100)
    scope = models.TextField(_("scope"))
    period_start = models.DateField(_("inspected period from"))
    period_end = models.DateField(_("inspected period to"))
    starts_on = models.DateField(_("inspection starts"))
    ends_on = models.DateField(_("inspection ends"))
    team = models.JSONField(_("team (usernames in the inspectorate)"), default=list)
    findings = models.TextField(_("findings"), blank=True)
    created_by = models.CharField(_("created by"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("inspection")
        verbose_name_plural = _("inspections")
        ordering = ["-starts_on", "-id"]
        permissions = [
            ("view_province", _("Can see every unit's figures of the province")),
            ("manage_inspection", _("Can record inspections of units")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(period_end__gte=models.F("period_start")), name="inspection_period"
            ),
            models.CheckConstraint(condition=models.Q(ends_on__gte=models.F("starts_on")), name="inspection_dates"),
        ]

    def __str__(self) -> str:
        return f"{self.decision_number} ({self.unit_code})"
