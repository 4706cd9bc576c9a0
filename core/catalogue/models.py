"""Platform-wide lists that every unit uses (public schema), maintained by platform admins.

Tenant rows refer to them by code, not by foreign key, so a unit's schema stays self-contained.
"""

from django.db import models
from django.utils.translation import gettext_lazy as _


class PetitionField(models.Model):
    """A field (lĩnh vực) a petition is about: land, housing, policy, justice, corruption…"""

    code = models.SlugField(_("code"), max_length=40, unique=True)
    name_vi = models.CharField(_("name (Vietnamese)"), max_length=150)
    name_en = models.CharField(_("name (English)"), max_length=150)
    parent = models.ForeignKey(
        "self", verbose_name=_("parent field"), null=True, blank=True, on_delete=models.PROTECT, related_name="children"
    )
    is_active = models.BooleanField(_("in use"), default=True)
    sort_order = models.PositiveSmallIntegerField(_("sort order"), default=0)

    class Meta:
        verbose_name = _("petition field")
        verbose_name_plural = _("petition fields")
        ordering = ["sort_order", "code"]

    def __str__(self) -> str:
        return self.name_vi

    def label(self, language: str) -> str:
        return self.name_en if language == "en" else self.name_vi
