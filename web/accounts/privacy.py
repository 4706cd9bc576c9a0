"""The unit administrator's answer to a citizen's request for their personal data (Law
91/2025/QH15): the identity number comes by POST only (never in a URL, where logs keep it), and the
answer is a JSON file to hand over."""

from __future__ import annotations

import json

from django import forms
from django.http import HttpResponse
from django.shortcuts import render
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_http_methods

from core.privacy.services import EXPORT_PERMISSION, personal_data_export
from tenants.http import UnitHttpRequest
from web.accounts.access import member_page
from web.common.run import run_service


class PersonalDataExportForm(forms.Form):
    id_number = forms.CharField(
        label=_("Identity document number"), max_length=20, widget=forms.TextInput(attrs={"autocomplete": "off"})
    )
    reason = forms.CharField(
        label=_("Request being answered"),
        max_length=500,
        help_text=_("For example: the citizen's written request received on 03/12/2026."),
    )


@never_cache
@member_page(EXPORT_PERMISSION)
@require_http_methods(["GET", "HEAD", "POST"])
def personal_data_export_page(request: UnitHttpRequest) -> HttpResponse:
    if request.method != "POST":
        return render(request, "accounts/privacy_export.html", {"form": PersonalDataExportForm()})
    form = PersonalDataExportForm(request.POST)
    if not form.is_valid():
        return render(request, "accounts/privacy_export.html", {"form": form}, status=400)
    done = run_service(
        request,
        form,
        personal_data_export,
        actor=request.user,
        unit=request.tenant,
        id_number=form.cleaned_data["id_number"],
        reason=form.cleaned_data["reason"],
    )
    if not done.ok:
        return render(request, "accounts/privacy_export.html", {"form": form}, status=done.status)
    response = HttpResponse(
        json.dumps(done.result, ensure_ascii=False, indent=2), content_type="application/json; charset=utf-8"
    )
    # The file name carries no part of the number: downloads folders are not private either.
    response["Content-Disposition"] = (
        f'attachment; filename="du-lieu-ca-nhan-{timezone.localtime():%Y%m%d-%H%M%S}.json"'
    )
    return response
