"""The hand-off to the national database, as the unit and the inspectorate see it.

The unit: its cases with their sync state (pending, sent, acknowledged, failed with the reason),
filtered by state, a case's records and packages, and sending failed records again. The provincial
inspectorate: each unit of its province as counts (pending, awaiting acknowledgement, failed, the
oldest pending record's age), read from the public status, never a case."""

from __future__ import annotations

import json

from django.contrib import messages
from django.core.paginator import Paginator
from django.http import HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.nationaldb import selectors
from core.nationaldb.choices import RecordState
from core.nationaldb.services import records_retry
from core.nationaldb.status.selectors import province_statuses, province_totals
from core.oversight.access import is_province_viewer
from tenants.selectors import unit_list
from web.accounts.access import member_page
from web.common.http import MemberRequest
from web.common.run import run_service
from web.petitions.attachments import petition_or_404

VIEW = "petitions.view_petition"
PROCESS = "petitions.process_petition"
PAGE_SIZE = 50


@member_page(VIEW)
def case_list(request: MemberRequest) -> HttpResponse:
    state = request.GET.get("trang_thai", "")
    if state not in RecordState.values:
        state = ""
    page = Paginator(selectors.cases_sync(state=state or None), PAGE_SIZE).get_page(request.GET.get("page"))
    rows = [{"p": p, "state": selectors.listed_state(p)} for p in page]
    counts = selectors.unit_counts()
    context = {
        "page_obj": page,
        "rows": rows,
        "state": state,
        "states": RecordState.choices,
        "counts": counts,
        "state_counts": [(value, label, counts[value]) for value, label in RecordState.choices],
        "can_retry": request.user.has_perm(PROCESS),
    }
    return render(request, "nationaldb/list.html", context)


@member_page(VIEW)
def case_detail(request: MemberRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(pk)
    context = {
        "petition": petition,
        "sync": selectors.case_sync(petition),
        "records": [
            {"r": record, "package": json.dumps(record.package, ensure_ascii=False, indent=2)}
            for record in selectors.case_records(petition).select_related("event")
        ],
        "can_retry": request.user.has_perm(PROCESS),
    }
    return render(request, "nationaldb/case.html", context)


@require_POST
@member_page(VIEW, PROCESS)
def retry_all(request: MemberRequest) -> HttpResponse:
    done = run_service(request, None, records_retry, actor=request.user)
    if done.ok:
        messages.success(request, _("%(count)d records will be sent again.") % {"count": done.result})
    return redirect("nationaldb:list")


@require_POST
@member_page(VIEW, PROCESS)
def retry_case(request: MemberRequest, pk: int) -> HttpResponse:
    petition = petition_or_404(pk)
    done = run_service(request, None, records_retry, actor=request.user, petition=petition)
    if done.ok:
        messages.success(request, _("%(count)d records will be sent again.") % {"count": done.result})
    return redirect("nationaldb:case", pk=pk)


@member_page("oversight.view_province", check=lambda request: is_province_viewer(request.user, request.tenant))
def province(request: MemberRequest) -> HttpResponse:
    """Counts per unit of the province, those with failures and the oldest waits first."""
    code = request.tenant.province_code
    names = dict(unit_list(province_code=code).values_list("code", "name"))
    rows = [
        {"status": status, "name": names.get(status.unit_code, status.unit_code)} for status in province_statuses(code)
    ]
    context = {"rows": rows, "totals": province_totals(code)}
    return render(request, "nationaldb/province.html", context)
