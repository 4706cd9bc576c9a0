"""Writes of the forms: loading the repository's manifests, and a province's replacement templates."""

from __future__ import annotations

import hashlib
import io
import re
import zipfile

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from core.common.errors import ApplicationError
from core.documents.context import sample_context
from core.documents.kinds import kind_get
from core.documents.rendering import TEMPLATE_MAX_BYTES, RenderError, docx_text, render_docx

from .manifests import manifests_read
from .models import FormTemplateOverride, FormVersion

#: What a platform admin may correct on a row (domain.md marks many form numbers and titles [U]/[R]).
WORDING = ("form_number", "title", "subtitle", "legal_basis", "confidence", "verified", "notes")


@transaction.atomic
def forms_load() -> dict[str, int]:
    """Bring the table up to date with the repository's manifests: new versions are added; known
    ones get the manifest's template, keys and dates, and its wording unless a platform admin
    corrected the row."""
    created = updated = 0
    for item in manifests_read():
        data = item.data
        fields = {
            "kind": item.kind,
            "template_path": item.template_path,
            "required_keys": data.get("required", []),
            "sample_context": data.get("sample", {}),
            "effective_from": item.effective_from,
            "effective_to": item.effective_to,
        }
        wording = {
            "form_number": data.get("form_number", ""),
            "title": data["title"],
            "subtitle": data.get("subtitle", ""),
            "legal_basis": data["legal_basis"],
            "confidence": data["confidence"],
            "verified": bool(data.get("verified", False)),
            "notes": data.get("notes", ""),
        }
        row = FormVersion.objects.filter(form_code=item.form_code, version=item.version).first()
        if row is None:
            FormVersion.objects.create(form_code=item.form_code, version=item.version, **fields, **wording)
            created += 1
            continue
        changes = {**fields, **({} if row.corrected_by_admin else wording)}
        if any(getattr(row, name) != value for name, value in changes.items()):
            for name, value in changes.items():
                setattr(row, name, value)
            row.save()
            updated += 1
    return {"created": created, "updated": updated}


def form_version_correct(*, form_version: FormVersion, **wording) -> FormVersion:
    """A platform admin's correction of a row's wording; the loader keeps it from then on."""
    for name, value in wording.items():
        if name not in WORDING:
            raise TypeError(f"{name} is not a form's wording")
        setattr(form_version, name, value)
    form_version.corrected_by_admin = True
    form_version.full_clean()
    form_version.save()
    return form_version


def template_check(*, form_version: FormVersion, content: bytes) -> None:
    """Refuse a template that would not make a correct document: not a DOCX, too large, or not
    rendering the form's sample context into a document that shows its number and date."""
    if len(content) > TEMPLATE_MAX_BYTES:
        raise ApplicationError(_("The template is larger than 5 MB."), extra={"field": "file"})
    if not zipfile.is_zipfile(io.BytesIO(content)):
        raise ApplicationError(_("The file is not a Word (DOCX) document."), extra={"field": "file"})
    context = sample_context(form_version, kind=kind_get(form_version.kind))
    try:
        text = docx_text(render_docx(content, context))
    except RenderError as exc:
        raise ApplicationError(
            _("The template cannot be used: filling it with the form's sample data failed (%(detail)s).")
            % {"detail": exc.detail},
            extra={"field": "file"},
        ) from exc
    except Exception as exc:  # python-docx refusing the result: a broken package
        raise ApplicationError(
            _("The template cannot be used: the document made from it cannot be opened (%(detail)s).")
            % {"detail": f"{type(exc).__name__}: {exc}"},
            extra={"field": "file"},
        ) from exc
    for needed in (context["number_display"], context["date_line"]):
        if needed not in text:
            raise ApplicationError(
                _(
                    "The template cannot be used: a document made from it would not show its number and date "
                    "(keep the fields %(fields)s)."
                )
                % {"fields": "{{ number_display }}, {{ date_line }}"},
                extra={"field": "file"},
            )


@transaction.atomic
def form_template_override_upload(
    *, form_version: FormVersion, province_code: str, content: bytes, filename: str, uploaded_by: str, note: str = ""
) -> FormTemplateOverride:
    """A province's replacement template for ``form_version``, checked first; the one it replaces
    is kept, marked replaced."""
    if not re.fullmatch(r"\d{2}", province_code or ""):
        raise ApplicationError(_("A province code has two digits, e.g. 20."), extra={"field": "province_code"})
    template_check(form_version=form_version, content=content)
    FormTemplateOverride.objects.select_for_update().filter(
        form_version=form_version, province_code=province_code, replaced_at__isnull=True
    ).update(replaced_at=timezone.now(), replaced_by=uploaded_by)
    return FormTemplateOverride.objects.create(
        form_version=form_version,
        province_code=province_code,
        content=content,
        filename=filename[:255],
        sha256=hashlib.sha256(content).hexdigest(),
        note=note,
        uploaded_by=uploaded_by,
    )


@transaction.atomic
def form_template_override_stop(*, override: FormTemplateOverride, stopped_by: str) -> FormTemplateOverride:
    """Back to the repository's template for that province; the upload stays in the history."""
    override = FormTemplateOverride.objects.select_for_update().get(pk=override.pk)
    if override.replaced_at is None:
        override.replaced_at = timezone.now()
        override.replaced_by = stopped_by
        override.save(update_fields=["replaced_at", "replaced_by"])
    return override
