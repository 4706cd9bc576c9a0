"""The report pages of a unit's workspace (under /u/<code>/bao-cao/): the unit's own reports, and
for the provincial inspectorate the province's submissions, workbook and roll-up with progress.

Thin, like the API: each view parses the choice of form and period, calls the selector or service
the API calls, and shows a refusal (``core.common.errors``) as a message.
"""

from __future__ import annotations

from datetime import date, datetime
from urllib.parse import urlencode

from django.contrib import messages
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from core.reports.excel import XLSX, workbook_bytes, workbook_filename
from core.reports.models import ReportJob
from core.reports.selectors import (
    province_report_get,
    report_job_get,
    report_job_list,
    submission_status,
    unit_report_compare,
    unit_report_get,
)
from core.reports.services import report_job_create, report_submit
from tenants.models import UnitKind
from web.accounts.access import member_page
from web.common.http import MemberRequest
from web.common.run import run_service
from web.reports.forms import JobStartForm, ReportChoiceForm

VIEW = "reports.view_report"
PROVINCE = "reports.view_province_report"


def report_page(*perms: str, province: bool = False):
    """Logged in, a member of this unit, with ``perms``; for ``province`` pages, in the inspectorate."""
    if not province:
        return member_page(*perms)
    return member_page(*perms, check=lambda request: request.tenant.kind == UnitKind.PROVINCIAL_INSPECTORATE)


def table_header(columns: list[dict]) -> tuple[list[dict], list[dict]]:
    """The two header rows of a report table: groups (or lone columns spanning both rows), then
    the columns under the groups."""
    top: list[dict] = []
    below: list[dict] = []
    for column in columns:
        if column["group"] and top and top[-1]["group"] == column["group"]:
            top[-1]["colspan"] += 1
        elif column["group"]:
            top.append({"label": column["group"], "group": column["group"], "colspan": 1, "rowspan": 1})
        else:
            top.append({"label": column["label"], "group": "", "colspan": 1, "rowspan": 2})
        if column["group"]:
            below.append(column)
    return top, below


def table_context(report: dict) -> dict:
    top, below = table_header(report["columns"])
    keys = [column["key"] for column in report["columns"]]
    rows = [{**row, "cells": [row["values"].get(key, 0) for key in keys]} for row in report["rows"]]
    return {
        "report": report,
        "header_top": top,
        "header_below": below,
        "rows": rows,
        "total_cells": [report["total"].get(key, 0) for key in keys],
        "period_start": date.fromisoformat(report["period"]["start"]),
        "period_end": date.fromisoformat(report["period"]["end"]),
    }


def _choice(request: MemberRequest, form_class=ReportChoiceForm):
    form = form_class.from_query(request.GET, today=timezone.localdate())
    if not form.is_valid():
        return form, None
    return form, (form.cleaned_data["form"], form.cleaned_data["period"])


def _query(form: str, period) -> str:
    return urlencode({"form": form, "period": period.kind, "year": period.year})


def _xlsx(report: dict) -> HttpResponse:
    response = HttpResponse(workbook_bytes([report]), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{workbook_filename(report)}"'
    return response


@report_page(VIEW)
def unit_report_page(request: MemberRequest) -> HttpResponse:
    choice, chosen = _choice(request)
    context: dict = {"choice": choice}
    if chosen is not None:
        form, period = chosen
        report = unit_report_get(unit=request.tenant, form=form, period=period)
        context.update(table_context(report))
        context["query"] = _query(form, period)
        context["can_submit"] = (
            request.user.has_perm("reports.submit_report")
            and not report["frozen"]
            and period.end < timezone.localdate()
        )
        context["period_open"] = period.end >= timezone.localdate()
        if report["frozen"]:
            context["comparison"] = unit_report_compare(unit=request.tenant, form=form, period=period)
            context["submitted_at"] = timezone.localtime(datetime.fromisoformat(report["submission"]["submitted_at"]))
    context["is_inspectorate"] = request.tenant.kind == UnitKind.PROVINCIAL_INSPECTORATE
    return render(request, "reports/unit.html", context)


@report_page(VIEW)
def unit_report_xlsx(request: MemberRequest) -> HttpResponse:
    _form, chosen = _choice(request)
    if chosen is None:
        raise Http404
    form, period = chosen
    return _xlsx(unit_report_get(unit=request.tenant, form=form, period=period))


@require_POST
@report_page(VIEW, "reports.submit_report")
def unit_report_submit(request: MemberRequest) -> HttpResponse:
    choice = ReportChoiceForm(request.POST)
    if not choice.is_valid():
        messages.error(request, _("Choose a form, a period and a year."))
        return redirect("reports:unit")
    form, period = choice.cleaned_data["form"], choice.cleaned_data["period"]
    if run_service(request, None, report_submit, unit=request.tenant, form=form, period=period, actor=request.user).ok:
        messages.success(request, _("The report has been submitted; its figures are now frozen."))
    return redirect(f"{reverse('reports:unit')}?{_query(form, period)}")


@report_page(PROVINCE, province=True)
def province_page(request: MemberRequest) -> HttpResponse:
    choice, chosen = _choice(request)
    context: dict = {"choice": choice, "jobs": report_job_list(inspectorate=request.tenant, limit=10)}
    if chosen is not None:
        form, period = chosen
        report = province_report_get(inspectorate=request.tenant, form=form, period=period)
        status = submission_status(inspectorate=request.tenant, form=form, period=period, report=report)
        context.update(table_context(report))
        for row in status:
            submitted_at = row["submitted_at"]
            row["submitted_on"] = timezone.localtime(datetime.fromisoformat(submitted_at)) if submitted_at else None
        context["status"] = status
        context["submitted_count"] = sum(1 for row in status if row["submitted"])
        context["query"] = _query(form, period)
        context["job_form"] = JobStartForm({"form": form, "period": period.kind, "year": period.year})
    return render(request, "reports/province.html", context)


@report_page(PROVINCE, province=True)
def province_report_xlsx(request: MemberRequest) -> HttpResponse:
    _form, chosen = _choice(request)
    if chosen is None:
        raise Http404
    form, period = chosen
    return _xlsx(province_report_get(inspectorate=request.tenant, form=form, period=period))


@require_POST
@report_page(PROVINCE, province=True)
def job_start(request: MemberRequest) -> HttpResponse:
    choice = JobStartForm(request.POST)
    if not choice.is_valid():
        messages.error(request, _("Choose a form, a period and a year."))
        return redirect("reports:province")
    data = choice.cleaned_data
    requested_by = request.user.get_username()
    done = run_service(request, None, report_job_create, inspectorate=request.tenant, requested_by=requested_by, **data)
    if not done.ok:
        return redirect("reports:province")
    return redirect("reports:job", pk=done.result.pk)


def _job(request: MemberRequest, pk: int, **kwargs) -> ReportJob:
    try:
        return report_job_get(inspectorate=request.tenant, job_id=pk, **kwargs)
    except ReportJob.DoesNotExist as exc:
        raise Http404 from exc


@report_page(PROVINCE, province=True)
def job_page(request: MemberRequest, pk: int) -> HttpResponse:
    return render(request, "reports/job.html", {"job": _job(request, pk)})


@report_page(PROVINCE, province=True)
def job_xlsx(request: MemberRequest, pk: int) -> HttpResponse:
    job = _job(request, pk, with_result=True)
    if job.result is None:
        raise Http404
    response = HttpResponse(bytes(job.result), content_type=XLSX)
    response["Content-Disposition"] = f'attachment; filename="{job.filename}"'
    return response
