"""The public-schema registry of administrative units (tenants) and their onboarding jobs."""

from __future__ import annotations

import hashlib
import re

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy
from django_tenants.models import DomainMixin, TenantMixin

# The one import of core that tenants has: the shape of a background job (pyproject.toml, import-linter).
from core.common.models import ProgressJob

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
    created_at = models.DateTimeField(_("created at"), auto_now_add=True)

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


# django-tenants declares the field without a name the admin can translate (an abstract model's
# fields are copied into each concrete model, so this names Unit's own; labels only, no migration).
Unit._meta.get_field("schema_name").verbose_name = _("schema name")


class Domain(DomainMixin):
    """An optional own hostname for a unit (every unit is also reachable under /u/<code>/)."""

    class Meta:
        verbose_name = _("domain")
        verbose_name_plural = _("domains")


class OnboardingJob(ProgressJob):
    """One request to onboard units, processed by a Celery worker, with its progress."""

    requested_by = models.CharField(_("requested by"), max_length=150, blank=True)
    province_code = models.CharField(_("province code"), max_length=2, blank=True)
    unit_codes = models.JSONField(_("unit codes"), default=list)
    # [{"unit_code", "email", "phone", "full_name"}]: each unit's first administrator, invited
    # as soon as the unit is ready.
    admins = models.JSONField(_("unit administrators to invite"), default=list, blank=True)
    total = models.PositiveIntegerField(_("units to onboard"), default=0)
    done = models.PositiveIntegerField(_("units onboarded"), default=0)
    created = models.PositiveIntegerField(_("schemas created"), default=0)

    class Meta(ProgressJob.Meta):
        verbose_name = _("onboarding job")
        verbose_name_plural = _("onboarding jobs")

    def __str__(self) -> str:
        return f"#{self.pk} {self.get_status_display()} {self.done}/{self.total}"


class UnitInvitation(models.Model):
    """An invitation to become a unit's first (or a further) administrator.

    The link's token is shown once, in the message sent and to the platform admin who issued it;
    only its SHA-256 is kept, so a copy of the database opens no account. Rows are never deleted:
    together they are the record of who invited whom, when, and what became of it.
    """

    unit = models.ForeignKey(Unit, verbose_name=_("unit"), on_delete=models.PROTECT, related_name="invitations")
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    token_hash = models.CharField(max_length=64, unique=True, editable=False)
    issued_by = models.CharField(pgettext_lazy("invitation", "issued by"), max_length=150)
    issued_at = models.DateTimeField(pgettext_lazy("invitation", "issued at"), default=timezone.now)
    expires_at = models.DateTimeField(_("expires at"))
    sent_at = models.DateTimeField(_("e-mail sent at"), null=True, blank=True)
    accepted_at = models.DateTimeField(_("accepted at"), null=True, blank=True)
    accepted_username = models.CharField(_("account created"), max_length=150, blank=True)
    revoked_at = models.DateTimeField(pgettext_lazy("invitation", "replaced at"), null=True, blank=True)
    revoked_by = models.CharField(_("replaced by"), max_length=150, blank=True)

    class State(models.TextChoices):
        PENDING = "pending", pgettext_lazy("invitation", "Waiting for acceptance")
        EXPIRED = "expired", pgettext_lazy("invitation", "Expired")
        ACCEPTED = "accepted", pgettext_lazy("invitation", "Accepted")
        REVOKED = "revoked", pgettext_lazy("invitation", "Replaced")

    class Meta:
        verbose_name = _("administrator invitation")
        verbose_name_plural = _("administrator invitations")
        ordering = ["-issued_at"]
        constraints = [
            # Issuing a new invitation replaces the open one: one link at a time works.
            models.UniqueConstraint(
                fields=["unit"],
                condition=models.Q(accepted_at__isnull=True, revoked_at__isnull=True),
                name="one_open_invitation_per_unit",
            ),
            models.CheckConstraint(condition=~models.Q(email="", phone=""), name="invitation_has_email_or_phone"),
        ]

    def __str__(self) -> str:
        return f"{self.unit.code} → {self.email or self.phone}"

    @staticmethod
    def hash_token(token: str) -> str:
        return hashlib.sha256(token.encode()).hexdigest()

    @property
    def state(self) -> str:
        if self.accepted_at is not None:
            return self.State.ACCEPTED
        if self.revoked_at is not None:
            return self.State.REVOKED
        if self.expires_at <= timezone.now():
            return self.State.EXPIRED
        return self.State.PENDING

    def get_state_display(self) -> str:
        return str(self.State(self.state).label)

    @property
    def recipient_masked(self) -> str:
        """The recipient as a public page may show it: enough to recognise, not to contact."""
        if self.email:
            local, _at, domain = self.email.partition("@")
            return f"{local[:2]}•••@{domain}"
        digits = self.phone
        return f"{digits[:3]}•••{digits[-2:]}" if len(digits) > 6 else "•••"
