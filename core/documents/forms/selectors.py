"""Reads of the forms: which version lays out a kind on a date, and which template it uses in a
province."""

from __future__ import annotations

from datetime import date

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError

from .manifests import FORMS_DIR
from .models import FormTemplateOverride, FormVersion

#: Where a document's template came from when no province replaced it.
REPOSITORY = "repository"


def form_version_for(*, kind: str, on_date: date) -> FormVersion:
    """The version of ``kind``'s form in force on ``on_date`` (the date of the step)."""
    version = FormVersion.objects.filter(kind=kind).in_force(on_date).order_by("-effective_from").first()
    if version is None:
        raise ApplicationError(
            _("No form for this kind of document is in force on %(date)s.") % {"date": f"{on_date:%d/%m/%Y}"}
        )
    return version


def form_version_get(*, form_code: str, version: str) -> FormVersion | None:
    """The form version a document was laid out with (None if that version is no longer known)."""
    return FormVersion.objects.filter(form_code=form_code, version=version).first()


def override_in_force(*, form_version: FormVersion, province_code: str) -> FormTemplateOverride | None:
    if not province_code:
        return None
    return FormTemplateOverride.objects.filter(
        form_version=form_version, province_code=province_code, replaced_at__isnull=True
    ).first()


def template_for(*, form_version: FormVersion, province_code: str) -> tuple[bytes, str]:
    """The template's bytes and where they came from: the province's replacement in force, else the
    repository's file."""
    override = override_in_force(form_version=form_version, province_code=province_code)
    if override is not None:
        return bytes(override.content), f"override:{override.pk}"
    return repository_template(form_version), REPOSITORY


def repository_template(form_version: FormVersion) -> bytes:
    return (FORMS_DIR / form_version.template_path).read_bytes()


def form_version_list(*, kind: str = "") -> QuerySet[FormVersion]:
    versions = FormVersion.objects.all()
    return versions.filter(kind=kind) if kind else versions


def override_history(*, form_version: FormVersion, province_code: str) -> QuerySet[FormTemplateOverride]:
    return FormTemplateOverride.objects.filter(form_version=form_version, province_code=province_code).order_by(
        "-uploaded_at", "-id"
    )
