"""Issuing, re-issuing and cancelling a unit's documents, and the unit's document settings.

A step service calls ``document_issue`` inside its own transaction: the document is laid out from
the form in force on the step's date, numbered in the unit's register and stored with the step, or
not at all — a step that rolls back leaves no document and gives its number back. The PDF is made
after the commit, in the worker (``document_pdf_make``).

    document = document_issue(
        kind="complaint.acceptance_notice",
        on_date=accepted_on,
        actor=user,
        context={"complainant": "Ông Nguyễn Văn A", …},   # the form's keys (its manifest's "sample")
        subject=petition,                                  # or subject_ref=("petitions.petition", pk)
        kinh_gui=["Ông Nguyễn Văn A"],
        recipients=["Thanh tra tỉnh"],
    )
"""

from __future__ import annotations

from datetime import date

from django.core.exceptions import ValidationError
from django.core.files.base import ContentFile
from django.db import transaction
from django.db.models import Model
from django.utils import timezone
from django.utils.translation import gettext as _
from django_tenants.utils import schema_context

from core.accounts.access import require_perm
from core.common.errors import ApplicationError, ConflictError
from core.signing.services import document_pdf_sign
from tenants.db import connection

from .context import denouncer_refuse, form_context, layout_context
from .forms.models import FormVersion
from .forms.selectors import form_version_for, template_for
from .issuer import Issuer, issuer_for, symbol_default
from .kinds import DocumentKind, kind_get
from .layout import LAYOUT_KEYS
from .models import DocumentSettings, DocumentSymbol, IssuedDocument, RegisterCounter, symbol_validator
from .pdf import PdfError, docx_to_pdf
from .qr import form_has_qr, qr_context, subject_receipt_code, subject_ref_receipt_code
from .rendering import RenderError, context_clean, render_docx, render_text

CANCEL = "documents.cancel_document"
MANAGE = "documents.manage_document_settings"
REASON_MIN_LENGTH = 5
#: Keys a caller may give although the layout fills them.
_CALLER_LAYOUT_KEYS = {"signature"}


def _unit():
    from tenants.models import Unit

    return Unit.objects.get(schema_name=connection.schema_name)


def _subject(subject: Model | None, subject_ref: tuple[str, int] | None) -> tuple[str, int | None]:
    if subject is not None:
        return subject._meta.label_lower, subject.pk
    if subject_ref is not None:
        label, pk = subject_ref
        return label.lower(), int(pk)
    return "", None


def _symbol(kind: DocumentKind, issuer: Issuer) -> str:
    configured = DocumentSymbol.objects.filter(kind=kind.code).values_list("symbol", flat=True).first()
    return configured or symbol_default(doc_type=kind.doc_type, abbreviation=issuer.abbreviation)


def _next_number(*, year: int, symbol: str) -> int:
    """The register's next number for ``symbol``, the counter row locked until the caller's
    transaction ends."""
    RegisterCounter.objects.bulk_create([RegisterCounter(year=year, symbol=symbol)], ignore_conflicts=True)
    counter = RegisterCounter.objects.select_for_update().get(year=year, symbol=symbol)
    counter.last_number += 1
    counter.save(update_fields=["last_number"])
    return counter.last_number


def _signature_default(actor) -> dict:
    return {"authority": "", "title": getattr(actor, "position", "") or "", "name": actor.display_name}


def _context_with_defaults(form: FormVersion, context: dict) -> dict:
    """The caller's context, with every key the form knows that the caller left out set empty."""
    missing = [key for key in form.required_keys if key not in context]
    if missing:
        raise ValueError(f"{form.form_code} {form.version} needs the context keys {missing}")
    reserved = set(context) & (set(LAYOUT_KEYS) - _CALLER_LAYOUT_KEYS)
    if reserved:
        raise ValueError(f"the layout fills {sorted(reserved)}: do not pass them in the context")
    filled = dict(context)
    for key, sample in form.sample_context.items():
        if key not in filled:
            filled[key] = [] if isinstance(sample, list) else {} if isinstance(sample, dict) else ""
    return filled


def _title(form: FormVersion, subtitle: str) -> str:
    title = form.title.capitalize()
    return f"{title} {subtitle[:1].lower()}{subtitle[1:]}" if subtitle else title


def _render(
    *,
    form: FormVersion,
    unit,
    issuer: Issuer,
    number: int,
    symbol: str,
    on_date: date,
    actor,
    context: dict,
    kinh_gui: list[str],
    recipients: list[str],
    denouncer: dict | None,
    receipt_code: str,
) -> tuple[bytes, str, str]:
    """The DOCX, the title and where the template came from."""
    filled = _context_with_defaults(form, context)
    qr = (
        qr_context(unit_code=unit.code, receipt_code=receipt_code)
        if form_has_qr(form.form_code, form.version)
        else None
    )
    signature = {**_signature_default(actor), **filled.get("signature", {})}
    try:
        subtitle = render_text(form.subtitle, filled)
        full = {
            **filled,
            **layout_context(
                issuer=issuer,
                form=form_context(form, subtitle=subtitle),
                number=number,
                symbol=symbol,
                on_date=on_date,
                kinh_gui=kinh_gui,
                recipients=recipients,
                signature=signature,
                denouncer=context_clean(denouncer) if denouncer else None,
                qr=qr,
            ),
        }
        template, source = template_for(form_version=form, province_code=unit.province_code)
        docx = render_docx(template, full)
    except RenderError as exc:
        raise ApplicationError(
            _("The document could not be made from its form (%(detail)s).") % {"detail": exc.detail}
        ) from exc
    return docx, _title(form, subtitle), source


def _store(document: IssuedDocument, docx: bytes) -> None:
    stem = f"{document.year}-{document.number:04d}-{document.symbol}-v{document.version}"
    document.docx.save(f"{stem}.docx".replace("/", "-"), ContentFile(docx), save=False)
    document.save()
    schema = connection.schema_name

    def queue_pdf() -> None:
        from .tasks import document_pdf_make as document_pdf_make_task

        with schema_context(schema):
            document_pdf_make_task.delay(document.pk)

    transaction.on_commit(queue_pdf)


@transaction.atomic
def document_issue(
    *,
    kind: str,
    on_date: date,
    actor,
    context: dict,
    subject: Model | None = None,
    subject_ref: tuple[str, int] | None = None,
    recipients: list[str] | tuple[str, ...] = (),
    kinh_gui: list[str] | tuple[str, ...] = (),
    denouncer: dict | None = None,
    sealed: bool | None = None,
    form_on: date | None = None,
    receipt_code: str | None = None,
) -> IssuedDocument:
    """Lay out, number and store a document of ``kind`` dated ``on_date``, in the caller's
    transaction; its PDF follows after the commit.

    ``form_on``: the date that chooses the form version, where the law keys it to an earlier event
    than the document's own date (a session's conclusion notice follows the session's date); by
    default ``on_date``.

    ``context``: the form's keys (plain data; ``signature`` = {authority, title, name} overrides
    the signer, by default ``actor``'s position and name). ``denouncer`` = {salutation, name,
    address}, only for kinds that may name the denouncer. ``sealed``: the subject is a sealed
    denunciation (by default the subject's ``is_confidential``). ``receipt_code``: the code the
    QR code of a form addressed to the citizen opens the status lookup with (by default the
    subject's petition's, ``core.documents.qr.subject_receipt_code``; "" for none).
    """
    document_kind = kind_get(kind)
    denouncer_refuse(document_kind, denouncer)
    subject_type, subject_id = _subject(subject, subject_ref)
    if sealed is None:
        sealed = bool(getattr(subject, "is_confidential", False))
    if receipt_code is None:
        receipt_code = (
            subject_receipt_code(subject) if subject is not None else subject_ref_receipt_code(subject_type, subject_id)
        )
    clean = context_clean(context)
    clean_kinh_gui = context_clean(list(kinh_gui))
    clean_recipients = context_clean(list(recipients))
    form = form_version_for(kind=kind, on_date=form_on or on_date)
    unit = _unit()
    issuer = issuer_for(unit, DocumentSettings.objects.first())
    symbol = _symbol(document_kind, issuer)
    number = _next_number(year=on_date.year, symbol=symbol)
    docx, title, source = _render(
        form=form,
        unit=unit,
        issuer=issuer,
        number=number,
        symbol=symbol,
        on_date=on_date,
        actor=actor,
        context=clean,
        kinh_gui=clean_kinh_gui,
        recipients=clean_recipients,
        denouncer=denouncer,
        receipt_code=receipt_code,
    )
    document = IssuedDocument(
        kind=kind,
        form_code=form.form_code,
        form_version=form.version,
        template_source=source,
        year=on_date.year,
        number=number,
        symbol=symbol,
        number_display=f"{number:02d}/{symbol}",
        title=title[:500],
        issued_on=on_date,
        subject_type=subject_type,
        subject_id=subject_id,
        subject_sealed=sealed or bool(denouncer),
        names_denouncer=bool(denouncer),
        kinh_gui=clean_kinh_gui,
        recipients=clean_recipients,
        context=clean,
        issued_by=actor,
    )
    _store(document, docx)
    return document


def _reason(reason: str, field: str = "reason") -> str:
    reason = (reason or "").strip()
    if len(reason) < REASON_MIN_LENGTH:
        raise ApplicationError(_("Give the reason (at least 5 characters)."), extra={"field": field})
    return reason[:500]


def _current_locked(document: IssuedDocument) -> IssuedDocument:
    current = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if current.superseded_at is not None:
        raise ConflictError(_("This version has been replaced by a later one; act on the current version."))
    if current.status == IssuedDocument.Status.CANCELLED:
        raise ConflictError(_("This document has been cancelled."))
    return current


@transaction.atomic
def document_reissue(
    *,
    document: IssuedDocument,
    actor,
    reason: str,
    on_date: date | None = None,
    context: dict | None = None,
    kinh_gui: list[str] | None = None,
    recipients: list[str] | None = None,
    denouncer: dict | None = None,
) -> IssuedDocument:
    """A new version of ``document`` under the same number, from its stored context updated with
    ``context``; the old version stays, marked superseded. A document that named the denouncer
    needs ``denouncer`` again (the identity is never stored with it)."""
    require_perm(actor, CANCEL)
    reason = _reason(reason)
    current = _current_locked(document)
    document_kind = kind_get(current.kind)
    denouncer_refuse(document_kind, denouncer)
    if current.names_denouncer and not denouncer:
        raise ApplicationError(
            _("This document names the denouncer: give their identity again to re-issue it."),
            extra={"field": "denouncer"},
        )
    on_date = on_date or current.issued_on
    if on_date.year != current.year:
        raise ApplicationError(
            _("A new version keeps the number of its year: date it in %(year)s.") % {"year": current.year},
            extra={"field": "on_date"},
        )
    clean = {**current.context, **context_clean(context or {})}
    clean_kinh_gui = context_clean(list(kinh_gui)) if kinh_gui is not None else current.kinh_gui
    clean_recipients = context_clean(list(recipients)) if recipients is not None else current.recipients
    # A correction keeps the form of the step it corrects (a session's notice keeps its session's).
    form = FormVersion.objects.get(form_code=current.form_code, version=current.form_version)
    unit = _unit()
    docx, title, source = _render(
        form=form,
        unit=unit,
        issuer=issuer_for(unit, DocumentSettings.objects.first()),
        number=current.number,
        symbol=current.symbol,
        on_date=on_date,
        actor=actor,
        context=clean,
        kinh_gui=clean_kinh_gui,
        recipients=clean_recipients,
        denouncer=denouncer,
        # The code is the case's, never stored with a document: read again from the subject.
        receipt_code=subject_ref_receipt_code(current.subject_type, current.subject_id),
    )
    current.superseded_at = timezone.now()
    current.save(update_fields=["superseded_at"])
    document = IssuedDocument(
        kind=current.kind,
        form_code=form.form_code,
        form_version=form.version,
        template_source=source,
        year=current.year,
        number=current.number,
        symbol=current.symbol,
        number_display=current.number_display,
        title=title[:500],
        issued_on=on_date,
        subject_type=current.subject_type,
        subject_id=current.subject_id,
        subject_sealed=current.subject_sealed,
        names_denouncer=current.names_denouncer,
        kinh_gui=clean_kinh_gui,
        recipients=clean_recipients,
        context=clean,
        version=current.version + 1,
        first_version_id=current.first_version_id or current.pk,
        reissue_reason=reason,
        issued_by=actor,
    )
    _store(document, docx)
    return document


@transaction.atomic
def document_cancel(*, document: IssuedDocument, actor, reason: str) -> IssuedDocument:
    """Cancel the document: it keeps its number in the register, marked cancelled with the reason."""
    require_perm(actor, CANCEL)
    reason = _reason(reason)
    current = _current_locked(document)
    current.status = IssuedDocument.Status.CANCELLED
    current.cancelled_at = timezone.now()
    current.cancelled_by = actor
    current.cancel_reason = reason
    current.save(update_fields=["status", "cancelled_at", "cancelled_by", "cancel_reason"])
    return current


@transaction.atomic
def document_pdf_retry(*, document: IssuedDocument, actor) -> IssuedDocument:
    """Queue the PDF again (after LibreOffice was installed, say)."""
    require_perm(actor, CANCEL)
    current = IssuedDocument.objects.select_for_update().get(pk=document.pk)
    if current.pdf_state == IssuedDocument.PdfState.READY:
        return current
    current.pdf_state = IssuedDocument.PdfState.PENDING
    current.pdf_error_code = current.pdf_error = ""
    current.save(update_fields=["pdf_state", "pdf_error_code", "pdf_error"])
    schema = connection.schema_name

    def queue_pdf() -> None:
        from .tasks import document_pdf_make as document_pdf_make_task

        with schema_context(schema):
            document_pdf_make_task.delay(current.pk)

    transaction.on_commit(queue_pdf)
    return current


def document_pdf_make(*, document_id: int) -> IssuedDocument | None:
    """Convert the document's DOCX to PDF (the worker's task; never inside a transaction: the
    conversion takes seconds). A failure is kept with its reason."""
    document = IssuedDocument.objects.filter(pk=document_id).first()
    if document is None or document.pdf_state == IssuedDocument.PdfState.READY:
        return document
    try:
        with document.docx.open("rb") as source:
            docx = source.read()
    except (FileNotFoundError, ValueError) as exc:
        return _pdf_failed(document, IssuedDocument.PdfError.NO_DOCX, f"{document.docx.name} {exc!r}")
    try:
        pdf = docx_to_pdf(docx)
    except PdfError as exc:
        return _pdf_failed(document, exc.code, exc.detail)
    # Signed with the unit's certificate where it has one; else kept unsigned, and the record says so.
    signing = document_pdf_sign(document=document, pdf=pdf)
    # The name is set: the file was read just above.
    filename = (document.docx.name or "").rsplit("/", 1)[-1].removesuffix(".docx") + ".pdf"
    name = document.pdf.storage.save(document.pdf.field.generate_filename(document, filename), ContentFile(signing.pdf))
    with transaction.atomic():
        IssuedDocument.objects.filter(pk=document.pk).update(
            pdf=name, pdf_state=IssuedDocument.PdfState.READY, pdf_error_code="", pdf_error=""
        )
        signing.record(document)
    document.refresh_from_db()
    return document


def _pdf_failed(document: IssuedDocument, code: str, detail: str) -> IssuedDocument:
    IssuedDocument.objects.filter(pk=document.pk).update(
        pdf_state=IssuedDocument.PdfState.FAILED, pdf_error_code=code, pdf_error=detail[:2000]
    )
    document.refresh_from_db()
    return document


@transaction.atomic
def document_symbol_set(*, actor, kind: str, symbol: str) -> DocumentSymbol | None:
    """The symbol of ``kind``'s numbers from now on; empty: back to the default. Numbers already
    issued keep theirs."""
    require_perm(actor, MANAGE)
    kind_get(kind)
    symbol = (symbol or "").strip()
    if not symbol:
        DocumentSymbol.objects.filter(kind=kind).delete()
        return None
    try:
        symbol_validator(symbol)
    except ValidationError as exc:
        raise ApplicationError(
            _("Use letters and digits separated by dashes, e.g. TB-UBND."), extra={"field": "symbol"}
        ) from exc
    row, _created = DocumentSymbol.objects.update_or_create(kind=kind, defaults={"symbol": symbol})
    return row


@transaction.atomic
def document_settings_update(
    *, actor, show_superior: bool, superior_body: str, issuing_body: str, place_name: str, body_name: str
) -> DocumentSettings:
    """The unit administrator's corrections of the header and place name."""
    require_perm(actor, MANAGE)
    settings = DocumentSettings.objects.select_for_update().first() or DocumentSettings()
    settings.show_superior = show_superior
    settings.superior_body = superior_body.strip()
    settings.issuing_body = "\n".join(line.strip() for line in issuing_body.splitlines() if line.strip())
    settings.place_name = place_name.strip()
    settings.body_name = body_name.strip()
    settings.full_clean()
    settings.save()
    return settings
