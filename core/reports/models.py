"""The reporting regime as data (public schema): report periods, frozen report submissions and
the province roll-up jobs."""

from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from core.common.models import ProgressJob, VersionedRule

from .definitions import FORM_CODES, PERIOD_LABELS_VI


class ReportPeriodRule(VersionedRule):
    """How a reporting circular cuts its periods: the data cut-off day, by effective date.

    Q1 runs from the cut-off day of December of the previous year to the day before the cut-off
    day of March; 6 months, 9 months and the year run from the same start to June, September and
    December; Q2–Q4 run from the cut-off day of the quarter's previous last month. The 15th → 14th
    cycle of NĐ 09/2019 Art. 12 is inferred for TT 06/2025 [U] (domain.md §9): a platform admin
    corrects it here, with a new version, when the circular's text is checked.
    """

    form_version = models.CharField(_("form version"), max_length=40)
    cutoff_day = models.PositiveSmallIntegerField(_("cut-off day of the month"))
    confidence = models.CharField(_("confidence"), max_length=1, default="U")
    notes = models.TextField(_("notes"), blank=True)

    class Meta(VersionedRule.Meta):
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
            ),
            *VersionedRule.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.form_version}: {self.cutoff_day} ({self.effective_from:%d/%m/%Y})"


FORM_CHOICES = [(code, code) for code in FORM_CODES]
PERIOD_CHOICES = list(PERIOD_LABELS_VI.items())


class ReportSubmission(models.Model):
    """A unit's report for one form and period, frozen when its leader submitted it.

    ``data`` is the computed table as it was (``compute.Report.as_dict()``): it is what the unit
    and the inspectorate see afterwards, whatever is recorded later; a recomputation can be
    compared with it. One submission per unit, form, period and year: a resubmission is refused.
    """

    unit_code = models.CharField(_("unit"), max_length=32)
    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    form = models.CharField(pgettext_lazy("report", "form"), max_length=10, choices=FORM_CHOICES)
    period_kind = models.CharField(_("period"), max_length=4, choices=PERIOD_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    rule = models.ForeignKey(ReportPeriodRule, verbose_name=_("period rule"), on_delete=models.PROTECT)
    form_version = models.CharField(_("form version"), max_length=40)
    data = models.JSONField(_("figures as submitted"))
    submitted_by = models.CharField(_("submitted by"), max_length=150)
    submitted_at = models.DateTimeField(_("submitted at"))

    class Meta:
        verbose_name = _("report submission")
        verbose_name_plural = _("report submissions")
        ordering = ["-year", "form", "unit_code"]
        constraints = [
            models.UniqueConstraint(
                fields=["unit_code", "form", "period_kind", "year"], name="report_submission_once_per_period"
            )
        ]
        indexes = [models.Index(fields=["province_code", "form", "period_kind", "year"])]

    def __str__(self) -> str:
        return f"{self.unit_code} {self.form} {self.period_kind}/{self.year}"


class ReportJob(ProgressJob):
    """A province roll-up computed by the worker, unit by unit, with its progress and workbook."""

    ALL_FORMS = "ALL"

    province_code = models.CharField(_("province code"), max_length=2, db_index=True)
    inspectorate_code = models.CharField(_("requested by unit"), max_length=32)
    form = models.CharField(
        pgettext_lazy("report", "form"), max_length=10, choices=[*FORM_CHOICES, (ALL_FORMS, _("All forms"))]
    )
    period_kind = models.CharField(_("period"), max_length=4, choices=PERIOD_CHOICES)
    year = models.PositiveSmallIntegerField(_("year"))
    period_start = models.DateField(_("period from"))
    period_end = models.DateField(_("period to"))
    total = models.PositiveIntegerField(_("units"), default=0)
    done = models.PositiveIntegerField(_("units computed"), default=0)
    data = models.JSONField(_("computed tables"), null=True, blank=True)
    result = models.BinaryField(_("workbook"), null=True, blank=True)
    requested_by = models.CharField(_("requested by"), max_length=150)

    class Meta(ProgressJob.Meta):
        verbose_name = _("report roll-up job")
        verbose_name_plural = _("report roll-up jobs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.form} {self.period_kind}/{self.year} {self.done}/{self.total}"

    @property
    def forms(self) -> list[str]:
        return list(FORM_CODES) if self.form == self.ALL_FORMS else [self.form]

    @property
    def filename(self) -> str:
        form = "tat-ca-bieu" if self.form == self.ALL_FORMS else self.form.replace("/", "-")
        return f"toan-tinh-{self.province_code}-{form}-{self.period_kind}-{self.year}.xlsx"
