"""The unit's signing certificate (the unit administrator) and the public signature check.

The check is open to anyone, at the platform's root (``/xac-minh-chu-ky/``) and under each unit
(``/u/<code>/xac-minh-chu-ky/``, the same page): the register of certificates is platform-wide, so
either answers for every unit. It is rate-limited per client address across the platform, and
every bad upload is a 4xx with a message, never a 500.
"""

from __future__ import annotations

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.debug import sensitive_post_parameters
from django.views.decorators.http import require_http_methods, require_POST
from django_ratelimit.core import is_ratelimited
from django_tenants.utils import get_public_schema_name, schema_context

from core.common.errors import ApplicationError
from core.signing.bundles import MAX_P12_BYTES, not_pkcs12_message
from core.signing.selectors import certificate_history, certificate_in_use
from core.signing.services import MANAGE, certificate_revoke, certificate_upload
from core.signing_registry.verification import MAX_PDF_BYTES, Verdict, VerificationError, pdf_signatures_verify
from web.accounts.access import member_page
from web.common.clients import client_key
from web.common.http import MemberRequest
from web.common.run import run_service
from web.signing.forms import CertificateRevokeForm, CertificateUploadForm, VerifyForm

#: At most this many checks per client address within ``VERIFY_WINDOW`` seconds.
VERIFY_LIMIT = 20
VERIFY_WINDOW = 10 * 60


def _certificate_page(request: MemberRequest, *, upload=None, revoke=None, status: int = 200) -> HttpResponse:
    context = {
        "current": certificate_in_use(),
        "history": certificate_history(),
        "upload_form": upload or CertificateUploadForm(),
        "revoke_form": revoke or CertificateRevokeForm(),
    }
    return render(request, "signing/certificate.html", context, status=status)


@sensitive_post_parameters("password")
@member_page(MANAGE)
@require_http_methods(["GET", "HEAD", "POST"])
def certificate_page(request: MemberRequest) -> HttpResponse:
    if request.method != "POST":
        return _certificate_page(request)
    form = CertificateUploadForm(request.POST, request.FILES)
    if not form.is_valid():
        return _certificate_page(request, upload=form, status=400)
    upload = form.cleaned_data["certificate"]
    if upload.size > MAX_P12_BYTES:
        form.add_error("certificate", not_pkcs12_message())
        return _certificate_page(request, upload=form, status=400)
    done = run_service(
        request,
        form,
        certificate_upload,
        actor=request.user,
        data=upload.read(),
        password=form.cleaned_data["password"],
    )
    if not done.ok:
        return _certificate_page(request, upload=form, status=done.status)
    messages.success(request, _("The certificate has been saved: documents issued from now on are signed with it."))
    return redirect("signing:certificate")


@require_POST
@member_page(MANAGE)
def certificate_revoke_page(request: MemberRequest) -> HttpResponse:
    form = CertificateRevokeForm(request.POST)
    if not form.is_valid():
        return _certificate_page(request, revoke=form, status=400)
    done = run_service(request, form, certificate_revoke, actor=request.user, reason=form.cleaned_data["reason"])
    if not done.ok:
        return _certificate_page(request, revoke=form, status=done.status)
    messages.success(request, _("The certificate has been revoked: documents issued from now on are unsigned."))
    return redirect("signing:certificate")


# --- The public check ---------------------------------------------------------------------------


def verify_allowed(request: HttpRequest) -> bool:
    """Count one check for the client; False once it is over ``VERIFY_LIMIT`` in the window.

    Unlike the receipt lookup's per-unit budget, one budget for the whole platform: the page is the
    same at the root and under every unit, so counting in the public schema's cache keys (the
    cache's key function prefixes the active schema) stops a client from multiplying its checks
    by the number of units."""
    with schema_context(get_public_schema_name()):
        return not is_ratelimited(
            request, group="signature-verify", key=client_key, rate=(VERIFY_LIMIT, VERIFY_WINDOW), increment=True
        )


@never_cache
@require_http_methods(["GET", "HEAD", "POST"])
def verify_page(request: HttpRequest) -> HttpResponse:
    form = VerifyForm(request.POST, request.FILES) if request.method == "POST" else VerifyForm()
    context: dict = {"form": form, "reports": None, "limited": False, "Verdict": Verdict, "error": ""}
    status = 200
    if request.method == "POST":
        if not verify_allowed(request):
            context["limited"] = True
            context["window_minutes"] = VERIFY_WINDOW // 60
            response = render(request, "signing/verify.html", context, status=429)
            response["Retry-After"] = str(VERIFY_WINDOW)
            return response
        if not form.is_valid():
            status = 400
        else:
            upload = form.cleaned_data["pdf"]
            try:
                if upload.size > MAX_PDF_BYTES:
                    # Refused before it is read into memory.
                    raise VerificationError(
                        _("The file is larger than %(size)s MB. Upload the PDF as it was issued.")
                        % {"size": MAX_PDF_BYTES // (1024 * 1024)},
                        status=413,
                    )
                context["reports"] = pdf_signatures_verify(upload.read())
            except ApplicationError as exc:
                context["error"] = exc.message
                status = exc.status_code
    return render(request, "signing/verify.html", context, status=status)
