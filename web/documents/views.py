"""The register of the unit's outgoing documents (sổ văn bản đi): the list by year and kind, each
document with its versions and files, cancelling and re-issuing, and the unit administrator's
symbols and header.

Thin: each view calls the selector or service the API calls. Every member with the register's
permission sees every number (the register has no gaps), but a document of a sealed denunciation
opens only for those who may see the case, and one that names the denouncer only for officers
cleared for sealed identities (``core.documents.access``).
"""

from __future__ import annotations

import re

from django.contrib import messages
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.common.errors import ApplicationError
from core.documents.access import VIEW, document_may_open, document_refusal
from core.documents.forms.selectors import form_version_get
from core.documents.kinds import KINDS
from core.documents.models import IssuedDocument
from core.documents.selectors import (
    document_get,
    document_register,
    document_settings_get,
    document_versions,
    register_years,
    symbol_table,
)
from core.documents.services import (
    CANCEL,
    MANAGE,
    document_cancel,
    document_pdf_retry,
    document_reissue,
    document_settings_update,
    document_symbol_set,
)
from core.petitions.services.sealed import sealed_document_opened
from web.accounts.access import member_page
from web.common.http import MemberRequest
from web.common.run import run_service
from web.documents.forms import ReasonForm, RegisterFilterForm, SettingsForm

PAGE_SIZE = 50


def _get(pk: int) -> IssuedDocument:
    try:
        return document_get(pk)
    except IssuedDocument.DoesNotExist:
        raise Http404 from None


def _row(document: IssuedDocument, user) -> dict:
    return {"document": document, "kind": KINDS.get(document.kind), "may_open": document_may_open(user, document)}


@member_page(VIEW)
def register_page(request: MemberRequest) -> HttpResponse:
    form = RegisterFilterForm(request.GET or None, years=register_years())
    filters = form.cleaned_data if form.is_valid() else {}
    documents = document_register(
        year=filters.get("year"), kind=filters.get("kind", ""), status=filters.get("status", "")
    )
    page = Paginator(documents, PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [_row(document, request.user) for document in page]
    return render(request, "documents/register.html", {"form": form, "page_obj": page, "rows": rows})


def _detail(request: MemberRequest, document: IssuedDocument, *, bound: dict | None = None, status: int = 200):
    may_open = document_may_open(request.user, document)
    versions = [_row(version, request.user) for version in document_versions(document)]
    can_act = request.user.has_perm(CANCEL) and document.is_current and document.status == IssuedDocument.Status.ISSUED
    context = {
        "document": document,
        "kind": KINDS.get(document.kind),
        # The form by its number, title and legal instrument, as printed; never its internal codes.
        "form": form_version_get(form_code=document.form_code, version=document.form_version),
        "may_open": may_open,
        "versions": versions,
        "can_cancel": can_act and may_open,
        # A document naming the denouncer is re-issued by its step, which gives the identity again.
        "can_reissue": can_act and may_open and not document.names_denouncer,
        "can_retry_pdf": request.user.has_perm(CANCEL) and document.pdf_state == IssuedDocument.PdfState.FAILED,
        "cancel_form": (bound or {}).get("cancel") or ReasonForm(auto_id="id_cancel_%s"),
        "reissue_form": (bound or {}).get("reissue") or ReasonForm(auto_id="id_reissue_%s"),
    }
    return render(request, "documents/detail.html", context, status=status)


@member_page(VIEW)
def document_page(request: MemberRequest, pk: int) -> HttpResponse:
    return _detail(request, _get(pk))


ACTIONS = {
    "huy": (
        "cancel",
        document_cancel,
        gettext_lazy("The document has been cancelled; its number stays in the register."),
    ),
    "ban-hanh-lai": ("reissue", document_reissue, gettext_lazy("A new version has been issued under the same number.")),
}


@require_POST
@member_page(VIEW, CANCEL)
def document_action(request: MemberRequest, pk: int, name: str) -> HttpResponse:
    document = _get(pk)
    if not document_may_open(request.user, document):
        raise PermissionDenied
    if name == "pdf":
        if run_service(request, None, document_pdf_retry, document=document, actor=request.user).ok:
            messages.success(request, _("The PDF is being made again."))
        return redirect("documents:detail", pk=pk)
    if name not in ACTIONS:
        raise Http404
    key, service, done_message = ACTIONS[name]
    form = ReasonForm(request.POST, auto_id=f"id_{key}_%s")
    if not form.is_valid():
        return _detail(request, document, bound={key: form}, status=400)
    done = run_service(request, form, service, document=document, actor=request.user, **form.cleaned_data)
    if not done.ok:
        return _detail(request, document, bound={key: form}, status=done.status)
    messages.success(request, done_message)
    return redirect("documents:detail", pk=done.result.pk)


def download_name(document: IssuedDocument, fmt: str) -> str:
    """The file name a download is saved under: the document's number, symbol and year, and its
    version after the first ("12-TB-UBND-2026-v2.pdf"). The storage name keeps its random suffix,
    which only avoids clashes on disk."""
    stem = f"{document.number}-{document.symbol}-{document.year}"
    if document.version > 1:
        stem += f"-v{document.version}"
    return f"{re.sub(r'[^0-9A-Za-z-]+', '-', stem).strip('-')}.{fmt}"


@member_page(VIEW)
def document_download(request: MemberRequest, pk: int, fmt: str) -> HttpResponse | FileResponse:
    document = _get(pk)
    refusal = document_refusal(request.user, document)
    if refusal:
        return render(request, "documents/refused.html", {"document": document, "refusal": refusal}, status=403)
    file = {"docx": document.docx, "pdf": document.pdf}.get(fmt)
    if not file or not file.name:
        raise Http404
    # A notice to the denouncer carries the sealed identity: opening it is a read of the seal, audited.
    sealed_document_opened(document=document, actor=request.user)
    try:
        handle = file.open("rb")
    except FileNotFoundError:
        raise Http404 from None
    response = FileResponse(handle, as_attachment=True, filename=download_name(document, fmt))
    # Letters name citizens: no shared cache keeps a copy.
    response["Cache-Control"] = "private, no-store"
    return response


@member_page(VIEW, MANAGE)
def settings_page(request: MemberRequest) -> HttpResponse:
    current = document_settings_get()
    initial = {
        "show_superior": current.show_superior,
        "superior_body": current.superior_body,
        "issuing_body": current.issuing_body,
        "place_name": current.place_name,
        "body_name": current.body_name,
    }
    form = SettingsForm(request.POST or None, initial=initial)
    symbol_errors: dict[str, str] = {}
    status = 200
    if request.method == "POST":
        if not form.is_valid():
            status = 400
        else:
            done = run_service(request, form, document_settings_update, actor=request.user, **form.cleaned_data)
            status = done.status
            table = {row["kind"]: row for row in symbol_table(request.tenant)}
            for kind, row in table.items():
                posted = (request.POST.get(f"symbol__{kind}") or "").strip()
                if posted == row["symbol"]:
                    continue
                try:
                    # Emptied, or back to the default: the default follows the header from now on.
                    document_symbol_set(
                        actor=request.user, kind=kind, symbol="" if posted == row["default"] else posted
                    )
                except ApplicationError as exc:
                    symbol_errors[kind] = exc.message
                    status = exc.status_code
            if status == 200:
                messages.success(request, _("The document settings have been saved."))
                return redirect("documents:settings")
    rows = symbol_table(request.tenant)
    for row in rows:
        row["error"] = symbol_errors.get(row["kind"], "")
        row["posted"] = request.POST.get(f"symbol__{row['kind']}", row["symbol"]) if request.method == "POST" else ""
    return render(request, "documents/settings.html", {"form": form, "rows": rows}, status=status)
