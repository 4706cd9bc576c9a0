"""A unit's outgoing documents (sổ văn bản đi): the register's counters, the symbols the unit
administrator sets per kind, the header corrections, and every document issued, with its versions.

The forms the documents are laid out from are shared by every unit and live in the public schema
(``core.documents.forms``).
"""

from __future__ import annotations

from django.conf import settings
from django.core.validators import RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import pgettext_lazy

from .kinds import kind_get

symbol_validator = RegexValidator(
    r"^[^\W_]+(?:[-.][^\W_]+)*$",
    _("Use letters and digits separated by dashes, e.g. TB-UBND."),
)


class DocumentSettings(models.Model):
    """How the unit's documents name it in their header; one row per unit. Empty fields keep what
    the unit registry gives (``core.documents.issuer``)."""

    show_superior = models.BooleanField(
        _("show the superior body"),
        default=True,
        help_text=_("NĐ 30/2020: the direct superior body above the issuing body, where there is one."),
    )
    superior_body = models.CharField(_("superior body"), max_length=200, blank=True)
    issuing_body = models.TextField(
        _("issuing body"), blank=True, help_text=_("One line per row, as the header shows it, in capitals.")
    )
    place_name = models.CharField(
        _("place name"), max_length=100, blank=True, help_text=_("Written before the date, e.g. Tân Đoàn.")
    )
    body_name = models.CharField(
        _("name in running text"), max_length=200, blank=True, help_text=_("E.g. Ủy ban nhân dân xã Tân Đoàn.")
    )
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document settings")
        verbose_name_plural = _("document settings")
        permissions = [
            ("manage_document_settings", _("Can set the unit's document symbols and header")),
            ("cancel_document", _("Can cancel and re-issue documents")),
        ]

    def __str__(self) -> str:
        return self.place_name or "settings"


class DocumentSymbol(models.Model):
    """The symbol of one kind's numbers in this unit ("TB-UBND" in "12/TB-UBND")."""

    kind = models.CharField(_("kind of document"), max_length=60, unique=True)
    symbol = models.CharField(_("symbol"), max_length=40, validators=[symbol_validator])
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        verbose_name = _("document symbol")
        verbose_name_plural = _("document symbols")

    def __str__(self) -> str:
        return f"{self.kind}: {self.symbol}"


class RegisterCounter(models.Model):
    """The register's last number for one symbol in one year: NĐ 30/2020 Art. 15 makes a number and
    symbol unique for the issuing body in a year, so kinds that share a symbol (every decision is
    QĐ-…) share its numbers. Issuing locks the row (SELECT … FOR UPDATE) until the step's transaction
    ends, so numbers neither repeat nor skip: a step that rolls back gives its number back with
    everything else it wrote."""

    year = models.PositiveSmallIntegerField(_("year"))
    symbol = models.CharField(_("symbol"), max_length=40)
    last_number = models.PositiveIntegerField(_("last number"), default=0)

    class Meta:
        constraints = [models.UniqueConstraint(fields=["year", "symbol"], name="documents_counter_year_symbol")]

    def __str__(self) -> str:
        return f"{self.year} {self.symbol}: {self.last_number}"


class IssuedDocument(models.Model):
    """One version of a document in the register.

    A document is issued once (version 1) and may be re-issued (version 2, 3…): every version keeps
    the number, and the older ones stay, marked superseded. Cancelling keeps the number too: the
    register never has a gap.
    """

    class Status(models.TextChoices):
        ISSUED = "issued", pgettext_lazy("document", "Issued")
        CANCELLED = "cancelled", pgettext_lazy("document", "Cancelled")

    class PdfState(models.TextChoices):
        PENDING = "pending", _("Being converted")
        READY = "ready", _("PDF ready")
        FAILED = "failed", _("PDF failed")

    class PdfError(models.TextChoices):
        NOT_INSTALLED = "not_installed", _("LibreOffice is not installed on the server")
        CONVERSION = "conversion", _("LibreOffice could not convert the document")
        TIMEOUT = "timeout", _("The conversion took too long")
        NO_DOCX = "no_docx", _("The DOCX file is missing")

    kind = models.CharField(_("kind of document"), max_length=60)
    form_code = models.CharField(_("form"), max_length=60)
    form_version = models.CharField(_("form version"), max_length=40)
    # "repository", or "override:<id>" for a province's replacement template.
    template_source = models.CharField(_("template"), max_length=40)
    year = models.PositiveSmallIntegerField(_("year"))
    number = models.PositiveIntegerField(_("number"))
    symbol = models.CharField(_("symbol"), max_length=40)
    number_display = models.CharField(_("number and symbol"), max_length=60)
    title = models.CharField(_("title"), max_length=500)
    issued_on = models.DateField(_("date of the document"))
    # What the document is about: a petition, a visit, a session… (model label and key).
    subject_type = models.CharField(_("subject"), max_length=60, blank=True)
    subject_id = models.PositiveBigIntegerField(null=True, blank=True)
    # A sealed denunciation's document: only those who may see the case open it.
    subject_sealed = models.BooleanField(default=False)
    # Carries the denouncer's identity: only officers cleared for sealed identities open it.
    names_denouncer = models.BooleanField(default=False)
    kinh_gui = models.JSONField(_("addressed to"), default=list, blank=True)
    recipients = models.JSONField(_("recipients"), default=list, blank=True)
    # What the form was rendered with (never the denouncer's identity), to re-issue it.
    context = models.JSONField(default=dict, blank=True)

    version = models.PositiveSmallIntegerField(_("version"), default=1)
    first_version = models.ForeignKey(
        "self", on_delete=models.PROTECT, null=True, blank=True, related_name="+", verbose_name=_("first version")
    )
    superseded_at = models.DateTimeField(_("superseded at"), null=True, blank=True)
    reissue_reason = models.CharField(_("reason for re-issuing"), max_length=500, blank=True)

    status = models.CharField(_("status"), max_length=10, choices=Status.choices, default=Status.ISSUED)
    cancelled_at = models.DateTimeField(_("cancelled at"), null=True, blank=True)
    cancelled_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        on_delete=models.PROTECT,
        null=True,
        blank=True,
        related_name="+",
        verbose_name=_("cancelled by"),
    )
    cancel_reason = models.CharField(_("reason for cancelling"), max_length=500, blank=True)

    docx = models.FileField(_("DOCX file"), upload_to="documents/%Y/")
    pdf = models.FileField(_("PDF file"), upload_to="documents/%Y/", blank=True)
    pdf_state = models.CharField(_("PDF"), max_length=10, choices=PdfState.choices, default=PdfState.PENDING)
    pdf_error_code = models.CharField(_("PDF error"), max_length=20, choices=PdfError.choices, blank=True)
    pdf_error = models.TextField(_("PDF error details"), blank=True)

    issued_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.PROTECT, related_name="+", verbose_name=_("issued by")
    )
    issued_at = models.DateTimeField(_("issued at"), auto_now_add=True)

    class Meta:
        verbose_name = _("issued document")
        verbose_name_plural = _("issued documents")
        ordering = ["-year", "kind", "-number", "-version"]
        constraints = [
            models.UniqueConstraint(fields=["year", "symbol", "number", "version"], name="documents_number_version"),
            # The register's entry: one first version per number and symbol.
            models.UniqueConstraint(
                fields=["year", "symbol", "number"], condition=models.Q(version=1), name="documents_number_once"
            ),
        ]
        indexes = [
            models.Index(fields=["subject_type", "subject_id"], name="documents_subject"),
            models.Index(fields=["year", "kind", "-number"], name="documents_register"),
        ]

    def __str__(self) -> str:
        return f"{self.number_display} {self.title}"

    def get_kind_display(self) -> str:
        # Kinds are a table in code, not field choices: adding one needs no migration in every unit.
        return str(kind_get(self.kind).label)

    @property
    def is_current(self) -> bool:
        return self.superseded_at is None

    @property
    def series_id(self) -> int:
        return self.first_version_id or self.pk
