"""The reporting regime as data (public schema): report periods, and frozen report submissions."""

from django.db import models
from django.utils.translation import gettext_lazy as _


class ReportPeriodRule(models.Model):
    """How a reporting circular cuts its periods: the data cut-off day, by effective date.

    Q1 runs from the cut-off day of December of the previous year to the day before the cut-off
    day of March; 6 months, 9 months and the year run from the same start to June, September and
    December; Q2–Q4 run from the cut-off day of the quarter's previous last month. The 15th → 14th
    cycle of NĐ 09/2019 Art. 12 is inferred for TT 06/2025 [U] (domain.md §9): a platform admin
    corrects it here, with a new version, when the circular's text is checked.
    """

    form_version = models.CharField(_("form version"), max_length=40)
    cutoff_day = models.PositiveSmallIntegerField(_("cut-off day of the month"))
    effective_from = models.DateField(_("effective from"))
    effective_to = models.DateField(_("effective to"), null=True, blank=True)
    legal_basis = models.CharField(_("legal basis"), max_length=255)
    confidence = models.CharField(_("confidence"), max_length=1, default="U")
    notes = models.TextField(_("notes"), blank=True)

    class Meta:
        verbose_name = _("report period rule")
        verbose_name_plural = _("report period rules")
        ordering = ["-effective_from"]
        permissions = [
            ("view_report", _("Can view the unit's periodic reports")),
            ("submit_report", _("Can submit (freeze) the unit's periodic reports")),
            ("view_province_report", _("Can view and roll up the province's reports")),
        ]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(cutoff_day__gte=1, cutoff_day__lte=28), name="report_period_cutoff_day"
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_version}: {self.cutoff_day} ({self.effective_from:%d/%m/%Y})"
