"""The forms documents are laid out from, in the public schema, versioned by effective date like
the rule tables: a document is laid out from the version of its kind in force on the date of the
step that issues it, so a case that started under NĐ 124/2020 and one under NĐ 155/2026 each get
their own form.

The rows are loaded from the manifests in the repository (``core/documents/forms/<form>/
manifest.json``, beside each version's DOCX template) on every ``migrate``. A platform admin may
correct a row's number, title or legal basis where domain.md marks them unverified; the loader
then leaves the row's wording alone. A province's replacement template is an upload
(``FormTemplateOverride``), checked before it is accepted and never deleted: replacing it keeps
the old one as history.
"""

from __future__ import annotations

from django.core.exceptions import ValidationError
from django.db import models
from django.utils.translation import gettext_lazy as _

from core.common.models import VersionedRule


class Confidence(models.TextChoices):
    """domain.md's confidence tags."""

    VERIFIED = "V", _("Checked against the statutory text")
    SECONDARY = "S", _("Secondary source")
    RAW = "R", _("Third-party copy of a 2026 decree")
    UNVERIFIED = "U", _("Unverified")
    PEER = "P", _("Seen in a peer system")


class FormVersion(VersionedRule):
    """One version of one form: which kind of document it lays out, from when to when, its title
    and legal basis, and its DOCX template in the repository."""

    kind = models.CharField(_("kind of document"), max_length=60, db_index=True)
    form_code = models.CharField(_("form"), max_length=60)
    version = models.CharField(_("version"), max_length=40)
    form_number = models.CharField(
        _("form number"), max_length=100, blank=True, help_text=_("As printed at the top, e.g. Mẫu số 01/TCD.")
    )
    title = models.CharField(_("title"), max_length=200)
    subtitle = models.CharField(
        _("summary line"), max_length=500, blank=True, help_text=_("May name the context's values: {{ … }}.")
    )
    confidence = models.CharField(_("confidence"), max_length=1, choices=Confidence.choices)
    verified = models.BooleanField(
        _("checked against the official text"),
        default=False,
        help_text=_("Until it is, the form is marked “chưa đối chiếu” wherever it is shown."),
    )
    template_path = models.CharField(_("template in the repository"), max_length=200)
    required_keys = models.JSONField(_("context keys the caller must give"), default=list, blank=True)
    sample_context = models.JSONField(_("sample context"), default=dict, blank=True)
    notes = models.TextField(_("notes"), blank=True)
    corrected_by_admin = models.BooleanField(
        _("corrected by a platform admin"),
        default=False,
        editable=False,
        help_text=_("Loading the repository's manifests no longer changes this row's wording."),
    )

    class Meta(VersionedRule.Meta):
        verbose_name = _("document form")
        verbose_name_plural = _("document forms")
        ordering = ["kind", "effective_from"]
        constraints = [
            models.UniqueConstraint(fields=["form_code", "version"], name="document_forms_form_version"),
            *VersionedRule.Meta.constraints,
        ]

    def __str__(self) -> str:
        return f"{self.form_code} {self.version} ({self.effective_from:%d/%m/%Y})"

    @property
    def verification(self) -> str:
        """What every document of this form says about the form's source (domain.md §13)."""
        return "đã đối chiếu" if self.verified else "chưa đối chiếu"

    def clean(self) -> None:
        super().clean()
        if not self.effective_from:
            return
        # Two versions in force on the same day would make the choice of form arbitrary.
        others = FormVersion.objects.filter(kind=self.kind).exclude(pk=self.pk)
        if others.in_force_during(self.effective_from, self.effective_to).exists():
            raise ValidationError(_("Another form of this kind is in force during part of the same period."))


class FormTemplateOverride(models.Model):
    """A province's replacement for one form version's template, uploaded by a platform admin.

    In force while ``replaced_at`` is empty; uploading another one replaces it, and stopping it
    returns the province to the repository's template. Rows are never deleted: they are the
    history of what the province's documents were laid out from.
    """

    form_version = models.ForeignKey(
        FormVersion, on_delete=models.PROTECT, related_name="overrides", verbose_name=_("form")
    )
    province_code = models.CharField(_("province code"), max_length=2)
    content = models.BinaryField(_("template"))
    filename = models.CharField(_("file name"), max_length=255)
    sha256 = models.CharField(_("SHA-256 checksum"), max_length=64)
    note = models.CharField(_("note"), max_length=500, blank=True)
    uploaded_by = models.CharField(_("uploaded by"), max_length=150)
    uploaded_at = models.DateTimeField(_("uploaded at"), auto_now_add=True)
    replaced_at = models.DateTimeField(_("replaced at"), null=True, blank=True)
    replaced_by = models.CharField(_("replaced by"), max_length=150, blank=True)

    class Meta:
        verbose_name = _("province's template")
        verbose_name_plural = _("provinces' templates")
        ordering = ["form_version", "province_code", "-uploaded_at"]
        constraints = [
            models.UniqueConstraint(
                fields=["form_version", "province_code"],
                condition=models.Q(replaced_at__isnull=True),
                name="document_forms_one_override_in_force",
            )
        ]

    def __str__(self) -> str:
        return f"{self.form_version} [{self.province_code}] {self.filename}"

    @property
    def in_force(self) -> bool:
        return self.replaced_at is None
