"""The provincial inspectorate's pages: the province dashboard, the cross-unit overdue list, opening a
case of another unit under a grant, the grants and their audit log, inspections and their
recommendations; and, for any unit's leaders, the recommendations addressed to their unit.

Thin, like the API: parse a form, call a selector or service, render. Who may see them is decided
in one place, ``access.py``, through the ``inspectorate_page`` decorator.
"""

from __future__ import annotations

from functools import wraps
from urllib.parse import urlencode

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.core.paginator import Paginator
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_POST

from core.catalogue.selectors import field_choices, field_label
from core.common.errors import ApplicationError, PermissionDeniedError
from core.oversight import selectors, services
from core.oversight.access import can_manage_inspections, can_see_unit_recommendations, is_province_viewer
from core.oversight.models import CaseAccessGrant, Inspection, InspectionRecommendation
from core.petitions.choices import Channel, Outcome, PetitionType, Status
from core.reports.periods import period_bounds, period_containing
from tenants.http import UnitHttpRequest
from web.common.http import MemberRequest
from web.common.run import run_service
from web.oversight.forms import (
    DueListFilterForm,
    GrantForm,
    InspectionForm,
    PeriodForm,
    RecommendationDoneForm,
    RecommendationForm,
)
from web.oversight.tables import units_rows

PAGE_SIZE = 50


def inspectorate_page(*, manage: bool = False):
    """Logged in as an inspector of this provincial inspectorate (and, with ``manage``, allowed to
    record inspections); everyone else gets 403."""

    def decorate(view):
        @wraps(view)
        def checked(request: UnitHttpRequest, *args, **kwargs) -> HttpResponse:
            allowed = can_manage_inspections if manage else is_province_viewer
            if not allowed(request.user, request.tenant):
                raise PermissionDenied
            return view(request, *args, **kwargs)

        return login_required(checked)

    return decorate


def _run(request: MemberRequest, form, service, **kwargs):
    """``run_service`` with this inspectorate and the inspector acting."""
    return run_service(request, form, service, inspectorate=request.tenant, actor=request.user, **kwargs)


def _refused(request: MemberRequest, exc: ApplicationError) -> HttpResponse:
    return render(request, "oversight/refused.html", {"message": exc.message}, status=exc.status_code)


# --- Dashboard -----------------------------------------------------------------------------------

COLUMNS = (
    ("code", gettext_lazy("Unit")),
    ("received", gettext_lazy("Received")),
    *((value, label) for value, label in PetitionType.choices),
    ("processed", gettext_lazy("Processed")),
    ("overdue", gettext_lazy("Overdue")),
    ("near_due", gettext_lazy("Due within 3 days")),
    ("resolved", gettext_lazy("Decided, concluded or answered")),
    ("on_time_rate", gettext_lazy("On time")),
    ("visits", gettext_lazy("Visits")),
    ("crowd_visits", gettext_lazy("Crowd delegations")),
    ("head_sessions", gettext_lazy("Sessions by the head")),
    ("deputy_sessions", gettext_lazy("Sessions by a deputy")),
    ("compliance_rate", gettext_lazy("Head's quota met")),
    ("hot_spots_open", gettext_lazy("Hot spots")),
    ("trained_share", gettext_lazy("Officers trained")),
)


def _labels() -> dict[str, dict[str, str]]:
    fields = dict(field_choices())
    return {
        "petition_type": {k: str(v) for k, v in PetitionType.choices},
        "field_code": fields,
        "channel": {k: str(v) for k, v in Channel.choices},
        "status": {k: str(v) for k, v in Status.choices},
        "outcome": {k: str(v) for k, v in Outcome.choices},
    }


def _chart(title, counts: dict[str, int], labels: dict[str, str]) -> dict:
    top = max(counts.values(), default=0)
    bars = [
        {
            "label": labels.get(key) or (field_label(key) if key else _("(none)")),
            "n": n,
            "width": round(100 * n / top, 1) if top else 0,
        }
        for key, n in sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ]
    return {"title": title, "bars": bars}


def _period(request: MemberRequest, today):
    """The period asked for (?period=&year=), else the quarter containing today."""
    form = PeriodForm(request.GET if "period" in request.GET else None)
    if form.is_bound and form.is_valid():
        try:
            return form, period_bounds(form.cleaned_data["period"], form.cleaned_data["year"])
        except ApplicationError as exc:
            form.add_error(None, exc.message)
    period = period_containing(today)
    if not form.is_bound:
        form = PeriodForm(initial={"period": period.kind, "year": period.year})
    return form, period


@inspectorate_page()
def dashboard(request: MemberRequest) -> HttpResponse:
    today = timezone.localdate()
    try:
        form, period = _period(request, today)
    except ApplicationError as exc:
        return _refused(request, exc)
    board = selectors.province_dashboard(unit=request.tenant, period=period, today=today)
    rows, sort = selectors.units_sorted(board.units, request.GET.get("sort", "code"))
    focus = next((row for row in board.units if row.code == request.GET.get("unit")), None)
    figures = focus.figures if focus else board.province
    labels = _labels()
    charts = [
        _chart(_("Received by type"), figures.received_by["petition_type"], labels["petition_type"]),
        _chart(_("Received by field"), figures.received_by["field_code"], labels["field_code"]),
        _chart(_("Received by channel"), figures.received_by["channel"], labels["channel"]),
        _chart(_("Received, by status today"), figures.received_by["status"], labels["status"]),
        _chart(_("Processed, by outcome"), figures.processed_by["outcome"], labels["outcome"]),
    ]
    top = max((row.figures.received for row in rows), default=0)
    table = [
        {
            "unit": row,
            "by_type": [row.figures.received_by["petition_type"].get(t, 0) for t in PetitionType.values],
            "width": round(100 * row.figures.received / top, 1) if top else 0,
        }
        for row in rows
    ]
    columns = [
        {"key": key, "label": label, "next": f"-{key}" if sort == key else key, "active": sort.lstrip("-") == key}
        for key, label in COLUMNS
    ]
    return render(
        request,
        "oversight/dashboard.html",
        {
            "form": form,
            "board": board,
            "table": table,
            "units_rows": units_rows(request, table, focus.code if focus else None),
            "province_by_type": [board.province.received_by["petition_type"].get(t, 0) for t in PetitionType.values],
            "columns": columns,
            "sort": sort,
            "descending": sort.startswith("-"),
            "focus": focus,
            "figures": figures,
            "charts": charts,
            # The province's 01/TCD workbook (reception) for the period shown.
            "tcd_query": urlencode({"form": "01/TCD", "period": period.kind, "year": period.year}),
        },
    )


# --- Drill-down ----------------------------------------------------------------------------------


@inspectorate_page()
def due_list(request: MemberRequest) -> HttpResponse:
    today = timezone.localdate()
    names = selectors.province_unit_names(request.tenant.province_code)
    form = DueListFilterForm(request.GET, units=names)
    filters = form.selector_kwargs()
    entries = selectors.province_due_list(province_code=request.tenant.province_code, today=today, **filters)
    page = Paginator(entries, PAGE_SIZE).get_page(request.GET.get("page"))
    granted = selectors.granted_unit_codes(
        inspectorate_code=request.tenant.code, username=request.user.username, today=today
    )
    labels = _labels()
    rows = [
        {
            "entry": entry,
            "unit_name": names.get(entry.unit_code, entry.unit_code),
            "type": labels["petition_type"].get(entry.petition_type, entry.petition_type),
            "field": labels["field_code"].get(entry.field_code) or field_label(entry.field_code),
            "status": labels["status"].get(entry.status, entry.status),
            "days_late": (today - entry.next_due_date).days if entry.next_due_date else None,
            "can_open": entry.unit_code in granted,
        }
        for entry in page
    ]
    return render(
        request, "oversight/due_list.html", {"form": form, "page_obj": page, "rows": rows, "due": filters["due"]}
    )


@inspectorate_page()
def case_detail(request: MemberRequest, case_id) -> HttpResponse:
    from core.petitions.models import Petition

    try:
        case = services.case_open(inspectorate=request.tenant, actor=request.user, case_id=case_id)
    except Petition.DoesNotExist as exc:
        raise Http404 from exc
    except PermissionDeniedError as exc:
        return _refused(request, exc)
    return render(request, "oversight/case.html", {"case": case})


# --- Grants and the access log -------------------------------------------------------------------


def _named(objects, names: dict[str, str]) -> list:
    """``objects`` as a list, each with ``unit_name`` (from its ``unit_code``) for the templates."""
    objects = list(objects)
    for obj in objects:
        obj.unit_name = names.get(obj.unit_code, obj.unit_code)
    return objects


def _page(request: MemberRequest, objects, names: dict[str, str]):
    page = Paginator(objects, PAGE_SIZE).get_page(request.GET.get("page"))
    page.object_list = _named(page.object_list, names)
    return page


def _units(request: MemberRequest) -> dict[str, str]:
    names = selectors.province_unit_names(request.tenant.province_code)
    names.pop(request.tenant.code, None)
    return names


@inspectorate_page()
def grant_list(request: MemberRequest) -> HttpResponse:
    manage = can_manage_inspections(request.user, request.tenant)
    form, status = None, 200
    if manage:
        inspectors = selectors.inspectorate_inspectors(request.tenant)
        form = GrantForm(request.POST or None, units=_units(request), inspectors=inspectors)
        status = 200 if request.method != "POST" else 400
        if request.method == "POST" and form.is_valid():
            done = _run(request, form, services.grant_create, **form.cleaned_data)
            if done.ok:
                messages.success(request, _("Grant recorded."))
                return redirect("oversight:grants")
            status = done.status
    elif request.method == "POST":
        raise PermissionDenied
    today = timezone.localdate()
    username = "" if manage else request.user.username
    grants = selectors.grant_list(inspectorate_code=request.tenant.code, username=username)
    page = _page(request, grants, selectors.province_unit_names(request.tenant.province_code))
    rows = [
        {
            "grant": grant,
            "active": grant.is_valid_on(today),
            # Four eyes: the grantee and who asked see the request, a second inspector decides it.
            "may_decide": grant.is_pending and request.user.username not in (grant.username, grant.granted_by),
        }
        for grant in page
    ]
    context = {"form": form, "page_obj": page, "rows": rows, "manage": manage}
    return render(request, "oversight/grants.html", context, status=status)


@require_POST
@inspectorate_page(manage=True)
def grant_revoke(request: MemberRequest, pk: int) -> HttpResponse:
    grant = CaseAccessGrant.objects.filter(inspectorate_code=request.tenant.code, pk=pk).first()
    if grant is None:
        raise Http404
    services.grant_revoke(grant=grant, inspectorate=request.tenant, actor=request.user)
    messages.success(request, _("Grant revoked."))
    return redirect("oversight:grants")


@require_POST
@inspectorate_page(manage=True)
def grant_decide(request: MemberRequest, pk: int) -> HttpResponse:
    """A second inspector approves or rejects a grant another asked for (four eyes)."""
    grant = CaseAccessGrant.objects.filter(inspectorate_code=request.tenant.code, pk=pk).first()
    if grant is None:
        raise Http404
    approve = request.POST.get("decision") == "approve"
    service = services.grant_approve if approve else services.grant_reject
    done = _run(request, None, service, grant=grant)
    if done.ok:
        messages.success(request, _("Grant approved.") if approve else _("Grant rejected."))
    return redirect("oversight:grants")


@inspectorate_page(manage=True)
def access_log(request: MemberRequest) -> HttpResponse:
    entries = selectors.access_log_list(inspectorate_code=request.tenant.code)
    page = _page(request, entries, selectors.province_unit_names(request.tenant.province_code))
    return render(request, "oversight/access_log.html", {"page_obj": page})


# --- Inspections ---------------------------------------------------------------------------------


def _inspection(request: MemberRequest, pk: int) -> Inspection:
    try:
        return selectors.inspection_get(inspectorate_code=request.tenant.code, pk=pk)
    except Inspection.DoesNotExist as exc:
        raise Http404 from exc


def _recommendation(request: MemberRequest, pk: int) -> InspectionRecommendation:
    try:
        return selectors.recommendation_get(inspectorate_code=request.tenant.code, pk=pk)
    except InspectionRecommendation.DoesNotExist as exc:
        raise Http404 from exc


@inspectorate_page()
def inspection_list(request: MemberRequest) -> HttpResponse:
    inspections = selectors.inspection_list(inspectorate_code=request.tenant.code)
    page = _page(request, inspections, selectors.province_unit_names(request.tenant.province_code))
    return render(request, "oversight/inspections.html", {"page_obj": page})


@inspectorate_page(manage=True)
def inspection_create(request: MemberRequest) -> HttpResponse:
    inspectors = selectors.inspectorate_inspectors(request.tenant)
    form = InspectionForm(request.POST or None, units=_units(request), inspectors=inspectors)
    status = 200 if request.method != "POST" else 400
    if request.method == "POST" and form.is_valid():
        done = _run(request, form, services.inspection_create, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Inspection recorded; its team may open the unit's cases during it."))
            return redirect("oversight:inspection-detail", pk=done.result.pk)
        status = done.status
    return render(request, "oversight/inspection_form.html", {"form": form, "inspection": None}, status=status)


@inspectorate_page(manage=True)
def inspection_edit(request: MemberRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    inspectors = sorted(set(selectors.inspectorate_inspectors(request.tenant)) | set(inspection.team))
    initial = {name: getattr(inspection, name) for name in services.INSPECTION_FIELDS}
    form = InspectionForm(request.POST or None, initial=initial, units=_units(request), inspectors=inspectors)
    status = 200 if request.method != "POST" else 400
    if request.method == "POST" and form.is_valid():
        done = _run(request, form, services.inspection_update, inspection=inspection, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Inspection saved."))
            return redirect("oversight:inspection-detail", pk=inspection.pk)
        status = done.status
    return render(request, "oversight/inspection_form.html", {"form": form, "inspection": inspection}, status=status)


@inspectorate_page()
def inspection_detail(request: MemberRequest, pk: int) -> HttpResponse:
    inspection = _inspection(request, pk)
    manage = can_manage_inspections(request.user, request.tenant)
    form, status = None, 200
    if manage:
        data = request.POST if request.method == "POST" else None
        form = RecommendationForm(data, initial={"unit_code": inspection.unit_code}, units=_units(request))
        status = 200 if data is None else 400
        if data is not None and form.is_valid():
            done = _run(request, form, services.recommendation_create, inspection=inspection, **form.cleaned_data)
            if done.ok:
                messages.success(request, _("Recommendation added."))
                return redirect("oversight:inspection-detail", pk=inspection.pk)
            status = done.status
    elif request.method == "POST":
        raise PermissionDenied
    names = selectors.province_unit_names(request.tenant.province_code)
    recommendations = _named(
        selectors.recommendation_list(inspectorate_code=request.tenant.code, inspection_id=inspection.pk), names
    )
    (inspection,) = _named([inspection], names)
    grants = inspection.grants.order_by("username", "-id")
    return render(
        request,
        "oversight/inspection_detail.html",
        {
            "inspection": inspection,
            "recommendations": recommendations,
            "grants": grants,
            "form": form,
            "manage": manage,
            "today": timezone.localdate(),
        },
        status=status,
    )


@inspectorate_page(manage=True)
def recommendation_edit(request: MemberRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    initial = {
        "text": recommendation.text,
        "unit_code": recommendation.unit_code,
        "due_date": recommendation.due_date,
        "follow_up_notes": recommendation.follow_up_notes,
    }
    form = RecommendationForm(request.POST or None, initial=initial, units=_units(request), with_notes=True)
    status = 200 if request.method != "POST" else 400
    if request.method == "POST" and form.is_valid():
        done = _run(request, form, services.recommendation_update, recommendation=recommendation, **form.cleaned_data)
        if done.ok:
            messages.success(request, _("Recommendation saved."))
            return redirect("oversight:inspection-detail", pk=recommendation.inspection_id)
        status = done.status
    done_form = RecommendationDoneForm(initial={"done_on": timezone.localdate()})
    context = {"form": form, "done_form": done_form, "recommendation": recommendation}
    return render(request, "oversight/recommendation_form.html", context, status=status)


@require_POST
@inspectorate_page(manage=True)
def recommendation_done(request: MemberRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    form = RecommendationDoneForm(request.POST)
    if not form.is_valid():
        messages.error(request, _("Give the date it was done, as dd/mm/yyyy."))
        return redirect("oversight:recommendation-edit", pk=pk)
    done = _run(request, None, services.recommendation_mark_done, recommendation=recommendation, **form.cleaned_data)
    if not done.ok:
        return redirect("oversight:recommendation-edit", pk=pk)
    messages.success(request, _("Recommendation marked as done."))
    return redirect("oversight:inspection-detail", pk=recommendation.inspection_id)


@require_POST
@inspectorate_page(manage=True)
def recommendation_reopen(request: MemberRequest, pk: int) -> HttpResponse:
    recommendation = _recommendation(request, pk)
    note = request.POST.get("note", "")
    _run(request, None, services.recommendation_reopen, recommendation=recommendation, note=note)
    return redirect("oversight:inspection-detail", pk=recommendation.inspection_id)


# --- The inspected unit's view -------------------------------------------------------------------


@login_required
def unit_recommendation_list(request: MemberRequest) -> HttpResponse:
    """The recommendations inspections addressed to this unit, for its leaders (read-only)."""
    if not can_see_unit_recommendations(request.user, request.tenant):
        raise PermissionDenied
    recommendations = selectors.unit_recommendations(unit_code=request.tenant.code)
    names = selectors.province_unit_names(request.tenant.province_code) if request.tenant.province_code else {}
    rows = [(r, names.get(r.inspection.inspectorate_code, r.inspection.inspectorate_code)) for r in recommendations]
    return render(request, "oversight/unit_recommendations.html", {"rows": rows})
