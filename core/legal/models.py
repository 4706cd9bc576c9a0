"""The law as data, in the public schema: the national working calendar and the versioned deadline rules.

Both are national, so every unit reads the same rows; a platform admin amends them in the Django admin. Deadlines
are recomputed from these rows, so changing a rule or a calendar day changes what the engine answers — which is why
rules are versioned by effective date rather than edited in place when the law changes.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.common.models import VersionedRule

from .choices import Confidence, DayKind, DaySource, DayUnit, Direction

code_validator = RegexValidator(
    r"^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)+$",
    _("Use dotted lower-case words, e.g. complaint.acceptance."),
)
variant_validator = RegexValidator(r"^[a-z0-9_]*$", _("Use lower-case letters, digits and underscores."))


class CalendarDay(models.Model):
    """A day that departs from the Monday–Friday week of state agencies.

    A day is a working day iff it is a weekday without a holiday or day-off row, or it has a working-day row.
    Rows come from the ``holidays`` package (``source="holidays"``, re-seedable) or from a platform admin
    (``source="admin"``), which seeding never overwrites: an admin cancels a seeded holiday by turning it into a
    working day, cancels a seeded working Saturday by turning it into a day off (the one weekend row that is not a
    working day: it says "not worked after all" and keeps re-seeding from bringing the Saturday back), and adds
    working Saturdays and extra days off as the government announces them.
    """

    date = models.DateField(_("date"), unique=True)
    kind = models.CharField(_("kind"), max_length=16, choices=DayKind.choices)
    name = models.CharField(_("name"), max_length=200, blank=True)
    source = models.CharField(_("source"), max_length=16, choices=DaySource.choices, default=DaySource.ADMIN)
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

    class Meta:
        verbose_name = _("calendar day")
        verbose_name_plural = _("calendar days")
        ordering = ["date"]
        constraints = [
            # A weekend is already a day off: only a working-day row changes it, or an admin's day off cancelling
            # a seeded working Saturday.
            models.CheckConstraint(
                condition=models.Q(kind=DayKind.WORKING_DAY)
                | models.Q(date__iso_week_day__lte=5)
                | models.Q(kind=DayKind.DAY_OFF, source=DaySource.ADMIN),
                name="legal_calendarday_day_off_on_weekday",
                violation_error_message=_(
                    "Holidays are weekdays; on a weekend only a working day, or a day off cancelling one, is recorded."
                ),
            ),
        ]

    def __str__(self) -> str:
        return f"{self.date:%d/%m/%Y} {self.get_kind_display()}"

    @property
    def is_weekend(self) -> bool:
        return self.date.isoweekday() > 5


class CalendarYear(models.Model):
    """A year whose holidays were seeded from the ``holidays`` package: the engine computes only inside seeded
    years, because an unseeded year looks like an ordinary run of weekdays (New Year and Tết silently ignored)."""

    year = models.PositiveSmallIntegerField(_("year"), primary_key=True)
    seeded_at = models.DateTimeField(_("seeded at"), auto_now=True)

    class Meta:
        verbose_name = _("calendar year")
        verbose_name_plural = _("calendar years")
        ordering = ["year"]

    def __str__(self) -> str:
        return str(self.year)


class DeadlineRule(VersionedRule):
    """One legal clock (domain.md §6) in one version: length, unit, source and the dates it is in force.

    A clock is identified by ``code`` and ``variant`` (blank for the normal case; "complex", "remote",
    "remote_complex", "law", "max"…); a change in the law is a new row with a later ``effective_from``, and the
    version applied to a case is the one in force on its triggering event's date (receipt → acceptance clock,
    acceptance → resolution clock). ``effective_to`` is inclusive.
    """

    code = models.CharField(_("code"), max_length=64, validators=[code_validator])
    variant = models.CharField(_("variant"), max_length=32, blank=True, validators=[variant_validator])
    length = models.PositiveIntegerField(_("length"))
    unit = models.CharField(_("unit"), max_length=2, choices=DayUnit.choices)
    direction = models.CharField(
        _("direction"),
        max_length=8,
        choices=Direction.choices,
        default=Direction.AFTER,
        help_text=_("“Before” for acts required at least this many days before an event (e.g. publishing a schedule)."),
    )
    is_operative = models.BooleanField(
        _("operative"),
        default=True,
        help_text=_(
            "Drives alerts. A non-operative clock (e.g. the Law's 10 days) is computed alongside for comparison."
        ),
    )
    is_statutory = models.BooleanField(
        _("statutory"),
        default=True,
        help_text=_("Unticked for service-level targets that no law sets, so reports can label them."),
    )
    extension_code = models.CharField(
        _("extension rule"),
        max_length=64,
        blank=True,
        validators=[code_validator],
        help_text=_("Code of the rule giving the length of one extension of this clock, if it can be extended."),
    )
    max_extensions = models.PositiveSmallIntegerField(_("maximum extensions"), default=0)
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    description_vi = models.TextField(_("description (Vietnamese)"))
    description_en = models.TextField(_("description (English)"))
    notes = models.TextField(_("notes"), blank=True, help_text=_("Caveats about the source or the reading."))
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)
    updated_at = models.DateTimeField(_("updated at"), auto_now=True)

    class Meta(VersionedRule.Meta):
        verbose_name = _("deadline rule")
        verbose_name_plural = _("deadline rules")
        ordering = ["code", "variant", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["code", "variant", "effective_from"], name="legal_deadlinerule_version"),
            *VersionedRule.Meta.constraints,
        ]

    def __str__(self) -> str:
        variant = f" [{self.variant}]" if self.variant else ""
        return f"{self.code}{variant}: {self.length} {self.unit} from {self.effective_from:%d/%m/%Y}"

    def clean(self) -> None:
        super().clean()
        if self.max_extensions and not self.extension_code:
            raise ValidationError({"extension_code": _("Name the rule that gives the length of an extension.")})
        if not self.effective_from:
            return
        # Two versions in force on the same day would make the choice of rule arbitrary.
        versions = DeadlineRule.objects.filter(code=self.code, variant=self.variant).exclude(pk=self.pk)
        if versions.in_force_during(self.effective_from, self.effective_to).exists():
            raise ValidationError(_("Another version of this rule is in force during part of the same period."))


class ReceptionQuotaRule(VersionedRule):
    """The minimum number of days a unit's head must receive citizens in person, by unit kind and
    effective date (domain.md §5.7): a commune chairman 1 day a week until 30/6/2026 and at least
    2 days a month from 1/7/2026; heads of provincial bodies and departments 1 day a month."""

    class Per(models.TextChoices):
        WEEK = "week", _("per week")
        MONTH = "month", _("per month")

    unit_kinds = models.JSONField(_("unit kinds"))
    min_days = models.PositiveSmallIntegerField(_("minimum days"))
    per = models.CharField(_("per"), max_length=5, choices=Per.choices)
    confidence = models.CharField(_("confidence"), max_length=1, default="V")

    class Meta(VersionedRule.Meta):
        verbose_name = _("reception quota rule")
        verbose_name_plural = _("reception quota rules")
        ordering = ["effective_from"]

    def __str__(self) -> str:
        return f"{self.min_days}/{self.per} {self.unit_kinds} ({self.effective_from:%d/%m/%Y})"

    def clean(self) -> None:
        super().clean()
        if not self.effective_from or not self.unit_kinds:
            return
        # Each week or month is measured against one version: two in force for the same kind of
        # unit would count the head's reception twice.
        others = ReceptionQuotaRule.objects.exclude(pk=self.pk).in_force_during(self.effective_from, self.effective_to)
        if any(kind in rule.unit_kinds for rule in others for kind in self.unit_kinds):
            raise ValidationError(
                _(
                    "Another version of the quota for one of these kinds of unit is in force during part of "
                    "the same period."
                )
            )


class LegalParameter(VersionedRule):
    """A single number the law (or our reading of it) sets, versioned like the rules."""

    # Dotted like the rules' codes (reception.crowd_threshold): a slug refused the seeded rows.
    code = models.CharField(_("code"), max_length=60, db_index=True, validators=[code_validator])
    value = models.IntegerField(_("value"))
    confidence = models.CharField(_("confidence"), max_length=1, default="U")
    notes = models.TextField(_("notes"), blank=True)

    class Meta(VersionedRule.Meta):
        verbose_name = _("legal parameter")
        verbose_name_plural = _("legal parameters")
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="legal_parameter_version"),
            *VersionedRule.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.code}={self.value}"

    def clean(self) -> None:
        super().clean()
        if not self.effective_from:
            return
        others = LegalParameter.objects.filter(code=self.code).exclude(pk=self.pk)
        if others.in_force_during(self.effective_from, self.effective_to).exists():
            raise ValidationError(_("Another version of this parameter is in force during part of the same period."))


class RefusalGround(VersionedRule):
    """A legal ground for refusing to receive a citizen (domain.md §5.1), in force on the visit's date: Reception
    Law Art. 9 throughout, and the grounds NĐ 154/2026 Art. 4(1) adds from 1/7/2026. ``code`` is the value a visit
    records (``core.reception.choices.RefusalReason``, which carries the label). ``requires_notice``: the head must
    also issue the written refusal notice (Form 01/TCD; the clock ``reception.refusal_notice``)."""

    code = models.CharField(_("code"), max_length=20)
    requires_notice = models.BooleanField(
        _("refusal notice (01/TCD) required"),
        default=False,
        help_text=_("The head issues the written refusal notice, within the time limit of reception.refusal_notice."),
    )
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta(VersionedRule.Meta):
        verbose_name = _("refusal ground")
        verbose_name_plural = _("refusal grounds")
        ordering = ["effective_from", "code"]
        constraints = [
            models.UniqueConstraint(fields=["code", "effective_from"], name="legal_refusalground_version"),
            *VersionedRule.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.code} ({self.legal_basis})"

    def clean(self) -> None:
        super().clean()
        if not self.effective_from:
            return
        others = RefusalGround.objects.filter(code=self.code).exclude(pk=self.pk)
        if others.in_force_during(self.effective_from, self.effective_to).exists():
            raise ValidationError(_("Another version of this ground is in force during part of the same period."))


class CompetenceRule(VersionedRule):
    """Which kinds of unit may accept a kind of case (and, for complaints, which level), by effective date
    (domain.md §5.3 "Competence", §12.5): e.g. a second-level complaint is for the provincial chairman or a
    department, never a commune. A kind of case with no version in force is not restricted."""

    petition_type = models.CharField(_("type of case"), max_length=20)
    level = models.PositiveSmallIntegerField(
        _("complaint level"), null=True, blank=True, help_text=_("Empty: every level.")
    )
    unit_kinds = models.JSONField(_("unit kinds that may accept"))
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    notes = models.TextField(_("notes"), blank=True)

    class Meta(VersionedRule.Meta):
        verbose_name = _("competence rule")
        verbose_name_plural = _("competence rules")
        ordering = ["petition_type", "level", "effective_from"]
        constraints = [
            models.UniqueConstraint(
                fields=["petition_type", "level", "effective_from"], name="legal_competencerule_version"
            ),
            *VersionedRule.Meta.constraints,
        ]

    def __str__(self) -> str:
        level = f" {self.level}" if self.level else ""
        return f"{self.petition_type}{level}: {', '.join(self.unit_kinds)} ({self.effective_from:%d/%m/%Y})"

    def clean(self) -> None:
        super().clean()
        if not self.effective_from:
            return
        # Two versions in force on one day would make the answer depend on which is read first.
        others = CompetenceRule.objects.filter(petition_type=self.petition_type, level=self.level).exclude(pk=self.pk)
        if others.in_force_during(self.effective_from, self.effective_to).exists():
            raise ValidationError(_("Another version of this rule is in force during part of the same period."))
