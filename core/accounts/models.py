"""Staff accounts. The table exists in every unit's schema and in the public schema (platform
admins), so an account belongs to exactly one unit and cannot log in anywhere else."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import models
from django.utils.translation import gettext_lazy as _

from tenants.db import connection


class User(AbstractUser):
    """A member of one unit's staff (or a platform admin when stored in the public schema)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # The schema the account was created in. Checked on every authenticated request as a second
    # line of defence, should a row ever be copied into another schema.
    home_schema = models.CharField(_("unit schema"), max_length=63, editable=False, default="")

    class Meta:  # AbstractUser.Meta holds only the two names set here (and abstract)
        verbose_name = _("user")
        verbose_name_plural = _("users")
        permissions = [
            ("manage_unit_users", _("Can manage the unit's staff accounts")),
            ("view_workspace", _("Can use the unit's workspace")),
            ("onboard_units", _("Can onboard administrative units")),
        ]

    def save(self, *args, **kwargs) -> None:
        if not self.home_schema:
            self.home_schema = connection.schema_name
        super().save(*args, **kwargs)

    def __str__(self) -> str:
        return self.full_name or self.username

    @property
    def display_name(self) -> str:
        return self.full_name or self.get_full_name() or self.username


class ApiToken(models.Model):
    """A personal API key (``Authorization: Token <key>``). Only the SHA-256 of the key is stored:
    the key itself is shown once, when it is created, and cannot be read back. ``prefix`` (its first
    8 characters) finds the row without the secret and names the key in lists."""

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="api_tokens", verbose_name=_("user"))
    name = models.CharField(_("name"), max_length=100)
    prefix = models.CharField(_("prefix"), max_length=8, unique=True)
    key_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField(_("created"), auto_now_add=True)
    expires_at = models.DateTimeField(_("expires"))
    last_used_at = models.DateTimeField(_("last used"), null=True, blank=True)
    revoked_at = models.DateTimeField(_("revoked"), null=True, blank=True)

    class Meta:
        verbose_name = _("API key")
        verbose_name_plural = _("API keys")
        ordering = ["-created_at", "-id"]

    def __str__(self) -> str:
        return f"{self.name} ({self.prefix}…)"

    def is_usable(self, now) -> bool:
        return self.revoked_at is None and now < self.expires_at


class RoleChange(models.Model):
    """One role granted to or taken from an account: who did it and when (the unit admin's log)."""

    # An account is deactivated, never deleted, by the application; should a row be deleted all
    # the same, its own history goes with it, but the changes it made to others stay.
    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_changes", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30)
    granted = models.BooleanField(_("granted"))
    # Empty when the platform made the change (onboarding, the demo seed, a command).
    actor = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("changed by")
    )
    # The second person who approved a role that needs one (``roles.APPROVAL_ROLES``).
    approved_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("approved by")
    )
    at = models.DateTimeField(_("at"), auto_now_add=True)

    class Meta:
        verbose_name = _("role change")
        verbose_name_plural = _("role changes")
        ordering = ["-at", "-id"]

    def __str__(self) -> str:
        return f"{self.user_id} {'+' if self.granted else '-'}{self.role} at {self.at:%Y-%m-%d %H:%M}"


class AuditEntry(models.Model):
    """One event of the tamper-evident audit log: a unit's in its own schema, the platform's in the
    public schema. Rows are only ever appended (database triggers refuse UPDATE, DELETE and
    TRUNCATE), each numbered and chained by hash to the one before (``core.accounts.audit``), so an
    edit or a removal made behind the application's back shows when the chain is verified.

    Accounts and cases are named by text, never by foreign key: the log outlives what it names."""

    seq = models.PositiveBigIntegerField(_("no."), unique=True)
    at = models.DateTimeField(_("at"))
    kind = models.CharField(_("event"), max_length=60)
    # The username acting; empty when the platform itself acted (onboarding, a command, the seed).
    actor = models.CharField(_("by"), max_length=150, blank=True)
    # Whom or what the event is about: an account, a case id, a unit code.
    target = models.CharField(_("about"), max_length=200, blank=True)
    data = models.JSONField(_("details"), default=dict, blank=True)
    prev_hash = models.CharField(max_length=64)
    hash = models.CharField(max_length=64, unique=True)

    class Meta:
        verbose_name = _("audit entry")
        verbose_name_plural = _("audit log")
        ordering = ["-seq"]
        indexes = [models.Index(fields=["at"]), models.Index(fields=["kind", "at"])]

    def __str__(self) -> str:
        return f"#{self.seq} {self.kind} {self.actor} → {self.target}"


class RoleRequest(models.Model):
    """A role that needs a second person's approval before it takes effect (four eyes): the
    inspector's and the cleared officer's roles reach what the law protects most. Asked by one unit
    administrator, approved or rejected by another administrator or the unit's head (leader)."""

    class State(models.TextChoices):
        PENDING = "pending", _("Awaiting approval")
        APPROVED = "approved", _("Approved")
        REJECTED = "rejected", _("Rejected")

    user = models.ForeignKey(User, on_delete=models.CASCADE, related_name="role_requests", verbose_name=_("user"))
    role = models.CharField(_("role"), max_length=30)
    requested_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, related_name="+", verbose_name=_("requested by")
    )
    requested_at = models.DateTimeField(_("requested at"), auto_now_add=True)
    state = models.CharField(_("state"), max_length=10, choices=State.choices, default=State.PENDING)
    decided_by = models.ForeignKey(
        User, on_delete=models.SET_NULL, null=True, blank=True, related_name="+", verbose_name=_("decided by")
    )
    decided_at = models.DateTimeField(_("decided at"), null=True, blank=True)

    class Meta:
        verbose_name = _("role request")
        verbose_name_plural = _("role requests")
        ordering = ["-requested_at", "-id"]
        constraints = [
            # One open request per account and role: asking twice changes nothing.
            models.UniqueConstraint(
                fields=["user", "role"], condition=models.Q(state="pending"), name="role_request_one_pending"
            ),
        ]

    def __str__(self) -> str:
        return f"{self.user_id} +{self.role} ({self.state})"
