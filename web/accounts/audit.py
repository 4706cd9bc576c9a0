"""The unit administrator's access log: every reading of a sealed identity or sealed scan and every
role granted or taken away (who, when, why), newest first, by date."""

from __future__ import annotations

from django import forms
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext_lazy as _

from core.accounts.roles import Role
from core.accounts.selectors import role_change_list
from core.petitions.selectors import sealed_read_list
from web.accounts.access import member_page
from web.common.forms import DayFirstDateField

PAGE_SIZE = 50


class AuditFilterForm(forms.Form):
    date_from = DayFirstDateField(label=_("From"), required=False)
    date_to = DayFirstDateField(label=_("To"), required=False)

    def clean(self):
        super().clean()
        data = self.cleaned_data
        if data.get("date_from") and data.get("date_to") and data["date_from"] > data["date_to"]:
            raise forms.ValidationError(_("The start date is after the end date."))
        return data


@member_page("accounts.manage_unit_users")
def audit_log_page(request: HttpRequest) -> HttpResponse:
    form = AuditFilterForm(request.GET)
    valid = form.is_valid()
    dates = form.cleaned_data if valid else {}
    reads = Paginator(sealed_read_list(**dates), PAGE_SIZE).get_page(request.GET.get("reads_page"))
    changes = Paginator(role_change_list(**dates), PAGE_SIZE).get_page(request.GET.get("changes_page"))
    labels = dict(Role.choices)
    change_rows = [{"change": change, "role": labels.get(change.role, change.role)} for change in changes]
    context = {"form": form, "reads": reads, "changes": changes, "change_rows": change_rows}
    return render(request, "accounts/audit.html", context, status=200 if valid else 400)
