"""The provincial inspectorate's cross-unit records (public schema): inspections of units' responsibility,
their recommendations, and the time-boxed grants under which an inspector may open a case of another unit."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy


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


class InspectionRecommendation(models.Model):
    """A recommendation of an inspection, followed up until the responsible unit has carried it out."""

    class Status(models.TextChoices):
        OPEN = "open", pgettext_lazy("follow-up", "Open")
        DONE = "done", _("Done")

    inspection = models.ForeignKey(
        Inspection, on_delete=models.CASCADE, related_name="recommendations", verbose_name=_("inspection")
    )
    text = models.TextField(_("recommendation"))
    unit_code = models.CharField(_("responsible unit"), max_length=32, db_index=True)
    due_date = models.DateField(_("due date"))
    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.OPEN)
    done_on = models.DateField(_("done on"), null=True, blank=True)
    follow_up_notes = models.TextField(_("follow-up notes"), blank=True)
    created_by = models.CharField(_("created by"), max_length=150)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("inspection recommendation")
        verbose_name_plural = _("inspection recommendations")
        ordering = ["due_date", "id"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(status="open", done_on__isnull=True)
                | models.Q(status="done", done_on__isnull=False),
                name="recommendation_done_on",
            ),
        ]

    def __str__(self) -> str:
        return f"{self.inspection_id}: {self.text[:40]}"

    @property
    def is_late(self) -> bool:
        return self.status == self.Status.OPEN and self.due_date < timezone.localdate()


class CaseAccessGrant(models.Model):
    """The right of one inspectorate account to open the cases of one unit, for a few days only."""

    inspectorate_code = models.CharField(_("inspectorate"), max_length=32)
    username = models.CharField(_("account"), max_length=150)
    unit_code = models.CharField(_("unit"), max_length=32)
    valid_from = models.DateField(_("valid from"))
    valid_to = models.DateField(_("valid to"))
    reason = models.CharField(_("reason"), max_length=500)
    inspection = models.ForeignKey(
        Inspection,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="grants",
        verbose_name=_("inspection"),
    )
    # Who asked for the grant; it opens nothing until a second person approves it (four eyes): another
    # inspector or the inspectorate's head, never the grantee nor who asked.
    granted_by = models.CharField(_("requested by"), max_length=150)
    approved_by = models.CharField(_("approved by"), max_length=150, blank=True)
    approved_at = models.DateTimeField(_("approved at"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked at"), null=True, blank=True)
    revoked_by = models.CharField(_("revoked by"), max_length=150, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    class Meta:
        verbose_name = _("case access grant")
        verbose_name_plural = _("case access grants")
        ordering = ["-valid_to", "-id"]
        indexes = [models.Index(fields=["inspectorate_code", "username", "unit_code", "valid_to"])]
        constraints = [
            models.CheckConstraint(condition=models.Q(valid_to__gte=models.F("valid_from")), name="grant_valid_period"),
        ]

    def __str__(self) -> str:
        return f"{self.inspectorate_code}/{self.username} → {self.unit_code} {self.valid_from}–{self.valid_to}"

    def is_valid_on(self, day) -> bool:
        return self.approved_at is not None and self.revoked_at is None and self.valid_from <= day <= self.valid_to

    @property
    def is_pending(self) -> bool:
        return self.approved_at is None and self.revoked_at is None


class CaseAccessLog(models.Model):
    """One opening of another unit's case by an inspectorate account, under a grant."""

    inspectorate_code = models.CharField(_("inspectorate"), max_length=32)
    username = models.CharField(_("account"), max_length=150)
    unit_code = models.CharField(_("unit"), max_length=32)
    case_id = models.UUIDField(_("case id"))
    grant = models.ForeignKey(CaseAccessGrant, on_delete=models.PROTECT, related_name="reads", verbose_name=_("grant"))
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("case access log entry")
        verbose_name_plural = _("case access log")
        ordering = ["-at", "-id"]
        indexes = [models.Index(fields=["inspectorate_code", "at"]), models.Index(fields=["unit_code", "at"])]

    def __str__(self) -> str:
        return (
            f"{self.inspectorate_code}/{self.username} read {self.unit_code} {self.case_id} at {self.at:%Y-%m-%d %H:%M}"
        )
