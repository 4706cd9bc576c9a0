"""The scans and documents of a petition: list, upload (several files at once) and open.

The petition and visit pages show the list through ``{% petition_attachments %}``
(``web/templatetags/attachments.py``); the upload and download go through the same services as
the API. Scans of a sealed denunciation are sealed like its sender: only officers cleared for
sealed identities see their names and open them, by POST with a stated reason, each opening
audited by ``attachment_open``. Nothing about them travels in a query string.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.http import FileResponse, Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext, pgettext_lazy
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.petitions.models import Attachment, Petition
from core.petitions.selectors import petition_get
from core.petitions.services.attachments import ATTACHMENT_TYPES, attachment_open, attachments_add
from web.accounts.access import member_page
from web.common.run import run_service

SEALED_READER = "petitions.read_sealed_identity"
#: Opened in the browser; anything else (word-processor files, TIFF) is saved.
SHOWN_INLINE = {"application/pdf", "image/jpeg", "image/png"}


class MultipleFileInput(forms.ClearableFileInput):
    allow_multiple_selected = True


class MultipleFileField(forms.FileField):
    """A file input that takes several files (Django's documented recipe)."""

    widget = MultipleFileInput

    def clean(self, data, initial=None):
        items = data if isinstance(data, list | tuple) else [data]
        single = super().clean
        return [single(item, initial) for item in items] if any(items) else [single(None, initial)]


class AttachmentUploadForm(forms.Form):
    uploaded_files = MultipleFileField(label=pgettext_lazy("attachment", "Files"))
    #: Where to go back to: the petition (empty) or the visit it was registered from ("visit").
    back = forms.CharField(required=False, widget=forms.HiddenInput)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["uploaded_files"].widget.attrs["accept"] = ",".join(ATTACHMENT_TYPES)


class SealedReadForm(forms.Form):
    """The stated reason for opening something sealed (the service checks its length)."""

    reason = forms.CharField(
        label=gettext_lazy("Why do you need to read it?"),
        max_length=500,
        widget=forms.TextInput(attrs={"minlength": 10}),
    )


def petition_or_404(pk: int) -> Petition:
    """The petition in this unit's schema, or 404 (another unit's petitions do not exist here)."""
    try:
        return petition_get(pk)
    except Petition.DoesNotExist as exc:
        raise Http404 from exc


def attachments_context(petition: Petition, user, *, upload_form: AttachmentUploadForm | None = None, back: str = ""):
    """What the attachments card shows to ``user``: a sealed petition's file names only when cleared."""
    cleared = user.has_perm(SEALED_READER)
    attachments = petition.attachments.select_related("uploaded_by").order_by("uploaded_at", "id")
    hidden = petition.is_confidential and not cleared
    return {
        "petition": petition,
        "sealed": petition.is_confidential,
        "attachments": [] if hidden else list(attachments),
        "hidden_count": attachments.count() if hidden else 0,
        "can_upload": user.has_perm("petitions.register_petition"),
        "upload_form": upload_form or AttachmentUploadForm(initial={"back": back}),
        "read_form": SealedReadForm(auto_id=False),
    }


def _page(request: HttpRequest, petition: Petition, *, status: int, upload_form=None) -> HttpResponse:
    context = attachments_context(petition, request.user, upload_form=upload_form)
    return render(request, "petitions/attachments.html", context, status=status)


@require_http_methods(["GET", "POST"])
@member_page("petitions.view_petition")
def attachment_list_page(request: HttpRequest, pk: int) -> HttpResponse:
    """The petition's files; a POST attaches the chosen files, all or none."""
    petition = petition_or_404(pk)
    if request.method == "GET":
        return _page(request, petition, status=200)
    form = AttachmentUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _page(request, petition, status=400, upload_form=form)
    files = form.cleaned_data["uploaded_files"]
    outcome = run_service(request, form, attachments_add, petition=petition, actor=request.user, uploaded_files=files)
    if not outcome.ok:
        return _page(request, petition, status=outcome.status, upload_form=form)
    count = len(outcome.result)
    messages.success(
        request, ngettext("%(count)d file attached.", "%(count)d files attached.", count) % {"count": count}
    )
    visit = getattr(petition, "visit", None) if form.cleaned_data["back"] == "visit" else None
    if visit is not None:
        return redirect(reverse("reception:visit", args=[visit.pk]) + "#attachments")
    return redirect(reverse("petitions:detail", args=[pk]) + "#attachments")


@never_cache
@require_http_methods(["GET", "POST"])
@member_page("petitions.view_petition")
def attachment_download(request: HttpRequest, pk: int, attachment_pk: int) -> HttpResponse | FileResponse:
    """Stream one file. A sealed one only by POST with a reason, so that the reason is audited and
    never lands in a URL (browser history, proxy and server logs)."""
    petition = petition_or_404(pk)
    if petition.is_confidential and request.method != "POST" and request.user.has_perm(SEALED_READER):
        messages.error(request, _("A sealed scan is opened only with a stated reason: use the form below."))
        response = _page(request, petition, status=405)
        response["Allow"] = "POST"
        return response
    reason = request.POST.get("reason", "")  # the service asks for one, and audits it, only when sealed
    try:
        outcome = run_service(
            request,
            None,
            attachment_open,
            petition=petition,
            attachment_id=attachment_pk,
            actor=request.user,
            reason=reason,
        )
    except Attachment.DoesNotExist as exc:  # another petition's file, or another unit's
        raise Http404 from exc
    if not outcome.ok:
        return _page(request, petition, status=outcome.status)
    attachment = outcome.result
    extension = "." + attachment.name.rsplit(".", 1)[-1].lower()
    content_type = ATTACHMENT_TYPES.get(extension, "application/octet-stream")
    return FileResponse(
        attachment.file.open("rb"),
        content_type=content_type,
        as_attachment=content_type not in SHOWN_INLINE,
        filename=attachment.name,
    )
