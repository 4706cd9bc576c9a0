"""The unit administrator's access log: every reading of a sealed identity or sealed scan and every
role granted or taken away (who, when, why), newest first, by date; the tamper-evident audit chain
with its verification (for the unit administrator and the inspectors); and the roles awaiting a
second person's approval."""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from core.accounts.audit import KIND_LABELS, Kind, audit_verify, kind_label
from core.accounts.models import RoleRequest
from core.accounts.roles import Role
from core.accounts.selectors import audit_entry_list, role_change_list, role_request_list
from core.accounts.services import can_decide_role_requests, role_request_decide
from core.petitions.choices import Status
from core.petitions.selectors import registry_numbers_by_case, sealed_read_list
from core.petitions.workflow import event_label
from web.accounts.access import member_page
from web.common.forms import DayFirstDateField
from web.common.run import run_service

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


class ChainFilterForm(AuditFilterForm):
    kind = forms.ChoiceField(label=_("Event"), required=False)

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        kind = self.fields["kind"]
        assert isinstance(kind, forms.ChoiceField)  # for the type checker: declared just above
        kind.choices = [("", _("All")), *((value, label) for value, label in KIND_LABELS.items())]


#: What a detail of an audit row is called on the page; the row keeps the key it was chained with.
DETAIL_LABELS = {
    "address": _("IP address"),
    "date": _("Date"),
    "event": _("Step"),
    "event_id": _("Step no."),
    "from_status": _("From status"),
    "to_status": _("To status"),
    "registry_number": _("Registry number"),
    "role": _("Role"),
    "reason": _("Reason"),
    "read": _("Reading no."),
    "approved_by": _("Approved by"),
    "requested_by": _("Requested by"),
    "unit": _("Unit"),
    "inspectorate": _("Inspectorate"),
    "inspection": _("Inspection"),
    "grant": _("Access grant no."),
    "valid_from": _("Valid from"),
    "valid_to": _("Valid to"),
}


def _detail_value(key: str, value) -> object:
    """A chained value as an official reads it: dates dd/mm/yyyy, statuses, steps and roles by name."""
    text = str(value)
    if key in ("date", "valid_from", "valid_to") and len(text) == 10 and text[4] == "-" and text[7] == "-":
        return f"{text[8:10]}/{text[5:7]}/{text[0:4]}"
    if key in ("from_status", "to_status") and text in Status.values:
        return Status(text).label
    if key == "event":
        return event_label(text)
    if key == "role":
        return dict(Role.choices).get(text, text)
    return value


def audit_details(data: dict) -> list[tuple[object, object]]:
    return [
        (DETAIL_LABELS.get(key, key), _detail_value(key, value))
        for key, value in data.items()
        if value != "" and value is not None
    ]


def _target_label(entry, numbers: dict[str, str]) -> str:
    if entry.kind != Kind.PETITION_STEP:
        return entry.target
    number = numbers.get(entry.target) or (entry.data or {}).get("registry_number")
    if number:
        return _("Petition %(number)s") % {"number": number}
    return entry.target


def _may_review_audit(request) -> bool:
    # The unit administrator, and in the provincial inspectorate its inspectors, review the log.
    return request.user.has_perm("accounts.manage_unit_users") or request.user.has_perm("oversight.view_province")


@member_page(check=_may_review_audit)
def audit_chain_page(request: HttpRequest) -> HttpResponse:
    """The unit's tamper-evident log, newest first, with the verification of its whole chain."""
    form = ChainFilterForm(request.GET)
    valid = form.is_valid()
    filters = form.cleaned_data if valid else {}
    entries = Paginator(audit_entry_list(**filters), PAGE_SIZE).get_page(request.GET.get("page"))
    # A petition step is chained with the case id (stable, PII-free); an official knows the case by
    # its registry number, looked up in this unit, or as the step recorded it.
    numbers = registry_numbers_by_case(entry.target for entry in entries if entry.kind == Kind.PETITION_STEP)
    rows = [
        {
            "entry": entry,
            "label": kind_label(entry.kind),
            "details": audit_details(entry.data),
            "target": _target_label(entry, numbers),
        }
        for entry in entries
    ]
    context = {"form": form, "entries": entries, "rows": rows, "report": audit_verify()}
    return render(request, "accounts/audit_chain.html", context, status=200 if valid else 400)


def _may_decide_roles(request) -> bool:
    return can_decide_role_requests(request.user)


def _role_requests_render(request: HttpRequest, *, status: int = 200) -> HttpResponse:
    labels = dict(Role.choices)
    rows = [
        {
            "request": item,
            "role": labels.get(item.role, item.role),
            "own": request.user.pk in (item.user_id, item.requested_by_id),
        }
        for item in role_request_list(pending_only=False)[:PAGE_SIZE]
    ]
    return render(request, "accounts/role_requests.html", {"rows": rows}, status=status)


@member_page(check=_may_decide_roles)
def role_requests_page(request: HttpRequest) -> HttpResponse:
    """Roles asked for by one administrator, approved or rejected by another or by the head."""
    return _role_requests_render(request)


@require_POST
@member_page(check=_may_decide_roles)
def role_request_decide_page(request: HttpRequest, request_id: int) -> HttpResponse:
    role_request = get_object_or_404(RoleRequest, pk=request_id)
    approve = request.POST.get("decision") == "approve"
    attempt = run_service(
        request, None, role_request_decide, role_request=role_request, actor=request.user, approve=approve
    )
    if not attempt.ok:
        return _role_requests_render(request, status=attempt.status)
    messages.success(request, _("The role was granted.") if approve else _("The request was rejected."))
    return redirect("accounts:role-requests")
