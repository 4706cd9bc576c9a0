"""The public-schema registry of administrative units (tenants) and their onboarding jobs."""

from __future__ import annotations

import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_tenants.models import DomainMixin, TenantMixin

UNIT_CODE_RE = re.compile(r"^[A-Z0-9]+(?:-[A-Z0-9]+)*$")


def schema_name_for_code(code: str) -> str:
    """Schema names are derived from unit codes, so a code identifies exactly one schema."""
    return "u_" + code.lower().replace("-", "_")


class UnitKind(models.TextChoices):
    PROVINCIAL_COMMITTEE = "provincial_committee", _("Provincial People's Committee office")
    PROVINCIAL_RECEPTION = "provincial_reception", _("Provincial citizen reception office")
    PROVINCIAL_INSPECTORATE = "provincial_inspectorate", _("Provincial inspectorate")
    DEPARTMENT = "department", _("Department")
    COMMUNE = "commune", _("Commune")
    WARD = "ward", _("Ward")
    SPECIAL_ZONE = "special_zone", _("Special zone")
    LEGACY_DISTRICT = "legacy_district", _("District (before 1/7/2025, read-only)")
    PLATFORM = "platform", _("Platform")


#: Kinds at commune level in the two-tier local government (since 1/7/2025).
COMMUNE_LEVEL_KINDS = frozenset({UnitKind.COMMUNE, UnitKind.WARD, UnitKind.SPECIAL_ZONE})


class UnitStatus(models.TextChoices):
    PROVISIONING = "provisioning", _("Being set up")
    ACTIVE = "active", _("Active")
    ARCHIVED = "archived", _("Archived")


class Unit(TenantMixin):
    """An administrative unit with its own schema: a department, a commune, the inspectorate…

    A unit is a legal body with a lifespan: it is archived, never dropped, when it is merged or
    dissolved, so its records stay readable for historical reports.
    """

    code = models.CharField(_("code"), max_length=32, unique=True)
    name = models.CharField(_("name"), max_length=255)
    kind = models.CharField(_("kind"), max_length=32, choices=UnitKind.choices)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent unit"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    province_code = models.CharField(_("province code"), max_length=2, blank=True)
    province_name = models.CharField(_("province"), max_length=100, blank=True)
    is_remote_area = models.BooleanField(
        _("remote or disadvantaged area"),
        default=False,
        help_text=_("Legal deadlines for complaints are longer in remote areas."),
    )
    status = models.CharField(_("status"), max_length=16, choices=UnitStatus.choices, default=UnitStatus.PROVISIONING)
    valid_from = models.DateField(_("valid from"), null=True, blank=True)
    valid_to = models.DateField(_("valid to"), null=True, blank=True)
    created_at = models.DateTimeField(auto_now_add=True)

    # Schemas are created by tenants.provisioning inside a serialised Celery job, never on save().
    auto_create_schema = False
    auto_drop_schema = False

    class Meta:
        verbose_name = _("unit")
        verbose_name_plural = _("units")
        ordering = ["province_code", "kind", "code"]
        constraints = [
            models.CheckConstraint(
                condition=models.Q(valid_to__isnull=True)
                | models.Q(valid_from__isnull=True)
                | models.Q(valid_to__gte=models.F("valid_from")),
                name="unit_valid_period",
            )
        ]

    def __str__(self) -> str:
        return f"{self.name} ({self.code})"

    def clean(self) -> None:
        super().clean()
        if not UNIT_CODE_RE.match(self.code or ""):
            raise ValidationError(
                {"code": _("A unit code has upper-case letters, digits and dashes only (e.g. 06040, 20-SNV).")}
            )

    @property
    def is_platform(self) -> bool:
        return self.schema_name == settings.PUBLIC_SCHEMA_NAME

    @property
    def is_routable(self) -> bool:
        return self.status == UnitStatus.ACTIVE and not self.is_platform

    @property
    def is_read_only(self) -> bool:
        return self.kind == UnitKind.LEGACY_DISTRICT

    @property
    def path_prefix(self) -> str:
        return f"/{settings.TENANT_PATH_PREFIX}/{self.code}/"


class Domain(DomainMixin):
    """An optional own hostname for a unit (every unit is also reachable under /u/<code>/)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class OnboardingJob(models.Model):
    """One request to onboard units, processed by a Celery worker, with its progress."""

    class Status(models.TextChoices):
        QUEUED = "queued", _("Queued")
        RUNNING = "running", _("Running")
        DONE = "done", _("Done")
        FAILED = "failed", _("Failed")

    requested_by = models.CharField(_("requested by"), max_length=150, blank=True)
    province_code = models.CharField(_("province code"), max_length=2, blank=True)
    unit_codes = models.JSONField(_("unit codes"), default=list)
    status = models.CharField(_("status"), max_length=16, choices=Status.choices, default=Status.QUEUED)
    total = models.PositiveIntegerField(_("units to onboard"), default=0)
    done = models.PositiveIntegerField(_("units onboarded"), default=0)
    created = models.PositiveIntegerField(_("schemas created"), default=0)
    current = models.CharField(_("current unit"), max_length=255, blank=True)
    error = models.TextField(_("error"), blank=True)
    created_at = models.DateTimeField(default=timezone.now)
    started_at = models.DateTimeField(null=True, blank=True)
    finished_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        verbose_name = _("onboarding job")
        verbose_name_plural = _("onboarding jobs")
        ordering = ["-created_at"]

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()} {self.done}/{self.total}"

    @property
    def percent(self) -> int:
        return 100 if self.total == 0 and self.status == self.Status.DONE else int(100 * self.done / max(self.total, 1))
