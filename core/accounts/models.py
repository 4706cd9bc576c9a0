"""Staff accounts. The table exists in every unit's schema and in the public schema (platform
admins), so an account belongs to exactly one unit and cannot log in anywhere else."""

from __future__ import annotations

from django.contrib.auth.models import AbstractUser
from django.db import connection, models
from django.utils.translation import gettext_lazy as _


class User(AbstractUser):
    """A member of one unit's staff (or a platform admin when stored in the public schema)."""

    full_name = models.CharField(_("full name"), max_length=150, blank=True)
    position = models.CharField(_("position"), max_length=150, blank=True)
    phone = models.CharField(_("phone"), max_length=20, blank=True)
    # The schema the account was created in. Checked on every authenticated request as a second
    # line of defence, should a row ever be copied into another schema.
    home_schema = models.CharField(_("unit schema"), max_length=63, editable=False, default="")

    class Meta(AbstractUser.Meta):
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
