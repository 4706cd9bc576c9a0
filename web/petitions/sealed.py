"""Reading a sealed denouncer's identity from the petition page (Denunciations Law, Art. 47).

Only holders of ``petitions.read_sealed_identity`` see the form, and only they get past this view.
The reason travels in the POST body (never a query string, which browsers, proxies and server
logs keep); the service audits each reading. The identity is shown on the response page only:
it is not kept in the session, and the response must not be cached anywhere.
"""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_POST

from core.petitions.identity_documents import IdKind
from core.petitions.services.sealed import sealed_identity_read
from web.accounts.access import member_page
from web.common.run import run_service
from web.petitions.attachments import SEALED_READER, SealedReadForm, petition_or_404


@never_cache
@require_POST
@member_page("petitions.view_petition", SEALED_READER)
def sealed_identity_page(request: HttpRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(pk)
    form = SealedReadForm(request.POST)
    if not form.is_valid():
        return render(request, "petitions/sealed_identity.html", {"petition": petition, "form": form}, status=400)
    outcome = run_service(
        request, form, sealed_identity_read, petition=petition, actor=request.user, **form.cleaned_data
    )
    if not outcome.ok:
        context = {"petition": petition, "form": form}
        return render(request, "petitions/sealed_identity.html", context, status=outcome.status)
    identity = outcome.result
    kinds = dict(IdKind.choices)
    signers = [{**signer, "id_kind": kinds.get(signer.get("id_kind"), "")} for signer in identity.get("signers", [])]
    context = {"petition": petition, "signers": signers, "reason": form.cleaned_data["reason"]}
    return render(request, "petitions/sealed_identity.html", context)
