"""The unit administrator's page of Open311 client applications: register one (its key shown once,
in the answer to the form, never stored for a redirect nor cached), list them, revoke one."""

from __future__ import annotations

from django.conf import settings
from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods, require_POST

from core.open311.selectors import client_list
from core.open311.services import client_create, client_revoke
from web.accounts.access import member_page
from web.common.http import MemberRequest
from web.common.run import run_service
from web.open311.forms import ClientCreateForm

ADMIN_PERMISSION = "accounts.manage_unit_users"


@never_cache
@member_page(ADMIN_PERMISSION)
@require_http_methods(["GET", "HEAD", "POST"])
def client_page(request: MemberRequest) -> HttpResponse:
    form = ClientCreateForm(request.POST or None)
    created = key = None
    status = 200
    if request.method == "POST":
        if form.is_valid():
            done = run_service(request, form, client_create, actor=request.user, **form.cleaned_data)
            status = done.status
            if done.ok:
                created, key = done.result
                form = ClientCreateForm()
        else:
            status = 400
    context = {
        "form": form,
        "clients": client_list(),
        "created": created,
        "key": key,
        # From the configured address, never the Host header (as every link the platform gives out).
        "endpoint": settings.TIEPDAN_SITE_URL.rstrip("/")
        + reverse("open311:services", kwargs={"format": "json"}).removesuffix("services.json"),
    }
    return render(request, "open311/clients.html", context, status=status)


@require_POST
@member_page(ADMIN_PERMISSION)
def client_revoke_view(request: MemberRequest, client_id: int) -> HttpResponse:
    client = client_list().filter(pk=client_id).first()
    if client is None:
        raise Http404
    done = run_service(request, None, client_revoke, actor=request.user, client=client)
    if done.ok:
        messages.success(request, _("The key of “%(name)s” is revoked.") % {"name": client.name})
    return redirect("open311-clients:list")
